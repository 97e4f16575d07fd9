"""Rollup tallies: assessment and typical-unit counts summed per parent unit, kept by triggers.

The national rollup read ~115,000 units and their assessments on every request (1 s under
load; goal 200 ms). Its figures are sums over assessable units, so they can be summed ahead of
time per parent unit: a rollup then reads the root and its direct children (one row each, as
before) and, for everything deeper, one tally row per parent (~11,000 for the nation).

Keys. A unit counts in a rollup when it is alive on `asOf` and during the year; both tests
depend only on the unit's validity interval, so the tallies are keyed by the parent's path and
the interval [lo, hi] of the units they sum (-infinity / infinity for open ends):
`unit_tallies` (how many assessable units) and `assessment_tallies` (per year: assessed,
registered, safe, Xuất sắc + Khá, typical units registered / recognised).

Exact under concurrent writes. Statement-level AFTER triggers on assessments, typical_campaigns
and admin_units (for changes of path, kind or validity) add the statement's deltas, grouped by
key, with `INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`: the update takes the tally
row's lock and re-reads its latest committed value, so concurrent transactions serialise on the
row and each adds its own delta; a rolled-back transaction rolls its delta back with it. Keys
are upserted in sorted order so two statements lock shared rows in the same order. The trigger
functions are SECURITY DEFINER (they write tallies of the parent, which a hamlet's own officer
may not see) and only ever apply deltas of rows the caller was allowed to write.

Revision ID: 0011_rollup_tallies
Revises: 0010_province_key
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011_rollup_tallies"
down_revision: str | None = "0010_province_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APP_ROLE = "antq_app"
ASSESSABLE = "('commune', 'residential_area', 'agency', 'enterprise', 'school')"
YEAR_COUNTS = (
    "assessed",
    "registered",
    "safe",
    "good_or_excellent",
    "typical_registered",
    "typical_recognised",
)


def _key(u: str) -> str:
    return (
        f"subpath({u}.path, 0, nlevel({u}.path) - 1) AS parent_path, "
        f"coalesce({u}.valid_from, '-infinity'::date) AS lo, "
        f"coalesce({u}.valid_to, 'infinity'::date) AS hi"
    )


def _units(units: str, sign: str) -> str:
    return (
        f"SELECT {_key('u')}, {sign} AS units FROM {units} u "
        f"WHERE u.kind IN {ASSESSABLE} AND nlevel(u.path) > 1"
    )


def _assessments(rows: str, units: str, sign: str) -> str:
    return (
        f"SELECT x.year, {_key('u')}, {sign} AS assessed, "
        f"{sign} * x.safety_registered::int AS registered, "
        f"{sign} * coalesce(x.safety_achieved, false)::int AS safe, "
        f"{sign} * coalesce(x.classification IN ('xuat_sac', 'kha'), false)::int "
        "AS good_or_excellent, 0 AS typical_registered, 0 AS typical_recognised "
        f"FROM {rows} x JOIN {units} u ON u.id = x.unit_id "
        f"WHERE u.kind IN {ASSESSABLE} AND nlevel(u.path) > 1"
    )


def _campaigns(rows: str, units: str, sign: str) -> str:
    return (
        f"SELECT t.year, {_key('u')}, 0 AS assessed, 0 AS registered, 0 AS safe, "
        f"0 AS good_or_excellent, {sign} AS typical_registered, "
        f"{sign} * (t.state = 'recognised')::int AS typical_recognised "
        f"FROM {rows} t JOIN {units} u ON u.id = t.unit_id "
        f"WHERE u.kind IN {ASSESSABLE} AND nlevel(u.path) > 1"
    )


def _add_units(*sources: str) -> str:
    union = " UNION ALL ".join(sources)
    return (
        f"INSERT INTO unit_tallies AS t (parent_path, lo, hi, units) "
        f"SELECT parent_path, lo, hi, sum(units) FROM ({union}) d "
        "GROUP BY parent_path, lo, hi HAVING sum(units) <> 0 ORDER BY parent_path, lo, hi "
        "ON CONFLICT (parent_path, lo, hi) DO UPDATE SET units = t.units + excluded.units"
    )


def _add_years(*sources: str) -> str:
    union = " UNION ALL ".join(sources)
    cols = ", ".join(YEAR_COUNTS)
    sums = ", ".join(f"sum({c})" for c in YEAR_COUNTS)
    sets = ", ".join(f"{c} = t.{c} + excluded.{c}" for c in YEAR_COUNTS)
    # an update that changes no count (a confirmation, a note) touches no tally row
    changed = " OR ".join(f"sum({c}) <> 0" for c in YEAR_COUNTS)
    return (
        f"INSERT INTO assessment_tallies AS t (year, parent_path, lo, hi, {cols}) "
        f"SELECT year, parent_path, lo, hi, {sums} FROM ({union}) d "
        f"GROUP BY year, parent_path, lo, hi HAVING {changed} "
        "ORDER BY year, parent_path, lo, hi "
        f"ON CONFLICT (year, parent_path, lo, hi) DO UPDATE SET {sets}"
    )


# admin_units rows whose tally key changed, as the pair (old, new)
CHANGED = (
    "(SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE (o.path, o.kind, o.valid_from, o.valid_to) "
    "IS DISTINCT FROM (n.path, n.kind, n.valid_from, n.valid_to))"
)
CHANGED_NEW = (
    "(SELECT n.* FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE (o.path, o.kind, o.valid_from, o.valid_to) "
    "IS DISTINCT FROM (n.path, n.kind, n.valid_from, n.valid_to))"
)

# (trigger function, table, event, transition tables, body)
TRIGGERS = (
    (
        "antq_tally_assessments_ins",
        "assessments",
        "INSERT",
        "NEW TABLE AS new_rows",
        _add_years(_assessments("new_rows", "admin_units", "1")),
    ),
    (
        "antq_tally_assessments_del",
        "assessments",
        "DELETE",
        "OLD TABLE AS old_rows",
        _add_years(_assessments("old_rows", "admin_units", "-1")),
    ),
    (
        "antq_tally_assessments_upd",
        "assessments",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _add_years(
            _assessments("old_rows", "admin_units", "-1"),
            _assessments("new_rows", "admin_units", "1"),
        ),
    ),
    (
        "antq_tally_campaigns_ins",
        "typical_campaigns",
        "INSERT",
        "NEW TABLE AS new_rows",
        _add_years(_campaigns("new_rows", "admin_units", "1")),
    ),
    (
        "antq_tally_campaigns_del",
        "typical_campaigns",
        "DELETE",
        "OLD TABLE AS old_rows",
        _add_years(_campaigns("old_rows", "admin_units", "-1")),
    ),
    (
        "antq_tally_campaigns_upd",
        "typical_campaigns",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _add_years(
            _campaigns("old_rows", "admin_units", "-1"), _campaigns("new_rows", "admin_units", "1")
        ),
    ),
    (
        "antq_tally_units_ins",
        "admin_units",
        "INSERT",
        "NEW TABLE AS new_rows",
        _add_units(_units("new_rows", "1")),
    ),
    (
        "antq_tally_units_del",
        "admin_units",
        "DELETE",
        "OLD TABLE AS old_rows",
        _add_units(_units("old_rows", "-1")),
    ),
    # a unit that moves or changes validity takes its units count and its yearly counts along
    (
        "antq_tally_units_upd",
        "admin_units",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        _add_units(_units(CHANGED, "-1"), _units(CHANGED_NEW, "1"))
        + ";\n"
        + _add_years(
            _assessments("assessments", CHANGED, "-1"),
            _assessments("assessments", CHANGED_NEW, "1"),
            _campaigns("typical_campaigns", CHANGED, "-1"),
            _campaigns("typical_campaigns", CHANGED_NEW, "1"),
        ),
    ),
)


def upgrade() -> None:
    province = (
        "province_key ltree GENERATED ALWAYS AS "
        "(subpath(parent_path, 0, least(nlevel(parent_path), 2))) STORED"
    )
    op.execute(f"""CREATE TABLE unit_tallies (
        parent_path ltree NOT NULL, lo date NOT NULL, hi date NOT NULL,
        units integer NOT NULL, {province},
        CONSTRAINT pk_unit_tallies PRIMARY KEY (parent_path, lo, hi))""")
    counts = ", ".join(f"{c} integer NOT NULL" for c in YEAR_COUNTS)
    op.execute(f"""CREATE TABLE assessment_tallies (
        year integer NOT NULL, parent_path ltree NOT NULL, lo date NOT NULL, hi date NOT NULL,
        {counts}, {province},
        CONSTRAINT pk_assessment_tallies PRIMARY KEY (year, parent_path, lo, hi))""")
    for table in ("unit_tallies", "assessment_tallies"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY tenant_scope ON {table} USING (parent_path <@ ANY(antq_scope()))"
        )
        op.execute(f"GRANT SELECT ON {table} TO {APP_ROLE}")
    # what is there already
    op.execute(_add_units(_units("admin_units", "1")))
    op.execute(
        _add_years(
            _assessments("assessments", "admin_units", "1"),
            _campaigns("typical_campaigns", "admin_units", "1"),
        )
    )
    for function, table, event, transition, body in TRIGGERS:
        op.execute(f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
            BEGIN {body}; RETURN NULL; END $fn$""")
        op.execute(f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC")
        op.execute(
            f"CREATE TRIGGER {function} AFTER {event} ON {table} "
            f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )


def downgrade() -> None:
    for function, table, *_ in reversed(TRIGGERS):
        op.execute(f"DROP TRIGGER {function} ON {table}")
        op.execute(f"DROP FUNCTION {function}()")
    op.execute("DROP TABLE assessment_tallies")
    op.execute("DROP TABLE unit_tallies")
