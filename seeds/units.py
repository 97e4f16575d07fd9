"""The real administrative hierarchy, from the `vietnamadminunits` data package.

Two structures are loaded side by side: the legacy three tiers (63 provinces, districts, ~10,000
communes) valid until 30/06/2025, and the 2025 two tiers (34 provinces, 3,321 communes) valid from
01/07/2025, linked by the package's official old -> new commune map. Provinces that were not merged
keep one row across both periods. Paths come from official codes only (ltree labels cannot hold
Vietnamese names).
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

from core.domain import KIND_LETTER, UnitKind
from services.text import nfc

REFORM_DAY = date(2025, 7, 1)
LEGACY_LAST_DAY = date(2025, 6, 30)
DONG_SON_MERGED = date(2025, 1, 1)
NATION_PATH = "vn"


@dataclass(frozen=True, slots=True)
class UnitRecord:
    path: str
    parent_path: str | None
    code: str
    kind: UnitKind
    sub_kind: str | None
    name: str
    short_name: str
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class SuccessionRecord:
    predecessor_path: str
    successor_path: str
    effective_on: date
    reason: str


def unit_label(kind: UnitKind, code: str, valid_from: date | None = None) -> str:
    """Kind letter + code, + start date for later incarnations (codes are reused after merges)."""
    label = KIND_LETTER[kind] + re.sub(r"[^A-Za-z0-9]", "_", code)
    return f"{label}_{valid_from:%Y%m%d}" if valid_from else label


def _sub_kind(full_name: str, candidates: tuple[str, ...]) -> str:
    return next((c for c in candidates if full_name.startswith(c + " ")), candidates[-1])


PROVINCE_TYPES = ("Thành phố", "Tỉnh")


def _dataset() -> tuple[sqlite3.Connection, dict[str, Any]]:
    base = files("vietnamadminunits") / "data"
    conn = sqlite3.connect(f"file:{base / 'dataset.db'}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    converter = json.loads((base / "converter_2025.json").read_text(encoding="utf-8"))
    return conn, converter


def _dong_son() -> list[dict[str, str]]:
    path = Path(str(files("seeds") / "data" / "dong_son_2024.csv"))
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def build_hierarchy() -> tuple[list[UnitRecord], list[SuccessionRecord]]:
    """Every unit incarnation and succession link, parents listed before their children."""
    conn, converter = _dataset()
    units: list[UnitRecord] = [
        UnitRecord(NATION_PATH, None, "VN", UnitKind.NATION, None, "Việt Nam", "Việt Nam")
    ]
    successions: list[SuccessionRecord] = []

    unchanged = {new for new, olds in converter["DICT_PROVINCE"].items() if olds == [new]}
    legacy = conn.execute(
        "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    ).fetchall()
    new = conn.execute("SELECT * FROM admin_units ORDER BY provinceCode, wardCode").fetchall()

    # -- legacy provinces; unmerged ones live on unchanged ---------------------------------------
    province_path: dict[str, str] = {}  # legacy provinceKey -> path
    for row in _distinct(legacy, "provinceKey"):
        keeps = row["provinceKey"] in unchanged
        path = f"{NATION_PATH}.{unit_label(UnitKind.PROVINCE, row['provinceCode'])}"
        province_path[row["provinceKey"]] = path
        units.append(
            UnitRecord(
                path,
                NATION_PATH,
                row["provinceCode"],
                UnitKind.PROVINCE,
                _sub_kind(row["province"], PROVINCE_TYPES),
                nfc(row["province"]),
                nfc(row["provinceShort"]),
                None,
                None if keeps else LEGACY_LAST_DAY,
            )
        )

    # -- legacy districts and communes, with Đông Sơn restored ------------------------------------
    district_path: dict[tuple[str, str], str] = {}
    commune_path: dict[str, str] = {}  # "province_district_ward" key -> path
    for row in _distinct(legacy, "provinceKey", "districtKey"):
        parent = province_path[row["provinceKey"]]
        path = f"{parent}.{unit_label(UnitKind.DISTRICT, row['districtCode'])}"
        district_path[(row["provinceKey"], row["districtKey"])] = path
        units.append(
            UnitRecord(
                path,
                parent,
                row["districtCode"],
                UnitKind.DISTRICT,
                row["districtType"],
                nfc(row["district"]),
                nfc(_strip_paren(row["districtShort"])),
                None,
                LEGACY_LAST_DAY,
            )
        )
    dong_son = {r["code"]: r for r in _dong_son()}
    th_path = province_path["tinhthanhhoa"]
    dong_son_path = f"{th_path}.{unit_label(UnitKind.DISTRICT, '405')}"
    units.append(
        UnitRecord(
            dong_son_path,
            th_path,
            "405",
            UnitKind.DISTRICT,
            "Huyện",
            "Huyện Đông Sơn",
            "Đông Sơn",
            None,
            DONG_SON_MERGED.replace(year=2024, month=12, day=31),
        )
    )
    successions.append(
        SuccessionRecord(
            dong_son_path,
            f"{th_path}.{unit_label(UnitKind.DISTRICT, '380')}",
            DONG_SON_MERGED,
            "merge",
        )
    )
    for row in legacy:
        if not row["wardCode"]:
            continue
        parent = district_path[(row["provinceKey"], row["districtKey"])]
        code = row["wardCode"]
        valid_from = None
        if code in dong_son and row["districtCode"] == "380":
            ds = dong_son[code]
            old_path = f"{dong_son_path}.{unit_label(UnitKind.COMMUNE, code)}"
            units.append(
                UnitRecord(
                    old_path,
                    dong_son_path,
                    code,
                    UnitKind.COMMUNE,
                    ds["sub_kind"],
                    f"{ds['sub_kind']} {ds['short_name']}",
                    ds["short_name"],
                    None,
                    date(2024, 12, 31),
                )
            )
            valid_from = DONG_SON_MERGED
        path = f"{parent}.{unit_label(UnitKind.COMMUNE, code, valid_from)}"
        if valid_from:
            successions.append(SuccessionRecord(old_path, path, DONG_SON_MERGED, "transfer"))
        commune_path[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"] = path
        units.append(
            UnitRecord(
                path,
                parent,
                code,
                UnitKind.COMMUNE,
                row["wardType"],
                nfc(row["ward"]),
                nfc(row["wardShort"]),
                valid_from,
                LEGACY_LAST_DAY,
            )
        )

    # -- 2025 provinces and communes ------------------------------------------------------------
    new_province_path: dict[str, str] = {}
    for row in _distinct(new, "provinceKey"):
        key = row["provinceKey"]
        if key in unchanged:
            new_province_path[key] = province_path[key]
            continue
        path = f"{NATION_PATH}.{unit_label(UnitKind.PROVINCE, row['provinceCode'], REFORM_DAY)}"
        new_province_path[key] = path
        units.append(
            UnitRecord(
                path,
                NATION_PATH,
                row["provinceCode"],
                UnitKind.PROVINCE,
                _sub_kind(row["province"], PROVINCE_TYPES),
                nfc(row["province"]),
                nfc(row["provinceShort"]),
                REFORM_DAY,
                None,
            )
        )
        for old in converter["DICT_PROVINCE"][key]:
            successions.append(SuccessionRecord(province_path[old], path, REFORM_DAY, "merge"))
    new_commune_path: dict[tuple[str, str], str] = {}
    for row in new:
        parent = new_province_path[row["provinceKey"]]
        path = f"{parent}.{unit_label(UnitKind.COMMUNE, row['wardCode'], REFORM_DAY)}"
        new_commune_path[(row["provinceKey"], row["wardKey"])] = path
        units.append(
            UnitRecord(
                path,
                parent,
                row["wardCode"],
                UnitKind.COMMUNE,
                row["wardType"],
                nfc(row["ward"]),
                nfc(row["wardShort"]),
                REFORM_DAY,
                None,
            )
        )
    successions.extend(_commune_successions(converter, commune_path, new_commune_path))
    conn.close()
    return units, _unique(successions)


def _commune_successions(
    converter: dict[str, Any], old: dict[str, str], new: dict[tuple[str, str], str]
) -> Iterator[SuccessionRecord]:
    for province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_key, old_keys in wards.items():
            successor = new.get((province, new_key))
            for old_key in old_keys:
                if successor and old_key in old:
                    yield SuccessionRecord(old[old_key], successor, REFORM_DAY, "reform")
    for province, splits in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in splits.items():
            for target in targets:
                successor = new.get((province, target["newWardKey"]))
                if successor and old_key in old:
                    yield SuccessionRecord(old[old_key], successor, REFORM_DAY, "split")


def _distinct(rows: list[sqlite3.Row], *keys: str) -> Iterator[sqlite3.Row]:
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        key = tuple(row[k] for k in keys)
        if key not in seen:
            seen.add(key)
            yield row


def _unique(items: list[SuccessionRecord]) -> list[SuccessionRecord]:
    seen: dict[tuple[str, str], SuccessionRecord] = {}
    for item in items:
        seen.setdefault((item.predecessor_path, item.successor_path), item)
    return list(seen.values())


def _strip_paren(name: str) -> str:
    """The package disambiguates "Cao Lãnh (Huyện)" / "Cao Lãnh (Thành phố)"; the name has no such
    suffix, the full name ("Huyện Cao Lãnh") already tells them apart."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name)
