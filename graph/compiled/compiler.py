"""A validated read operation made only of compilable fields, reduced to a `ReadPlan`
(core/read_plan.py), and each request's argument values bound to it.

Why a plan and not execution: graphql-core completes every field of every object in Python
(~20 µs a field here), so a page of 550 units costs ~90 ms before any SQL. A plan lets
db/queries/compiled.py build the whole response inside PostgreSQL in one statement.

What compiles is listed in COMPILABLE; a document with anything else (another field, a
directive, a mutation) is not compiled and runs on Strawberry's executor as before. Fields are
collected the way graphql-core collects them (fragments expanded, the same response key merged)
so the JSON has exactly the executor's keys in its order.

Binding runs the resolvers' own argument checks (page sizes, cursors, search terms) and answers
None where they would raise: the caller then runs the normal executor, which reports the error
exactly as it always has. Nothing here may answer differently from the executor; anything it is
not sure of is a fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import get_argument_values, get_variable_values

from core.errors import AppError
from core.ids import decode_int_cursor
from core.read_plan import (
    Binding,
    Bound,
    ChildrenArgs,
    Field,
    ModelsArgs,
    Page,
    PlansArgs,
    ReadPlan,
    Selection,
    UnitArgs,
    UnitsArgs,
)
from graph.pagination import decode_path_cursor, page_size
from services.units import search_term

UNIT_LEAVES = frozenset(
    {"id", "code", "kind", "subKind", "name", "shortName", "path", "validFrom", "validTo", "asOf"}
)
ASSESSMENT_LEAVES = frozenset(
    {
        "id",
        "year",
        "safetyRegistered",
        "safetyAchieved",
        "classification",
        "enteredBy",
        "enteredOn",
        "confirmedBy",
        "confirmedOn",
        "version",
    }
)
PLAN_LEAVES = frozenset(
    {
        "id",
        "number",
        "kind",
        "title",
        "issuingBody",
        "issuedOn",
        "year",
        "status",
        "objectives",
        "citedDocuments",
        "subordinatePlansDue",
        "version",
    }
)
#: (type, field) -> True when the field takes arguments (a slot)
COMPILABLE: dict[str, dict[str, bool]] = {
    "Query": {"units": True, "unit": True, "plans": True, "movementModels": True},
    "AdminUnitConnection": {"edges": False, "pageInfo": False, "totalCount": False},
    "AdminUnitEdge": {"cursor": False, "node": False},
    "PageInfo": {
        "hasNextPage": False,
        "hasPreviousPage": False,
        "startCursor": False,
        "endCursor": False,
    },
    "AdminUnit": {
        **dict.fromkeys(UNIT_LEAVES, False),
        "children": True,
        "ancestors": False,
        "latestAssessment": False,
        "parent": False,
    },
    "Assessment": dict.fromkeys(ASSESSMENT_LEAVES, False),
    "MovementModelConnection": {"edges": False, "pageInfo": False},
    "MovementModelEdge": {"cursor": False, "node": False},
    "MovementModel": {
        **dict.fromkeys(
            ("id", "name", "origin", "foundedOn", "status", "endedOn", "version"), False
        ),
        "unit": False,
        "type": False,
        "ratings": False,
    },
    "ModelType": {"code": False, "name": False},
    # `label` is not here: it follows the request's language (graph/labels), and a compiled
    # statement is shared by every language; a selection with it runs on the executor.
    "ModelRating": dict.fromkeys(("year", "rating", "reviewer", "note", "version"), False),
    "PlanConnection": {"edges": False, "pageInfo": False},
    "PlanEdge": {"cursor": False, "node": False},
    "Plan": {
        **dict.fromkeys(PLAN_LEAVES, False),
        "unit": False,
        "parent": False,
        "supersedes": False,
    },
}
#: json_build_object takes at most 100 arguments: 50 keys per object.
MAX_KEYS = 50


class NotCompilable(Exception):
    pass


@dataclass(frozen=True)
class Compiled:
    """A plan and, per slot, the field it binds arguments of (with its merged nodes)."""

    plan: ReadPlan
    document: DocumentNode
    operation: OperationDefinitionNode
    slots: tuple[tuple[GraphQLField, FieldNode], ...]
    # A document without variables binds the same way all day: (day, binding, cost) once.
    fixed: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def compile_operation(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> Compiled | None:
    """The plan of the operation that will run, or None when it must run on the executor."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation != OperationType.QUERY:
        return None
    operation = operations[0]
    if operation.directives:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walker = _Walker(schema, fragments)
    try:
        root = walker.selection(schema.query_type, [operation.selection_set])  # type: ignore[arg-type]
    except NotCompilable:
        return None
    if not root.fields or any(f.name == "__typename" for f in root.fields):
        return None  # `{ __typename }` alone is not worth a statement
    return Compiled(
        plan=ReadPlan(fields=root.fields, slots=len(walker.slots)),
        document=document,
        operation=operation,
        slots=tuple(walker.slots),
    )


class _Walker:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode]):
        self.schema = schema
        self.fragments = fragments
        self.slots: list[tuple[GraphQLField, FieldNode]] = []

    def _collect(
        self,
        parent: GraphQLObjectType,
        sets: list[SelectionSetNode],
        into: dict[str, list[FieldNode]],
        seen: set[str],
    ) -> None:
        for selection_set in sets:
            for selection in selection_set.selections:
                if selection.directives:
                    raise NotCompilable("directive")
                if isinstance(selection, FieldNode):
                    key = (selection.alias or selection.name).value
                    into.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    if not self._applies(selection.type_condition, parent):
                        raise NotCompilable("fragment on another type")
                    self._collect(parent, [selection.selection_set], into, seen)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    if name in seen:
                        continue
                    seen.add(name)
                    fragment = self.fragments.get(name)
                    if fragment is None or fragment.directives:
                        raise NotCompilable("fragment")
                    if not self._applies(fragment.type_condition, parent):
                        raise NotCompilable("fragment on another type")
                    self._collect(parent, [fragment.selection_set], into, seen)

    def _applies(self, condition: Any, parent: GraphQLObjectType) -> bool:
        if condition is None or condition.name.value == parent.name:
            return True
        return any(i.name == condition.name.value for i in parent.interfaces)

    def selection(self, parent: GraphQLObjectType, sets: list[SelectionSetNode]) -> Selection:
        allowed = COMPILABLE.get(parent.name)
        if allowed is None:
            raise NotCompilable(parent.name)
        grouped: dict[str, list[FieldNode]] = {}
        self._collect(parent, sets, grouped, set())
        if len(grouped) > MAX_KEYS:
            raise NotCompilable("too many keys")
        fields: list[Field] = []
        for key, nodes in grouped.items():
            name = nodes[0].name.value
            if name == "__typename":
                fields.append(Field(key=key, name=name))
                continue
            if name not in allowed:
                raise NotCompilable(f"{parent.name}.{name}")
            definition = parent.fields[name]
            slot = None
            if allowed[name]:
                slot = len(self.slots)
                self.slots.append((definition, nodes[0]))  # validation: merged args are equal
            child = None
            subsets = [n.selection_set for n in nodes if n.selection_set is not None]
            if subsets:
                named = get_named_type(definition.type)
                if not isinstance(named, GraphQLObjectType):
                    raise NotCompilable("abstract type")
                child = self.selection(named, subsets)
            fields.append(Field(key=key, name=name, slot=slot, selection=child))
        return Selection(type_name=parent.name, fields=tuple(fields))


def bind(
    schema: GraphQLSchema,
    compiled: Compiled,
    variables: Mapping[str, Any] | None,
    *,
    today: date,
    default_page_size: int,
    max_page_size: int,
) -> Binding | None:
    """This request's argument values, checked as the resolvers check them; None when coercion
    or a check fails (the executor then reports it)."""
    coerced: Any = {}
    if compiled.operation.variable_definitions:
        found = get_variable_values(
            schema, compiled.operation.variable_definitions, dict(variables or {})
        )
        if isinstance(found, list):
            return None
        coerced = found
    values: list[Bound] = []
    try:
        for definition, node in compiled.slots:
            args = get_argument_values(definition, node, coerced)
            values.append(
                _normalise(node.name.value, args, today, default_page_size, max_page_size)
            )
    except (GraphQLError, AppError):
        return None
    return Binding(values=tuple(values), today=today)


def _page(args: dict[str, Any], default: int, maximum: int) -> Page:
    limit = page_size(args.get("first"), default, maximum)
    after = args.get("after")
    return Page(limit=limit, after_path=decode_path_cursor(after), has_after=after is not None)


def _enum(value: Any) -> str | None:
    return None if value is None else str(value.value)


def _normalise(name: str, args: dict[str, Any], today: date, default: int, maximum: int) -> Bound:
    """What graph/queries.py and graph/types/unit.py derive from these arguments, in the same
    order (a failing check raises as it does there)."""
    if name == "units":
        f = args.get("filter") or {}
        page = _page(args, default, maximum)
        return UnitsArgs(
            page=page,
            day=f.get("asOf") or today,
            kind=_enum(f.get("kind")),
            under_code=f.get("under") or None,
            name_folded=search_term(f.get("nameContains")),
        )
    if name == "unit":
        return UnitArgs(code=str(args["unit"]).strip(), as_of=args.get("asOf"))
    if name == "movementModels":
        limit = page_size(args.get("first"), default, maximum)
        after = args.get("after")
        return ModelsArgs(
            limit=limit,
            after_id=decode_int_cursor(after, "model") if after is not None else None,
            under_code=args.get("under") or None,  # looked up stripped, as unit_by_code does
            type_code=args.get("type") or None,
        )
    if name == "plans":
        f = args.get("filter") or {}
        limit = page_size(args.get("first"), default, maximum)
        after = args.get("after")
        after_id = decode_int_cursor(after, "plan") if after is not None else None
        year = f.get("year")
        number = f.get("number")
        return PlansArgs(
            limit=limit,
            after_id=after_id,
            unit_code=f.get("unit") or None,  # looked up stripped, as unit_by_code does
            under_code=f.get("under") or None,
            year=year,
            day=date(year, 6, 1) if year else None,
            status=_enum(f.get("status")),
            number=number.strip() if number else None,
        )
    if name == "children":
        return ChildrenArgs(
            page=_page(args, default, maximum), as_of=args.get("asOf"), kind=_enum(args.get("kind"))
        )
    raise NotCompilable(name)
