"""Services are tested below any request, so no Accept-Language chooses their language: these
tests read the English msgids (the catalogs' keys); tests/api/test_languages.py covers the
Vietnamese default over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.i18n import using_locale


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    with using_locale("en"):
        yield
