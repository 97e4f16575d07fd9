"""People: administrators onboard and manage the users of their units (issue 17).

- `users` gains what an administrator needs to know about a person: position ("Trưởng Công an
  xã"), contact, how they came in (`provisioned`: invited, sign_in, cli, seed), who disabled them,
  and a `version` for optimistic concurrency. A person's unit is `home_unit_path`, the column
  service accounts already use: the check that tied it to service accounts becomes "a service
  account has one" (a person may have none only while nobody knows where they belong).
- `casbin_rule` gains `valid_from` / `valid_to` (inclusive dates) for role assignments: an acting
  role ends by itself. They are columns of the assignment row, not Casbin fields, so the unique
  line (ptype, v0..v5) still means one assignment per user, role and unit.
- The app role may update the new person columns and a period (grants with a new period).
- `antq_ended_role_units()` (SECURITY DEFINER): the units that ended and hold roles, each with
  its heirs (successors, or itself when nobody succeeded it). It reveals only unit reference
  data (path, code, name, last day): an administrator of a province formed by a merger must see
  which roles sat at the old province, which RLS hides from their scope.

Revision ID: 0060_people
Revises: 0015_tally_triggers_execute
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0060_people"
down_revision: str | None = "0019_hardening"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"


def upgrade() -> None:
    op.add_column("users", sa.Column("position", sa.Text))
    op.add_column("users", sa.Column("contact", sa.Text))
    op.add_column("users", sa.Column("provisioned", sa.Text, nullable=False, server_default="seed"))
    op.add_column("users", sa.Column("disabled_by", sa.Text))
    op.add_column(
        "users", sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1"))
    )
    op.execute(
        "ALTER TABLE users ADD CONSTRAINT ck_users_provisioned "
        "CHECK (provisioned IN ('seed','invited','sign_in','cli'))"
    )
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_service_account_home")
    op.execute(
        "ALTER TABLE users ADD CONSTRAINT ck_users_service_account_home "
        "CHECK (NOT is_service_account OR home_unit_path IS NOT NULL)"
    )
    # People who exist already belong where their highest role is held.
    op.execute("""
        UPDATE users u SET home_unit_path = g.path FROM (
            SELECT DISTINCT ON (v0) v0, v2::ltree AS path FROM casbin_rule
            WHERE ptype = 'g' ORDER BY v0, nlevel(v2::ltree), v2) g
        WHERE u.username = g.v0 AND NOT u.is_service_account AND u.home_unit_path IS NULL""")
    op.add_column("casbin_rule", sa.Column("valid_from", sa.Date))
    op.add_column("casbin_rule", sa.Column("valid_to", sa.Date))
    op.execute(
        "ALTER TABLE casbin_rule ADD CONSTRAINT ck_casbin_rule_period "
        "CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)"
    )
    op.execute("""
        CREATE FUNCTION antq_ended_role_units()
        RETURNS TABLE (unit_id bigint, path ltree, code text, name text, valid_to date,
                       heir ltree)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT e.id, e.path, e.code, e.name, e.valid_to, coalesce(s.path, e.path)
            FROM admin_units e
            LEFT JOIN unit_successions us ON us.predecessor_id = e.id
            LEFT JOIN admin_units s ON s.id = us.successor_id
            WHERE e.valid_to IS NOT NULL
              AND e.path IN (SELECT v2::ltree FROM casbin_rule WHERE ptype = 'g')
        $$""")
    op.execute("REVOKE ALL ON FUNCTION antq_ended_role_units() FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION antq_ended_role_units() TO {APP_ROLE}")
    op.execute(
        f"GRANT UPDATE (display_name, position, contact, home_unit_path, disabled_at, "
        f"disabled_by, version, updated_at) ON users TO {APP_ROLE}"
    )
    # granted_by / granted_at (0019): re-granting a period records who set it
    op.execute(
        f"GRANT UPDATE (valid_from, valid_to, granted_by, granted_at) ON casbin_rule TO {APP_ROLE}"
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION antq_ended_role_units()")
    op.execute(
        f"REVOKE UPDATE (valid_from, valid_to, granted_by, granted_at) ON casbin_rule "
        f"FROM {APP_ROLE}"
    )
    op.execute(
        f"REVOKE UPDATE (display_name, position, contact, home_unit_path, disabled_by, "
        f"version) ON users FROM {APP_ROLE}"
    )
    op.execute("ALTER TABLE casbin_rule DROP CONSTRAINT ck_casbin_rule_period")
    op.drop_column("casbin_rule", "valid_to")
    op.drop_column("casbin_rule", "valid_from")
    op.execute("UPDATE users SET home_unit_path = NULL WHERE NOT is_service_account")
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_service_account_home")
    op.execute(
        "ALTER TABLE users ADD CONSTRAINT ck_users_service_account_home "
        "CHECK (is_service_account = (home_unit_path IS NOT NULL))"
    )
    op.execute("ALTER TABLE users DROP CONSTRAINT ck_users_provisioned")
    for column in ("version", "disabled_by", "provisioned", "contact", "position"):
        op.drop_column("users", column)
