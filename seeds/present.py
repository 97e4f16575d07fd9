"""The present: the demo on the structure of 1/7/2025, so that a user signing in today (late
2026) finds this year's work and not only history.

- Units carried across the reform: the demo hamlets move to the communes that succeeded theirs
  (Phú Lộc's to Xã Hoa Lộc, Mỹ Đông's to Xã Mỹ Quí, …) and Công ty TNHH Ny Hoa Việt, guided by
  Triệu Lộc, to the new Xã Triệu Lộc (the district that managed it is gone), each with a
  succession link; a province-managed agency named by seed 002 (Ban Quản lý Khu kinh tế Nghi
  Sơn và các khu công nghiệp) is in the demo from 1/7/2025.
- Thanh Hóa's 2025 plan (seed 002) gets the twelve bodies' tasks of its section III; its
  six-month reports were filed by the districts before the reform (illustrative), and its open
  work passes to the communes that succeeded them (services/handover.py).
- A 2026 plan of Thanh Hóa in the same shape, marked "[Dữ liệu minh họa]" (demo data, not a
  real document): tasks, reporting deadlines for the 166 communes and the agency, three targets
  per commune with progress, typical-unit campaigns in every state, 2025 and 2026 assessments of
  every current commune of Thanh Hóa and of the demo hamlets and agencies, rated models.

Every figure here is illustrative (derived from a hash of the unit code, so re-seeding gives
the same data), not an official result. Idempotent like the rest of the seed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from core.domain import UnitKind
from core.targets import Deadline, Quantity
from seeds.demo_people import COMMUNES_WITH_HAMLETS, NY_HOA_VIET, upsert_demo_users
from seeds.plans import _upsert_plan
from seeds.plans_data import PlanSeed, TaskSeed
from seeds.units import LEGACY_LAST_DAY, REFORM_DAY, SuccessionRecord, UnitRecord, unit_label
from services.handover import hand_over_ended_units
from services.targets import deadline_json, quantity_json

THANH_HOA = "vn.p38"
HOA_LOC = "vn.p38.c16072_20250701"  # Xã Hoa Lộc: reuses the code of Xã Phú Lộc (Hậu Lộc)
TRIEU_LOC = "vn.p38.c16021_20250701"
THANH_MY = "vn.p82_20250701.c30073_20250701"
MY_QUI = "vn.p82_20250701.c30055_20250701"  # took over Mỹ Đông (Tháp Mười)
# old commune -> the 2025 commune its hamlets move to (the package's old -> new commune map)
HAMLETS_MOVE_TO = {
    "vn.p38.d400.c16072": HOA_LOC,
    "vn.p38.d400.c16021": TRIEU_LOC,
    "vn.p87.d872.c30073": THANH_MY,
    "vn.p87.d872.c30058": MY_QUI,
}
NY_HOA_VIET_2025 = f"{TRIEU_LOC}.{unit_label(UnitKind.ENTERPRISE, 'HL-NHV', REFORM_DAY)}"
# In the demo from 1/7/2025 only (the earlier structure's tests count Thanh Hóa's 27 children).
BQL_KKT = f"{THANH_HOA}.{unit_label(UnitKind.AGENCY, 'TH-BQLKKT', REFORM_DAY)}"

# Demo users at current units (thanhhoa_admin and thanhhoa_reviewer hold their roles at Thanh
# Hóa, which the reform did not merge, so they are current already).
PRESENT_USERS: list[tuple[str, str, str, str]] = [
    ("hoaloc_officer", "Công an xã Hoa Lộc", "commune_officer", HOA_LOC),
    ("trieuloc2025_officer", "Công an xã Triệu Lộc (từ 01/7/2025)", "commune_officer", TRIEU_LOC),
    (
        "bqlkkt_head",
        "Trưởng Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp",
        "agency_head",
        BQL_KKT,
    ),
]


def present_units() -> tuple[list[UnitRecord], list[SuccessionRecord]]:
    """Units of the demo on the current structure, and the links from their predecessors."""
    units = [
        UnitRecord(
            BQL_KKT,
            THANH_HOA,
            "TH-BQLKKT",
            UnitKind.AGENCY,
            "Cơ quan",
            "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp",
            "BQL KKT Nghi Sơn",
            REFORM_DAY,
        ),
        UnitRecord(
            NY_HOA_VIET_2025,
            TRIEU_LOC,
            "HL-NHV",
            UnitKind.ENTERPRISE,
            "Doanh nghiệp",
            "Công ty TNHH Ny Hoa Việt",
            "Ny Hoa Việt",
            REFORM_DAY,
        ),
    ]
    links = [SuccessionRecord(NY_HOA_VIET, NY_HOA_VIET_2025, REFORM_DAY, "transfer")]
    for old_commune, (word, _) in COMMUNES_WITH_HAMLETS.items():
        new_commune = HAMLETS_MOVE_TO[old_commune]
        commune_code = old_commune.rsplit(".c", 1)[1]
        for n in (1, 2, 3):
            code = f"{commune_code}-R{n:02d}"
            old = f"{old_commune}.{unit_label(UnitKind.RESIDENTIAL_AREA, code)}"
            new = f"{new_commune}.{unit_label(UnitKind.RESIDENTIAL_AREA, code, REFORM_DAY)}"
            units.append(
                UnitRecord(
                    new,
                    new_commune,
                    code,
                    UnitKind.RESIDENTIAL_AREA,
                    word,
                    f"{word} {n}",
                    f"{word} {n}",
                    REFORM_DAY,
                )
            )
            links.append(SuccessionRecord(old, new, REFORM_DAY, "transfer"))
    return units, links


def _roll(key: str, salt: str) -> int:
    """A stable number 0..99 per unit and purpose (illustrative figures, same on every seed)."""
    return int(hashlib.sha256(f"{salt}:{key}".encode()).hexdigest()[:8], 16) % 100


# Section III of seed 002: the bodies the 2025 plan assigns (the 2026 demo plan repeats them).
TASKS_2025: tuple[TaskSeed, ...] = (
    TaskSeed(
        "Công an tỉnh",
        "Chủ trì tham mưu Tỉnh ủy, UBND tỉnh lãnh đạo, chỉ đạo; phối hợp Sở "
        "Tài chính lập dự toán kinh phí năm 2025; hướng dẫn, đôn đốc, kiểm tra, sơ kết, "
        "tổng kết, tổng hợp báo cáo.",
    ),
    TaskSeed(
        "Văn phòng UBND tỉnh",
        "Phối hợp Công an tỉnh tham mưu Chủ tịch UBND tỉnh ban hành "
        "văn bản hướng dẫn, kiểm tra, đôn đốc, sơ kết, tổng kết thực hiện Kế hoạch.",
    ),
    TaskSeed(
        "Sở Nội vụ",
        "Chế độ chính sách đối với lực lượng tham gia bảo đảm ANTT ở cơ sở; "
        "thẩm định, đề nghị khen thưởng.",
    ),
    TaskSeed(
        "Sở Tài chính", "Tham mưu bố trí kinh phí thực hiện kế hoạch theo phân cấp ngân sách."
    ),
    TaskSeed(
        "Sở Văn hóa, Thể thao và Du lịch",
        "Chỉ đạo, hướng dẫn báo chí, hệ thống thông tin "
        "cơ sở tuyên truyền phong trào toàn dân bảo vệ ANTT.",
    ),
    TaskSeed(
        "Sở Giáo dục và Đào tạo",
        'Bảo đảm ANTT trường học; nhân rộng mô hình "Trường học '
        'an toàn về ANTT", "Cổng trường an toàn về TTATGT".',
    ),
    TaskSeed(
        "Sở Tư pháp", "Cơ quan thường trực Hội đồng phối hợp phổ biến, giáo dục pháp luật của tỉnh."
    ),
    TaskSeed(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy; Ủy ban MTTQ và các tổ chức chính trị - xã hội tỉnh",
        "Thực hiện các chương trình phối hợp về công tác dân vận và phong trào toàn "
        "dân bảo vệ ANTT.",
    ),
    TaskSeed(
        "Liên đoàn Lao động tỉnh",
        'Phong trào "Không tội phạm, không ma túy, không mại '
        'dâm" trong doanh nghiệp; mô hình tự quản về ANTT; Ngày hội toàn dân bảo vệ ANTT.',
    ),
    TaskSeed(
        "Ban Quản lý khu kinh tế Nghi Sơn và các khu công nghiệp tỉnh",
        "Hướng dẫn doanh "
        "nghiệp phát động phong trào, quản lý người lao động; xây dựng ít nhất 01 mô hình "
        "hoạt động hiệu quả.",
    ),
    TaskSeed(
        "Các thành viên Ban Chỉ đạo 138 tỉnh",
        "Theo dõi địa bàn được phân công; kiểm tra, đôn đốc thực hiện kế hoạch.",
    ),
)
LOCAL_TASK = (
    "UBND các cấp",
    "Triển khai Kế hoạch đến từng khu dân cư, cơ quan, doanh nghiệp, "
    "cơ sở giáo dục; bố trí ngân sách theo Thông tư 40/2023/TT-BTC.",
)

PLAN_2026 = PlanSeed(
    "thanhhoa-kh-2026-demo",
    THANH_HOA,
    None,
    "plan",
    "[Dữ liệu minh họa] Công tác phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2026",
    "UBND tỉnh Thanh Hóa",
    date(2026, 1, 20),
    2026,
    objectives="Dữ liệu minh họa (không phải văn bản thật), cùng khuôn mẫu Kế hoạch năm 2025 "
    "(seed 002): từ 80% trở lên khu dân cư, xã, phường, cơ quan, doanh nghiệp, cơ sở giáo dục "
    "đạt tiêu chuẩn an toàn về ANTT; trên 80% phân loại phong trào đạt loại Khá trở lên.",
    subordinate_plans_due=date(2026, 4, 9),
    tasks=(*TASKS_2025, TaskSeed(*LOCAL_TASK)),
)
REPORTS_2026 = (
    ("six_month", date(2026, 6, 15), "Báo cáo 06 tháng trước ngày 16/6/2026"),
    ("annual", date(2026, 11, 14), "Báo cáo 01 năm trước ngày 15/11/2026"),
)

# 2026 campaigns: one commune in every state (plus the agency under review).
CAMPAIGN_STATES = (
    "registered",
    "plan_submitted",
    "six_month_reported",
    "annual_reported",
    "dossier_complete",
    "submitted",
    "under_review",
    "recognised",
    "returned",
)
STATE_DATES = {
    "plan_submitted": "plan_submitted_on",
    "six_month_reported": "six_month_reported_on",
    "annual_reported": "annual_reported_on",
    "dossier_complete": "dossier_completed_on",
    "submitted": "submitted_on",
    "under_review": "review_started_on",
    "recognised": "decided_on",
    "returned": "decided_on",
}


async def seed_present(conn: AsyncConnection) -> dict[str, object]:
    """After the hierarchy, criteria and plans are loaded (owner connection)."""
    await upsert_demo_users(conn, PRESENT_USERS)
    plan_2025 = int(
        await conn.scalar(text("SELECT id FROM plans WHERE ref_key = 'thanhhoa-kh-2025'"))
    )
    await _tasks(conn, plan_2025, THANH_HOA, TASKS_2025, due=None)
    districts = (
        await conn.execute(
            text(
                "SELECT id, path::text FROM admin_units WHERE parent_id = (SELECT id FROM admin_units "
                "WHERE path = 'vn.p38') AND kind = 'district' AND valid_to = :d"
            ),
            {"d": LEGACY_LAST_DAY},
        )
    ).all()
    for _, path in districts:  # section III.12: "UBND các cấp", each district its own
        await _task(conn, plan_2025, path, 12, *LOCAL_TASK, None)
    # The districts filed their six-month reports of 2025 before they were abolished.
    await conn.execute(
        text(
            "UPDATE plan_deadlines SET completed_on = DATE '2025-06-13' WHERE plan_id = :p "
            "AND kind = 'six_month' AND completed_on IS NULL"
        ),
        {"p": plan_2025},
    )
    await _targets_2025(conn, plan_2025, [(int(i), p) for i, p in districts])
    handed = await hand_over_ended_units(conn, LEGACY_LAST_DAY)
    # The communes that took the 2025 targets over reported on them (illustrative).
    await conn.execute(
        text(
            """UPDATE targets SET achieved = 85, achieved_on = DATE '2025-11-10'
           WHERE plan_id = :p AND carried_from <> '{}' AND achieved IS NULL
             AND ('x' || substr(md5(unit_path::text || stt), 1, 2))::bit(8)::int < 180"""
        ),
        {"p": plan_2025},
    )

    ids = {"thanhhoa-kh-2025": plan_2025}
    plan_2026 = await _upsert_plan(conn, PLAN_2026, ids)
    communes = [
        (r[0], r[1], r[2])
        for r in await conn.execute(
            text(
                "SELECT id, path::text, code FROM admin_units WHERE parent_id = (SELECT id FROM "
                "admin_units WHERE path = 'vn.p38') AND kind = 'commune' AND valid_from = :d "
                "ORDER BY path"
            ),
            {"d": REFORM_DAY},
        )
    ]
    await _reports_2026(conn, plan_2026, [*communes, await _unit(conn, BQL_KKT)])
    await _targets_2026(conn, plan_2026, communes)
    await _assessments(conn, communes)
    await _campaigns_2026(conn, communes)
    await _models(conn, communes)
    return {"handed_over": handed, "communes": len(communes)}


async def _unit(conn: AsyncConnection, path: str) -> tuple[int, str, str]:
    row = (
        await conn.execute(
            text("SELECT id, path::text, code FROM admin_units WHERE path = CAST(:p AS ltree)"),
            {"p": path},
        )
    ).one()
    return int(row[0]), row[1], row[2]


async def _task(
    conn: AsyncConnection,
    plan_id: int,
    path: str,
    position: int,
    assignee: str,
    description: str,
    due: date | None,
) -> None:
    await conn.execute(
        text(
            """INSERT INTO plan_tasks (unit_id, unit_path, plan_id, position, assignee, description,
               due_on)
           SELECT id, path, :plan, :pos, :who, :what, :due FROM admin_units
           WHERE path = CAST(:p AS ltree)
           ON CONFLICT (plan_id, unit_id, position) DO NOTHING"""
        ),
        {
            "p": path,
            "plan": plan_id,
            "pos": position,
            "who": assignee,
            "what": description,
            "due": due,
        },
    )


async def _tasks(
    conn: AsyncConnection, plan_id: int, path: str, tasks: tuple[TaskSeed, ...], due: date | None
) -> None:
    for position, task in enumerate(tasks, 1):
        await _task(
            conn, plan_id, path, position, task.assignee, task.description, task.due_on or due
        )


# Seed 002's objectives as targets of every district (the plan has no appendix tables): they
# pass to the communes on 1/7/2025 (a percentage applies to every successor).
TARGETS_2025 = (
    (
        "1",
        "Tỷ lệ khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, cơ sở giáo dục đạt "
        "tiêu chuẩn an toàn về ANTT",
        Quantity.percent(80, "gte", raw="từ 80% trở lên"),
    ),
    (
        "2",
        "Tỷ lệ phân loại phong trào toàn dân bảo vệ ANTQ đạt loại Khá trở lên",
        Quantity.percent(80, "gt", raw="trên 80%"),
    ),
)


async def _targets_2025(
    conn: AsyncConnection, plan_id: int, districts: list[tuple[int, str]]
) -> None:
    deadline = Deadline.before(date(2025, 11, 15), raw="Báo cáo 01 năm trước ngày 15/11/2025")
    rows = [
        {
            "u": unit_id,
            "p": path,
            "plan": plan_id,
            "year": 2025,
            "category": "circular_124_decision_510",
            "stt": stt,
            "text": text_,
            "qk": quantity.kind.value,
            "cmp": quantity.comparator.value if quantity.comparator else None,
            "tv": quantity.value,
            "q": json.dumps(quantity_json(quantity)),
            "dk": deadline.kind.value,
            "starts": deadline.start,
            "due": deadline.due,
            "d": json.dumps(deadline_json(deadline)),
            "ach": None,
            "ach_on": None,
        }
        for unit_id, path in districts
        for stt, text_, quantity in TARGETS_2025
    ]
    await _insert_targets(conn, rows)


async def _insert_targets(conn: AsyncConnection, rows: Sequence[Mapping[str, object]]) -> None:
    await conn.execute(
        text(
            """INSERT INTO targets (unit_id, unit_path, plan_id, year, category, stt, text,
               quantity_kind, comparator, target_value, quantity, deadline_kind, starts_on,
               due_on, deadline, achieved, achieved_on)
           VALUES (:u, CAST(:p AS ltree), :plan, :year, :category, :stt, :text, :qk, :cmp, :tv,
               CAST(:q AS jsonb), :dk, :starts, :due, CAST(:d AS jsonb), :ach, :ach_on)
           ON CONFLICT (plan_id, unit_id, stt) DO NOTHING"""
        ),
        rows,
    )


async def _reports_2026(
    conn: AsyncConnection, plan_id: int, units: list[tuple[int, str, str]]
) -> None:
    rows = []
    for unit_id, path, code in units:
        for kind, due, note in REPORTS_2026:
            late = _roll(code, kind) < (10 if kind == "six_month" else 25)
            rows.append(
                {
                    "u": unit_id,
                    "p": path,
                    "plan": plan_id,
                    "kind": kind,
                    "due": due,
                    "note": note,
                    "done": None if late else due,
                }
            )
    await conn.execute(
        text(
            """INSERT INTO plan_deadlines (unit_id, unit_path, plan_id, kind, due_on, note,
               completed_on)
           VALUES (:u, CAST(:p AS ltree), :plan, :kind, :due, :note, :done)
           ON CONFLICT (plan_id, unit_id, kind, due_on) DO NOTHING"""
        ),
        rows,
    )


TARGETS_2026 = (
    (
        "1",
        "directing_documents",
        "Ban hành kế hoạch thực hiện phong trào toàn dân bảo vệ ANTQ năm 2026",
        Quantity.count(1, "văn bản", "gte", raw="≥ 01 văn bản"),
        Deadline.before(date(2026, 4, 10), raw="Trước 10/4/2026"),
    ),
    (
        "2",
        "festival_day",
        "Tổ chức Ngày hội toàn dân bảo vệ ANTQ (19/8)",
        Quantity.count(1, "ngày hội", "gte", raw="01 ngày hội"),
        Deadline.window(date(2026, 7, 1), date(2026, 8, 19), raw="01/7 – 19/8/2026"),
    ),
    (
        "3",
        "circular_124_decision_510",
        'Tỷ lệ khu dân cư đạt tiêu chuẩn "An toàn về ANTT"',
        Quantity.percent(80, "gte", raw="≥ 80%"),
        Deadline.before(date(2026, 11, 15), raw="Trước 15/11/2026"),
    ),
)


async def _targets_2026(
    conn: AsyncConnection, plan_id: int, communes: list[tuple[int, str, str]]
) -> None:
    rows = []
    for unit_id, path, code in communes:
        for stt, category, text_, quantity, deadline in TARGETS_2026:
            roll = _roll(code, f"target{stt}")
            value = quantity.value or 0
            achieved = value if roll >= 20 else (None if roll < 8 else value * 0.7)
            rows.append(
                {
                    "u": unit_id,
                    "p": path,
                    "plan": plan_id,
                    "year": 2026,
                    "category": category,
                    "stt": stt,
                    "text": text_,
                    "qk": quantity.kind.value,
                    "cmp": quantity.comparator.value if quantity.comparator else None,
                    "tv": value,
                    "q": json.dumps(quantity_json(quantity)),
                    "dk": deadline.kind.value,
                    "starts": deadline.start,
                    "due": deadline.due,
                    "d": json.dumps(deadline_json(deadline)),
                    "ach": achieved,
                    "ach_on": deadline.due if achieved is not None else None,
                }
            )
    await _insert_targets(conn, rows)


async def _assessments(conn: AsyncConnection, communes: list[tuple[int, str, str]]) -> None:
    """2024 results of Thanh Hóa's old communes; 2025 and 2026 results of every current commune
    of Thanh Hóa, of the demo hamlets of the current communes and of the current agencies
    (Xã Hoa Lộc, the typical-unit candidates and the agency are safe and Xuất sắc in 2025, so
    they may build in 2026, and in 2026, so criterion 15 / 8 — the unit's own classification,
    judged from the confirmed class — is met when they are recognised)."""
    hamlets = [
        (r[0], r[1], r[2])
        for r in await conn.execute(
            text(
                "SELECT id, path::text, code FROM admin_units WHERE kind = 'residential_area' "
                "AND valid_from = :d AND code LIKE '%-R%'"
            ),
            {"d": REFORM_DAY},
        )
    ]
    attached = [await _unit(conn, BQL_KKT), await _unit(conn, NY_HOA_VIET_2025)]
    candidates = {path for _, path, _ in communes[: len(CAMPAIGN_STATES)]} | {HOA_LOC, BQL_KKT}
    rows = []
    for year in (2025, 2026):
        for unit_id, path, code in [*communes, *hamlets, *attached]:
            roll = _roll(code + path, f"assessment{year}")
            good = path in candidates
            classification = (
                "xuat_sac"
                if good or roll < 30
                else "kha"
                if roll < 75
                else "trung_binh"
                if roll < 95
                else "yeu"
            )
            rows.append(
                {
                    "u": unit_id,
                    "p": path,
                    "y": year,
                    "reg": True,
                    "ach": good or roll < 85,
                    "cls": classification,
                    "on": date(year, 11, 10),
                    "conf": date(year, 11, 30),
                }
            )
    # 2024, the last full year of the old structure: every commune of Thanh Hóa valid on
    # 30/06/2024 except Hậu Lộc's (its 2024 results are the historical demo's to enter), so a
    # rollup of 2024 can be compared on both structures.
    legacy = [
        (r[0], r[1], r[2])
        for r in await conn.execute(
            text(
                "SELECT id, path::text, code FROM admin_units WHERE path <@ 'vn.p38' "
                "AND NOT path <@ 'vn.p38.d400' AND kind = 'commune' "
                "AND (valid_from IS NULL OR valid_from <= DATE '2024-06-30') "
                "AND (valid_to IS NULL OR valid_to >= DATE '2024-06-30')"
            )
        )
    ]
    for unit_id, path, code in legacy:
        roll = _roll(code + path, "assessment2024")
        rows.append(
            {
                "u": unit_id,
                "p": path,
                "y": 2024,
                "reg": True,
                "ach": roll < 85,
                "cls": "xuat_sac" if roll < 30 else "kha" if roll < 75 else "trung_binh",
                "on": date(2024, 11, 10),
                "conf": date(2024, 11, 30),
            }
        )
    await conn.execute(
        text(
            """INSERT INTO assessments (unit_id, unit_path, year, safety_registered, safety_achieved,
               classification, entered_by, entered_on, confirmed_by, confirmed_on)
           VALUES (:u, CAST(:p AS ltree), :y, :reg, :ach, :cls, 'seed', :on, 'seed', :conf)
           ON CONFLICT (unit_id, year) DO NOTHING"""
        ),
        rows,
    )


async def _campaigns_2026(conn: AsyncConnection, communes: list[tuple[int, str, str]]) -> None:
    """One commune of Thanh Hóa in every campaign state; Xã Hoa Lộc and the province-managed
    agency under review with every criterion met and the dossier filed, so a province reviewer
    can recognise them today."""
    plan: list[tuple[str, str]] = [
        (path, state)
        for (_, path, _), state in zip(communes, CAMPAIGN_STATES, strict=False)
        if path != HOA_LOC
    ]
    plan += [(HOA_LOC, "under_review"), (BQL_KKT, "under_review")]
    for path, state in plan:
        kind = "agency" if path == BQL_KKT else "commune"
        set_id = await conn.scalar(
            text(
                "SELECT id FROM criteria_sets WHERE :k = ANY(applies_to) "
                "ORDER BY effective_from DESC LIMIT 1"
            ),
            {"k": kind},
        )
        if set_id is None:
            return
        dates: dict[str, date | None] = {column: None for column in STATE_DATES.values()}
        order = list(STATE_DATES)
        if state in order:
            for step in order[: order.index(state) + 1]:
                if step not in ("recognised", "returned") or step == state:
                    dates[STATE_DATES[step]] = date(2026, 3 + order.index(step), 20)
        decided = state in ("recognised", "returned")
        submitted = state in ("submitted", "under_review", "recognised", "returned")
        campaign_id = await conn.scalar(
            text(
                """INSERT INTO typical_campaigns (unit_id, unit_path, year, kind, criteria_set_id,
                   state, register_deadline, submit_deadline, registered_on, registered_by,
                   plan_submitted_on, six_month_reported_on, annual_reported_on,
                   dossier_completed_on, submitted_on, submitted_by, review_started_on,
                   decided_on, decided_by, return_reasons)
               SELECT id, path, 2026, 'build', :set_id, :state, DATE '2026-03-29',
                   DATE '2026-10-04', DATE '2026-03-01', 'seed', :plan_submitted_on,
                   :six_month_reported_on, :annual_reported_on, :dossier_completed_on,
                   :submitted_on, :submitted_by, :review_started_on, :decided_on, :decided_by,
                   :reasons
               FROM admin_units WHERE path = CAST(:p AS ltree)
               ON CONFLICT (unit_id, year) DO NOTHING RETURNING id"""
            ),
            {
                "p": path,
                "set_id": set_id,
                "state": state,
                **dates,
                "submitted_by": "seed" if submitted else None,
                "decided_by": "thanhhoa_reviewer" if decided else None,
                "reasons": ["Tiêu chí 18: số vụ phạm tội tăng so với năm trước"]
                if state == "returned"
                else [],
            },
        )
        if campaign_id is None or state not in ("under_review", "submitted", "recognised"):
            continue
        await conn.execute(
            text(
                """INSERT INTO criterion_results (unit_id, unit_path, campaign_id, criterion_id,
                   declared_met, rule_met, met, explanation, evidence, updated_by)
               SELECT c.unit_id, c.unit_path, c.id, k.id, true, NULL, true, NULL,
                      'Hồ sơ minh chứng (dữ liệu minh họa)', 'seed'
               FROM typical_campaigns c JOIN criteria k ON k.set_id = c.criteria_set_id
               WHERE c.id = :c AND :kind = ANY(k.applies_to)"""
            ),
            {"c": campaign_id, "kind": kind},
        )
        await conn.execute(
            text(
                """INSERT INTO campaign_documents (unit_id, unit_path, campaign_id, kind, title,
                   issued_on, file_ref, added_by)
               SELECT c.unit_id, c.unit_path, c.id, k, t, DATE '2026-09-30',
                      'demo://' || c.id || '/' || k, 'seed'
               FROM typical_campaigns c,
                    unnest(ARRAY['proposal', 'results_report', 'review_minutes'],
                           ARRAY['Tờ trình đề nghị công nhận', 'Báo cáo kết quả và hồ sơ minh '
                                 'chứng', 'Biên bản họp xét']) AS d(k, t)
               WHERE c.id = :c"""
            ),
            {"c": campaign_id},
        )


MODEL_KINDS = (
    "camera_antt",
    "dong_ho_tu_quan",
    "dan_van_kheo",
    "xu_dao_binh_yen",
    "cong_nhan_moi_truong",
)
RATINGS = ("tot", "tot", "kha", "kha", "kha", "trung_binh", "yeu")


async def _models(conn: AsyncConnection, communes: list[tuple[int, str, str]]) -> None:
    """A model in every fourth commune (and one at the agency), rated for 2025 and 2026."""
    chosen = [
        (path, code) for i, (_, path, code) in enumerate(communes) if i % 4 == 0 or path == HOA_LOC
    ]
    chosen.append((BQL_KKT, "TH-BQLKKT"))
    for path, code in chosen:
        type_code = (
            "to_an_ninh_cong_nhan"
            if path == BQL_KKT
            else MODEL_KINDS[_roll(code, "model") % len(MODEL_KINDS)]
        )
        ref_key = f"present-{code}-{type_code}"
        await conn.execute(
            text(
                """INSERT INTO movement_models (unit_id, unit_path, model_type_id, name, origin,
                   founded_on, status, ref_key)
               SELECT u.id, u.path, t.id, t.name || ' – ' || u.short_name, 'new',
                      DATE '2025-08-01', 'active', :key
               FROM admin_units u, model_types t
               WHERE u.path = CAST(:p AS ltree) AND t.code = :type
               ON CONFLICT (ref_key) DO NOTHING"""
            ),
            {"p": path, "type": type_code, "key": ref_key},
        )
        for year in (2025, 2026):
            rating = RATINGS[_roll(code, f"rating{year}") % len(RATINGS)]
            await conn.execute(
                text(
                    """INSERT INTO model_ratings (unit_id, unit_path, model_id, year, rating,
                       reviewer)
                   SELECT m.unit_id, m.unit_path, m.id, :y, :r, 'thanhhoa_reviewer'
                   FROM movement_models m WHERE m.ref_key = :key
                   ON CONFLICT (model_id, year) DO NOTHING"""
                ),
                {"y": year, "r": rating, "key": ref_key},
            )
