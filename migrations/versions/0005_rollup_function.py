"""antq_rollup_current: the assessment rollup of a subtree, planned without nested loops.

Every ltree `<@` (the subtree, the caller's scope, the row-level-security policy) is estimated
at a fixed small selectivity, so a 75,000-unit subtree is planned as one row and each assessment
fetched by a nested loop (0.5 s for the nation). A function can carry `SET enable_nestloop = off`
for its own statement: still one round-trip, still SECURITY INVOKER (row-level security applies
to the caller as for any query).

Revision ID: 0005_rollup_function
Revises: 0004_evaluations
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_rollup_function"
down_revision: str | None = "0004_evaluations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"


def upgrade() -> None:
    op.execute(
        """
CREATE FUNCTION antq_rollup_current(
    p_root_id bigint, p_root_path ltree, p_year integer, p_as_of date, p_year_start date,
    p_year_end date, p_kinds text[], p_scope ltree[])
RETURNS TABLE (is_total boolean, id bigint, code text, kind text, sub_kind text, name text,
               short_name text, path text, parent_id bigint, valid_from date, valid_to date,
               version integer, units bigint, assessed bigint, registered bigint, safe bigint,
               good_or_excellent bigint, typical_registered bigint, typical_recognised bigint)
LANGUAGE sql STABLE SECURITY INVOKER
SET enable_nestloop = off
AS $$
WITH data AS (
    SELECT CASE WHEN nlevel(u.path) > nlevel(p_root_path)
                THEN subpath(u.path, 0, nlevel(p_root_path) + 1) END AS child_path,
           x.id AS assessment_id, x.safety_registered, x.safety_achieved, x.classification,
           t.state AS campaign_state
    FROM admin_units u
    LEFT JOIN assessments x ON x.unit_id = u.id AND x.year = p_year
    LEFT JOIN typical_campaigns t ON t.unit_id = u.id AND t.year = p_year
    WHERE u.path <@ p_root_path
      AND u.kind = ANY(p_kinds)
      AND (u.valid_from IS NULL OR u.valid_from <= p_as_of)
      AND (u.valid_to IS NULL OR u.valid_to >= p_as_of)
      AND (u.valid_from IS NULL OR u.valid_from <= p_year_end)
      AND (u.valid_to IS NULL OR u.valid_to >= p_year_start)
      AND u.path <@ ANY(p_scope)
),
per_child AS (
    SELECT d.child_path,
           count(*) AS units,
           count(*) FILTER (WHERE d.assessment_id IS NOT NULL) AS assessed,
           count(*) FILTER (WHERE d.safety_registered) AS registered,
           count(*) FILTER (WHERE d.safety_achieved) AS safe,
           count(*) FILTER (WHERE d.classification IN ('xuat_sac', 'kha')) AS good_or_excellent,
           count(*) FILTER (WHERE d.campaign_state IS NOT NULL) AS typical_registered,
           count(*) FILTER (WHERE d.campaign_state = 'recognised') AS typical_recognised
    FROM data d GROUP BY d.child_path
)
SELECT false, c.id, c.code, c.kind, c.sub_kind, c.name, c.short_name, c.path::text, c.parent_id,
       c.valid_from, c.valid_to, c.version,
       coalesce(s.units, 0), coalesce(s.assessed, 0), coalesce(s.registered, 0),
       coalesce(s.safe, 0), coalesce(s.good_or_excellent, 0), coalesce(s.typical_registered, 0),
       coalesce(s.typical_recognised, 0)
FROM admin_units c LEFT JOIN per_child s ON s.child_path = c.path
WHERE c.parent_id = p_root_id
  AND (c.valid_from IS NULL OR c.valid_from <= p_as_of)
  AND (c.valid_to IS NULL OR c.valid_to >= p_as_of)
  AND c.path <@ ANY(p_scope)
UNION ALL
SELECT true, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       coalesce(sum(s.units), 0)::bigint, coalesce(sum(s.assessed), 0)::bigint,
       coalesce(sum(s.registered), 0)::bigint, coalesce(sum(s.safe), 0)::bigint,
       coalesce(sum(s.good_or_excellent), 0)::bigint,
       coalesce(sum(s.typical_registered), 0)::bigint,
       coalesce(sum(s.typical_recognised), 0)::bigint
FROM per_child s
$$"""
    )
    op.execute(f"GRANT EXECUTE ON FUNCTION antq_rollup_current(bigint, ltree, integer, date, "
               f"date, date, text[], ltree[]) TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP FUNCTION antq_rollup_current(bigint, ltree, integer, date, date, date, "
               "text[], ltree[])")
