"""Who exists and what they may do: users, Casbin rules (role templates and role assignments),
and the audit trail of changes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Text,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Ltree, Timestamps, check, one_of, province_key_column


class User(Timestamps, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    display_name: Mapped[str | None] = mapped_column(Text)
    # A service account (integration system) rather than a person: it signs in with API keys,
    # and its home unit is where it was created (its integration role is held there).
    is_service_account: Mapped[bool] = mapped_column(
        Boolean, nullable=False, server_default=false()
    )
    # The unit a person belongs to (set by an invitation, a token's unit claim, or a move); for
    # a service account the unit it was created at. Where an administrator finds the person.
    home_unit_path: Mapped[str | None] = mapped_column(Ltree)
    created_by: Mapped[str | None] = mapped_column(Text)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_by: Mapped[str | None] = mapped_column(Text)
    position: Mapped[str | None] = mapped_column(Text)  # chức vụ, e.g. "Trưởng Công an xã"
    contact: Mapped[str | None] = mapped_column(Text)
    # How the row came to be: seed (demo), invited (by an administrator), sign_in (first token
    # from the identity provider), cli (`antq users create-admin`).
    provisioned: Mapped[str] = mapped_column(Text, nullable=False, server_default="seed")
    version: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("1"))

    __table_args__ = (
        check(
            "NOT is_service_account OR home_unit_path IS NOT NULL", "ck_users_service_account_home"
        ),
        check(one_of("provisioned", ("seed", "invited", "sign_in", "cli")), "ck_users_provisioned"),
        Index("ix_users_home_unit_path_gist", "home_unit_path", postgresql_using="gist"),
    )


class ApiKey(Base):
    """A long-lived credential of a service account: `antq_<key_id>_<secret>`. Only SHA-256 of
    the secret is kept; several keys may be active at once so they can be rotated."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    key_id: Mapped[str] = mapped_column(Text, nullable=False, unique=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    secret_sha256: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )
    created_by: Mapped[str] = mapped_column(Text, nullable=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (check("octet_length(secret_sha256) = 32", "ck_api_keys_ck_api_keys_sha256"),)


class PersistedQuery(Base):
    """The allow-list of GraphQL documents, by the SHA-256 (hex) of their exact text."""

    __tablename__ = "persisted_queries"

    sha256: Mapped[str] = mapped_column(Text, primary_key=True)
    document: Mapped[str] = mapped_column(Text, nullable=False)
    name: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, server_default=func.now()
    )

    __table_args__ = (
        check("sha256 ~ '^[0-9a-f]{64}$'", "ck_persisted_queries_ck_persisted_queries_hex"),
    )


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
    # Who made an assignment (a `g` row) and when (migration 0019); NULL for older rows.
    granted_by: Mapped[str | None] = mapped_column(Text)
    granted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The period of a role assignment (inclusive; NULL = open): an acting role ends by itself.
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("uq_casbin_rule_line", "ptype", "v0", "v1", "v2", "v3", "v4", "v5", unique=True),
        check(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            "ck_casbin_rule_period",
        ),
    )


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    actor: Mapped[str] = mapped_column(Text, nullable=False)
    action: Mapped[str] = mapped_column(Text, nullable=False)
    object_type: Mapped[str] = mapped_column(Text, nullable=False)
    object_id: Mapped[str] = mapped_column(Text, nullable=False)
    unit_path: Mapped[str] = mapped_column(Ltree, nullable=False)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    province_key: Mapped[str] = province_key_column()

    __table_args__ = (Index("ix_audit_log_unit_path_gist", "unit_path", postgresql_using="gist"),)
