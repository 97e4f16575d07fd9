"""Demo units that the official lists do not carry (an enterprise, a few hamlets) and demo users
with roles, so that every role of the platform can be tried in GraphiQL right away.

The enterprise is real (seed 001: Công ty TNHH Ny Hoa Việt, district-managed in Hậu Lộc). The
hamlets are illustrative: their communes are real, their names ("Thôn 1", "Ấp 1") are the usual
numbering, not taken from an official list.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from core.domain import UnitKind
from db.base import table_of
from db.models.authz import CasbinRule, User
from db.queries.authz import POLICY_CHANNEL
from seeds.units import LEGACY_LAST_DAY, UnitRecord, unit_label

HAU_LOC = "vn.p38.d400"
THAP_MUOI = "vn.p87.d872"
COMMUNES_WITH_HAMLETS = {
    f"{HAU_LOC}.c16072": ("Thôn", "Phú Lộc"),
    f"{HAU_LOC}.c16021": ("Thôn", "Triệu Lộc"),
    f"{THAP_MUOI}.c30073": ("Ấp", "Thanh Mỹ"),
    f"{THAP_MUOI}.c30058": ("Ấp", "Mỹ Đông"),
}
NY_HOA_VIET = f"{HAU_LOC}.{unit_label(UnitKind.ENTERPRISE, 'HL-NHV')}"


def demo_units() -> list[UnitRecord]:
    units = [
        UnitRecord(
            NY_HOA_VIET,
            HAU_LOC,
            "HL-NHV",
            UnitKind.ENTERPRISE,
            "Doanh nghiệp",
            "Công ty TNHH Ny Hoa Việt",
            "Ny Hoa Việt",
            None,
            LEGACY_LAST_DAY,
        )
    ]
    for commune_path, (word, _) in COMMUNES_WITH_HAMLETS.items():
        commune_code = commune_path.rsplit(".c", 1)[1]
        for n in (1, 2, 3):
            code = f"{commune_code}-R{n:02d}"
            units.append(
                UnitRecord(
                    f"{commune_path}.{unit_label(UnitKind.RESIDENTIAL_AREA, code)}",
                    commune_path,
                    code,
                    UnitKind.RESIDENTIAL_AREA,
                    word,
                    f"{word} {n}",
                    f"{word} {n}",
                    None,
                    LEGACY_LAST_DAY,
                )
            )
    return units


# username, display name, role, unit path
DEMO_USERS: list[tuple[str, str, str, str]] = [
    ("bca_v05", "Cục V05 – Bộ Công an", "ministry_viewer", "vn"),
    ("thanhhoa_admin", "Công an tỉnh Thanh Hóa (PV05)", "province_admin", "vn.p38"),
    ("thanhhoa_reviewer", "BCĐ 138 tỉnh Thanh Hóa", "province_reviewer", "vn.p38"),
    ("thanhhoa_sonoivu", "Sở Nội vụ Thanh Hóa", "department_viewer", "vn.p38"),
    ("thanhhoa_integration", "Hệ thống tích hợp tỉnh Thanh Hóa", "integration", "vn.p38"),
    ("hauloc_officer", "Công an huyện Hậu Lộc", "district_officer", HAU_LOC),
    ("hauloc_reviewer", "BCĐ 138 huyện Hậu Lộc", "district_reviewer", HAU_LOC),
    ("nghison_officer", "Công an thị xã Nghi Sơn", "district_officer", "vn.p38.d407"),
    ("nghison_reviewer", "BCĐ 138 thị xã Nghi Sơn", "district_reviewer", "vn.p38.d407"),
    ("phuloc_officer", "Công an xã Phú Lộc", "commune_officer", f"{HAU_LOC}.c16072"),
    ("trieuloc_officer", "Công an xã Triệu Lộc", "commune_officer", f"{HAU_LOC}.c16021"),
    ("nyhoaviet_head", "Giám đốc Công ty TNHH Ny Hoa Việt", "agency_head", NY_HOA_VIET),
    ("quangtri_admin", "Công an tỉnh Quảng Trị", "province_admin", "vn.p45"),
    ("dongthap_admin", "Công an tỉnh Đồng Tháp", "province_admin", "vn.p87"),
    ("dongthap_reviewer", "BCĐ 138 tỉnh Đồng Tháp", "province_reviewer", "vn.p87"),
    ("thapmuoi_officer", "Công an huyện Tháp Mười", "district_officer", THAP_MUOI),
    ("thapmuoi_reviewer", "BCĐ 138 huyện Tháp Mười", "district_reviewer", THAP_MUOI),
    ("thanhmy_officer", "Công an xã Thanh Mỹ", "commune_officer", f"{THAP_MUOI}.c30073"),
    ("mydong_officer", "Công an xã Mỹ Đông", "commune_officer", f"{THAP_MUOI}.c30058"),
]


async def upsert_demo_users(
    conn: AsyncConnection, demo_users: list[tuple[str, str, str, str]] = DEMO_USERS
) -> None:
    """Users and their role rows (`DEMO_USERS` by default; seeds/present.py adds its own)."""
    users, rules = table_of(User), table_of(CasbinRule)
    await conn.execute(
        insert(users).on_conflict_do_nothing(index_elements=["username"]),
        [{"username": u, "display_name": d} for u, d, _, _ in demo_users],
    )
    missing = (
        (
            await conn.execute(
                text(
                    "SELECT p FROM unnest(CAST(:paths AS text[])) p WHERE NOT EXISTS "
                    "(SELECT 1 FROM admin_units WHERE path = p::ltree)"
                ),
                {"paths": [path for *_, path in demo_users]},
            )
        )
        .scalars()
        .all()
    )
    if missing:
        raise RuntimeError(f"demo users point at units that do not exist: {missing}")
    await conn.execute(
        insert(rules).on_conflict_do_nothing(),
        [{"ptype": "g", "v0": u, "v1": r, "v2": p} for u, _, r, p in demo_users],
    )
    # Each demo person belongs to the unit of their role (where administrators find them).
    await conn.execute(
        text(
            "UPDATE users u SET home_unit_path = CAST(d.path AS ltree) "
            "FROM unnest(CAST(:names AS text[]), CAST(:paths AS text[])) AS d(name, path) "
            "WHERE u.username = d.name AND u.home_unit_path IS NULL"
        ),
        {"names": [u for u, *_ in demo_users], "paths": [p for *_, p in demo_users]},
    )
    await conn.execute(text(f"NOTIFY {POLICY_CHANNEL}"))
