"""UserError.code is an enum listing every code: each code a service error can carry is listed
in UserErrorCode (otherwise it would fall back to its type's generic code)."""

from __future__ import annotations

import re

from core.config import PROJECT_ROOT
from graph.types.errors import UserErrorCode


def test_every_code_a_service_raises_is_in_the_enum() -> None:
    raised: set[str] = set()
    for path in (PROJECT_ROOT / "services").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        raised |= set(re.findall(r'\bcode\s*=\s*"([A-Z][A-Z_]+)"', text))
    raised -= {"APP_ERROR", "UNAUTHENTICATED"}  # the base class; a request-level error
    missing = sorted(raised - {c.value for c in UserErrorCode})
    assert missing == [], f"add to UserErrorCode (graph/types/errors.py): {missing}"
