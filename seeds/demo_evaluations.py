"""Demo evaluation data the seed scenarios need (seed 004, Tháp Mười 2024; seed 001, Hậu Lộc).

- 2023 assessments: Thanh Mỹ and Mỹ Đông safe and Khá / Xuất sắc (so they may build or maintain
  a typical commune in 2024), Phú Lộc and Ny Hoa Việt safe and Khá, Triệu Lộc Trung bình (the
  classic ineligible case).
- Mỹ Đông's 2023 typical-commune campaign, recognised by BCĐ 138 huyện Tháp Mười, and the
  "maintain" campaign it carries into 2024 (seed 004: "xã được công nhận … năm 2023").

Illustrative values, not official results. Idempotent: inserts skip existing (unit, year) rows.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from seeds.demo_people import HAU_LOC, NY_HOA_VIET, THAP_MUOI

THANH_MY = f"{THAP_MUOI}.c30073"
MY_DONG = f"{THAP_MUOI}.c30058"
PHU_LOC = f"{HAU_LOC}.c16072"
TRIEU_LOC = f"{HAU_LOC}.c16021"

# unit path, registered, achieved, classification
ASSESSMENTS_2023: list[tuple[str, bool, bool, str]] = [
    (THANH_MY, True, True, "kha"),
    (MY_DONG, True, True, "xuat_sac"),
    (PHU_LOC, True, True, "kha"),
    (TRIEU_LOC, True, False, "trung_binh"),
    (NY_HOA_VIET, True, True, "kha"),
]


async def seed_demo_evaluations(conn: AsyncConnection) -> None:
    """Needs the criteria sets (seeds.criteria_import) for the campaigns; skips them otherwise."""
    for path, registered, achieved, classification in ASSESSMENTS_2023:
        await conn.execute(
            text("""
            INSERT INTO assessments (unit_id, unit_path, year, safety_registered,
                safety_achieved, classification, entered_by, entered_on, confirmed_by,
                confirmed_on)
            SELECT id, path, 2023, :reg, :ach, :cls, 'seed', DATE '2023-11-10', 'seed',
                   DATE '2023-11-30'
            FROM admin_units WHERE path = CAST(:p AS ltree)
            ON CONFLICT (unit_id, year) DO NOTHING"""),
            {"p": path, "reg": registered, "ach": achieved, "cls": classification},
        )
    set_id = await conn.scalar(
        text(
            "SELECT id FROM criteria_sets WHERE 'commune' = ANY(applies_to) "
            "AND issuer_path IS NULL ORDER BY effective_from DESC LIMIT 1"
        )
    )
    if set_id is None:
        return
    for year, kind, state in ((2023, "build", "recognised"), (2024, "maintain", "registered")):
        decided = state == "recognised"
        await conn.execute(
            text("""
            INSERT INTO typical_campaigns (unit_id, unit_path, year, kind, criteria_set_id, state,
                register_deadline, submit_deadline, registered_on, registered_by, submitted_on,
                submitted_by, decided_on, decided_by)
            SELECT id, path, :year, :kind, :set_id, :state, :reg_deadline, :submit_deadline,
                   :registered_on, 'mydong_officer', :submitted_on, :submitted_by, :decided_on,
                   :decided_by
            FROM admin_units WHERE path = CAST(:p AS ltree)
            ON CONFLICT (unit_id, year) DO NOTHING"""),
            {
                "p": MY_DONG,
                "year": year,
                "kind": kind,
                "set_id": set_id,
                "state": state,
                "reg_deadline": date(year, 3, 30),
                "submit_deadline": date(year, 10, 5),
                "registered_on": date(year, 3, 1) if not decided else date(2023, 3, 15),
                "submitted_on": date(2023, 9, 28) if decided else None,
                "submitted_by": "mydong_officer" if decided else None,
                "decided_on": date(2023, 10, 20) if decided else None,
                "decided_by": "thapmuoi_reviewer" if decided else None,
            },
        )
