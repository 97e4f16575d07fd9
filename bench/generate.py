"""`./dev bench generate`: a deterministic national-scale dataset on top of the real hierarchy.

Creates (or recreates) the database `antq_bench` on the bench server, migrates it, loads the real
hierarchy (63 -> 34 provinces, ~10,000 -> 3,321 communes) and then, with a seeded RNG, ~100,000
residential areas and agencies/enterprises/schools and the yearly records of the domain, all
with COPY. Same seed, same data.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url
from tqdm import tqdm

from core.config import PROJECT_ROOT, Settings
from core.domain import UnitKind
from seeds.units import unit_label
from services.text import fold

BENCH_DB = "antq_bench"
REFORM = date(2025, 7, 1)
HAMLET_WORDS = ("Thôn", "Khu phố", "Tổ dân phố", "Ấp", "Bản")
ATTACHED = (
    (UnitKind.SCHOOL, "Trường THCS"),
    (UnitKind.AGENCY, "Cơ quan"),
    (UnitKind.ENTERPRISE, "Công ty TNHH"),
)


@dataclass
class Generator:
    conn: asyncpg.Connection
    rng: random.Random
    scale: float

    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    async def copy(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
        *,
        total: int,
        label: str,
        ltree: Sequence[str] = (),
    ) -> int:
        """COPY rows in batches; ltree columns go through a text staging table (binary COPY
        has no ltree codec)."""
        target = table
        if ltree:
            target = f"stage_{table}"
            cols = ", ".join(columns)
            await self.conn.execute(
                f"CREATE TEMP TABLE {target} AS SELECT {cols} FROM {table} WITH NO DATA"
            )
            for column in ltree:
                await self.conn.execute(f"ALTER TABLE {target} ALTER COLUMN {column} TYPE text")
        count = await self._copy(target, columns, rows, total=total, label=label)
        if ltree:
            cols = ", ".join(columns)
            select = ", ".join(f"{c}::ltree" if c in ltree else c for c in columns)
            # the demo seed may already hold a few of these rows (its scenarios): keep those
            status = await self.conn.execute(
                f"INSERT INTO {table} ({cols}) SELECT {select} FROM {target} ON CONFLICT DO NOTHING"
            )
            count = int(status.rsplit(" ", 1)[1])
            await self.conn.execute(f"DROP TABLE {target}")
        return count

    async def _copy(
        self,
        table: str,
        columns: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
        *,
        total: int,
        label: str,
    ) -> int:
        batch: list[tuple[Any, ...]] = []
        count = 0
        with tqdm(total=total, desc=label, unit="rows", leave=True) as bar:
            for row in rows:
                batch.append(row)
                if len(batch) >= 20_000:
                    await self.conn.copy_records_to_table(table, records=batch, columns=columns)
                    bar.update(len(batch))
                    count += len(batch)
                    batch = []
            if batch:
                await self.conn.copy_records_to_table(table, records=batch, columns=columns)
                bar.update(len(batch))
                count += len(batch)
        return count

    async def units(self) -> int:
        """Residential areas and attached units under every commune of both structures."""
        communes = await self.conn.fetch(
            "SELECT id, code, path::text AS path, valid_from, valid_to FROM admin_units "
            "WHERE kind = 'commune' ORDER BY path"
        )
        per_legacy, per_new = self.n(10), self.n(10)

        def rows() -> Iterable[tuple[Any, ...]]:
            for c in communes:
                count = per_new if c["valid_from"] == REFORM else per_legacy
                for i in range(1, count + 1):
                    word = self.rng.choice(HAMLET_WORDS)
                    code = f"{c['code']}-G{i:03d}"
                    yield _unit(c, UnitKind.RESIDENTIAL_AREA, code, word, f"{word} {i}")
                if self.rng.random() < 0.5:
                    kind, prefix = self.rng.choice(ATTACHED)
                    code = f"{c['code']}-A01"
                    yield _unit(c, kind, code, prefix, f"{prefix} {c['code']}")

        total = sum(per_new if c["valid_from"] == REFORM else per_legacy for c in communes)
        total += len(communes) // 2  # about one attached unit per two communes
        columns = (
            "code",
            "kind",
            "sub_kind",
            "name",
            "short_name",
            "search_text",
            "parent_id",
            "path",
            "valid_from",
            "valid_to",
        )
        return await self.copy(
            "admin_units",
            columns,
            rows(),
            total=total,
            label="residential areas, agencies",
            ltree=("path",),
        )

    async def assessments(self) -> int:
        """Ten years (2016-2025) of Circular 124 + Decision 510 results for every assessable
        unit, each year under the structure of that year: ~1.07 million rows, each holding
        both assessments (~2.1 million results)."""
        units = await self.conn.fetch(
            "SELECT id, path::text AS path, valid_from, valid_to FROM admin_units WHERE kind IN "
            "('commune','residential_area','agency','enterprise','school') ORDER BY path"
        )
        years = range(2016, 2026)

        def alive(u: asyncpg.Record, year: int) -> bool:
            day = date(year, 11, 1)
            return (u["valid_from"] is None or u["valid_from"] <= day) and (
                u["valid_to"] is None or u["valid_to"] >= day
            )

        total = sum(1 for u in units for y in years if alive(u, y))
        classes = ("xuat_sac", "kha", "trung_binh", "yeu")

        def rows() -> Iterable[tuple[Any, ...]]:
            rng = self.rng
            for u in units:
                for y in years:
                    if not alive(u, y):
                        continue
                    registered = rng.random() < 0.97
                    achieved = registered and rng.random() < 0.86
                    cls = rng.choices(classes, (25, 55, 17, 3))[0]
                    yield (
                        u["id"],
                        u["path"],
                        y,
                        registered,
                        achieved,
                        cls,
                        "bench",
                        date(y, 11, 1),
                        "bench-reviewer",
                        date(y, 11, 20),
                    )

        columns = (
            "unit_id",
            "unit_path",
            "year",
            "safety_registered",
            "safety_achieved",
            "classification",
            "entered_by",
            "entered_on",
            "confirmed_by",
            "confirmed_on",
        )
        return await self.copy(
            "assessments", columns, rows(), total=total, label="assessments", ltree=("unit_path",)
        )

    async def models(self) -> int:
        """~50,000 community models on communes, with yearly ratings since their founding."""
        communes = await self.conn.fetch(
            "SELECT id, path::text AS path, valid_from FROM admin_units WHERE kind = 'commune' "
            "ORDER BY path"
        )
        types = [r["id"] for r in await self.conn.fetch("SELECT id FROM model_types ORDER BY id")]
        per = self.n(4)
        records = []
        for c in communes:
            for i in range(self.rng.randint(max(1, per - 2), per + 2)):
                founded = (
                    date(2025, 7, 1)
                    if c["valid_from"]
                    else date(self.rng.randint(2016, 2024), 1, 15)
                )
                records.append(
                    (
                        c["id"],
                        c["path"],
                        self.rng.choice(types),
                        f"Mô hình {i + 1}",
                        self.rng.choice(("new", "maintained")),
                        founded,
                        "active",
                    )
                )
        count = await self.copy(
            "movement_models",
            ("unit_id", "unit_path", "model_type_id", "name", "origin", "founded_on", "status"),
            records,
            total=len(records),
            label="models",
            ltree=("unit_path",),
        )
        # Ratings: one per model per year since founding, in SQL (derived data, seeded RNG).
        await self.conn.execute("SELECT setseed(0.2025)")
        await self.conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        await self.conn.execute(
            """INSERT INTO model_ratings (unit_id, unit_path, model_id, year, rating, reviewer)
               SELECT m.unit_id, m.unit_path, m.id, y,
                      (ARRAY['tot','kha','kha','kha','trung_binh','yeu'])[1 + floor(random() * 6)],
                      'bench-reviewer'
               FROM movement_models m
               CROSS JOIN generate_series(extract(year FROM m.founded_on)::int, 2025) y
               WHERE m.name LIKE 'Mô hình %' ORDER BY m.id, y"""
        )
        return count

    async def targets(self) -> int:
        """Every province and district gets, per year 2023-2025, the target table that Thanh Hóa
        city received in seed 000 (its rows as templates), plus one progress report each."""
        await self.conn.execute("SELECT setseed(0.2023)")
        await self.conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        inserted = await self.conn.fetchval(
            """WITH template AS (
                   SELECT t.* FROM targets t WHERE t.unit_path = 'vn.p38.d380' AND t.year = 2023),
               owners AS (
                   SELECT id, path FROM admin_units
                   WHERE kind IN ('province', 'district') AND path <> 'vn.p38.d380'),
               made AS (
                 INSERT INTO targets (unit_id, unit_path, plan_id, year, category, stt, text,
                     quantity_kind, comparator, target_value, quantity, deadline_kind,
                     starts_on, due_on, deadline)
                 SELECT o.id, o.path, NULL, y, t.category, t.stt, t.text, t.quantity_kind,
                        t.comparator, t.target_value, t.quantity, t.deadline_kind,
                        t.starts_on + make_interval(years => y - 2023),
                        t.due_on + make_interval(years => y - 2023), t.deadline
                 FROM owners o CROSS JOIN generate_series(2023, 2025) y CROSS JOIN template t
                 ORDER BY o.path, y, t.stt
                 RETURNING id, unit_id, unit_path, target_value, due_on)
               , progress AS (
                 INSERT INTO target_progress (unit_id, unit_path, target_id, value, reported_by,
                                              reported_on)
                 SELECT unit_id, unit_path, id,
                        round(coalesce(target_value, 1) * (0.5 + random() * 0.7)),
                        'bench', due_on - 20
                 FROM made RETURNING 1)
               SELECT count(*) FROM progress"""
        )
        return int(inserted)

    async def campaigns(self) -> int:
        """A recognised typical-unit campaign for one commune of every district in 2024, with
        its 34 criterion results."""
        return int(
            await self.conn.fetchval(
                """WITH chosen AS (
                   SELECT DISTINCT ON (parent_id) id, path FROM admin_units
                   WHERE kind = 'commune' AND valid_to = DATE '2025-06-30'
                     AND NOT EXISTS (SELECT 1 FROM typical_campaigns c
                                     WHERE c.unit_id = admin_units.id AND c.year = 2024)
                   ORDER BY parent_id, path),
               cs AS (SELECT id FROM criteria_sets WHERE 'commune' = ANY(applies_to)
                      ORDER BY effective_from LIMIT 1),
               made AS (
                 INSERT INTO typical_campaigns (unit_id, unit_path, year, kind, criteria_set_id,
                     state, register_deadline, submit_deadline, registered_on, registered_by,
                     submitted_on, submitted_by, decided_on, decided_by)
                 SELECT ch.id, ch.path, 2024, 'build', cs.id, 'recognised', DATE '2024-03-30',
                        DATE '2024-10-25', DATE '2024-03-01', 'bench', DATE '2024-10-01',
                        'bench', DATE '2024-10-20', 'bench-reviewer'
                 FROM chosen ch CROSS JOIN cs RETURNING id, unit_id, unit_path, criteria_set_id),
               results AS (
                 INSERT INTO criterion_results (unit_id, unit_path, campaign_id, criterion_id,
                     declared_met, met, evidence, updated_by)
                 SELECT m.unit_id, m.unit_path, m.id, cr.id, true, true,
                        'Hồ sơ minh chứng tiêu chí ' || cr.code, 'bench'
                 FROM made m JOIN criteria cr ON cr.set_id = m.criteria_set_id RETURNING 1)
               SELECT count(*) FROM results"""
            )
        )


def _unit(
    parent: asyncpg.Record, kind: UnitKind, code: str, sub_kind: str, name: str
) -> tuple[Any, ...]:
    label = unit_label(kind, code, parent["valid_from"])
    return (
        code,
        kind.value,
        sub_kind,
        name,
        name,
        fold(name),
        parent["id"],
        f"{parent['path']}.{label}",
        parent["valid_from"],
        parent["valid_to"],
    )


Step = Callable[[Generator], Coroutine[Any, Any, int]]
STEPS: list[tuple[str, Step]] = [
    ("units", Generator.units),
    ("assessments", Generator.assessments),
    ("models", Generator.models),
    ("targets_with_progress", Generator.targets),
    ("criterion_results", Generator.campaigns),
]


async def generate(owner_dsn: str, *, seed: int, scale: float) -> dict[str, int]:
    conn = await asyncpg.connect(owner_dsn)
    try:
        generator = Generator(conn, random.Random(seed), scale)
        counts = {}
        for name, step in STEPS:
            started = time.perf_counter()
            async with conn.transaction():
                counts[name] = await step(generator)
            # Statistics after every bulk step, not only at the end: the next step reads what
            # this one wrote (units -> assessments -> models), and a planner that still believes
            # the 14,000 rows of the demo seed picks nested loops over 150,000.
            await conn.execute("ANALYZE")
            print(
                f"generate: {name}: {counts[name]:,} rows "
                f"({time.perf_counter() - started:.0f} s, then ANALYZE)",
                flush=True,
            )
        return counts
    finally:
        await conn.close()


def bench_urls(settings: Settings):  # type: ignore[no-untyped-def]
    from db.urls import resolve_database_urls

    return resolve_database_urls(settings).for_database(BENCH_DB)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="./dev bench generate")
    parser.add_argument("--seed", type=int, default=20251)
    parser.add_argument("--scale", type=float, default=1.0, help="0.1 for a quick try")
    args = parser.parse_args(argv)

    from api.bootstrap import prepare_database
    from tests.support.databases import recreate_database

    settings = Settings(embedded_pg_dir=PROJECT_ROOT / ".antq" / "bench-pgdata")
    from db.urls import resolve_database_urls

    server = resolve_database_urls(settings)
    urls = recreate_database(server, BENCH_DB)
    start = time.perf_counter()
    prepare_database(urls, settings, seed="always")
    dsn = make_url(urls.owner).set(drivername="postgresql").render_as_string(hide_password=False)
    counts = asyncio.run(generate(dsn, seed=args.seed, scale=args.scale))
    print(f"generated {counts} in {time.perf_counter() - start:.0f} s into {BENCH_DB}")
