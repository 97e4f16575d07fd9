"""Rules that plans set, as data: their schedule (one typed date rule per step, with the
original wording), their quotas of typical units, and the extensions the level above grants.

DDL: migrations/versions/0030_plan_schedules.py (raw SQL: foreign keys carry PostgreSQL's
names; row-level security `tenant_scope`; `antq_governing_rules` / `antq_quotas_for`, which
let a commune read the rules of its ancestors' plans without reading the plans). The rule that
governs a unit's step is found by services.schedules.governing_rule.
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
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from core.domain import QuotaAddressee, QuotaKind, QuotaMeasure, ScheduleStep
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

# The kinds a per-kind rule may name, in the migration's order.
RULE_UNIT_KINDS = ("residential_area", "commune", "agency", "enterprise", "school")


class ScheduleRule(Timestamps, Base):
    """One dated step of a plan's schedule; `unit_kind` set for per-kind rules (assessment
    entry: hamlets 05/11, communes 10/11, agencies 13/11)."""

    __tablename__ = "plan_schedule_rules"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("plan_schedule_rules_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    province_key: Mapped[str] = province_key_column()
    plan_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("plans.id", ondelete="CASCADE", name="plan_schedule_rules_plan_id_fkey"),
        nullable=False,
    )
    step: Mapped[str] = mapped_column(Text, nullable=False)
    unit_kind: Mapped[str | None] = mapped_column(Text)
    wording: Mapped[str] = mapped_column(Text, nullable=False)
    rule: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    starts_on: Mapped[date | None] = mapped_column(Date)
    every_year: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    late_allowed: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default=text("false")
    )
    source_note: Mapped[str | None] = mapped_column(Text)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    created_by: Mapped[str] = mapped_column(Text, nullable=False, server_default=text("''"))

    __table_args__ = (
        check(one_of("step", ScheduleStep), "ck_plan_schedule_rules_step"),
        check(
            "unit_kind IS NULL OR " + one_of("unit_kind", RULE_UNIT_KINDS),
            "ck_plan_schedule_rules_unit_kind",
        ),
        # One live rule per (plan, step, kind); a withdrawn one may be replaced.
        Index(
            "uq_plan_schedule_rules_step",
            "plan_id",
            "step",
            text("coalesce(unit_kind, '')"),
            unique=True,
            postgresql_where=text("withdrawn_on IS NULL"),
        ),
        Index("ix_plan_schedule_rules_plan", "plan_id"),
        path_index("plan_schedule_rules"),
    )


class PlanQuota(Timestamps, Base):
    """ "Mỗi năm lựa chọn ít nhất 01 xã, 01 phường/thị trấn và 01 cơ quan": one row per kind
    group; `unit_kinds` lists the kinds any of which counts ("cơ quan (hoặc doanh nghiệp,
    cơ sở giáo dục)")."""

    __tablename__ = "plan_quotas"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("plan_quotas_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    province_key: Mapped[str] = province_key_column()
    plan_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("plans.id", ondelete="CASCADE", name="plan_quotas_plan_id_fkey"),
        nullable=False,
    )
    addressee: Mapped[str] = mapped_column(Text, nullable=False)
    unit_kinds: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    minimum: Mapped[int] = mapped_column(Integer, nullable=False)
    measure: Mapped[str] = mapped_column(Text, nullable=False)
    wording: Mapped[str] = mapped_column(Text, nullable=False)
    every_year: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("false"))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    created_by: Mapped[str] = mapped_column(Text, nullable=False, server_default=text("''"))

    __table_args__ = (
        check(one_of("addressee", QuotaAddressee), "ck_plan_quotas_addressee"),
        check(
            "cardinality(unit_kinds) > 0 AND unit_kinds <@ ARRAY["
            + ",".join(f"'{kind}'" for kind in QuotaKind)
            + "]::text[]",
            "ck_plan_quotas_kinds",
        ),
        check("minimum > 0", "ck_plan_quotas_minimum"),
        check(one_of("measure", QuotaMeasure), "ck_plan_quotas_measure"),
        Index("ix_plan_quotas_plan", "plan_id"),
        path_index("plan_quotas"),
    )


class CampaignExtension(Base):
    """A later due day for one step of one unit's campaign, granted by the level above."""

    __tablename__ = "campaign_extensions"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column("campaign_extensions_unit_id_fkey")
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    province_key: Mapped[str] = province_key_column()
    campaign_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey(
            "typical_campaigns.id",
            ondelete="CASCADE",
            name="campaign_extensions_campaign_id_fkey",
        ),
        nullable=False,
    )
    step: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    granted_by: Mapped[str] = mapped_column(Text, nullable=False)
    granted_on: Mapped[date] = mapped_column(Date, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )

    __table_args__ = (
        check(one_of("step", ScheduleStep), "ck_campaign_extensions_step"),
        Index("ix_campaign_extensions_campaign", "campaign_id", "step"),
        path_index("campaign_extensions"),
    )
