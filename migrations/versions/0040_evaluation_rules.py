"""Evaluations by the regulations: Circular 124 periods, Decision 510 scoring tables and
proposals, commune police discipline records, a commune's computed Circular 124 result, and
criteria sets scoped to the unit whose plan restates them.

Rules the documents set are rows here, never code: the evaluation periods of Circular
124/2021/TT-BCA and the upward reporting dates of Decision 510/QĐ-BCA-V05 are seeded as
national defaults (reference data the app role may only read). Decision 510's points tables and
class thresholds were not found in public sources, so no table is seeded: an administrator
imports one from .xlsx (`scoring_tables`, issued by a unit, applying to its subtree).

Tenant tables (`classification_proposals`, `police_discipline_records`,
`commune_safety_results`) carry `unit_path`, the generated `province_key` and the `tenant_scope`
policy in the once-per-statement form of migration 0014.

Revision ID: 0040_evaluation_rules
Revises: 0015_tally_triggers_execute
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0040_evaluation_rules"
down_revision: str | None = "0060_people"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"
TENANT = """
    unit_id bigint NOT NULL REFERENCES admin_units(id) ON DELETE RESTRICT,
    unit_path ltree NOT NULL,
    province_key ltree NOT NULL GENERATED ALWAYS AS
        (subpath(unit_path, 0, least(nlevel(unit_path), 2))) STORED,
"""
STAMPS = """
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
"""
TENANT_TABLES = ("classification_proposals", "police_discipline_records", "commune_safety_results")
CIRCULAR_124 = "Thông tư số 124/2021/TT-BCA ngày 28/12/2021 của Bộ Công an"
DECISION_510 = "Quyết định số 510/QĐ-BCA-V05 ngày 20/01/2022 của Bộ trưởng Bộ Công an"


def upgrade() -> None:
    op.execute("""
    CREATE TABLE evaluation_periods (
        id bigserial CONSTRAINT pk_evaluation_periods PRIMARY KEY,
        unit_kind text NOT NULL,
        start_month integer NOT NULL CHECK (start_month BETWEEN 1 AND 12),
        start_day integer NOT NULL CHECK (start_day BETWEEN 1 AND 31),
        start_year_offset integer NOT NULL CHECK (start_year_offset IN (-1, 0)),
        end_month integer NOT NULL CHECK (end_month BETWEEN 1 AND 12),
        end_day integer NOT NULL CHECK (end_day BETWEEN 1 AND 31),
        wording text NOT NULL,
        source text NOT NULL,
        effective_from date NOT NULL,
        effective_to date,
        CONSTRAINT uq_evaluation_periods UNIQUE (unit_kind, effective_from)
    )""")
    op.execute("""
    CREATE TABLE reporting_deadline_defaults (
        id bigserial CONSTRAINT pk_reporting_deadline_defaults PRIMARY KEY,
        unit_kind text NOT NULL,
        purpose text NOT NULL,
        last_month integer NOT NULL CHECK (last_month BETWEEN 1 AND 12),
        last_day integer NOT NULL CHECK (last_day BETWEEN 1 AND 31),
        wording text NOT NULL,
        source text NOT NULL,
        effective_from date NOT NULL,
        effective_to date,
        CONSTRAINT uq_reporting_deadline_defaults UNIQUE (unit_kind, purpose, effective_from)
    )""")
    op.execute(
        """
    CREATE TABLE scoring_tables (
        id bigserial CONSTRAINT pk_scoring_tables PRIMARY KEY,
        code text NOT NULL CONSTRAINT uq_scoring_tables_code UNIQUE,
        unit_kind text NOT NULL CONSTRAINT ck_scoring_tables_kind CHECK
            (unit_kind IN ('residential_area','commune','agency','enterprise','school')),
        title text NOT NULL,
        source text NOT NULL,
        demo boolean NOT NULL DEFAULT false,
        issuer_path ltree NOT NULL,
        effective_from date NOT NULL,
        effective_to date,
        max_total numeric NOT NULL,
        imported_by text NOT NULL,
        CONSTRAINT ck_scoring_tables_dates CHECK (effective_to IS NULL
                                                 OR effective_to >= effective_from),
        """
        + STAMPS
        + """
    )"""
    )
    op.execute("""
    CREATE TABLE scoring_items (
        id bigserial CONSTRAINT pk_scoring_items PRIMARY KEY,
        table_id bigint NOT NULL REFERENCES scoring_tables(id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        stt text NOT NULL,
        text text NOT NULL,
        max_points numeric CHECK (max_points IS NULL OR max_points > 0),
        evidence text,
        CONSTRAINT uq_scoring_items_stt UNIQUE (table_id, stt)
    )""")
    op.execute("""
    CREATE TABLE scoring_thresholds (
        table_id bigint NOT NULL REFERENCES scoring_tables(id) ON DELETE CASCADE,
        classification text NOT NULL CHECK
            (classification IN ('xuat_sac','kha','trung_binh','yeu')),
        min_points numeric NOT NULL CHECK (min_points >= 0),
        CONSTRAINT pk_scoring_thresholds PRIMARY KEY (table_id, classification)
    )""")
    op.execute(f"""
    CREATE TABLE classification_proposals (
        id bigserial CONSTRAINT pk_classification_proposals PRIMARY KEY,
        {TENANT}
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        scoring_table_id bigint NOT NULL REFERENCES scoring_tables(id) ON DELETE RESTRICT,
        state text NOT NULL CHECK (state IN ('proposed','confirmed','corrected')),
        scores jsonb NOT NULL,
        total_points numeric NOT NULL,
        earned_class text NOT NULL,
        proposed_class text NOT NULL,
        filed_by text NOT NULL,
        filed_on date NOT NULL,
        confirmed_class text,
        decided_by text,
        decided_on date,
        correction_reason text,
        {STAMPS},
        CONSTRAINT uq_classification_proposals UNIQUE (unit_id, year)
    )""")
    op.execute(f"""
    CREATE TABLE police_discipline_records (
        id bigserial CONSTRAINT pk_police_discipline_records PRIMARY KEY,
        {TENANT}
        officer_name text NOT NULL,
        penalty text NOT NULL,
        decided_on date NOT NULL,
        source text NOT NULL,
        recorded_by text NOT NULL,
        {STAMPS}
    )""")
    op.execute(f"""
    CREATE TABLE commune_safety_results (
        id bigserial CONSTRAINT pk_commune_safety_results PRIMARY KEY,
        {TENANT}
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        period_start date NOT NULL,
        period_end date NOT NULL,
        state text NOT NULL CHECK (state IN ('proposed','recognised','not_recognised')),
        achieved boolean NOT NULL,
        conditions jsonb NOT NULL,
        proposed_by text NOT NULL,
        proposed_on date NOT NULL,
        decided_by text,
        decided_on date,
        decision_reason text,
        {STAMPS},
        CONSTRAINT uq_commune_safety_results UNIQUE (unit_id, year)
    )""")
    for table in TENANT_TABLES:
        op.execute(f"CREATE INDEX ix_{table}_unit_path_gist ON {table} USING gist (unit_path)")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_scope ON {table} "
            f"USING (unit_path <@ ANY (ARRAY(SELECT unnest(antq_scope())))) "
            f"WITH CHECK (unit_path <@ ANY (ARRAY(SELECT unnest(antq_scope()))))"
        )
    # A criteria set restated by a unit's plan (Tháp Mười's) applies only under that unit.
    op.execute("ALTER TABLE criteria_sets ADD COLUMN issuer_path ltree")
    # National defaults (reference data): Circular 124's periods, Decision 510's report dates.
    op.execute(f"""
    INSERT INTO evaluation_periods (unit_kind, start_month, start_day, start_year_offset,
                                    end_month, end_day, wording, source, effective_from)
    VALUES ('residential_area', 11, 1, -1, 10, 31,
            'từ ngày 01/11 năm trước đến ngày 31/10 năm đánh giá', '{CIRCULAR_124}', '2022-01-01'),
           ('commune', 11, 16, -1, 11, 15,
            'từ ngày 16/11 năm trước đến ngày 15/11 năm đánh giá', '{CIRCULAR_124}', '2022-01-01'),
           ('agency', 11, 16, -1, 11, 15,
            'từ ngày 16/11 năm trước đến ngày 15/11 năm đánh giá', '{CIRCULAR_124}', '2022-01-01'),
           ('enterprise', 11, 16, -1, 11, 15,
            'từ ngày 16/11 năm trước đến ngày 15/11 năm đánh giá', '{CIRCULAR_124}', '2022-01-01'),
           ('school', 11, 16, -1, 11, 15,
            'từ ngày 16/11 năm trước đến ngày 15/11 năm đánh giá', '{CIRCULAR_124}', '2022-01-01')
    """)
    op.execute(f"""
    INSERT INTO reporting_deadline_defaults (unit_kind, purpose, last_month, last_day, wording,
                                             source, effective_from)
    VALUES ('residential_area', 'classification_report', 11, 19, 'trước ngày 20/11',
            '{DECISION_510}', '2022-01-20'),
           ('commune', 'classification_report', 11, 29, 'trước ngày 30/11',
            '{DECISION_510}', '2022-01-20'),
           ('agency', 'classification_report', 11, 29, 'trước ngày 30/11',
            '{DECISION_510}', '2022-01-20'),
           ('enterprise', 'classification_report', 11, 29, 'trước ngày 30/11',
            '{DECISION_510}', '2022-01-20'),
           ('school', 'classification_report', 11, 29, 'trước ngày 30/11',
            '{DECISION_510}', '2022-01-20')
    """)
    op.execute(f"GRANT SELECT ON evaluation_periods, reporting_deadline_defaults TO {APP_ROLE}")
    # Imported through the API by an administrator (authorised in services/scoring.py).
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON scoring_tables TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT ON scoring_items, scoring_thresholds TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON {', '.join(TENANT_TABLES)} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")


def downgrade() -> None:
    tables = (
        *TENANT_TABLES,
        "scoring_thresholds",
        "scoring_items",
        "scoring_tables",
        "reporting_deadline_defaults",
        "evaluation_periods",
    )
    op.execute(f"REVOKE ALL ON {', '.join(tables)} FROM {APP_ROLE}")
    op.execute("ALTER TABLE criteria_sets DROP COLUMN issuer_path")
    for table in tables:
        op.execute(f"DROP TABLE {table}")
