"""Tables of migration 0040: Circular 124 evaluation periods and Decision 510 reporting dates
(national defaults, reference data), Decision 510 scoring tables imported by administrators,
and the tenant rows the regulations produce (classification proposals, police discipline
records, a commune's computed Circular 124 result)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, Numeric, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Ltree, Timestamps


class _Tenant:
    unit_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("admin_units.id"), nullable=False)
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)


class EvaluationPeriod(Base):
    """Circular 124's period per unit kind: start (month, day, in the year before or the same
    year) to end (month, day) of the year the period is named after."""

    __tablename__ = "evaluation_periods"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    unit_kind: Mapped[str] = mapped_column(Text, nullable=False)
    start_month: Mapped[int] = mapped_column(Integer, nullable=False)
    start_day: Mapped[int] = mapped_column(Integer, nullable=False)
    start_year_offset: Mapped[int] = mapped_column(Integer, nullable=False)
    end_month: Mapped[int] = mapped_column(Integer, nullable=False)
    end_day: Mapped[int] = mapped_column(Integer, nullable=False)
    wording: Mapped[str] = mapped_column(Text, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[date | None] = mapped_column(Date)


class ReportingDeadlineDefault(Base):
    """A national default reporting date (Decision 510: classification reports upward)."""

    __tablename__ = "reporting_deadline_defaults"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    unit_kind: Mapped[str] = mapped_column(Text, nullable=False)
    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    last_month: Mapped[int] = mapped_column(Integer, nullable=False)
    last_day: Mapped[int] = mapped_column(Integer, nullable=False)
    wording: Mapped[str] = mapped_column(Text, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[date | None] = mapped_column(Date)


class ScoringTable(Timestamps, Base):
    """A Decision 510 points table of one unit kind, issued by a unit for its subtree."""

    __tablename__ = "scoring_tables"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    unit_kind: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    demo: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    issuer_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[date | None] = mapped_column(Date)
    max_total: Mapped[Decimal] = mapped_column(Numeric, nullable=False)
    imported_by: Mapped[str] = mapped_column(Text, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class ScoringItem(Base):
    """One row of the points list (STT | NỘI DUNG | ĐIỂM TỐI ĐA | MINH CHỨNG); a heading row
    has no points."""

    __tablename__ = "scoring_items"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    table_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("scoring_tables.id"), nullable=False
    )
    ordinal: Mapped[int] = mapped_column(Integer, nullable=False)
    stt: Mapped[str] = mapped_column(Text, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    max_points: Mapped[Decimal | None] = mapped_column(Numeric)
    evidence: Mapped[str | None] = mapped_column(Text)


class ScoringThreshold(Base):
    """The lowest total that earns a class, as data of the same table version."""

    __tablename__ = "scoring_thresholds"

    table_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("scoring_tables.id"), primary_key=True
    )
    classification: Mapped[str] = mapped_column(Text, primary_key=True)
    min_points: Mapped[Decimal] = mapped_column(Numeric, nullable=False)


class ClassificationProposal(_Tenant, Timestamps, Base):
    """A unit's self-assessment and proposed class; the level above confirms or corrects."""

    __tablename__ = "classification_proposals"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    scoring_table_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("scoring_tables.id"), nullable=False
    )
    state: Mapped[str] = mapped_column(Text, nullable=False)
    scores: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    total_points: Mapped[Decimal] = mapped_column(Numeric, nullable=False)
    earned_class: Mapped[str] = mapped_column(Text, nullable=False)
    proposed_class: Mapped[str] = mapped_column(Text, nullable=False)
    filed_by: Mapped[str] = mapped_column(Text, nullable=False)
    filed_on: Mapped[date] = mapped_column(Date, nullable=False)
    confirmed_class: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column(Date)
    correction_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class PoliceDisciplineRecord(_Tenant, Timestamps, Base):
    """A commune police officer disciplined (a fact with its source), recorded by the level
    above; it fails the commune's Circular 124 result for the period it falls in."""

    __tablename__ = "police_discipline_records"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    officer_name: Mapped[str] = mapped_column(Text, nullable=False)
    penalty: Mapped[str] = mapped_column(Text, nullable=False)
    decided_on: Mapped[date] = mapped_column(Date, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    recorded_by: Mapped[str] = mapped_column(Text, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))


class CommuneSafetyResult(_Tenant, Timestamps, Base):
    """A commune's Circular 124 result, computed from its units and facts, then decided."""

    __tablename__ = "commune_safety_results"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    state: Mapped[str] = mapped_column(Text, nullable=False)
    achieved: Mapped[bool] = mapped_column(Boolean, nullable=False)
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    proposed_by: Mapped[str] = mapped_column(Text, nullable=False)
    proposed_on: Mapped[date] = mapped_column(Date, nullable=False)
    decided_by: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
