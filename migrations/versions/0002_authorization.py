"""Users, Casbin rules, audit log, and row-level security keyed on app.scope_paths.

Revision ID: 0002_authorization
Revises: 0001_hierarchy
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0002_authorization"
down_revision: str | None = "0001_hierarchy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("display_name", sa.Text),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "casbin_rule",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("ptype", sa.Text, nullable=False),
        *[sa.Column(f"v{i}", sa.Text, nullable=False, server_default="") for i in range(6)],
        sa.PrimaryKeyConstraint("id", name="pk_casbin_rule"),
    )
    op.create_index(
        "uq_casbin_rule_line",
        "casbin_rule",
        ["ptype", "v0", "v1", "v2", "v3", "v4", "v5"],
        unique=True,
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("object_type", sa.Text, nullable=False),
        sa.Column("object_id", sa.Text, nullable=False),
        sa.Column("unit_path", sa.Text, nullable=False),
        sa.Column("before", JSONB),
        sa.Column("after", JSONB),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.execute("ALTER TABLE audit_log ALTER COLUMN unit_path TYPE ltree USING unit_path::ltree")
    op.create_index(
        "ix_audit_log_unit_path_gist", "audit_log", ["unit_path"], postgresql_using="gist"
    )

    # The caller's scope, from the transaction-local setting; NULL/empty -> no rows (fail closed).
    op.execute(
        """CREATE FUNCTION antq_scope() RETURNS ltree[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
             SELECT string_to_array(NULLIF(current_setting('app.scope_paths', true), ''), ',')
                    ::ltree[]
           $$"""
    )
    for table, column in (("admin_units", "path"), ("audit_log", "unit_path")):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_scope ON {table} USING ({column} <@ ANY(antq_scope())) "
            f"WITH CHECK ({column} <@ ANY(antq_scope()))"
        )
    # A succession link is visible when either end is (the other end is then filtered by the
    # units policy in every query that joins it).
    op.execute("ALTER TABLE unit_successions ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY tenant_scope ON unit_successions USING (EXISTS (SELECT 1 FROM admin_units u "
        "WHERE u.id IN (predecessor_id, successor_id)))"
    )
    op.execute(f"GRANT SELECT ON users TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, DELETE ON casbin_rule TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT ON audit_log TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")


def downgrade() -> None:
    for table in ("admin_units", "audit_log", "unit_successions"):
        op.execute(f"DROP POLICY IF EXISTS tenant_scope ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION antq_scope()")
    op.execute(f"REVOKE ALL ON users, casbin_rule, audit_log FROM {APP_ROLE}")
    # The upgrade's GRANT ... ON ALL SEQUENCES also reached 0001's admin_units sequence.
    op.execute(f"REVOKE USAGE ON SEQUENCE admin_units_id_seq FROM {APP_ROLE}")
    op.drop_table("audit_log")
    op.drop_table("casbin_rule")
    op.drop_table("users")
