"""province_key: the future Citus distribution column, derived from the unit path.

docs/scaling.md distributes every tenant table by province. The key is the first two labels of
the path (`vn.p38`; the nation's own rows get `vn`), a stored generated column: PostgreSQL
computes it on every insert and update, so no code path can write a wrong one, and it costs
one short ltree per row. The composite primary keys Citus would also need are left for the
move itself (they touch every foreign key).

Revision ID: 0010_province_key
Revises: 0004_evaluations
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010_province_key"
down_revision: str | None = "0004_evaluations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, its path column): every table whose rows belong to a unit.
PATH_COLUMNS = (
    ("admin_units", "path"),
    ("audit_log", "unit_path"),
    ("plans", "unit_path"),
    ("plan_tasks", "unit_path"),
    ("plan_deadlines", "unit_path"),
    ("targets", "unit_path"),
    ("target_progress", "unit_path"),
    ("movement_models", "unit_path"),
    ("model_ratings", "unit_path"),
    ("typical_campaigns", "unit_path"),
    ("campaign_events", "unit_path"),
    ("criterion_results", "unit_path"),
    ("campaign_documents", "unit_path"),
    ("assessments", "unit_path"),
)


def upgrade() -> None:
    for table, column in PATH_COLUMNS:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN province_key ltree NOT NULL "
            f"GENERATED ALWAYS AS (subpath({column}, 0, least(nlevel({column}), 2))) STORED"
        )


def downgrade() -> None:
    for table, _column in reversed(PATH_COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN province_key")
