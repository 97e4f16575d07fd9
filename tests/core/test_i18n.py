"""The catalogs are complete and consistent, the language is chosen from Accept-Language, and
an error renders in whichever language reads it. A merge that adds a message without its
Vietnamese translation fails here (re-run docs/codemods/i18n_messages.py, then translate)."""

from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from core.errors import BadInput, TransitionRefused
from core.i18n import LOCALES_DIR, msg, negotiate, placeholders, using_locale

POT = LOCALES_DIR / "messages.pot"


def catalog(locale: str | None) -> dict[tuple[str | None, str], str]:
    path = POT if locale is None else LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        entries = read_po(file)
    return {
        (m.context, m.id): ("fuzzy" if m.fuzzy else "") + (m.string or "")
        for m in entries
        if m.id and isinstance(m.id, str)
    }


def fields(template: str) -> list[tuple[str, str | None, str]]:
    """Every replacement field with its conversion and format spec (`{on:%d/%m/%Y}`)."""
    return sorted(
        (name, conversion, spec or "")
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    )


def test_every_message_has_a_vietnamese_translation_with_the_same_placeholders() -> None:
    template, vietnamese = catalog(None), catalog("vi")
    assert len(template) > 300
    missing = [key for key in template if not vietnamese.get(key)]
    assert not missing, f"untranslated in vi/messages.po: {missing[:10]}"
    fuzzy = [key for key in template if vietnamese[key].startswith("fuzzy")]
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy[:10]}"
    mismatched = [
        (key[1], vietnamese[key]) for key in template if fields(key[1]) != fields(vietnamese[key])
    ]
    assert not mismatched, mismatched[:10]


def test_the_english_catalog_is_the_msgids_and_no_catalog_has_stale_entries() -> None:
    template, english = catalog(None), catalog("en")
    assert set(english) == set(template) == set(catalog("vi"))
    assert all(english[key] == key[1] for key in template)


def test_the_translations_are_vietnamese() -> None:
    vietnamese = catalog("vi")
    same = [k[1] for k, v in vietnamese.items() if v == k[1] and placeholders(k[1]) != {k[1]}]
    # Identical texts are only those made of codes and placeholders.
    assert not [s for s in same if any(c.isalpha() for c in s.replace("{", "").split("}")[-1])]
    assert vietnamese[(None, "Not found.")] == "Không tìm thấy."
    assert vietnamese[("UnitKind", "Commune")] == "Xã"


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "vi"),
        ("", "vi"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("EN-gb", "en"),
        ("vi", "vi"),
        ("vi-VN, en;q=0.8", "vi"),
        ("fr-FR, en;q=0.5", "en"),
        ("en;q=0.4, vi;q=0.9", "vi"),
        ("en;q=0", "vi"),
        ("fr, de", "vi"),
        ("*", "vi"),
        ("en;q=abc", "vi"),
        (";;;,,,", "vi"),
    ],
)
def test_accept_language_picks_the_best_supported_language(header: str | None, locale: str) -> None:
    assert negotiate(header) == locale


def test_one_error_object_renders_in_the_language_of_whoever_reads_it() -> None:
    error = BadInput(msg("`{field}` is required.", field="name"), field="name")
    assert error.message == "`name` là bắt buộc."
    with using_locale("en"):
        assert error.message == str(error) == "`name` is required."
    assert error.message_in("en") == "`name` is required."
    assert error.extensions == {"code": "BAD_USER_INPUT", "field": "name"}


def test_reasons_of_a_refusal_render_too_and_codes_do_not() -> None:
    error = TransitionRefused(
        msg("The dossier lacks: {missing}.", missing="Tiêu chí 3"),
        code="DOSSIER_INCOMPLETE",
        reasons=[msg("register in {year}", year=2024)],
    )
    assert error.extensions == {"code": "DOSSIER_INCOMPLETE", "reasons": ["đăng ký trong năm 2024"]}
    with using_locale("en"):
        assert error.extensions["reasons"] == ["register in 2024"]
        assert error.reasons == ["register in 2024"]
        assert error.message == "The dossier lacks: Tiêu chí 3."


def test_a_plain_string_message_is_shown_as_it_is() -> None:
    assert BadInput("Dòng 3: thiếu STT.").message == "Dòng 3: thiếu STT."
