"""Hardening (issue 19): who granted a role, and why a webhook endpoint was switched off.

- `casbin_rule.granted_by` / `granted_at`: the administrator who made a `g` row (a role
  assignment) and when; shown as `RoleAssignment.grantedBy`, so a reviewer role can be traced
  to the admin who gave it. Rows older than this migration have NULL (unknown; the audit log
  has them). `p` rows (role templates) leave them NULL.
- `webhook_endpoints.disabled_reason` / `disabled_at` / `disabled_by`: an endpoint switched off
  because its owner lost the right to read its subtree (by the dispatcher, `disabled_by` NULL),
  or by an administrator of its unit; the reason is visible to the unit's admins.

Neither table gets a new policy: casbin_rule has no tenant column (the enforcer reads it all),
and webhook_endpoints already has the `tenant_scope` policy of 0012 over `unit_path`.

Revision ID: 0019_hardening
Revises: 0015_tally_triggers_execute
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_hardening"
down_revision: str | None = "0015_tally_triggers_execute"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("casbin_rule", sa.Column("granted_by", sa.Text))
    op.add_column("casbin_rule", sa.Column("granted_at", sa.DateTime(timezone=True)))
    op.add_column("webhook_endpoints", sa.Column("disabled_reason", sa.Text))
    op.add_column("webhook_endpoints", sa.Column("disabled_at", sa.DateTime(timezone=True)))
    op.add_column("webhook_endpoints", sa.Column("disabled_by", sa.Text))


def downgrade() -> None:
    op.drop_column("webhook_endpoints", "disabled_by")
    op.drop_column("webhook_endpoints", "disabled_at")
    op.drop_column("webhook_endpoints", "disabled_reason")
    op.drop_column("casbin_rule", "granted_at")
    op.drop_column("casbin_rule", "granted_by")
