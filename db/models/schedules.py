"""Rules that plans set, as data: their schedule (one typed date rule per step, with the
original wording), their quotas of typical units, and the extensions the level above grants.

DDL: migrations/versions/0030_plan_schedules.py (with the RLS `tenant_scope` policies). The
rule that governs a unit's step is found by services.schedules.governing_rule.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ARRAY, BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Ltree, Timestamps


class _Tenant:
    unit_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("admin_units.id"), nullable=False)
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)


class ScheduleRule(_Tenant, Timestamps, Base):
    """One dated step of a plan's schedule; `unit_kind` set for per-kind rules (assessment
    entry: hamlets 05/11, communes 10/11, agencies 13/11)."""

    __tablename__ = "plan_schedule_rules"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    plan_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("plans.id"), nullable=False)
    step: Mapped[str] = mapped_column(Text, nullable=False)
    unit_kind: Mapped[str | None] = mapped_column(Text)
    wording: Mapped[str] = mapped_column(Text, nullable=False)
    rule: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    starts_on: Mapped[date | None] = mapped_column(Date)
    every_year: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    late_allowed: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    source_note: Mapped[str | None] = mapped_column(Text)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


class PlanQuota(_Tenant, Timestamps, Base):
    """ "Mỗi năm lựa chọn ít nhất 01 xã, 01 phường/thị trấn và 01 cơ quan": one row per kind
    group; `unit_kinds` lists the kinds any of which counts ("cơ quan (hoặc doanh nghiệp,
    cơ sở giáo dục)")."""

    __tablename__ = "plan_quotas"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    plan_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("plans.id"), nullable=False)
    addressee: Mapped[str] = mapped_column(Text, nullable=False)
    unit_kinds: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    minimum: Mapped[int] = mapped_column(Integer, nullable=False)
    measure: Mapped[str] = mapped_column(Text, nullable=False)
    wording: Mapped[str] = mapped_column(Text, nullable=False)
    every_year: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")


class CampaignExtension(_Tenant, Base):
    """A later due day for one step of one unit's campaign, granted by the level above."""

    __tablename__ = "campaign_extensions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("typical_campaigns.id"), nullable=False
    )
    step: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    granted_by: Mapped[str] = mapped_column(Text, nullable=False)
    granted_on: Mapped[date] = mapped_column(Date, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
