"""Reading levels off an ltree path: each label starts with its unit's kind letter
(see db.models.units.KIND_LETTER), so "who is above whom" needs no database round-trip."""

from __future__ import annotations

import functools
from pathlib import Path

ATTACHED_LETTERS = frozenset("aes")  # agency, enterprise, school: hang under their manager
RECOGNITION_PATH = Path(__file__).with_name("recognition.csv")
KIND_OF_LETTER = {
    "": "nation",
    "p": "province",
    "d": "district",
    "c": "commune",
    "r": "residential_area",
    "a": "attached",
    "e": "attached",
    "s": "attached",
}
RECOGNISED_AT = frozenset({"manager", "manager_above"})


def parent_of(path: str) -> str:
    head, _, _ = path.rpartition(".")
    return head


def _kind(label: str) -> str:
    """The kind a path label names; the nation's label ("vn") has no kind letter."""
    return KIND_OF_LETTER.get(label[:1], "nation") if len(label) > 1 and label != "vn" else "nation"


@functools.cache
def recognition_rules() -> dict[tuple[str, str, str], str]:
    """recognition.csv as {(structure, unit kind, manager kind): manager | manager_above}."""
    rules: dict[tuple[str, str, str], str] = {}
    for raw in RECOGNITION_PATH.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        structure, kind, manager, at = (part.strip() for part in line.split(","))
        if at not in RECOGNISED_AT:
            raise ValueError(f"recognition.csv: unknown level {at!r} in {raw!r}")
        rules[(structure, kind, manager)] = at
    return rules


def structure_of(path: str) -> str:
    """three_tier when the chain has a district label (before the 2025 reform), else two_tier."""
    return "three_tier" if any(label[:1] == "d" for label in path.split(".")[1:]) else "two_tier"


def level_above(path: str) -> str:
    """The unit that recognises `path`, looked up in recognition.csv by the structure, the
    unit's kind and its manager's kind: a commune's district (the province after 2025); a
    province-managed agency its province; a district-managed one the province; a
    commune-managed one the commune's level above. "" (nobody) for a case the data does not
    name, so no role can match it by accident."""
    labels = path.split(".")
    if len(labels) < 2:
        return ""
    kind, manager = _kind(labels[-1]), _kind(labels[-2])
    at = recognition_rules().get((structure_of(path), kind, manager))
    if at is None:
        return ""
    parent = parent_of(path)
    return parent if at == "manager" else parent_of(parent)


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
