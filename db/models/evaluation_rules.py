"""Tables of migration 0040: Circular 124 evaluation periods and Decision 510 reporting dates
(national defaults, reference data), Decision 510 scoring tables imported by administrators,
and the tenant rows the regulations produce (classification proposals, police discipline
records, a commune's computed Circular 124 result).

The DDL is raw SQL with unnamed column CHECKs and REFERENCES, so those carry PostgreSQL's names
(`<table>_<column>_check`, `<table>_<column>_fkey`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.domain import Classification
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

# The kinds a scoring table may be for, in the migration's order.
SCORED_UNIT_KINDS = ("residential_area", "commune", "agency", "enterprise", "school")


class EvaluationPeriod(Base):
    """Circular 124's period per unit kind: start (month, day, in the year before or the same
    year) to end (month, day) of the year the period is named after."""

    __tablename__ = "evaluation_periods"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
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

    __table_args__ = (
        check("start_month BETWEEN 1 AND 12", "evaluation_periods_start_month_check"),
        check("start_day BETWEEN 1 AND 31", "evaluation_periods_start_day_check"),
        check("start_year_offset IN (-1, 0)", "evaluation_periods_start_year_offset_check"),
        check("end_month BETWEEN 1 AND 12", "evaluation_periods_end_month_check"),
        check("end_day BETWEEN 1 AND 31", "evaluation_periods_end_day_check"),
        UniqueConstraint("unit_kind", "effective_from", name="uq_evaluation_periods"),
    )


class ReportingDeadlineDefault(Base):
    """A national default reporting date (Decision 510: classification reports upward)."""

    __tablename__ = "reporting_deadline_defaults"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_kind: Mapped[str] = mapped_column(Text, nullable=False)
    purpose: Mapped[str] = mapped_column(Text, nullable=False)
    last_month: Mapped[int] = mapped_column(Integer, nullable=False)
    last_day: Mapped[int] = mapped_column(Integer, nullable=False)
    wording: Mapped[str] = mapped_column(Text, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        check("last_month BETWEEN 1 AND 12", "reporting_deadline_defaults_last_month_check"),
        check("last_day BETWEEN 1 AND 31", "reporting_deadline_defaults_last_day_check"),
        UniqueConstraint(
            "unit_kind", "purpose", "effective_from", name="uq_reporting_deadline_defaults"
        ),
    )


class ScoringTable(Timestamps, Base):
    """A Decision 510 points table of one unit kind, issued by a unit for its subtree."""

    __tablename__ = "scoring_tables"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    unit_kind: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    demo: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=sql_text("false"))
    issuer_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    effective_from: Mapped[date] = mapped_column(Date, nullable=False)
    effective_to: Mapped[date | None] = mapped_column(Date)
    max_total: Mapped[Decimal] = mapped_column(Numeric, nullable=False)
    imported_by: Mapped[str] = mapped_column(Text, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))

    __table_args__ = (
        check(one_of("unit_kind", SCORED_UNIT_KINDS), "ck_scoring_tables_kind"),
        check("effective_to IS NULL OR effective_to >= effective_from", "ck_scoring_tables_dates"),
    )


class ScoringItem(Base):
    """One row of the points list (STT | NỘI DUNG | ĐIỂM TỐI ĐA | MINH CHỨNG); a heading row
    has no points."""

    __tablename__ = "scoring_items"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    table_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("scoring_tables.id", ondelete="CASCADE", name="scoring_items_table_id_fkey"),
        nullable=False,
    )
    ordinal: Mapped[int] = mapped_column(Integer, nullable=False)
    stt: Mapped[str] = mapped_column(Text, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    max_points: Mapped[Decimal | None] = mapped_column(Numeric)
    evidence: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        check("max_points IS NULL OR max_points > 0", "scoring_items_max_points_check"),
        UniqueConstraint("table_id", "stt", name="uq_scoring_items_stt"),
    )


class ScoringThreshold(Base):
    """The lowest total that earns a class, as data of the same table version."""

    __tablename__ = "scoring_thresholds"

    table_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey(
            "scoring_tables.id", ondelete="CASCADE", name="scoring_thresholds_table_id_fkey"
        ),
        primary_key=True,
    )
    classification: Mapped[str] = mapped_column(Text, primary_key=True)
    min_points: Mapped[Decimal] = mapped_column(Numeric, nullable=False)

    __table_args__ = (
        check(one_of("classification", Classification), "scoring_thresholds_classification_check"),
        check("min_points >= 0", "scoring_thresholds_min_points_check"),
    )


class ClassificationProposal(Timestamps, Base):
    """A unit's self-assessment and proposed class; the level above confirms or corrects."""

    __tablename__ = "classification_proposals"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("classification_proposals_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    province_key: Mapped[str] = province_key_column()
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    scoring_table_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey(
            "scoring_tables.id",
            ondelete="RESTRICT",
            name="classification_proposals_scoring_table_id_fkey",
        ),
        nullable=False,
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
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))

    __table_args__ = (
        check("year BETWEEN 2000 AND 2100", "classification_proposals_year_check"),
        check(
            one_of("state", ("proposed", "confirmed", "corrected")),
            "classification_proposals_state_check",
        ),
        UniqueConstraint("unit_id", "year", name="uq_classification_proposals"),
        path_index("classification_proposals"),
    )


class PoliceDisciplineRecord(Timestamps, Base):
    """A commune police officer disciplined (a fact with its source), recorded by the level
    above; it fails the commune's Circular 124 result for the period it falls in."""

    __tablename__ = "police_discipline_records"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("police_discipline_records_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    province_key: Mapped[str] = province_key_column()
    officer_name: Mapped[str] = mapped_column(Text, nullable=False)
    penalty: Mapped[str] = mapped_column(Text, nullable=False)
    decided_on: Mapped[date] = mapped_column(Date, nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    recorded_by: Mapped[str] = mapped_column(Text, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))

    __table_args__ = (path_index("police_discipline_records"),)


class CommuneSafetyResult(Timestamps, Base):
    """A commune's Circular 124 result, computed from its units and facts, then decided."""

    __tablename__ = "commune_safety_results"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("commune_safety_results_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    province_key: Mapped[str] = province_key_column()
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
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))

    __table_args__ = (
        check("year BETWEEN 2000 AND 2100", "commune_safety_results_year_check"),
        check(
            one_of("state", ("proposed", "recognised", "not_recognised")),
            "commune_safety_results_state_check",
        ),
        UniqueConstraint("unit_id", "year", name="uq_commune_safety_results"),
        path_index("commune_safety_results"),
    )
