"""Change events and their webhook fan-out (migration 0012, endpoint switch-off columns 0019).

`change_events` is an outbox written in the writer's transaction; an AFTER INSERT trigger
(`antq_change_event_fanout`, SECURITY DEFINER) notifies listeners and adds one delivery per
active endpoint whose subtree and kinds match, so an event never exists without them. All three
are tenant tables under the `tenant_scope` policy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
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

from db.base import Base, Ltree, check, one_of, province_key_column, unit_id_column

CHANGE_KINDS = ("target_progress", "campaign_state")
DELIVERY_STATUSES = ("pending", "delivered", "failed")


class ChangeEvent(Base):
    __tablename__ = "change_events"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    unit_id: Mapped[int] = unit_id_column()
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    kind: Mapped[str] = mapped_column(Text, nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False)
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (
        check(one_of("kind", CHANGE_KINDS), "ck_change_events_ck_change_events_kind"),
        Index("ix_change_events_unit_path_gist", "unit_path", postgresql_using="gist"),
    )


class WebhookEndpoint(Base):
    """A URL that receives the events of a subtree (`unit_path`), of the kinds it asked for."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    owner: Mapped[str] = mapped_column(
        Text, ForeignKey("users.username", ondelete="CASCADE"), nullable=False
    )
    unit_id: Mapped[int] = unit_id_column()
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    url: Mapped[str] = mapped_column(Text, nullable=False)
    secret: Mapped[str] = mapped_column(Text, nullable=False)
    kinds: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=text("true"))
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now(), onupdate=func.now()
    )
    province_key: Mapped[str] = province_key_column()
    # Switched off because its owner lost the right to read the subtree (by the dispatcher:
    # `disabled_by` NULL) or by an administrator of its unit (0019).
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_by: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        check(
            "kinds <@ ARRAY[" + ",".join(f"'{k}'" for k in CHANGE_KINDS) + "]::text[] "
            "AND cardinality(kinds) > 0",
            "ck_webhook_endpoints_ck_webhook_endpoints_kinds",
        ),
        check("url ~ '^https?://'", "ck_webhook_endpoints_ck_webhook_endpoints_url"),
        Index("ix_webhook_endpoints_owner", "owner"),
        Index("ix_webhook_endpoints_unit_path_gist", "unit_path", postgresql_using="gist"),
    )


class WebhookDelivery(Base):
    """One event for one endpoint, retried by the dispatcher until delivered or failed."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    endpoint_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), nullable=False
    )
    event_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("change_events.id", ondelete="CASCADE"), nullable=False
    )
    unit_id: Mapped[int] = unit_id_column()
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    status: Mapped[str] = mapped_column(Text, nullable=False, server_default="pending")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id", name="uq_webhook_deliveries_endpoint_event"),
        check(
            one_of("status", DELIVERY_STATUSES),
            "ck_webhook_deliveries_ck_webhook_deliveries_status",
        ),
        # The dispatcher's question: what is due now?
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_webhook_deliveries_event", "event_id"),
        Index("ix_webhook_deliveries_unit_path_gist", "unit_path", postgresql_using="gist"),
    )
