"""Reading levels off an ltree path: each label starts with its unit's kind letter
(see db.models.units.KIND_LETTER), so "who is above whom" needs no database round-trip."""

from __future__ import annotations

ATTACHED_LETTERS = frozenset("aes")  # agency, enterprise, school: hang under their manager


def parent_of(path: str) -> str:
    head, _, _ = path.rpartition(".")
    return head


def level_above(path: str) -> str:
    """The level that recognises a unit: a commune's district (or province after 2025); for an
    agency, enterprise or school, the level above the unit that manages it (a district-managed
    company is recognised by the province)."""
    parent = parent_of(path)
    last = path.rpartition(".")[2]
    if last[:1] in ATTACHED_LETTERS:
        return parent_of(parent)
    return parent


def is_within(path: str, root: str) -> bool:
    """`path <@ root` in Python, label-aware: vn.p38.d4000 is not inside vn.p38.d400."""
    return path == root or path.startswith(root + ".")


def is_strictly_within(path: str, root: str) -> bool:
    return path.startswith(root + ".")


def minimal_roots(paths: list[str]) -> list[str]:
    """Drop paths already covered by another path in the list."""
    roots: list[str] = []
    for path in sorted(set(paths), key=lambda p: (p.count("."), p)):
        if not any(is_within(path, root) for root in roots):
            roots.append(path)
    return sorted(roots)
