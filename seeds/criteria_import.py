"""Importer of the typical-unit criteria sets into `criteria_sets` / `criteria` /
`criteria_groups`, from the seed documents parsed by seeds/criteria_text.py.

Idempotent: sets upsert by code, criteria by (set, code), groups by (set, grouping, code), so a
re-run after a parser fix updates the stored wording in place. Runs as the owner (reference data
is not writable by the app role).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from seeds.criteria_text import CriteriaSetSpec, GroupSpec, load_seed_sets
from seeds.paths import seed_dir

log = logging.getLogger(__name__)

DEFAULT_GROUPING = "default"
THAP_MUOI_GROUPING = "thap_muoi_2024"  # seed 004: Kế hoạch BCĐ 138 huyện Tháp Mười, 2024
THAP_MUOI_PATH = "vn.p87.d872"  # huyện Tháp Mười: its restated set applies under it


async def import_criteria(conn: AsyncConnection, directory: Path | None = None) -> int:
    """Load Decision 9745's two temporary sets and Tháp Mười's regrouping; returns set count."""
    directory = directory or seed_dir()
    loaded = load_seed_sets(directory)
    commune_id = await _upsert_set(conn, loaded.commune)
    await _upsert_set(conn, loaded.agency)
    await _upsert_groups(conn, commune_id, THAP_MUOI_GROUPING, loaded.commune_groups_thap_muoi)
    if loaded.commune_thap_muoi is None:
        return 2
    # Tháp Mười's wording is its own version, in force for the communes under the district.
    thap_muoi_id = await _upsert_set(conn, loaded.commune_thap_muoi, issuer_path=THAP_MUOI_PATH)
    await _upsert_groups(conn, thap_muoi_id, THAP_MUOI_GROUPING, loaded.commune_groups_thap_muoi)
    return 3


async def _upsert_set(
    conn: AsyncConnection, spec: CriteriaSetSpec, issuer_path: str | None = None
) -> int:
    set_id = (
        await conn.execute(
            text("""
        INSERT INTO criteria_sets (code, title, decision_ref, issued_on, effective_from,
                                   temporary, applies_to, issuer_path)
        VALUES (:code, :title, :ref, :issued, :from_, true, :applies, CAST(:issuer AS ltree))
        ON CONFLICT (code) DO UPDATE SET title = EXCLUDED.title,
            decision_ref = EXCLUDED.decision_ref, issued_on = EXCLUDED.issued_on,
            applies_to = EXCLUDED.applies_to, issuer_path = EXCLUDED.issuer_path,
            updated_at = now()
        RETURNING id"""),
            {
                "code": spec.code,
                "title": spec.title,
                "ref": spec.decision_ref,
                "issued": spec.issued_on,
                "from_": _effective_from(spec),
                "applies": list(spec.applies_to),
                "issuer": issuer_path,
            },
        )
    ).scalar_one()
    for c in spec.criteria:
        await conn.execute(
            text("""
            INSERT INTO criteria (set_id, code, ordinal, text, group_code, applies_to, kind,
                                  rule, note)
            VALUES (:s, :code, :ordinal, :text, :group, :applies, :kind, CAST(:rule AS jsonb),
                    :note)
            ON CONFLICT (set_id, code) DO UPDATE SET ordinal = EXCLUDED.ordinal,
                text = EXCLUDED.text, group_code = EXCLUDED.group_code,
                applies_to = EXCLUDED.applies_to, kind = EXCLUDED.kind, rule = EXCLUDED.rule,
                note = EXCLUDED.note"""),
            {
                "s": set_id,
                "code": c.code,
                "ordinal": c.ordinal,
                "text": c.text,
                "group": c.group_code,
                "applies": list(spec.applies_to),
                "kind": c.kind,
                "rule": json.dumps(c.rule) if c.rule is not None else None,
                "note": c.note,
            },
        )
    await _upsert_groups(conn, set_id, DEFAULT_GROUPING, spec.groups)
    return int(set_id)


async def _upsert_groups(
    conn: AsyncConnection, set_id: int, grouping: str, groups: list[GroupSpec]
) -> None:
    for ordinal, group in enumerate(groups, start=1):
        await conn.execute(
            text("""
            INSERT INTO criteria_groups (set_id, grouping, code, name, ordinal, criterion_codes)
            VALUES (:s, :g, :code, :name, :ordinal, :codes)
            ON CONFLICT (set_id, grouping, code) DO UPDATE SET name = EXCLUDED.name,
                ordinal = EXCLUDED.ordinal, criterion_codes = EXCLUDED.criterion_codes"""),
            {
                "s": set_id,
                "g": grouping,
                "code": group.code,
                "name": group.name,
                "ordinal": ordinal,
                "codes": list(group.criterion_codes),
            },
        )


def _effective_from(spec: CriteriaSetSpec) -> date:
    """Taken as in force from its issue date; a replacing set closes it with `effective_to`."""
    return spec.issued_on
