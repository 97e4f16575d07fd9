"""Plans and what they set: tasks, reporting deadlines, targets with progress, and the
self-managed models (mô hình) with their yearly ratings.

DDL: migrations 0003 (raw SQL, so foreign keys carry PostgreSQL's names), 0010 (province_key),
0030 (completion and withdrawal columns), 0050 (hand-over columns). Every tenant table copies
its unit's `path` into `unit_path`, so scope checks are one indexed `<@` without a join; the
`antq_target_status` SQL function is the one definition of a target's status.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column

from core.domain import ModelOrigin, ModelStatus, PlanKind, PlanStatus, Rating, ReportKind
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

HANDED_OVER_ON = (
    "the day this obligation passed to the successors of its unit (NULL: still its own)"
)
CARRIED_FROM = "ids of the predecessors' rows this one took over"


def handed_over_on_column() -> MappedColumn[date | None]:
    """Set on the original row when its unit ended and the obligation passed on (0050)."""
    return mapped_column(Date, comment=HANDED_OVER_ON)


def carried_from_column() -> MappedColumn[list[int]]:
    """On a successor's row: the rows (same table) it took over; several after a merge (0050)."""
    return mapped_column(
        ARRAY(BigInteger), nullable=False, server_default=sql_text("'{}'"), comment=CARRIED_FROM
    )


def _unit_index(table: str) -> Index:
    return Index(f"ix_{table}_unit", "unit_id")


class Plan(Timestamps, Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("plans_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    ref_key: Mapped[str | None] = mapped_column(Text, unique=True)
    number: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    issuing_body: Mapped[str] = mapped_column(Text, nullable=False)
    issued_on: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(Text, nullable=False)
    objectives: Mapped[str | None] = mapped_column(Text)
    cited_documents: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, server_default=sql_text("'{}'")
    )
    parent_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("plans.id", ondelete="SET NULL", name="plans_parent_id_fkey")
    )
    supersedes_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("plans.id", ondelete="SET NULL", name="plans_supersedes_id_fkey")
    )
    # By when the units it addresses must issue their implementing plans (cascade "overdue").
    subordinate_plans_due: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(Text, nullable=False, server_default=sql_text("''"))
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (
        check(one_of("kind", PlanKind), "ck_plans_kind"),
        check("title = normalize(title, NFC)", "ck_plans_title_nfc"),
        check("year BETWEEN 2000 AND 2100", "ck_plans_year"),
        check(one_of("status", PlanStatus), "ck_plans_status"),
        path_index("plans"),
        _unit_index("plans"),
        Index("ix_plans_parent", "parent_id"),
    )


class PlanTask(Timestamps, Base):
    """A task a plan assigns; `unit_id` is the unit that carries it out (the issuing unit for
    its own departments, named in `assignee`)."""

    __tablename__ = "plan_tasks"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("plan_tasks_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    plan_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("plans.id", ondelete="CASCADE", name="plan_tasks_plan_id_fkey"),
        nullable=False,
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    assignee: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))
    province_key: Mapped[str] = province_key_column()
    handed_over_on: Mapped[date | None] = handed_over_on_column()
    carried_from: Mapped[list[int]] = carried_from_column()
    completed_by: Mapped[str | None] = mapped_column(Text)
    completion_note: Mapped[str | None] = mapped_column(Text)
    completion_link: Mapped[str | None] = mapped_column(Text)  # the report or document
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("plan_id", "unit_id", "position", name="uq_plan_tasks_line"),
        path_index("plan_tasks"),
        _unit_index("plan_tasks"),
        Index("ix_plan_tasks_plan", "plan_id"),
    )


class PlanDeadline(Timestamps, Base):
    """A report a plan requires from one addressed unit."""

    __tablename__ = "plan_deadlines"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("plan_deadlines_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    plan_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("plans.id", ondelete="CASCADE", name="plan_deadlines_plan_id_fkey"),
        nullable=False,
    )
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    completed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))
    province_key: Mapped[str] = province_key_column()
    handed_over_on: Mapped[date | None] = handed_over_on_column()
    carried_from: Mapped[list[int]] = carried_from_column()
    completed_by: Mapped[str | None] = mapped_column(Text)
    completion_note: Mapped[str | None] = mapped_column(Text)
    completion_link: Mapped[str | None] = mapped_column(Text)  # the report or document
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        check(one_of("kind", ReportKind), "ck_plan_deadlines_kind"),
        UniqueConstraint("plan_id", "unit_id", "kind", "due_on", name="uq_plan_deadlines_line"),
        path_index("plan_deadlines"),
        _unit_index("plan_deadlines"),
        Index("ix_plan_deadlines_plan", "plan_id"),
    )


class Target(Timestamps, Base):
    """A chỉ tiêu of one unit for one year; `quantity` / `deadline` keep the typed terms
    (core.targets) as JSON, the flat columns are what SQL compares."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("targets_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    plan_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("plans.id", ondelete="CASCADE", name="targets_plan_id_fkey")
    )
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    category: Mapped[str] = mapped_column(Text, nullable=False)
    stt: Mapped[str] = mapped_column(Text, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    quantity_kind: Mapped[str] = mapped_column(Text, nullable=False)
    comparator: Mapped[str | None] = mapped_column(Text)
    target_value: Mapped[Decimal | None] = mapped_column(Numeric)
    quantity: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    deadline_kind: Mapped[str] = mapped_column(Text, nullable=False)
    starts_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    deadline: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    achieved: Mapped[Decimal | None] = mapped_column(Numeric)
    achieved_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))
    province_key: Mapped[str] = province_key_column()
    handed_over_on: Mapped[date | None] = handed_over_on_column()
    carried_from: Mapped[list[int]] = carried_from_column()
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    # What the platform measures it by (services.measures), None: progress is reported by hand.
    measure: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        check(
            one_of("quantity_kind", ("count", "percent", "named_list", "text")),
            "ck_targets_quantity_kind",
        ),
        check("starts_on IS NULL OR starts_on <= due_on", "ck_targets_window"),
        check("quantity_kind <> 'percent' OR target_value BETWEEN 0 AND 100", "ck_targets_percent"),
        UniqueConstraint("plan_id", "unit_id", "stt", name="uq_targets_line"),
        path_index("targets"),
        _unit_index("targets"),
        Index("ix_targets_plan", "plan_id"),
        Index("ix_targets_year_due", "year", "due_on"),
    )


class TargetProgress(Base):
    """One progress report; immutable (a correction is a newer report)."""

    __tablename__ = "target_progress"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("target_progress_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    target_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("targets.id", ondelete="CASCADE", name="target_progress_target_id_fkey"),
        nullable=False,
    )
    value: Mapped[Decimal] = mapped_column(Numeric, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(
        ARRAY(Text), nullable=False, server_default=sql_text("'{}'")
    )
    reported_by: Mapped[str] = mapped_column(Text, nullable=False)
    reported_on: Mapped[date] = mapped_column(Date, nullable=False)
    reported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (
        path_index("target_progress"),
        _unit_index("target_progress"),
        Index("ix_target_progress_target", "target_id", "id"),
    )


class ModelType(Base):
    """Catalogue of model kinds (Camera với ANTT, Tổ an ninh công nhân, …): global data."""

    __tablename__ = "model_types"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )

    __table_args__ = (check("name = normalize(name, NFC)", "ck_model_types_name_nfc"),)


class MovementModel(Timestamps, Base):
    """One instance of a model run by a unit."""

    __tablename__ = "movement_models"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("movement_models_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    model_type_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey(
            "model_types.id", ondelete="RESTRICT", name="movement_models_model_type_id_fkey"
        ),
        nullable=False,
    )
    name: Mapped[str] = mapped_column(Text, nullable=False)
    origin: Mapped[str] = mapped_column(Text, nullable=False)
    founded_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(Text, nullable=False)
    ended_on: Mapped[date | None] = mapped_column(Date)
    merged_into_id: Mapped[int | None] = mapped_column(
        BigInteger,
        ForeignKey(
            "movement_models.id", ondelete="SET NULL", name="movement_models_merged_into_id_fkey"
        ),
    )
    ref_key: Mapped[str | None] = mapped_column(Text, unique=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (
        check(one_of("origin", ModelOrigin), "ck_movement_models_origin"),
        check(one_of("status", ModelStatus), "ck_movement_models_status"),
        path_index("movement_models"),
        _unit_index("movement_models"),
    )


class ModelRating(Timestamps, Base):
    __tablename__ = "model_ratings"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("model_ratings_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    model_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("movement_models.id", ondelete="CASCADE", name="model_ratings_model_id_fkey"),
        nullable=False,
    )
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    rating: Mapped[str] = mapped_column(Text, nullable=False)
    reviewer: Mapped[str] = mapped_column(Text, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sql_text("1"))
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (
        check(one_of("rating", Rating), "ck_model_ratings_rating"),
        UniqueConstraint("model_id", "year", name="uq_model_ratings_year"),
        path_index("model_ratings"),
        _unit_index("model_ratings"),
        Index("ix_model_ratings_year", "year"),
    )
