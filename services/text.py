"""Text rules shared by storage and search: NFC for what we keep, a folded form for matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Vietnamese text arrives both composed and decomposed; store one form so equality works."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case, accent-free form ("Hậu Lộc" -> "hau loc") for accent-insensitive search.

    `đ` is a letter of its own, not a `d` with a combining mark, so NFD alone keeps it.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
