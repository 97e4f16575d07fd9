"""Typical-unit criteria sets, campaigns with their results and documents, yearly assessments.

Revision ID: 0004_evaluations
Revises: 0003_plans
Create Date: 2026-11-23

Criteria sets are global reference data (read by everyone, written only by the owner through the
seed importer); every other table is a tenant table: `unit_id` + `unit_path` copied from the unit,
a GiST index on the path and the same `tenant_scope` row-level-security policy as migration 0002.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision: str = "0004_evaluations"
down_revision: str | None = "0003_plans"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"
TENANT_TABLES = (
    "typical_campaigns",
    "campaign_events",
    "criterion_results",
    "campaign_documents",
    "assessments",
)
REFERENCE_TABLES = ("criteria_sets", "criteria_groups", "criteria")


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    ]


def _tenant(table: str) -> list[sa.Column]:
    return [
        sa.Column(
            "unit_id",
            sa.BigInteger,
            sa.ForeignKey(
                "admin_units.id", ondelete="RESTRICT", name=f"fk_{table}_unit_id_admin_units"
            ),
            nullable=False,
        ),
        sa.Column("unit_path", sa.Text, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "criteria_sets",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("decision_ref", sa.Text, nullable=False),
        sa.Column("issued_on", sa.Date, nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("effective_to", sa.Date),
        sa.Column("temporary", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("applies_to", ARRAY(sa.Text), nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_criteria_sets"),
        sa.UniqueConstraint("code", name="uq_criteria_sets_code"),
        sa.CheckConstraint(
            "effective_to IS NULL OR effective_to >= effective_from",
            name="ck_criteria_sets_validity",
        ),
    )
    op.create_table(
        "criteria_groups",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column(
            "set_id",
            sa.BigInteger,
            sa.ForeignKey(
                "criteria_sets.id",
                ondelete="CASCADE",
                name="fk_criteria_groups_set_id_criteria_sets",
            ),
            nullable=False,
        ),
        # "default" is the decision's own grouping; others are local restatements (Tháp Mười).
        sa.Column("grouping", sa.Text, nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("criterion_codes", ARRAY(sa.Text), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_criteria_groups"),
        sa.UniqueConstraint("set_id", "grouping", "code", name="uq_criteria_groups_set_id"),
    )
    op.create_table(
        "criteria",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column(
            "set_id",
            sa.BigInteger,
            sa.ForeignKey(
                "criteria_sets.id", ondelete="CASCADE", name="fk_criteria_set_id_criteria_sets"
            ),
            nullable=False,
        ),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("group_code", sa.Text, nullable=False),
        sa.Column("applies_to", ARRAY(sa.Text), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("rule", JSONB),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_criteria"),
        sa.UniqueConstraint("set_id", "code", name="uq_criteria_set_id"),
        sa.CheckConstraint("kind IN ('boolean','quantitative')", name="ck_criteria_kind"),
        sa.CheckConstraint("(kind = 'quantitative') = (rule IS NOT NULL)", name="ck_criteria_rule"),
    )
    op.create_table(
        "typical_campaigns",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        *_tenant("typical_campaigns"),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column(
            "criteria_set_id",
            sa.BigInteger,
            sa.ForeignKey(
                "criteria_sets.id",
                ondelete="RESTRICT",
                name="fk_typical_campaigns_criteria_set_id_criteria_sets",
            ),
            nullable=False,
        ),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("register_deadline", sa.Date, nullable=False),
        sa.Column("submit_deadline", sa.Date, nullable=False),
        sa.Column("registered_on", sa.Date, nullable=False),
        sa.Column("registered_by", sa.Text, nullable=False),
        sa.Column("plan_submitted_on", sa.Date),
        sa.Column("six_month_reported_on", sa.Date),
        sa.Column("annual_reported_on", sa.Date),
        sa.Column("dossier_completed_on", sa.Date),
        sa.Column("submitted_on", sa.Date),
        sa.Column("submitted_by", sa.Text),
        sa.Column("review_started_on", sa.Date),
        sa.Column("decided_on", sa.Date),
        sa.Column("decided_by", sa.Text),
        sa.Column("return_reasons", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("figures", JSONB, nullable=False, server_default="{}"),
        sa.Column("previous_figures", JSONB, nullable=False, server_default="{}"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_typical_campaigns"),
        sa.UniqueConstraint("unit_id", "year", name="uq_typical_campaigns_unit_id"),
        sa.CheckConstraint("kind IN ('build','maintain')", name="ck_typical_campaigns_kind"),
        sa.CheckConstraint(
            "state IN ('registered','plan_submitted','six_month_reported','annual_reported',"
            "'dossier_complete','submitted','under_review','recognised','returned')",
            name="ck_typical_campaigns_state",
        ),
    )
    op.create_table(
        "campaign_events",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column(
            "campaign_id",
            sa.BigInteger,
            sa.ForeignKey(
                "typical_campaigns.id",
                ondelete="CASCADE",
                name="fk_campaign_events_campaign_id_typical_campaigns",
            ),
            nullable=False,
        ),
        *_tenant("campaign_events"),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("from_state", sa.Text),
        sa.Column("to_state", sa.Text, nullable=False),
        sa.Column("on_date", sa.Date, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("reasons", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.PrimaryKeyConstraint("id", name="pk_campaign_events"),
    )
    op.create_index("ix_campaign_events_campaign", "campaign_events", ["campaign_id"])
    op.create_table(
        "criterion_results",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column(
            "campaign_id",
            sa.BigInteger,
            sa.ForeignKey(
                "typical_campaigns.id",
                ondelete="CASCADE",
                name="fk_criterion_results_campaign_id_typical_campaigns",
            ),
            nullable=False,
        ),
        sa.Column(
            "criterion_id",
            sa.BigInteger,
            sa.ForeignKey(
                "criteria.id",
                ondelete="RESTRICT",
                name="fk_criterion_results_criterion_id_criteria",
            ),
            nullable=False,
        ),
        *_tenant("criterion_results"),
        # What the unit declares (qualitative clauses); quantitative criteria also need `rule_met`.
        sa.Column("declared_met", sa.Boolean),
        sa.Column("rule_met", sa.Boolean),
        sa.Column("met", sa.Boolean, nullable=False),
        sa.Column("explanation", sa.Text),
        sa.Column("evidence", sa.Text),
        sa.Column("updated_by", sa.Text, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_criterion_results"),
        sa.UniqueConstraint("campaign_id", "criterion_id", name="uq_criterion_results_campaign_id"),
    )
    op.create_table(
        "campaign_documents",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column(
            "campaign_id",
            sa.BigInteger,
            sa.ForeignKey(
                "typical_campaigns.id",
                ondelete="CASCADE",
                name="fk_campaign_documents_campaign_id_typical_campaigns",
            ),
            nullable=False,
        ),
        *_tenant("campaign_documents"),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("number", sa.Text),
        sa.Column("issued_on", sa.Date),
        sa.Column("file_ref", sa.Text, nullable=False),
        sa.Column("added_by", sa.Text, nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_campaign_documents"),
        sa.CheckConstraint(
            "kind IN ('plan','six_month_report','annual_report','proposal','results_report',"
            "'review_minutes','other')",
            name="ck_campaign_documents_kind",
        ),
    )
    op.create_index("ix_campaign_documents_campaign", "campaign_documents", ["campaign_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        *_tenant("assessments"),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("safety_registered", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("safety_achieved", sa.Boolean),
        sa.Column("classification", sa.Text),
        sa.Column("entered_by", sa.Text, nullable=False),
        sa.Column("entered_on", sa.Date, nullable=False),
        sa.Column("confirmed_by", sa.Text),
        sa.Column("confirmed_on", sa.Date),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        sa.UniqueConstraint("unit_id", "year", name="uq_assessments_unit_id"),
        sa.CheckConstraint(
            "classification IS NULL OR classification IN ('xuat_sac','kha','trung_binh','yeu')",
            name="ck_assessments_classification",
        ),
        sa.CheckConstraint(
            "safety_achieved IS NOT TRUE OR safety_registered",
            name="ck_assessments_achieved_needs_registration",
        ),
    )
    op.create_index("ix_assessments_year", "assessments", ["year"])
    op.create_index("ix_typical_campaigns_year", "typical_campaigns", ["year"])
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN unit_path TYPE ltree USING unit_path::ltree")
        op.create_index(f"ix_{table}_unit_path_gist", table, ["unit_path"], postgresql_using="gist")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_scope ON {table} USING (unit_path <@ ANY(antq_scope())) "
            f"WITH CHECK (unit_path <@ ANY(antq_scope()))"
        )
    op.execute(f"GRANT SELECT ON {', '.join(REFERENCE_TABLES)} TO {APP_ROLE}")
    op.execute(
        f"GRANT SELECT, INSERT, UPDATE ON typical_campaigns, criterion_results, "
        f"assessments TO {APP_ROLE}"
    )
    op.execute(f"GRANT SELECT, INSERT ON campaign_events, campaign_documents TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")


def downgrade() -> None:
    tables = (*reversed(TENANT_TABLES), "criteria", "criteria_groups", "criteria_sets")
    op.execute(f"REVOKE ALL ON {', '.join(tables)} FROM {APP_ROLE}")
    # The upgrade's GRANT ... ON ALL SEQUENCES also reached 0003's model_types sequence, which
    # 0003 left ungranted (the app only reads the catalogue).
    op.execute(f"REVOKE USAGE ON SEQUENCE model_types_id_seq FROM {APP_ROLE}")
    for table in (
        "assessments",
        "campaign_documents",
        "criterion_results",
        "campaign_events",
        "typical_campaigns",
        "criteria",
        "criteria_groups",
        "criteria_sets",
    ):
        op.drop_table(table)
