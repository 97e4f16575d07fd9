"""Typical-unit criteria sets and campaigns, and the yearly assessments (Circular 124 +
Decision 510). Mirrors migration 0004_evaluations; queries use these tables' columns.

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
    Integer,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Ltree, Timestamps


class _Tenant:
    unit_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("admin_units.id"), nullable=False)
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)


class CriteriaSet(Timestamps, Base):
    __tablename__ = "criteria_sets"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    decision_ref: Mapped[str] = mapped_column(Text, nullable=False)
    issued_on: Mapped[date] = mapped_column(Date, nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[date | None] = mapped_column(Date)
    temporary: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    applies_to: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    # Set for a unit's own restatement (Tháp Mười's plan): applies only under that unit.
    issuer_path: Mapped[str | None] = mapped_column(Ltree)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class CriteriaGroup(Base):
    __tablename__ = "criteria_groups"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    set_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("criteria_sets.id"), nullable=False)
    grouping: Mapped[str] = mapped_column(Text, nullable=False)
    code: Mapped[str] = mapped_column(Text, nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    ordinal: Mapped[int] = mapped_column(Integer, nullable=False)
    criterion_codes: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)


class Criterion(Base):
    __tablename__ = "criteria"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    set_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("criteria_sets.id"), nullable=False)
    code: Mapped[str] = mapped_column(Text, nullable=False)
    ordinal: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    group_code: Mapped[str] = mapped_column(Text, nullable=False)
    applies_to: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    rule: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    note: Mapped[str | None] = mapped_column(Text)


class TypicalCampaign(_Tenant, Timestamps, Base):
    __tablename__ = "typical_campaigns"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    criteria_set_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("criteria_sets.id"), nullable=False
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
        ARRAY(Text), nullable=False, server_default="{}"
    )
    figures: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    previous_figures: Mapped[dict[str, Any]] = mapped_column(
        JSONB, nullable=False, server_default="{}"
    )
    # Handed over to the successors of a unit that ended (migration 0050): the day it
    # passed on, and on the successor's row the predecessors' rows it took over.
    handed_over_on: Mapped[date | None] = mapped_column(Date)
    carried_from: Mapped[list[int]] = mapped_column(
        ARRAY(BigInteger), nullable=False, server_default="{}"
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class CampaignEvent(_Tenant, Base):
    __tablename__ = "campaign_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("typical_campaigns.id"), nullable=False
    )
    action: Mapped[str] = mapped_column(Text, nullable=False)
    from_state: Mapped[str | None] = mapped_column(Text)
    to_state: Mapped[str] = mapped_column(Text, nullable=False)
    on_date: Mapped[date] = mapped_column(Date, nullable=False)
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    reasons: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    # The step was taken after its governing deadline, which the plan allows (recorded late).
    late: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CriterionResult(_Tenant, Timestamps, Base):
    __tablename__ = "criterion_results"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("typical_campaigns.id"), nullable=False
    )
    criterion_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("criteria.id"), nullable=False)
    declared_met: Mapped[bool | None] = mapped_column(Boolean)
    rule_met: Mapped[bool | None] = mapped_column(Boolean)
    met: Mapped[bool] = mapped_column(Boolean, nullable=False)
    explanation: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(Text, nullable=False)


class CampaignDocument(_Tenant, Timestamps, Base):
    __tablename__ = "campaign_documents"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("typical_campaigns.id"), nullable=False
    )
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    number: Mapped[str | None] = mapped_column(Text)
    issued_on: Mapped[date | None] = mapped_column(Date)
    file_ref: Mapped[str] = mapped_column(Text, nullable=False)
    added_by: Mapped[str] = mapped_column(Text, nullable=False)


class Assessment(_Tenant, Timestamps, Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
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
