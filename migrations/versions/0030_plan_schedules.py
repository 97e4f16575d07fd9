"""Rules as data of plans: schedules (typed date rules with their wording), quotas of typical
units, deadline extensions granted by the level above, completion and withdrawal of tasks,
reporting deadlines and targets, and the "late" mark of campaign steps.

Before this, the registration, dossier and assessment-entry dates were constants in services/;
now each plan states them (issue 14) and the governing rule is looked up through the cascade.

Revision ID: 0030_plan_schedules
Revises: 0015_tally_triggers_execute
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0030_plan_schedules"
down_revision: str | None = "0016_unit_code_exclusion_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"
NEW_TABLES = ("plan_schedule_rules", "plan_quotas", "campaign_extensions")
SCOPE = "unit_path <@ ANY (ARRAY(SELECT unnest(antq_scope())))"
TENANT = """
    unit_id bigint NOT NULL REFERENCES admin_units(id) ON DELETE RESTRICT,
    unit_path ltree NOT NULL,
    province_key ltree NOT NULL
        GENERATED ALWAYS AS (subpath(unit_path, 0, least(nlevel(unit_path), 2))) STORED,
"""
STAMPS = """
    version integer NOT NULL DEFAULT 1,
    created_by text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
"""
STEPS = (
    "'typical_registration','unit_plan','six_month_report','annual_report',"
    "'dossier_submission','recognition','assessment_entry','decision510_report',"
    "'implementation_report'"
)


def upgrade() -> None:
    op.execute(f"""
    CREATE TABLE plan_schedule_rules (
        id bigserial CONSTRAINT pk_plan_schedule_rules PRIMARY KEY,
        {TENANT}
        plan_id bigint NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        step text NOT NULL CONSTRAINT ck_plan_schedule_rules_step CHECK (step IN ({STEPS})),
        unit_kind text CONSTRAINT ck_plan_schedule_rules_unit_kind CHECK (unit_kind IS NULL OR
            unit_kind IN ('residential_area','commune','agency','enterprise','school')),
        wording text NOT NULL,
        rule jsonb NOT NULL,
        due_on date NOT NULL,
        starts_on date,
        every_year boolean NOT NULL DEFAULT false,
        late_allowed boolean NOT NULL DEFAULT false,
        source_note text,
        withdrawn_on date,
        withdrawn_reason text,
        {STAMPS}
    )""")
    op.execute("""CREATE UNIQUE INDEX uq_plan_schedule_rules_step ON plan_schedule_rules
        (plan_id, step, coalesce(unit_kind, '')) WHERE withdrawn_on IS NULL""")
    op.execute("CREATE INDEX ix_plan_schedule_rules_plan ON plan_schedule_rules (plan_id)")
    op.execute(f"""
    CREATE TABLE plan_quotas (
        id bigserial CONSTRAINT pk_plan_quotas PRIMARY KEY,
        {TENANT}
        plan_id bigint NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        addressee text NOT NULL CONSTRAINT ck_plan_quotas_addressee
            CHECK (addressee IN ('each_child','issuer')),
        unit_kinds text[] NOT NULL CONSTRAINT ck_plan_quotas_kinds
            CHECK (cardinality(unit_kinds) > 0 AND unit_kinds <@ ARRAY['xa','phuong_thi_tran',
                'dac_khu','agency','enterprise','school']::text[]),
        minimum integer NOT NULL CONSTRAINT ck_plan_quotas_minimum CHECK (minimum > 0),
        measure text NOT NULL CONSTRAINT ck_plan_quotas_measure
            CHECK (measure IN ('registered','recognised')),
        wording text NOT NULL,
        every_year boolean NOT NULL DEFAULT false,
        withdrawn_on date,
        withdrawn_reason text,
        {STAMPS}
    )""")
    op.execute("CREATE INDEX ix_plan_quotas_plan ON plan_quotas (plan_id)")
    op.execute(f"""
    CREATE TABLE campaign_extensions (
        id bigserial CONSTRAINT pk_campaign_extensions PRIMARY KEY,
        {TENANT}
        campaign_id bigint NOT NULL REFERENCES typical_campaigns(id) ON DELETE CASCADE,
        step text NOT NULL CONSTRAINT ck_campaign_extensions_step CHECK (step IN ({STEPS})),
        due_on date NOT NULL,
        reason text NOT NULL,
        granted_by text NOT NULL,
        granted_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    )""")
    op.execute(
        "CREATE INDEX ix_campaign_extensions_campaign ON campaign_extensions (campaign_id, step)"
    )
    for table in NEW_TABLES:
        op.execute(f"CREATE INDEX ix_{table}_unit_path_gist ON {table} USING gist (unit_path)")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_scope ON {table} USING ({SCOPE}) WITH CHECK ({SCOPE})")
        op.execute(f"GRANT SELECT, INSERT, UPDATE ON {table} TO {APP_ROLE}")
        op.execute(f"GRANT USAGE ON SEQUENCE {table}_id_seq TO {APP_ROLE}")
    for table in ("plan_tasks", "plan_deadlines"):
        op.execute(f"""ALTER TABLE {table}
            ADD COLUMN completed_by text, ADD COLUMN completion_note text,
            ADD COLUMN completion_link text, ADD COLUMN withdrawn_on date,
            ADD COLUMN withdrawn_reason text""")
    op.execute("""ALTER TABLE targets ADD COLUMN withdrawn_on date,
        ADD COLUMN withdrawn_reason text, ADD COLUMN measure text""")
    op.execute("ALTER TABLE campaign_events ADD COLUMN late boolean NOT NULL DEFAULT false")
    # A commune is governed by its district's and province's schedules without being able to
    # read their plans: these two functions return only the rules and quotas of the plans issued
    # at the unit's ancestors (or itself, for quotas), past RLS, never other rows.
    op.execute("""
    CREATE FUNCTION antq_governing_rules(target ltree, yr integer)
    RETURNS TABLE (id bigint, plan_id bigint, step text, unit_kind text, wording text,
                   every_year boolean, late_allowed boolean, source_note text, version integer,
                   plan_year integer, plan_number text, plan_title text, issuing_body text,
                   plan_unit_path text, depth integer)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT r.id, r.plan_id, r.step, r.unit_kind, r.wording, r.every_year, r.late_allowed,
             r.source_note, r.version, p.year, p.number, p.title, p.issuing_body,
             p.unit_path::text, nlevel(p.unit_path)
      FROM plan_schedule_rules r JOIN plans p ON p.id = r.plan_id
      WHERE p.unit_path @> target AND p.unit_path <> target
        AND r.withdrawn_on IS NULL AND p.status = 'issued'
        AND (p.year = yr OR (r.every_year AND p.year <= yr))
      ORDER BY nlevel(p.unit_path) DESC, (p.year = yr) DESC, p.year DESC, r.id
    $$""")
    op.execute("""
    CREATE FUNCTION antq_quotas_for(target ltree, yr integer)
    RETURNS TABLE (id bigint, plan_id bigint, addressee text, unit_kinds text[], minimum integer,
                   measure text, wording text, plan_number text, plan_title text,
                   plan_unit_path text, plan_unit_id bigint, version integer)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT q.id, q.plan_id, q.addressee, q.unit_kinds, q.minimum, q.measure, q.wording,
             p.number, p.title, p.unit_path::text, p.unit_id, q.version
      FROM plan_quotas q JOIN plans p ON p.id = q.plan_id
      WHERE p.unit_path @> target AND q.withdrawn_on IS NULL AND p.status = 'issued'
        AND (p.year = yr OR (q.every_year AND p.year <= yr))
      ORDER BY nlevel(p.unit_path) DESC, p.year DESC, q.id
    $$""")
    for function in ("antq_governing_rules(ltree, integer)", "antq_quotas_for(ltree, integer)"):
        op.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {APP_ROLE}")


def downgrade() -> None:
    op.execute("DROP FUNCTION antq_quotas_for(ltree, integer)")
    op.execute("DROP FUNCTION antq_governing_rules(ltree, integer)")
    op.execute("ALTER TABLE campaign_events DROP COLUMN late")
    op.execute(
        "ALTER TABLE targets DROP COLUMN withdrawn_on, DROP COLUMN withdrawn_reason, "
        "DROP COLUMN measure"
    )
    for table in ("plan_tasks", "plan_deadlines"):
        op.execute(f"""ALTER TABLE {table} DROP COLUMN completed_by,
            DROP COLUMN completion_note, DROP COLUMN completion_link, DROP COLUMN withdrawn_on,
            DROP COLUMN withdrawn_reason""")
    for table in reversed(NEW_TABLES):
        op.execute(f"DROP TABLE {table}")
