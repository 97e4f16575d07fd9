"""The effective-dated administrative hierarchy, and the app role that reads it.

Revision ID: 0001_hierarchy
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_hierarchy"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"  # db.roles.APP_ROLE, frozen here as migrations must not import app code


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS ltree")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute(
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
                CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
            END IF;
        END $$"""
    )
    op.create_table(
        "admin_units",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("sub_kind", sa.Text),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("short_name", sa.Text, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column(
            "parent_id",
            sa.BigInteger,
            sa.ForeignKey(
                "admin_units.id", ondelete="RESTRICT", name="fk_admin_units_parent_id_admin_units"
            ),
        ),
        sa.Column("path", sa.Text, nullable=False),  # becomes ltree below
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
        sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("id", name="pk_admin_units"),
        sa.UniqueConstraint("path", name="uq_admin_units_path"),
        sa.CheckConstraint(
            "kind IN ('nation','province','district','commune','residential_area',"
            "'agency','enterprise','school')",
            name="ck_admin_units_kind",
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name="ck_admin_units_validity",
        ),
        sa.CheckConstraint("name = normalize(name, NFC)", name="ck_admin_units_name_nfc"),
    )
    op.execute("ALTER TABLE admin_units ALTER COLUMN path TYPE ltree USING path::ltree")
    op.create_index("ix_admin_units_path_gist", "admin_units", ["path"], postgresql_using="gist")
    op.create_index("ix_admin_units_parent", "admin_units", ["parent_id"])
    op.create_index("ix_admin_units_code", "admin_units", ["code"])
    op.execute(
        "CREATE INDEX ix_admin_units_search_trgm ON admin_units USING gin "
        "(search_text gin_trgm_ops)"
    )
    # One incarnation of a (kind, code) at any date: asOf lookups by code are unambiguous.
    op.execute(
        "ALTER TABLE admin_units ADD CONSTRAINT ex_admin_units_code_validity EXCLUDE USING gist "
        "(kind WITH =, code WITH =, daterange(valid_from, valid_to, '[]') WITH &&)"
    )
    op.create_table(
        "unit_successions",
        sa.Column(
            "predecessor_id",
            sa.BigInteger,
            sa.ForeignKey(
                "admin_units.id",
                ondelete="CASCADE",
                name="fk_unit_successions_predecessor_id_admin_units",
            ),
            nullable=False,
        ),
        sa.Column(
            "successor_id",
            sa.BigInteger,
            sa.ForeignKey(
                "admin_units.id",
                ondelete="CASCADE",
                name="fk_unit_successions_successor_id_admin_units",
            ),
            nullable=False,
        ),
        sa.Column("effective_on", sa.Date, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("predecessor_id", "successor_id", name="pk_unit_successions"),
        sa.CheckConstraint(
            "reason IN ('merge','split','transfer','reform')", name="ck_unit_successions_reason"
        ),
    )
    op.create_index("ix_unit_successions_successor", "unit_successions", ["successor_id"])

    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT ON admin_units, unit_successions TO {APP_ROLE}")


def downgrade() -> None:
    op.execute(f"REVOKE ALL ON admin_units, unit_successions FROM {APP_ROLE}")
    op.drop_table("unit_successions")
    op.drop_table("admin_units")
    # The role itself stays (it is the cluster's, shared by every database on the server), and
    # so do the extensions (created IF NOT EXISTS: they may have been there before).
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {APP_ROLE}")
