"""Tally triggers plan each statement for the rows it gets (EXECUTE), not for the first call's.

PL/pgSQL prepares a static statement once per session and may keep a generic plan. The tally
triggers of 0011 join their transition tables: when the first call of a session saw empty
transition tables (the seed's `INSERT … ON CONFLICT DO UPDATE` that changed nothing, a 0-row
update), that plan was nested loops over "empty" tables, and the next statement — the seed's
`UPDATE admin_units SET parent_id` over ~14,000 rows — ran it: 22–24 s instead of under 2 s,
which made a fresh `./dev serve` take minutes. `EXECUTE` plans the statement on every call with
the transition tables as they are; planning costs well under a millisecond. Same bodies, same
sums, so the tallies stay exact (tests/db/test_rollup_tallies.py recounts them).

Revision ID: 0015_tally_triggers_execute
Revises: 0014_scope_once
Create Date: 2026-12-01
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0015_tally_triggers_execute"
down_revision: str | None = "0014_scope_once"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_spec = importlib.util.spec_from_file_location(
    "antq_migration_0011", Path(__file__).with_name("0011_rollup_tallies.py")
)
assert _spec is not None and _spec.loader is not None
_tallies = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tallies)


def _function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
        "SECURITY DEFINER SET search_path = public, pg_temp AS $fn$ BEGIN "
        f"{body} RETURN NULL; END $fn$"
    )


def upgrade() -> None:
    for function, _table, _event, _transition, body in _tallies.TRIGGERS:
        statements = [s for s in body.split(";\n") if s.strip()]
        dynamic = " ".join(f"EXECUTE $q${s}$q$;" for s in statements)
        op.execute(_function(function, dynamic))


def downgrade() -> None:
    # 0011's statement as 0011 wrote it, so the function's source is 0011's to the byte (the
    # round trip in tests/db/test_migrations.py compares pg_get_functiondef).
    for function, _table, _event, _transition, body in _tallies.TRIGGERS:
        op.execute(f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
            BEGIN {body}; RETURN NULL; END $fn$""")
