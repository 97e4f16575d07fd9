"""Messages in the caller's language, from gettext catalogs (core/locales/<lang>/LC_MESSAGES).

Readers are Vietnamese officials first, so the default language is Vietnamese; English answers
`Accept-Language: en`. The code only ever writes the English text (the msgid): `msg("`{field}`
must be a number.", field=field)` builds a lazy `Message` that renders in the locale current when
it is turned into text, not when it is built. An error can therefore be raised deep in a service
and rendered at the edge (api/) for the request it answers, and a cached error renders per request.

The catalogs are the `.po` files themselves, read once per process with Babel: they are the one
source reviewed in git, nothing compiled can drift from them at a merge or in an image, and
reading ~500 entries costs a few milliseconds at the first message. `pybabel extract` finds the
msgids through the keywords `msg`, `tr` and `label_msg` (docs/codemods/i18n_messages.py runs it).
"""

from __future__ import annotations

import logging
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any, Final

from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

LOCALES: Final = ("vi", "en")
DEFAULT_LOCALE: Final = "vi"
LOCALES_DIR: Final = Path(__file__).resolve().parent / "locales"
DOMAIN: Final = "messages"

_locale: ContextVar[str] = ContextVar("antq_locale", default=DEFAULT_LOCALE)


def current_locale() -> str:
    return _locale.get()


def set_locale(locale: str) -> None:
    """For the rest of the current task (and tasks it starts): the HTTP layer calls it once per
    request, the websocket handler once per connection."""
    _locale.set(locale if locale in LOCALES else DEFAULT_LOCALE)


@contextmanager
def using_locale(locale: str) -> Iterator[None]:
    token = _locale.set(locale if locale in LOCALES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _locale.reset(token)


def negotiate(accept_language: str | None) -> str:
    """The best of LOCALES for an Accept-Language header (RFC 9110 q-values; `en-US` matches
    `en`; `*` and anything unknown or malformed fall back to Vietnamese)."""
    if not accept_language:
        return DEFAULT_LOCALE
    best, best_q = DEFAULT_LOCALE, 0.0
    for position, item in enumerate(accept_language.split(",")[:32]):
        tag, *parameters = (part.strip() for part in item.split(";"))
        q = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.lower().split("-")[0]
        if primary not in LOCALES or not 0 < q <= 1:
            continue
        # Equal weights keep the first listed (the client's order); 1e-6 per position does that.
        if q - position * 1e-6 > best_q:
            best, best_q = primary, q - position * 1e-6
    return best


@cache
def _catalog(locale: str) -> Mapping[tuple[str | None, str], str]:
    """(msgctxt, msgid) -> translation; untranslated and fuzzy entries are left out, so they
    fall back to the English msgid instead of showing a guess."""
    path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    with path.open("rb") as file:
        catalog = read_po(file, locale=locale, domain=DOMAIN)
    out: dict[tuple[str | None, str], str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            out[(message.context, message.id)] = message.string
    return out


def translate(msgid: str, *, context: str | None = None, locale: str | None = None) -> str:
    return _catalog(locale or current_locale()).get((context, msgid), msgid)


def placeholders(template: str) -> set[str]:
    """The names a template's `{name}` fields use (format specs and conversions aside)."""
    names: set[str] = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            names.add(field.split(".")[0].split("[")[0])
    return names


class Message:
    """A message waiting for its language: the English msgid (a str.format template), its
    parameters, and an optional msgctxt. Parameters that are Messages render in the same
    language; `str()` and f-strings render in the current locale."""

    __slots__ = ("context", "msgid", "params")

    def __init__(self, msgid: str, params: Mapping[str, Any], context: str | None = None) -> None:
        self.msgid = msgid
        self.params = dict(params)
        self.context = context

    def render(self, locale: str | None = None) -> str:
        locale = locale or current_locale()
        values = {k: render(v, locale) for k, v in self.params.items()}
        template = translate(self.msgid, context=self.context, locale=locale)
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English text
            log.warning("translation of %r for %s does not format", self.msgid, locale)
            return self.msgid.format(**values)

    def __str__(self) -> str:
        return self.render()

    def __format__(self, spec: str) -> str:
        return format(self.render(), spec)

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return (self.msgid, self.params, self.context) == (
                other.msgid,
                other.params,
                other.context,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.msgid, self.context))


def msg(msgid: str, /, **params: Any) -> Message:
    """A message for people: the English text with `{name}` placeholders, and their values."""
    return Message(msgid, params)


def tr(msgid: str, /, **params: Any) -> str:
    """`msg(...)` rendered now, in the current locale: for text that is joined or composed
    with other strings before it reaches an error (a list of reasons), inside the request."""
    return Message(msgid, params).render()


def label_msg(context: str, msgid: str, /) -> Message:
    """A label of a closed set's value: msgctxt is the set (e.g. "Rating"), msgid the English."""
    return Message(msgid, {}, context)


def render(value: Any, locale: str | None = None) -> Any:
    """`value` with every Message in it (also inside lists, tuples and dicts) turned into text;
    anything else is returned as it is (extensions keep their machine values)."""
    if isinstance(value, Message):
        return value.render(locale)
    if isinstance(value, list | tuple):
        return [render(v, locale) for v in value]
    if isinstance(value, dict):
        return {k: render(v, locale) for k, v in value.items()}
    return value
