"""One SQL statement per compiled read (core/read_plan.py) that builds the whole GraphQL
response as JSON inside PostgreSQL, the way PostGraphile does.

Each object is a `json_build_object` with the response keys in the document's order; lists and
connections are `json_agg` over correlated subqueries, so a page of 50 communes with 10 children
each and their latest assessments is one statement and no per-field work in Python. Every part
reads exactly what the executor's resolvers read (db/queries/units.py, evaluations.py):

- keyset pages ordered by `path`, fetching one row more than the page for `hasNextPage`;
- `totalCount` as the same filter without the cursor;
- the scope filter of each object type (`<@ ANY(:roots_<type>)`, written literally so that
  RequestDB.execute narrows it like every other raw statement: db/queries/scope.py), on top of
  row-level security, which the request's transaction sets as always;
- cursors and global ids as core/ids.py encodes them (base64url without padding).

The statement also answers `ok`: false when a lookup the executor would refuse (a unit code that
is not in the caller's scope, `filter.under` not found) failed; the caller then runs the
executor, which reports it. The SQL depends on the plan and on which optional arguments are
null; values are bind parameters, so one text serves every request of that shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.read_plan import (
    Binding,
    ChildrenArgs,
    Field,
    ModelsArgs,
    PlansArgs,
    ReadPlan,
    Selection,
    UnitArgs,
    UnitsArgs,
)
from db.queries.scope import NATION_PATH, covers_everything, narrowing
from db.queries.units import word_prefix_pattern
from db.session import RequestDB

UNIT_COLUMNS = "id, code, kind, sub_kind, name, short_name, path, parent_id, valid_from, valid_to"
UNIT_SCALARS = {
    "code": "{a}.code",
    "kind": "upper({a}.kind)",
    "subKind": "{a}.sub_kind",
    "name": "{a}.name",
    "shortName": "{a}.short_name",
    "path": "CAST({a}.path AS text)",
    "validFrom": "{a}.valid_from",
    "validTo": "{a}.valid_to",
}
MODEL_SCALARS = {
    "name": "{a}.name",
    "origin": "upper({a}.origin)",
    "foundedOn": "{a}.founded_on",
    "status": "upper({a}.status)",
    "endedOn": "{a}.ended_on",
    "version": "{a}.version",
}
RATING_SCALARS = {
    "year": "{a}.year",
    "rating": "upper({a}.rating)",
    "reviewer": "{a}.reviewer",
    "note": "{a}.note",
    "version": "{a}.version",
}
PLAN_SCALARS = {
    "number": "{a}.number",
    "kind": "upper({a}.kind)",
    "title": "{a}.title",
    "issuingBody": "{a}.issuing_body",
    "issuedOn": "{a}.issued_on",
    "year": "{a}.year",
    "status": "upper({a}.status)",
    "objectives": "{a}.objectives",
    "citedDocuments": "COALESCE(to_json({a}.cited_documents), '[]'::json)",
    "subordinatePlansDue": "{a}.subordinate_plans_due",
    "version": "{a}.version",
}
ASSESSMENT_SCALARS = {
    "year": "{a}.year",
    "safetyRegistered": "{a}.safety_registered",
    "safetyAchieved": "{a}.safety_achieved",
    "classification": "upper({a}.classification)",
    "enteredBy": "{a}.entered_by",
    "enteredOn": "{a}.entered_on",
    "confirmedBy": "{a}.confirmed_by",
    "confirmedOn": "{a}.confirmed_on",
    "version": "{a}.version",
}


def _base64url(expr: str) -> str:
    """core/ids.py's encoding: base64url of the UTF-8 text, without padding (PostgreSQL breaks
    base64 lines every 76 characters: the newlines go too)."""
    return f"rtrim(translate(encode(convert_to({expr}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '=')"


def _global_id(type_name: str, id_expr: str) -> str:
    return _base64url(f"'{type_name}:' || CAST({id_expr} AS text)")


def _scope(column: str, kind: str) -> str:
    return f"{column} <@ ANY(CAST(:roots_{kind} AS ltree[]))"


def _valid(alias: str, day: str) -> str:
    return (
        f"({alias}.valid_from IS NULL OR {alias}.valid_from <= {day}) AND "
        f"({alias}.valid_to IS NULL OR {alias}.valid_to >= {day})"
    )


def _object(pairs: Sequence[tuple[str, str]]) -> str:
    if not pairs:
        return "json_build_object()"
    args = ", ".join(f"'{_key(k)}', {v}" for k, v in pairs)
    return f"json_build_object({args})"


def _key(key: str) -> str:
    # GraphQL names are [_A-Za-z][_0-9A-Za-z]*: nothing to escape, but never trust that blindly
    if not key.replace("_", "a").isalnum():
        raise ValueError(f"not a GraphQL name: {key!r}")
    return key


class _Builder:
    def __init__(self, plan: ReadPlan, shape: tuple[tuple[bool, ...], ...]) -> None:
        self.plan = plan
        self.shape = shape
        self.aliases = 0
        self.checks: list[str] = []

    def alias(self, stem: str) -> str:
        self.aliases += 1
        return f"{stem}{self.aliases}"

    # -- roots ------------------------------------------------------------------------------
    def statement(self) -> str:
        pairs = []
        for field in self.plan.fields:
            if field.name == "units":
                pairs.append((field.key, self.units(field)))
            elif field.name == "unit":
                pairs.append((field.key, self.unit(field)))
            elif field.name == "plans":
                pairs.append((field.key, self.plans(field)))
            elif field.name == "movementModels":
                pairs.append((field.key, self.models(field)))
            else:
                raise ValueError(field.name)
        ok = " AND ".join(self.checks) if self.checks else "true"
        return (
            f"SELECT CAST(json_build_object('data', {_object(pairs)}) AS text) AS body, "
            f"({ok}) AS ok"
        )

    def units(self, field: Field) -> str:
        assert field.slot is not None and field.selection is not None
        s = field.slot
        after_null, kind_null, under_null, name_null = self.shape[s]
        day = f"CAST(:s{s}_day AS date)"
        lookup = ""
        if not under_null:  # services/units.py unit_by_code: NOT_FOUND when it finds nothing
            u = self.alias("under")
            lookup = (
                f"(SELECT {u}.path FROM admin_units {u} WHERE {u}.code = "
                f"CAST(:s{s}_under AS text) AND {_scope(f'{u}.path', 'unit')} AND "
                f"{_valid(u, day)} ORDER BY {u}.valid_to DESC NULLS FIRST, {u}.kind LIMIT 1)"
            )
            self.checks.append(f"EXISTS {lookup}")

        def where(a: str, with_after: bool) -> str:
            parts = [_valid(a, day), _scope(f"{a}.path", "unit")]
            if not kind_null:
                parts.append(f"{a}.kind = CAST(:s{s}_kind AS text)")
            if lookup:
                parts.append(f"{a}.path <@ {lookup} AND {a}.path <> {lookup}")
            if not name_null:
                parts.append(f"{a}.search_text ~ CAST(:s{s}_name AS text)")
            if with_after and not after_null:
                parts.append(f"{a}.path > CAST(:s{s}_after AS ltree)")
            return " AND ".join(parts)

        return self.connection(field.selection, s, where, day, has_after=not after_null)

    def unit(self, field: Field) -> str:
        assert field.slot is not None and field.selection is not None
        s = field.slot
        (as_of_null,) = self.shape[s]
        r = self.alias("r")
        filters = f"{r}.code = CAST(:s{s}_code AS text) AND {_scope(f'{r}.path', 'unit')}"
        if not as_of_null:
            filters += f" AND {_valid(r, f'CAST(:s{s}_as_of AS date)')}"
            day = f"CAST(:s{s}_as_of AS date)"
        else:
            day = _reading_date(r)
        self.checks.append(f"EXISTS (SELECT 1 FROM admin_units {r} WHERE {filters})")
        return (
            f"(SELECT {self.unit_object(field.selection, r, f'{r}.day_')} FROM "
            f"(SELECT {r}.*, {day} AS day_ FROM (SELECT {_columns(r)} FROM admin_units {r} "
            f"WHERE {filters} ORDER BY {r}.valid_to DESC NULLS FIRST, {r}.kind LIMIT 1) {r}) {r})"
        )

    # -- connections --------------------------------------------------------------------------
    def connection(
        self,
        selection: Selection,
        s: int,
        where: Any,
        day: str,
        *,
        has_after: bool,
        listing: Listing | None = None,
    ) -> str:
        """A keyset page: `rn_` numbers the fetched rows (the page and one more), `n_` counts
        them. `listing` says what is listed (units by path unless told)."""
        kind = listing or Listing(
            table="admin_units",
            columns=_columns,
            order="path",
            cursor_kind="path",
            type_name="AdminUnit",
            node=lambda sel, p: self.unit_object(sel, p, day),
        )
        c, p = self.alias("c"), self.alias("p")
        limit = f"CAST(:s{s}_limit AS int)"
        pairs: list[tuple[str, str]] = []
        for f in selection.fields:
            if f.name == "__typename":
                pairs.append((f.key, f"'{kind.type_name}Connection'"))
            elif f.name == "edges":
                assert f.selection is not None
                edge = self.edge(f.selection, p, kind)
                pairs.append(
                    (
                        f.key,
                        f"COALESCE(json_agg({edge} ORDER BY {p}.{kind.order}) FILTER "
                        f"(WHERE {p}.rn_ <= {limit}), '[]'::json)",
                    )
                )
            elif f.name == "pageInfo":
                assert f.selection is not None
                pairs.append((f.key, self.page_info(f.selection, p, limit, has_after, kind)))
            elif f.name == "totalCount":
                t = self.alias("t")
                pairs.append(
                    (f.key, f"(SELECT count(*) FROM {kind.table} {t} WHERE {where(t, False)})")
                )
            else:
                raise ValueError(f.name)
        if not any(f.name in ("edges", "pageInfo") for f in selection.fields):
            return f"(SELECT {_object(pairs)})"  # no page to read
        # GROUP BY (): one row, also for an empty page
        return (
            f"(SELECT {_object(pairs)} FROM (SELECT {c}.*, row_number() OVER (ORDER BY "
            f"{c}.{kind.order}) AS rn_, count(*) OVER () AS n_ FROM (SELECT {kind.columns(c)} "
            f"FROM {kind.table} {c} WHERE {where(c, True)} ORDER BY {c}.{kind.order} "
            f"LIMIT CAST(:s{s}_fetch AS int)) {c}) {p} GROUP BY ())"
        )

    def edge(self, selection: Selection, p: str, kind: Listing) -> str:
        pairs: list[tuple[str, str]] = []
        for f in selection.fields:
            if f.name == "__typename":
                pairs.append((f.key, f"'{kind.type_name}Edge'"))
            elif f.name == "cursor":
                pairs.append((f.key, kind.cursor(f"CAST({p}.{kind.order} AS text)")))
            elif f.name == "node":
                assert f.selection is not None
                pairs.append((f.key, kind.node(f.selection, p)))
            else:
                raise ValueError(f.name)
        return _object(pairs)

    def page_info(
        self, selection: Selection, p: str, limit: str, has_after: bool, kind: Listing
    ) -> str:
        """Keys are compared as the listing orders them (ltree paths, ids), never as text."""
        pairs: list[tuple[str, str]] = []
        key = f"{p}.{kind.order}"
        for f in selection.fields:
            if f.name == "__typename":
                pairs.append((f.key, "'PageInfo'"))
            elif f.name == "hasNextPage":
                pairs.append((f.key, f"count(*) > {limit}"))
            elif f.name == "hasPreviousPage":
                pairs.append((f.key, "true" if has_after else "false"))
            elif f.name == "startCursor":
                first = (
                    f"max(CAST({key} AS text)) FILTER (WHERE {p}.rn_ = 1 AND {p}.rn_ <= {limit})"
                )
                pairs.append((f.key, kind.cursor(first)))
            elif f.name == "endCursor":
                last = f"max(CAST({key} AS text)) FILTER (WHERE {p}.rn_ = LEAST({limit}, {p}.n_))"
                pairs.append((f.key, kind.cursor(last)))
            else:
                raise ValueError(f.name)
        return _object(pairs)

    # -- plans --------------------------------------------------------------------------------
    def plans(self, field: Field) -> str:
        """graph/plans/queries.py `plans` -> services/plans.py list_plans -> db/queries/plans.py
        page: the caller's roots for plan:read, keyset by id."""
        assert field.slot is not None and field.selection is not None
        s = field.slot
        after_null, unit_null, under_null, year_null, status_null, number_null = self.shape[s]
        lookups = []
        for name, missing in (("unit", unit_null), ("under", under_null)):
            if missing:
                lookups.append("")
                continue
            u = self.alias("lu")
            valid = "" if year_null else f" AND {_valid(u, f'CAST(:s{s}_day AS date)')}"
            lookup = (
                f"(SELECT {u}.path FROM admin_units {u} WHERE {u}.code = "
                f"CAST(:s{s}_{name} AS text) AND {_scope(f'{u}.path', 'unit')}{valid} "
                f"ORDER BY {u}.valid_to DESC NULLS FIRST, {u}.kind LIMIT 1)"
            )
            self.checks.append(f"EXISTS {lookup}")
            lookups.append(lookup)
        unit_lookup, under_lookup = lookups

        def where(a: str, with_after: bool) -> str:
            parts = [_scope(f"{a}.unit_path", "plan")]
            if unit_lookup:
                parts.append(f"{a}.unit_path = {unit_lookup}")
            if under_lookup:
                parts.append(f"{a}.unit_path <@ {under_lookup}")
            if not year_null:
                parts.append(f"{a}.year = CAST(:s{s}_year AS int)")
            if not status_null:
                parts.append(f"{a}.status = CAST(:s{s}_status AS text)")
            if not number_null:
                parts.append(f"{a}.number = CAST(:s{s}_number AS text)")
            if with_after and not after_null:
                parts.append(f"{a}.id > CAST(:s{s}_after AS bigint)")
            return " AND ".join(parts)

        listing = Listing(
            table="plans",
            columns=lambda c: f"{c}.*",
            order="id",
            cursor_kind="plan",
            type_name="Plan",
            node=self.plan_object,
        )
        return self.connection(
            field.selection, s, where, "NULL", has_after=not after_null, listing=listing
        )

    # -- models -------------------------------------------------------------------------------
    def models(self, field: Field) -> str:
        """graph/plans/queries.py `movementModels` -> services/movement_models.py list_models ->
        db/queries/movement_models.py page: the caller's roots for model:read, keyset by id."""
        assert field.slot is not None and field.selection is not None
        s = field.slot
        after_null, under_null, type_null = self.shape[s]
        under = type_id = ""
        if not under_null:  # unit_by_code(db, under, None): NOT_FOUND when it finds nothing
            u = self.alias("mu")
            under = (
                f"(SELECT {u}.path FROM admin_units {u} WHERE {u}.code = "
                f"CAST(:s{s}_under AS text) AND {_scope(f'{u}.path', 'unit')} "
                f"ORDER BY {u}.valid_to DESC NULLS FIRST, {u}.kind LIMIT 1)"
            )
            self.checks.append(f"EXISTS {under}")
        if not type_null:  # model_type_by_code: NOT_FOUND when there is no such type
            mt = self.alias("mt")
            type_id = (
                f"(SELECT {mt}.id FROM model_types {mt} WHERE {mt}.code = CAST(:s{s}_type AS text))"
            )
            self.checks.append(f"EXISTS {type_id}")

        def where(a: str, with_after: bool) -> str:
            parts = [_scope(f"{a}.unit_path", "model")]
            if under:
                parts.append(f"{a}.unit_path <@ {under}")
            if type_id:
                parts.append(f"{a}.model_type_id = {type_id}")
            if with_after and not after_null:
                parts.append(f"{a}.id > CAST(:s{s}_after AS bigint)")
            return " AND ".join(parts)

        listing = Listing(
            table="movement_models",
            columns=lambda c: f"{c}.*",
            order="id",
            cursor_kind="model",
            type_name="MovementModel",
            node=self.model_object,
        )
        return self.connection(
            field.selection, s, where, "NULL", has_after=not after_null, listing=listing
        )

    def model_object(self, selection: Selection, a: str) -> str:
        pairs: list[tuple[str, str]] = []
        for f in selection.fields:
            if f.name == "__typename":
                pairs.append((f.key, "'MovementModel'"))
            elif f.name == "id":
                pairs.append((f.key, _global_id("MovementModel", f"{a}.id")))
            elif f.name in MODEL_SCALARS:
                pairs.append((f.key, MODEL_SCALARS[f.name].format(a=a)))
            elif f.name == "unit":
                pairs.append((f.key, self.owning_unit(f, a, "mu")))
            elif f.name == "type":
                assert f.selection is not None
                t = self.alias("ty")
                inner = _object(
                    [
                        (
                            g.key,
                            "'ModelType'" if g.name == "__typename" else f"{t}.{_column(g.name)}",
                        )
                        for g in f.selection.fields
                    ]
                )
                pairs.append(
                    (
                        f.key,
                        f"(SELECT {inner} FROM model_types {t} WHERE {t}.id = {a}.model_type_id)",
                    )
                )
            elif f.name == "ratings":
                assert f.selection is not None
                r = self.alias("ra")
                pairs.append(
                    (
                        f.key,
                        f"COALESCE((SELECT json_agg({self.rating_object(f.selection, r)} "
                        f"ORDER BY {r}.year DESC) FROM model_ratings {r} WHERE "
                        f"{r}.model_id = {a}.id), '[]'::json)",
                    )
                )
            else:
                raise ValueError(f.name)
        return _object(pairs)

    def rating_object(self, selection: Selection, r: str) -> str:
        pairs: list[tuple[str, str]] = []
        for f in selection.fields:
            if f.name == "__typename":
                pairs.append((f.key, "'ModelRating'"))
            elif f.name in RATING_SCALARS:
                pairs.append((f.key, RATING_SCALARS[f.name].format(a=r)))
            else:
                raise ValueError(f.name)
        return _object(pairs)

    def plan_object(self, selection: Selection, a: str) -> str:
        pairs: list[tuple[str, str]] = []
        for f in selection.fields:
            if f.name == "__typename":
                pairs.append((f.key, "'Plan'"))
            elif f.name == "id":
                pairs.append((f.key, _global_id("Plan", f"{a}.id")))
            elif f.name in PLAN_SCALARS:
                pairs.append((f.key, PLAN_SCALARS[f.name].format(a=a)))
            elif f.name in ("parent", "supersedes"):
                assert f.selection is not None
                column = "parent_id" if f.name == "parent" else "supersedes_id"
                q = self.alias("pl")
                pairs.append(
                    (
                        f.key,
                        f"(SELECT {self.plan_object(f.selection, q)} FROM plans {q} WHERE "
                        f"{q}.id = {a}.{column} AND {_scope(f'{q}.unit_path', 'plan')})",
                    )
                )
            elif f.name == "unit":
                pairs.append((f.key, self.owning_unit(f, a, "pu")))
            else:
                raise ValueError(f.name)
        return _object(pairs)

    # -- objects ------------------------------------------------------------------------------
    def owning_unit(self, field: Field, owner: str, prefix: str) -> str:
        """The unit a plan or model belongs to (`owner`.unit_id), read at its own reading date and
        within the caller's unit roots."""
        assert field.selection is not None
        u = self.alias(prefix)
        return (
            f"(SELECT {self.unit_object(field.selection, u, _reading_date(u))} FROM "
            f"admin_units {u} WHERE {u}.id = {owner}.unit_id AND {_scope(f'{u}.path', 'unit')})"
        )

    def unit_object(self, selection: Selection, a: str, day: str) -> str:
        pairs: list[tuple[str, str]] = []
        for f in selection.fields:
            if f.name == "__typename":
                pairs.append((f.key, "'AdminUnit'"))
            elif f.name == "id":
                pairs.append((f.key, _global_id("AdminUnit", f"{a}.id")))
            elif f.name == "asOf":
                pairs.append((f.key, day))
            elif f.name in UNIT_SCALARS:
                pairs.append((f.key, UNIT_SCALARS[f.name].format(a=a)))
            elif f.name == "children":
                pairs.append((f.key, self.children(f, a, day)))
            elif f.name == "ancestors":
                assert f.selection is not None
                n = self.alias("n")
                pairs.append(
                    (
                        f.key,
                        f"COALESCE((SELECT json_agg({self.unit_object(f.selection, n, day)} "
                        f"ORDER BY nlevel({n}.path)) FROM admin_units {n} WHERE {n}.path @> "
                        f"{a}.path AND {n}.path <> {a}.path AND {_scope(f'{n}.path', 'unit')}), "
                        "'[]'::json)",
                    )
                )
            elif f.name == "parent":
                assert f.selection is not None
                up = self.alias("up")
                pairs.append(
                    (
                        f.key,
                        f"(SELECT {self.unit_object(f.selection, up, day)} FROM admin_units {up} "
                        f"WHERE {up}.id = {a}.parent_id AND {_scope(f'{up}.path', 'unit')})",
                    )
                )
            elif f.name == "latestAssessment":
                assert f.selection is not None
                x = self.alias("x")
                pairs.append(
                    (
                        f.key,
                        f"(SELECT {self.assessment_object(f.selection, x)} FROM assessments {x} "
                        f"WHERE {x}.unit_id = {a}.id AND "
                        f"{_scope(f'{x}.unit_path', 'assessment')} "
                        f"ORDER BY {x}.year DESC LIMIT 1)",
                    )
                )
            else:
                raise ValueError(f.name)
        return _object(pairs)

    def children(self, field: Field, parent: str, parent_day: str) -> str:
        assert field.slot is not None and field.selection is not None
        s = field.slot
        after_null, as_of_null, kind_null = self.shape[s]
        day = parent_day if as_of_null else f"CAST(:s{s}_as_of AS date)"

        def where(a: str, with_after: bool) -> str:
            parts = [f"{a}.parent_id = {parent}.id", _valid(a, day), _scope(f"{a}.path", "unit")]
            if not kind_null:
                parts.append(f"{a}.kind = CAST(:s{s}_kind AS text)")
            if with_after and not after_null:
                parts.append(f"{a}.path > CAST(:s{s}_after AS ltree)")
            return " AND ".join(parts)

        return self.connection(field.selection, s, where, day, has_after=not after_null)

    def assessment_object(self, selection: Selection, x: str) -> str:
        pairs: list[tuple[str, str]] = []
        for f in selection.fields:
            if f.name == "__typename":
                pairs.append((f.key, "'Assessment'"))
            elif f.name == "id":
                pairs.append((f.key, _global_id("Assessment", f"{x}.id")))
            elif f.name in ASSESSMENT_SCALARS:
                pairs.append((f.key, ASSESSMENT_SCALARS[f.name].format(a=x)))
            else:
                raise ValueError(f.name)
        return _object(pairs)


def _reading_date(r: str) -> str:
    """services/units.py reading_date, with no date asked for."""
    return (
        f"CASE WHEN {r}.valid_to IS NOT NULL AND {r}.valid_to < CAST(:today AS date) "
        f"THEN {r}.valid_to WHEN {r}.valid_from IS NOT NULL AND "
        f"{r}.valid_from > CAST(:today AS date) THEN {r}.valid_from "
        "ELSE CAST(:today AS date) END"
    )


@dataclass(frozen=True)
class Listing:
    """What a connection lists: its table and columns, the keyset order column, the cursor's
    kind (core/ids.py encode_cursor) and how a node is built."""

    table: str
    columns: Callable[[str], str]
    order: str
    cursor_kind: str
    type_name: str
    node: Callable[[Selection, str], str]

    def cursor(self, key_text: str) -> str:
        return _base64url(f"'{self.cursor_kind}|' || {key_text}")


def _column(name: str) -> str:
    """ModelType's fields are its columns."""
    if name not in ("code", "name"):
        raise ValueError(name)
    return name


def _columns(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in UNIT_COLUMNS.split(", "))


@lru_cache(maxsize=1024)
def statement(
    plan: ReadPlan, shape: tuple[tuple[bool, ...], ...], national: frozenset[str]
) -> tuple[str, tuple[str, ...]]:
    """The statement of a plan for one shape of its arguments and the object types whose roots
    are the nation (their scope filter left out, as db/queries/scope.py `narrowing` does), built
    once: PostgreSQL's `$n` text and the parameter name of each `$n`."""
    sql = _Builder(plan, shape).statement()
    sql = narrowing(sql, {f"roots_{kind}": [NATION_PATH] for kind in national})
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return _PARAMETER.sub(number, sql), tuple(names)


#: a `:name` bind parameter (not the `::type` cast, which the builder does not write anyway)
_PARAMETER = re.compile(r"(?<![:\w]):(\w+)")


def parameters(binding: Binding, roots: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    params: dict[str, Any] = {"today": binding.today}
    params.update({f"roots_{kind}": list(paths) for kind, paths in roots.items()})
    for s, value in enumerate(binding.values):
        if isinstance(value, ModelsArgs):
            params[f"s{s}_limit"] = value.limit
            params[f"s{s}_fetch"] = value.limit + 1
            optional: dict[str, Any] = {
                "after": value.after_id,
                "under": value.under_code.strip() if value.under_code else None,
                "type": value.type_code,
            }
            params.update({f"s{s}_{k}": v for k, v in optional.items() if v is not None})
            continue
        if isinstance(value, PlansArgs):
            params[f"s{s}_limit"] = value.limit
            params[f"s{s}_fetch"] = value.limit + 1
            optional = {
                "after": value.after_id,
                "unit": value.unit_code.strip() if value.unit_code else None,
                "under": value.under_code.strip() if value.under_code else None,
                "year": value.year,
                "day": value.day,
                "status": value.status,
                "number": value.number,
            }
            params.update({f"s{s}_{k}": v for k, v in optional.items() if v is not None})
            continue
        if isinstance(value, UnitsArgs | ChildrenArgs):
            params[f"s{s}_limit"] = value.page.limit
            params[f"s{s}_fetch"] = value.page.limit + 1
            if value.page.after_path is not None:
                params[f"s{s}_after"] = value.page.after_path
            if value.kind is not None:
                params[f"s{s}_kind"] = value.kind
        if isinstance(value, UnitsArgs):
            params[f"s{s}_day"] = value.day
            if value.under_code is not None:
                params[f"s{s}_under"] = value.under_code.strip()
            if value.name_folded is not None:
                params[f"s{s}_name"] = word_prefix_pattern(value.name_folded)
        elif isinstance(value, ChildrenArgs):
            if value.as_of is not None:
                params[f"s{s}_as_of"] = value.as_of
        elif isinstance(value, UnitArgs):
            params[f"s{s}_code"] = value.code
            if value.as_of is not None:
                params[f"s{s}_as_of"] = value.as_of
    return params


async def read(
    db: RequestDB, plan: ReadPlan, binding: Binding, roots: Mapping[str, Sequence[str]]
) -> str | None:
    """The response body (`{"data": …}` as JSON text), or None when the executor must answer.

    Run on the driver connection inside the request's transaction (scope set as always): one
    prepared statement per connection, no SQLAlchemy compilation or result processing."""
    national = frozenset(kind for kind, paths in roots.items() if covers_everything(list(paths)))
    sql, names = statement(plan, binding.shape(), national)
    params = parameters(binding, roots)
    row = await db.fetchrow_alone(sql, [params.get(name) for name in names])
    return str(row["body"]) if row["ok"] else None
