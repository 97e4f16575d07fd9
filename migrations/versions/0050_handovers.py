"""Obligations handed over to successor units: the work of a unit that ends mid-year.

When a unit ends (the districts and old communes on 30/06/2025), its open reporting deadlines,
tasks, targets and typical-unit campaigns pass to its successors along `unit_successions`
(services/handover.py; the rule is in the README). The original row stays as history, marked
with the day it was handed over (`handed_over_on`, so it is no longer pending or overdue); the
successor's row names the rows it came from (`carried_from`, ids in the same table: a merge
has several). No new table, so no new RLS policy: the rows stay in their tenant tables.

Revision ID: 0050_handovers
Revises: 0015_tally_triggers_execute
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0050_handovers"
down_revision: str | None = "0040_evaluation_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("plan_deadlines", "plan_tasks", "targets", "typical_campaigns")


def upgrade() -> None:
    for table in TABLES:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN handed_over_on date, "
            f"ADD COLUMN carried_from bigint[] NOT NULL DEFAULT '{{}}'"
        )
        op.execute(
            f"COMMENT ON COLUMN {table}.handed_over_on IS 'the day this obligation "
            f"passed to the successors of its unit (NULL: still its own)'"
        )
        op.execute(
            f"COMMENT ON COLUMN {table}.carried_from IS 'ids of the predecessors'' "
            f"rows this one took over'"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN carried_from, DROP COLUMN handed_over_on")
