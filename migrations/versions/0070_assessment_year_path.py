"""A btree index on assessments (year, unit_path) for the national page of a year's assessments.

`assessment_page` (db/queries/evaluations.py) lists one year's assessments under a unit in path
order, a page at a time. For a national caller the scope filter is left out (it cannot narrow,
db/queries/scope.py) and `unit_path <@ 'vn'` matches every row, so the only indexes were the
GiST path index (every entry, then a sort) and `ix_assessments_year` (every row of the year, then
a sort). With (year, unit_path) the page is read in order from the year's first path after the
cursor and stops at the page's end. (year alone is its prefix, so ix_assessments_year is kept
only for what already relies on it; it could go.)

Revision ID: 0070_assessment_year_path
Revises: 0030_plan_schedules
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0070_assessment_year_path"
down_revision: str | None = "0030_plan_schedules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_assessments_year_unit_path", "assessments", ["year", "unit_path"])


def downgrade() -> None:
    op.drop_index("ix_assessments_year_unit_path", table_name="assessments")
