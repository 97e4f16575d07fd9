"""Service accounts (users marked as such, with a home unit), their API keys, and the registry of
persisted GraphQL documents.

API keys store only SHA-256 of a 256-bit random secret: the secret is never stored, and a stolen
table gives nothing to present. No RLS on api_keys: a key is looked up before anyone's scope is
known (that is what authenticates), and the management queries filter by the account's unit in SQL.

Revision ID: 0013_service_accounts
Revises: 0012_change_events
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_service_accounts"
down_revision: str | None = "0012_change_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("is_service_account", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column("users", sa.Column("home_unit_path", sa.Text))
    op.add_column("users", sa.Column("created_by", sa.Text))
    op.add_column("users", sa.Column("disabled_at", sa.DateTime(timezone=True)))
    op.execute(
        "ALTER TABLE users ALTER COLUMN home_unit_path TYPE ltree USING home_unit_path::ltree"
    )
    op.execute(
        "ALTER TABLE users ADD CONSTRAINT ck_users_service_account_home "
        "CHECK (is_service_account = (home_unit_path IS NOT NULL))"
    )
    op.create_index(
        "ix_users_home_unit_path_gist", "users", ["home_unit_path"], postgresql_using="gist"
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("key_id", sa.Text, nullable=False),
        sa.Column(
            "user_id",
            sa.BigInteger,
            sa.ForeignKey("users.id", ondelete="CASCADE", name="fk_api_keys_user_id_users"),
            nullable=False,
        ),
        sa.Column("name", sa.Text, nullable=False, server_default=""),
        sa.Column("secret_sha256", sa.LargeBinary, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True)),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_by", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.UniqueConstraint("key_id", name="uq_api_keys_key_id"),
        sa.CheckConstraint("octet_length(secret_sha256) = 32", name="ck_api_keys_sha256"),
    )
    op.create_index("ix_api_keys_user_id", "api_keys", ["user_id"])
    op.create_table(
        "persisted_queries",
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("sha256", name="pk_persisted_queries"),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="ck_persisted_queries_hex"),
    )
    op.execute(f"GRANT INSERT, UPDATE (disabled_at, updated_at) ON users TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE ON api_keys TO {APP_ROLE}")
    # Read-only for the app: the allow-list is written by `antq persist-queries` (owner role),
    # so a request can never widen it.
    op.execute(f"GRANT SELECT ON persisted_queries TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")


def downgrade() -> None:
    op.execute(f"REVOKE ALL ON api_keys, persisted_queries FROM {APP_ROLE}")
    op.execute(f"REVOKE INSERT, UPDATE ON users FROM {APP_ROLE}")
    op.drop_table("persisted_queries")
    op.drop_table("api_keys")
    op.drop_index("ix_users_home_unit_path_gist", table_name="users")
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_service_account_home")
    op.drop_column("users", "disabled_at")
    op.drop_column("users", "created_by")
    op.drop_column("users", "home_unit_path")
    op.drop_column("users", "is_service_account")
