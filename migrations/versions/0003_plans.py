"""Plans (with tasks and reporting deadlines), targets with progress, and models with ratings.

Every tenant table carries `unit_id` and a copy of the unit's `unit_path` (GiST-indexed) and is
filtered by the same row-level-security policy as the hierarchy. The model-type catalogue is
global reference data: no RLS, read-only for the app role.

A task or reporting deadline belongs to the unit that must act on it (a district for "report
before 30/3"), not to the issuing unit: that is what lets a district officer see the deadlines a
province plan set for them without seeing the province's plan itself.

Revision ID: 0003_plans
Revises: 0002_authorization
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_plans"
down_revision: str | None = "0002_authorization"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"
TENANT_TABLES = (
    "plans",
    "plan_tasks",
    "plan_deadlines",
    "targets",
    "target_progress",
    "movement_models",
    "model_ratings",
)
TENANT = """
    unit_id bigint NOT NULL REFERENCES admin_units(id) ON DELETE RESTRICT,
    unit_path ltree NOT NULL,
"""
STAMPS = """
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
"""


def upgrade() -> None:
    op.execute(f"""
    CREATE TABLE plans (
        id bigserial CONSTRAINT pk_plans PRIMARY KEY,
        {TENANT}
        ref_key text CONSTRAINT uq_plans_ref_key UNIQUE,
        number text,
        kind text NOT NULL CONSTRAINT ck_plans_kind
            CHECK (kind IN ('plan','programme','guidance','decision','official_letter')),
        title text NOT NULL CONSTRAINT ck_plans_title_nfc CHECK (title = normalize(title, NFC)),
        issuing_body text NOT NULL,
        issued_on date,
        year integer NOT NULL CONSTRAINT ck_plans_year CHECK (year BETWEEN 2000 AND 2100),
        status text NOT NULL CONSTRAINT ck_plans_status
            CHECK (status IN ('draft','issued','superseded')),
        objectives text,
        cited_documents text[] NOT NULL DEFAULT '{{}}',
        parent_id bigint REFERENCES plans(id) ON DELETE SET NULL,
        supersedes_id bigint REFERENCES plans(id) ON DELETE SET NULL,
        subordinate_plans_due date,
        created_by text NOT NULL DEFAULT '',
        {STAMPS}
    )""")
    op.execute(f"""
    CREATE TABLE plan_tasks (
        id bigserial CONSTRAINT pk_plan_tasks PRIMARY KEY,
        {TENANT}
        plan_id bigint NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        position integer NOT NULL,
        assignee text NOT NULL,
        description text NOT NULL,
        due_on date,
        completed_on date,
        {STAMPS},
        CONSTRAINT uq_plan_tasks_line UNIQUE (plan_id, unit_id, position)
    )""")
    op.execute(f"""
    CREATE TABLE plan_deadlines (
        id bigserial CONSTRAINT pk_plan_deadlines PRIMARY KEY,
        {TENANT}
        plan_id bigint NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        kind text NOT NULL CONSTRAINT ck_plan_deadlines_kind
            CHECK (kind IN ('implementation','six_month','annual','ad_hoc','recognition')),
        due_on date NOT NULL,
        note text,
        completed_on date,
        {STAMPS},
        CONSTRAINT uq_plan_deadlines_line UNIQUE (plan_id, unit_id, kind, due_on)
    )""")
    op.execute(f"""
    CREATE TABLE targets (
        id bigserial CONSTRAINT pk_targets PRIMARY KEY,
        {TENANT}
        plan_id bigint REFERENCES plans(id) ON DELETE CASCADE,
        year integer NOT NULL,
        category text NOT NULL,
        stt text NOT NULL,
        text text NOT NULL,
        quantity_kind text NOT NULL CONSTRAINT ck_targets_quantity_kind
            CHECK (quantity_kind IN ('count','percent','named_list','text')),
        comparator text,
        target_value numeric,
        quantity jsonb NOT NULL,
        deadline_kind text NOT NULL,
        starts_on date,
        due_on date NOT NULL,
        deadline jsonb NOT NULL,
        achieved numeric,
        achieved_on date,
        {STAMPS},
        CONSTRAINT ck_targets_window CHECK (starts_on IS NULL OR starts_on <= due_on),
        CONSTRAINT ck_targets_percent CHECK (quantity_kind <> 'percent'
            OR target_value BETWEEN 0 AND 100),
        CONSTRAINT uq_targets_line UNIQUE (plan_id, unit_id, stt)
    )""")
    op.execute(f"""
    CREATE TABLE target_progress (
        id bigserial CONSTRAINT pk_target_progress PRIMARY KEY,
        {TENANT}
        target_id bigint NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
        value numeric NOT NULL,
        note text,
        evidence text[] NOT NULL DEFAULT '{{}}',
        reported_by text NOT NULL,
        reported_on date NOT NULL,
        reported_at timestamptz NOT NULL DEFAULT now()
    )""")
    op.execute("""
    CREATE TABLE model_types (
        id bigserial CONSTRAINT pk_model_types PRIMARY KEY,
        code text NOT NULL CONSTRAINT uq_model_types_code UNIQUE,
        name text NOT NULL CONSTRAINT ck_model_types_name_nfc CHECK (name = normalize(name, NFC)),
        created_at timestamptz NOT NULL DEFAULT now()
    )""")
    op.execute(f"""
    CREATE TABLE movement_models (
        id bigserial CONSTRAINT pk_movement_models PRIMARY KEY,
        {TENANT}
        model_type_id bigint NOT NULL REFERENCES model_types(id) ON DELETE RESTRICT,
        name text NOT NULL,
        origin text NOT NULL CONSTRAINT ck_movement_models_origin
            CHECK (origin IN ('new','maintained')),
        founded_on date,
        status text NOT NULL CONSTRAINT ck_movement_models_status
            CHECK (status IN ('active','merged','wound_up')),
        ended_on date,
        merged_into_id bigint REFERENCES movement_models(id) ON DELETE SET NULL,
        ref_key text CONSTRAINT uq_movement_models_ref_key UNIQUE,
        {STAMPS}
    )""")
    op.execute(f"""
    CREATE TABLE model_ratings (
        id bigserial CONSTRAINT pk_model_ratings PRIMARY KEY,
        {TENANT}
        model_id bigint NOT NULL REFERENCES movement_models(id) ON DELETE CASCADE,
        year integer NOT NULL,
        rating text NOT NULL CONSTRAINT ck_model_ratings_rating
            CHECK (rating IN ('tot','kha','trung_binh','yeu')),
        reviewer text NOT NULL,
        note text,
        {STAMPS},
        CONSTRAINT uq_model_ratings_year UNIQUE (model_id, year)
    )""")
    for table in TENANT_TABLES:
        op.execute(f"CREATE INDEX ix_{table}_unit_path_gist ON {table} USING gist (unit_path)")
        op.execute(f"CREATE INDEX ix_{table}_unit ON {table} (unit_id)")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_scope ON {table} USING (unit_path <@ ANY(antq_scope())) "
            f"WITH CHECK (unit_path <@ ANY(antq_scope()))"
        )
        op.execute(f"GRANT SELECT, INSERT, UPDATE ON {table} TO {APP_ROLE}")
        op.execute(f"GRANT USAGE ON SEQUENCE {table}_id_seq TO {APP_ROLE}")
    op.execute("CREATE INDEX ix_plans_parent ON plans (parent_id)")
    op.execute("CREATE INDEX ix_plan_tasks_plan ON plan_tasks (plan_id)")
    op.execute("CREATE INDEX ix_plan_deadlines_plan ON plan_deadlines (plan_id)")
    op.execute("CREATE INDEX ix_targets_plan ON targets (plan_id)")
    op.execute("CREATE INDEX ix_targets_year_due ON targets (year, due_on)")
    op.execute("CREATE INDEX ix_target_progress_target ON target_progress (target_id, id)")
    op.execute("CREATE INDEX ix_model_ratings_year ON model_ratings (year)")
    op.execute(f"GRANT SELECT ON model_types TO {APP_ROLE}")

    # The one definition of a target's status, used by every query (lists, rollups, calendar).
    # A stated number is a minimum to reach ("02 văn bản", "100%"), so `eq` is read as >=;
    # a target we could not type (text) is met when progress reports it done (value >= 1).
    # Past the due day and not met: `overdue` while the plan's year runs (a late report still
    # counts for the year's assessment), `missed` once the year is over.
    op.execute("""
    CREATE FUNCTION antq_target_status(comparator text, target numeric, achieved numeric,
                                       due date, year integer, today date)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN achieved IS NOT NULL AND CASE comparator
            WHEN 'gt' THEN achieved > target
            WHEN 'lte' THEN achieved <= target
            WHEN 'lt' THEN achieved < target
            ELSE achieved >= COALESCE(target, 1) END THEN 'met'
        WHEN today > due AND today > make_date(year, 12, 31) THEN 'missed'
        WHEN today > due THEN 'overdue'
        WHEN due - today <= 14 THEN 'due_soon'
        ELSE 'on_track' END
    $$""")
    op.execute(
        f"GRANT EXECUTE ON FUNCTION antq_target_status(text, numeric, numeric, date, "
        f"integer, date) TO {APP_ROLE}"
    )
    # A district implements its province's plan without being able to read it: the service asks
    # only "is plan X issued on an ancestor of my unit?" (the path, never the row), past RLS.
    op.execute("""
    CREATE FUNCTION antq_plan_path(plan_id bigint) RETURNS ltree
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT unit_path FROM plans WHERE id = plan_id
    $$""")
    op.execute("REVOKE ALL ON FUNCTION antq_plan_path(bigint) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION antq_plan_path(bigint) TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP FUNCTION antq_plan_path(bigint)")
    op.execute("DROP FUNCTION antq_target_status(text, numeric, numeric, date, integer, date)")
    for table in (
        "model_ratings",
        "movement_models",
        "model_types",
        "target_progress",
        "targets",
        "plan_deadlines",
        "plan_tasks",
        "plans",
    ):
        op.execute(f"DROP TABLE {table}")
