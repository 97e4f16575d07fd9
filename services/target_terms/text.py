"""The one form target wording is stored and matched in: `clean_text` for what we keep, and a
same-length folded copy for the parsers' regexes."""

from __future__ import annotations

import html
import re
import unicodedata

# Inline markup vanishes without a trace ("(<i>Nghị quyết</i>)" -> "(Nghị quyết)"); block
# markup (<p>, <ul>, <br> …) separated text in the original, so it becomes a space.
_INLINE_TAG = re.compile(r"</?(?:i|b|u|em|strong|span|font|sup|sub|a)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LATEX_MATH = re.compile(r"\$([^$]*)\$")
_LATEX_SYMBOLS = (
    (r"\geq", "≥"),
    (r"\leq", "≤"),
    (r"\ge", "≥"),
    (r"\le", "≤"),
    (r"\%", "%"),
    (r"\times", "×"),
)
_SPACES = re.compile(r"\s+")


def _delatex(math: str) -> str:
    for command, symbol in _LATEX_SYMBOLS:
        math = math.replace(command, symbol)
    return math.replace("\\", "").strip()


def clean_text(text: str) -> str:
    """Bring a cell to the one form we store and match on.

    Seeds come from converted Word/PDF tables: cells carry `<i>`/`<p>` markup, formulas such as
    ``$\\geq 80\\%$`` and both composed and decomposed Vietnamese. Everything downstream (and
    equality between two plans' wording) relies on NFC text with single spaces.
    """
    text = unicodedata.normalize("NFC", text)
    text = _INLINE_TAG.sub("", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _LATEX_MATH.sub(lambda m: _delatex(m.group(1)), text)
    return _SPACES.sub(" ", text).strip()


def fold_same_length(text: str) -> str:
    """Accent-free lower-case copy of exactly the same length.

    Regexes run on the folded copy so that "Quý", "quy" and "QUÝ" all match, and because each
    character folds to one character, a match position points at the same span of the original
    text, from which names and notes are cut with their accents intact.
    """
    out: list[str] = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base[0] if base else ch)
    return "".join(out)
