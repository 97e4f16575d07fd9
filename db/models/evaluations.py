"""Typical-unit criteria sets and campaigns, and the yearly assessments (Circular 124 +
Decision 510).

DDL: migration 0004 (`op.create_table`, so names follow the naming convention; its CHECK names
came out doubled, see db/base.py), 0010 (province_key), 0030 (`campaign_events.late`), 0040
(`criteria_sets.issuer_path`), 0050 (hand-over columns). The tally triggers of 0011 keep
`assessment_tallies` in step with assessments and typical campaigns.

Criteria sets are global reference data: a decision replaces a set by a new row with its own
effective dates, so a campaign keeps the set it was registered under. Everything else belongs to a
unit and carries `unit_path` for the subtree filter and row-level security.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.domain import CampaignKind, CampaignState, Classification, DocumentKind
from db.base import (
    Base,
    Ltree,
    Timestamps,
    check,
    one_of,
    path_index,
    province_key_column,
    unit_id_column,
)
from db.models.plans import carried_from_column, handed_over_on_column


class CriteriaSet(Timestamps, Base):
    __tablename__ = "criteria_sets"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    decision_ref: Mapped[str] = mapped_column(Text, nullable=False)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[date | None] = mapped_column(Date)
    temporary: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    applies_to: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    # Set for a unit's own restatement (Tháp Mười's plan): applies only under that unit.
    issuer_path: Mapped[str | None] = mapped_column(Ltree)

    __table_args__ = (
        check(
            "effective_to IS NULL OR effective_to >= effective_from",
            "ck_criteria_sets_ck_criteria_sets_validity",
        ),
    )


class CriteriaGroup(Base):
    __tablename__ = "criteria_groups"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    set_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("criteria_sets.id", ondelete="CASCADE"), nullable=False
    )
    # "default" is the decision's own grouping; others are local restatements (Tháp Mười).
    grouping: Mapped[str] = mapped_column(Text, nullable=False)
    code: Mapped[str] = mapped_column(Text, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    ordinal: Mapped[int] = mapped_column(Integer, nullable=False)
    criterion_codes: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)

    __table_args__ = (
        UniqueConstraint("set_id", "grouping", "code", name="uq_criteria_groups_set_id"),
    )


class Criterion(Base):
    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    set_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("criteria_sets.id", ondelete="CASCADE"), nullable=False
    )
    code: Mapped[str] = mapped_column(Text, nullable=False)
    ordinal: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    group_code: Mapped[str] = mapped_column(Text, nullable=False)
    applies_to: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    rule: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("set_id", "code", name="uq_criteria_set_id"),
        check(one_of("kind", ("boolean", "quantitative")), "ck_criteria_ck_criteria_kind"),
        check("(kind = 'quantitative') = (rule IS NOT NULL)", "ck_criteria_ck_criteria_rule"),
    )


class TypicalCampaign(Timestamps, Base):
    __tablename__ = "typical_campaigns"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column()
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    criteria_set_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("criteria_sets.id", ondelete="RESTRICT"), nullable=False
    )
    state: Mapped[str] = mapped_column(Text, nullable=False)
    register_deadline: Mapped[date] = mapped_column(Date, nullable=False)
    submit_deadline: Mapped[date] = mapped_column(Date, nullable=False)
    registered_on: Mapped[date] = mapped_column(Date, nullable=False)
    registered_by: Mapped[str] = mapped_column(Text, nullable=False)
    plan_submitted_on: Mapped[date | None] = mapped_column(Date)
    six_month_reported_on: Mapped[date | None] = mapped_column(Date)
    annual_reported_on: Mapped[date | None] = mapped_column(Date)
    dossier_completed_on: Mapped[date | None] = mapped_column(Date)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    submitted_by: Mapped[str | None] = mapped_column(Text)
    review_started_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(Text)
    return_reasons: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, server_default=text("'{}'")
    )
    figures: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, server_default=text("'{}'")
    )
    previous_figures: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, server_default=text("'{}'")
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    province_key: Mapped[str] = province_key_column()
    handed_over_on: Mapped[date | None] = handed_over_on_column()
    carried_from: Mapped[list[int]] = carried_from_column()

    __table_args__ = (
        UniqueConstraint("unit_id", "year", name="uq_typical_campaigns_unit_id"),
        check(one_of("kind", CampaignKind), "ck_typical_campaigns_ck_typical_campaigns_kind"),
        check(one_of("state", CampaignState), "ck_typical_campaigns_ck_typical_campaigns_state"),
        Index("ix_typical_campaigns_year", "year"),
        path_index("typical_campaigns"),
    )


class CampaignEvent(Base):
    __tablename__ = "campaign_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    campaign_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("typical_campaigns.id", ondelete="CASCADE"), nullable=False
    )
    unit_id: Mapped[int] = unit_id_column()
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    from_state: Mapped[str | None] = mapped_column(Text)
    to_state: Mapped[str] = mapped_column(Text, nullable=False)
    on_date: Mapped[date] = mapped_column(Date, nullable=False)
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    reasons: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, server_default=text("'{}'")
    )
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    province_key: Mapped[str] = province_key_column()
    # The step was taken after its governing deadline, which the plan allows (recorded late).
    late: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))

    __table_args__ = (
        Index("ix_campaign_events_campaign", "campaign_id"),
        path_index("campaign_events"),
    )


class CriterionResult(Timestamps, Base):
    __tablename__ = "criterion_results"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    campaign_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("typical_campaigns.id", ondelete="CASCADE"), nullable=False
    )
    criterion_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("criteria.id", ondelete="RESTRICT"), nullable=False
    )
    unit_id: Mapped[int] = unit_id_column()
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    # What the unit declares (qualitative clauses); quantitative criteria also need `rule_met`.
    declared_met: Mapped[bool | None] = mapped_column(Boolean)
    rule_met: Mapped[bool | None] = mapped_column(Boolean)
    met: Mapped[bool] = mapped_column(Boolean, nullable=False)
    explanation: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(Text, nullable=False)
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (
        UniqueConstraint("campaign_id", "criterion_id", name="uq_criterion_results_campaign_id"),
        path_index("criterion_results"),
    )


class CampaignDocument(Timestamps, Base):
    __tablename__ = "campaign_documents"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    campaign_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("typical_campaigns.id", ondelete="CASCADE"), nullable=False
    )
    unit_id: Mapped[int] = unit_id_column()
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    number: Mapped[str | None] = mapped_column(Text)
    issued_on: Mapped[date | None] = mapped_column(Date)
    file_ref: Mapped[str] = mapped_column(Text, nullable=False)
    added_by: Mapped[str] = mapped_column(Text, nullable=False)
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (
        check(one_of("kind", DocumentKind), "ck_campaign_documents_ck_campaign_documents_kind"),
        Index("ix_campaign_documents_campaign", "campaign_id"),
        path_index("campaign_documents"),
    )


class Assessment(Timestamps, Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column()
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    safety_registered: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default=text("false")
    )
    safety_achieved: Mapped[bool | None] = mapped_column(Boolean)
    classification: Mapped[str | None] = mapped_column(Text)
    entered_by: Mapped[str] = mapped_column(Text, nullable=False)
    entered_on: Mapped[date] = mapped_column(Date, nullable=False)
    confirmed_by: Mapped[str | None] = mapped_column(Text)
    confirmed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (
        UniqueConstraint("unit_id", "year", name="uq_assessments_unit_id"),
        check(
            "classification IS NULL OR " + one_of("classification", Classification),
            "ck_assessments_ck_assessments_classification",
        ),
        check(
            "safety_achieved IS NOT TRUE OR safety_registered",
            "ck_assessments_ck_assessments_achieved_needs_registration",
        ),
        Index("ix_assessments_year", "year"),
        # the national page of a year's assessments, in path order (migration 0070)
        Index("ix_assessments_year_unit_path", "year", "unit_path"),
        path_index("assessments"),
    )
