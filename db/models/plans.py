"""Plans and what they set: tasks, reporting deadlines, targets with progress, and the
self-managed models (mô hình) with their yearly ratings.

The DDL lives in migrations/versions/0003_plans.py (with the RLS policies and the
`antq_target_status` SQL function); these mappings mirror it so that Alembic and Core queries see
the tables. Every tenant table copies its unit's `path` into `unit_path`, so scope checks are one
indexed `<@` without a join.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ARRAY, BigInteger, Date, DateTime, ForeignKey, Integer, Numeric, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Ltree, Timestamps


class _Tenant:
    unit_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("admin_units.id"), nullable=False)
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)


class Plan(_Tenant, Timestamps, Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    ref_key: Mapped[str | None] = mapped_column(Text, unique=True)
    number: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    issuing_body: Mapped[str] = mapped_column(Text, nullable=False)
    issued_on: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(Text, nullable=False)
    objectives: Mapped[str | None] = mapped_column(Text)
    cited_documents: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    parent_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("plans.id"))
    supersedes_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("plans.id"))
    # By when the units it addresses must issue their implementing plans (cascade "overdue").
    subordinate_plans_due: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


class PlanTask(_Tenant, Timestamps, Base):
    """A task a plan assigns; `unit_id` is the unit that carries it out (the issuing unit for
    its own departments, named in `assignee`)."""

    __tablename__ = "plan_tasks"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    plan_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("plans.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    assignee: Mapped[str] = mapped_column(Text, nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    # Handed over to the successors of a unit that ended (migration 0050): the day it
    # passed on, and on the successor's row the predecessors' rows it took over.
    handed_over_on: Mapped[date | None] = mapped_column(Date)
    carried_from: Mapped[list[int]] = mapped_column(
        ARRAY(BigInteger), nullable=False, server_default="{}"
    )
    completed_by: Mapped[str | None] = mapped_column(Text)
    completion_note: Mapped[str | None] = mapped_column(Text)
    completion_link: Mapped[str | None] = mapped_column(Text)  # the report or document
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


class PlanDeadline(_Tenant, Timestamps, Base):
    """A report a plan requires from one addressed unit."""

    __tablename__ = "plan_deadlines"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    plan_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("plans.id"), nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    completed_on: Mapped[date | None] = mapped_column(Date)
    # Handed over to the successors of a unit that ended (migration 0050): the day it
    # passed on, and on the successor's row the predecessors' rows it took over.
    handed_over_on: Mapped[date | None] = mapped_column(Date)
    carried_from: Mapped[list[int]] = mapped_column(
        ARRAY(BigInteger), nullable=False, server_default="{}"
    )
    completed_by: Mapped[str | None] = mapped_column(Text)
    completion_note: Mapped[str | None] = mapped_column(Text)
    completion_link: Mapped[str | None] = mapped_column(Text)  # the report or document
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


class Target(_Tenant, Timestamps, Base):
    """A chỉ tiêu of one unit for one year; `quantity` / `deadline` keep the typed terms
    (core.targets) as JSON, the flat columns are what SQL compares."""

    __tablename__ = "targets"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("plans.id"))
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
    # Handed over to the successors of a unit that ended (migration 0050): the day it
    # passed on, and on the successor's row the predecessors' rows it took over.
    handed_over_on: Mapped[date | None] = mapped_column(Date)
    carried_from: Mapped[list[int]] = mapped_column(
        ARRAY(BigInteger), nullable=False, server_default="{}"
    )
    # What the platform measures it by (services.measures), None: progress is reported by hand.
    measure: Mapped[str | None] = mapped_column(Text)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


class TargetProgress(_Tenant, Base):
    """One progress report; immutable (a correction is a newer report)."""

    __tablename__ = "target_progress"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    target_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("targets.id"), nullable=False)
    value: Mapped[Decimal] = mapped_column(Numeric, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    reported_by: Mapped[str] = mapped_column(Text, nullable=False)
    reported_on: Mapped[date] = mapped_column(Date, nullable=False)
    reported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


class ModelType(Base):
    """Catalogue of model kinds (Camera với ANTT, Tổ an ninh công nhân, …): global data."""

    __tablename__ = "model_types"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    code: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


class MovementModel(_Tenant, Timestamps, Base):
    """One instance of a model run by a unit."""

    __tablename__ = "movement_models"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    model_type_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("model_types.id"), nullable=False
    )
    name: Mapped[str] = mapped_column(Text, nullable=False)
    origin: Mapped[str] = mapped_column(Text, nullable=False)
    founded_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(Text, nullable=False)
    ended_on: Mapped[date | None] = mapped_column(Date)
    merged_into_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("movement_models.id"))
    ref_key: Mapped[str | None] = mapped_column(Text, unique=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


class ModelRating(_Tenant, Timestamps, Base):
    __tablename__ = "model_ratings"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    model_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("movement_models.id"), nullable=False
    )
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    rating: Mapped[str] = mapped_column(Text, nullable=False)
    reviewer: Mapped[str] = mapped_column(Text, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")
