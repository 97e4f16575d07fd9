"""Who exists and what they may do: users, Casbin rules (role templates and role assignments),
and the audit trail of changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Ltree, Timestamps


class User(Timestamps, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    display_name: Mapped[str | None] = mapped_column(Text)


class CasbinRule(Base):
    """Casbin's usual table layout: `p` rows are role templates, `g` rows are assignments
    (v0 user, v1 role, v2 unit path)."""

    __tablename__ = "casbin_rule"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    ptype: Mapped[str] = mapped_column(Text, nullable=False)
    v0: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    v1: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    v2: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    v3: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    v4: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    v5: Mapped[str] = mapped_column(Text, nullable=False, server_default="")

    __table_args__ = (
        Index("uq_casbin_rule_line", "ptype", "v0", "v1", "v2", "v3", "v4", "v5", unique=True),
    )


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(),
                                         nullable=False)
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    object_type: Mapped[str] = mapped_column(Text, nullable=False)
    object_id: Mapped[str] = mapped_column(Text, nullable=False)
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    __table_args__ = (Index("ix_audit_log_unit_path_gist", "unit_path", postgresql_using="gist"),)
