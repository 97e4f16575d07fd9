"""The test template database is built once and then reused across runs while its inputs (the
migrations, the seed and what they import) are unchanged; any change rebuilds it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from core.config import PROJECT_ROOT
from db.urls import DatabaseUrls
from tests.support.databases import drop_database
from tests.support.template import (
    Template,
    ensure_template,
    fingerprint,
    python_closure,
    template_inputs,
)

TEMPLATE = "antq_test_template"


def _oid(server: DatabaseUrls, name: str) -> int | None:
    from tests.support.template import _dsn

    async def go() -> int | None:
        conn = await asyncpg.connect(_dsn(server, "postgres"))
        try:
            return await conn.fetchval("SELECT oid FROM pg_database WHERE datname = $1", name)
        finally:
            await conn.close()

    return asyncio.run(go())


def _never(urls: DatabaseUrls) -> None:
    raise AssertionError("the template was rebuilt although its inputs did not change")


def test_the_session_template_is_reused_when_its_inputs_did_not_change(
    template: Template, server_urls: DatabaseUrls
) -> None:
    before = _oid(server_urls, TEMPLATE)
    again = ensure_template(server_urls, TEMPLATE, fingerprint(template_inputs()), _never)
    assert again.reused
    assert again.fingerprint == template.fingerprint
    assert _oid(server_urls, TEMPLATE) == before  # the very same database, not a copy


def test_a_template_is_rebuilt_exactly_when_its_fingerprint_changes(
    server_urls: DatabaseUrls,
) -> None:
    name = "antq_template_cache_probe"
    builds: list[str] = []

    def build(urls: DatabaseUrls) -> None:
        builds.append(urls.owner)

    try:
        first = ensure_template(server_urls, name, "inputs-a", build)
        oid = _oid(server_urls, name)
        second = ensure_template(server_urls, name, "inputs-a", build)
        assert (first.reused, second.reused, len(builds)) == (False, True, 1)
        assert _oid(server_urls, name) == oid

        third = ensure_template(server_urls, name, "inputs-b", build)
        assert (third.reused, len(builds)) == (False, 2)
        assert _oid(server_urls, name) != oid
    finally:
        drop_database(server_urls, name)


def test_a_build_that_failed_half_way_is_not_reused(server_urls: DatabaseUrls) -> None:
    name = "antq_template_cache_broken"

    def broken(urls: DatabaseUrls) -> None:
        raise RuntimeError("seed failed")

    try:
        with pytest.raises(RuntimeError):
            ensure_template(server_urls, name, "inputs-a", broken)
        built: list[str] = []
        again = ensure_template(server_urls, name, "inputs-a", lambda urls: built.append("x"))
        assert not again.reused and built == ["x"]
    finally:
        drop_database(server_urls, name)


def test_the_inputs_are_the_migrations_the_seed_and_the_code_they_import() -> None:
    inputs = {
        str(p.relative_to(PROJECT_ROOT))
        for p in template_inputs()
        if p.is_relative_to(PROJECT_ROOT)
    }
    latest_migration = max(p.name for p in (PROJECT_ROOT / "migrations" / "versions").glob("0*.py"))
    assert f"migrations/versions/{latest_migration}" in inputs
    assert {"seeds/demo.py", "seeds/load.py", "authz/policy.csv", "db/bootstrap.py"} <= inputs
    assert "services/text.py" in inputs  # imported by seeds/load.py
    assert not any(name.startswith("tests/") for name in inputs)


def test_imports_are_followed_into_functions_and_packages(tmp_path: Path) -> None:
    """A lazy import inside a function feeds the template as much as one at the top."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "services").mkdir()
    (tmp_path / "seeds" / "entry.py").write_text(
        "import json\n\ndef load():\n    from services.rules import x\n    return x\n"
    )
    (tmp_path / "services" / "__init__.py").write_text("")
    (tmp_path / "services" / "rules.py").write_text("from services import helpers\nx = 1\n")
    (tmp_path / "services" / "helpers.py").write_text("y = 2\n")
    (tmp_path / "services" / "unrelated.py").write_text("z = 3\n")
    found = {
        p.relative_to(tmp_path).as_posix()
        for p in python_closure(tmp_path, [tmp_path / "seeds" / "entry.py"])
    }
    assert found == {
        "seeds/entry.py",
        "services/__init__.py",
        "services/rules.py",
        "services/helpers.py",
    }

    before = fingerprint(sorted(tmp_path.rglob("*.py")), tmp_path)
    (tmp_path / "services" / "helpers.py").write_text("y = 3\n")
    assert fingerprint(sorted(tmp_path.rglob("*.py")), tmp_path) != before
