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

from api.settings import PROJECT_ROOT, Settings
from db.models.units import UnitKind
from seeds.units import unit_label
from services.text import fold

BENCH_DB = "antq_bench"
REFORM = date(2025, 7, 1)
HAMLET_WORDS = ("Thôn", "Khu phố", "Tổ dân phố", "Ấp", "Bản")
ATTACHED = ((UnitKind.SCHOOL, "Trường THCS"), (UnitKind.AGENCY, "Cơ quan"),
            (UnitKind.ENTERPRISE, "Công ty TNHH"))


@dataclass
class Generator:
    conn: asyncpg.Connection
    rng: random.Random
    scale: float

    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    async def copy(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]],
                   *, total: int, label: str, ltree: Sequence[str] = ()) -> int:
        """COPY rows in batches; ltree columns go through a text staging table (binary COPY
        has no ltree codec)."""
        target = table
        if ltree:
            target = f"stage_{table}"
            cols = ", ".join(columns)
            await self.conn.execute(f"CREATE TEMP TABLE {target} AS SELECT {cols} FROM {table} "
                                    "WITH NO DATA")
            for column in ltree:
                await self.conn.execute(f"ALTER TABLE {target} ALTER COLUMN {column} TYPE text")
        count = await self._copy(target, columns, rows, total=total, label=label)
        if ltree:
            cols = ", ".join(columns)
            select = ", ".join(f"{c}::ltree" if c in ltree else c for c in columns)
            await self.conn.execute(f"INSERT INTO {table} ({cols}) SELECT {select} FROM {target}")
            await self.conn.execute(f"DROP TABLE {target}")
        return count

    async def _copy(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]],
                    *, total: int, label: str) -> int:
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
            "WHERE kind = 'commune' ORDER BY path")
        per_legacy, per_new = self.n(6), self.n(10)

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
        columns = ("code", "kind", "sub_kind", "name", "short_name", "search_text", "parent_id",
                   "path", "valid_from", "valid_to")
        return await self.copy("admin_units", columns, rows(), total=total,
                               label="residential areas, agencies", ltree=("path",))


def _unit(parent: asyncpg.Record, kind: UnitKind, code: str, sub_kind: str,
          name: str) -> tuple[Any, ...]:
    label = unit_label(kind, code, parent["valid_from"])
    return (code, kind.value, sub_kind, name, name, fold(name), parent["id"],
            f"{parent['path']}.{label}", parent["valid_from"], parent["valid_to"])


Step = Callable[[Generator], Coroutine[Any, Any, int]]
STEPS: list[tuple[str, Step]] = [("units", Generator.units)]


async def generate(owner_dsn: str, *, seed: int, scale: float) -> dict[str, int]:
    conn = await asyncpg.connect(owner_dsn)
    try:
        generator = Generator(conn, random.Random(seed), scale)
        counts = {}
        for name, step in STEPS:
            async with conn.transaction():
                counts[name] = await step(generator)
        await conn.execute("ANALYZE")
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

    from db.bootstrap import prepare_database
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
