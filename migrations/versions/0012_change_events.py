"""Change events (an outbox written in the writer's transaction), webhook endpoints, deliveries.

Revision ID: 0012_change_events
Revises: 0011_rollup_tallies
Create Date: 2026-11-23

`change_events` is a tenant table like the others (unit_id + unit_path, GiST index, the
`tenant_scope` row-level-security policy): a writer can only add events inside its own scope.
An AFTER INSERT trigger does the rest in the same transaction, so an event can never exist
without its notification and its deliveries:

- `pg_notify('antq_changes', id)`: delivered to listeners only when the transaction commits;
- one `webhook_deliveries` row per active endpoint whose subtree and kinds match. The trigger
  function is SECURITY DEFINER because the writer's scope (a district) usually cannot see the
  endpoint (registered at the province); it writes nothing the writer chose beyond the event.

`webhook_endpoints` and `webhook_deliveries` carry the endpoint's subtree unit / the event's unit
as their tenant path, with the same policy.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision: str = "0012_change_events"
down_revision: str | None = "0011_rollup_tallies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"
TENANT_TABLES = ("change_events", "webhook_endpoints", "webhook_deliveries")
KINDS = "('target_progress','campaign_state')"
KINDS_ARRAY = "ARRAY['target_progress','campaign_state']::text[]"


def _tenant(table: str) -> list[sa.Column]:
    return [
        sa.Column(
            "unit_id",
            sa.BigInteger,
            sa.ForeignKey(
                "admin_units.id", ondelete="RESTRICT", name=f"fk_{table}_unit_id_admin_units"
            ),
            nullable=False,
        ),
        sa.Column("unit_path", sa.Text, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "change_events",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        *_tenant("change_events"),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("id", name="pk_change_events"),
        sa.CheckConstraint(f"kind IN {KINDS}", name="ck_change_events_kind"),
    )
    op.create_table(
        "webhook_endpoints",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column(
            "owner",
            sa.Text,
            sa.ForeignKey(
                "users.username", ondelete="CASCADE", name="fk_webhook_endpoints_owner_users"
            ),
            nullable=False,
        ),
        *_tenant("webhook_endpoints"),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("kinds", ARRAY(sa.Text), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_endpoints"),
        sa.CheckConstraint(
            f"kinds <@ {KINDS_ARRAY} AND cardinality(kinds) > 0", name="ck_webhook_endpoints_kinds"
        ),
        sa.CheckConstraint("url ~ '^https?://'", name="ck_webhook_endpoints_url"),
    )
    op.create_index("ix_webhook_endpoints_owner", "webhook_endpoints", ["owner"])
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column(
            "endpoint_id",
            sa.BigInteger,
            sa.ForeignKey(
                "webhook_endpoints.id",
                ondelete="CASCADE",
                name="fk_webhook_deliveries_endpoint_id_webhook_endpoints",
            ),
            nullable=False,
        ),
        sa.Column(
            "event_id",
            sa.BigInteger,
            sa.ForeignKey(
                "change_events.id",
                ondelete="CASCADE",
                name="fk_webhook_deliveries_event_id_change_events",
            ),
            nullable=False,
        ),
        *_tenant("webhook_deliveries"),
        sa.Column("status", sa.Text, nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column(
            "next_attempt_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.Text),
        sa.Column("delivered_at", sa.DateTime(timezone=True)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_deliveries"),
        sa.UniqueConstraint("endpoint_id", "event_id", name="uq_webhook_deliveries_endpoint_event"),
        sa.CheckConstraint(
            "status IN ('pending','delivered','failed')", name="ck_webhook_deliveries_status"
        ),
    )
    # The dispatcher's question: what is due now?
    op.execute(
        "CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) "
        "WHERE status = 'pending'"
    )
    op.create_index("ix_webhook_deliveries_event", "webhook_deliveries", ["event_id"])
    for table in TENANT_TABLES:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN unit_path TYPE ltree USING unit_path::ltree")
        # The province as the future distribution column (main's 0010_province_key does the
        # same for the older tenant tables), so these tables need nothing when it lands.
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN province_key ltree NOT NULL GENERATED ALWAYS "
            f"AS (subpath(unit_path, 0, least(nlevel(unit_path), 2))) STORED"
        )
        op.create_index(f"ix_{table}_unit_path_gist", table, ["unit_path"], postgresql_using="gist")
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_scope ON {table} USING (unit_path <@ ANY(antq_scope())) "
            f"WITH CHECK (unit_path <@ ANY(antq_scope()))"
        )
    op.execute(
        """
CREATE FUNCTION antq_change_event_fanout() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO webhook_deliveries (endpoint_id, event_id, unit_id, unit_path)
    SELECT e.id, NEW.id, NEW.unit_id, NEW.unit_path
      FROM webhook_endpoints e
     WHERE e.active AND NEW.unit_path <@ e.unit_path AND NEW.kind = ANY (e.kinds);
    PERFORM pg_notify('antq_changes', NEW.id::text);
    RETURN NULL;
END
$$"""
    )
    op.execute("REVOKE ALL ON FUNCTION antq_change_event_fanout() FROM PUBLIC")
    op.execute(
        "CREATE TRIGGER change_events_fanout AFTER INSERT ON change_events "
        "FOR EACH ROW EXECUTE FUNCTION antq_change_event_fanout()"
    )
    op.execute(f"GRANT SELECT, INSERT ON change_events TO {APP_ROLE}")
    op.execute(
        f"GRANT SELECT, INSERT, UPDATE ON webhook_endpoints, webhook_deliveries TO {APP_ROLE}"
    )
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")


def downgrade() -> None:
    op.execute(f"REVOKE ALL ON {', '.join(reversed(TENANT_TABLES))} FROM {APP_ROLE}")
    op.execute("DROP TRIGGER change_events_fanout ON change_events")
    op.execute("DROP FUNCTION antq_change_event_fanout()")
    for table in reversed(TENANT_TABLES):
        op.drop_table(table)
