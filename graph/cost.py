"""The cost of a GraphQL document, computed before it runs (GitHub's node-limit calculation).

Each connection field (one with a `first` or `last` argument) may return that many nodes, or the
default page size when neither is given; everything selected inside it is asked for once per
node, so page sizes multiply along nested connections:

    units(first: 100) { edges { node { children(first: 50) { edges { node { name } } } } } }

costs 100 + 100 × 50 = 5,100 nodes. A list field that is not a connection (`ancestors`,
`successors`, a rollup's `children`…) has no page size: it counts as `fan_out` items.
Scalars are free; every root field costs at least 1, so thirty aliases of `unit(code)` cost 30.

The walk reads the document and the variables only (no resolver runs, no per-field hook); a
fragment's cost is computed once per place it is used and cached per (fragment, type), so
fragment spreads cannot make the computation itself expensive. Fields the schema does not have
are skipped: validation reports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)

PAGE_ARGUMENTS = ("first", "last")
CONNECTION_LISTS = frozenset({"edges", "nodes"})  # counted by the connection's page size
MAX_WALK_DEPTH = 64  # deeper documents are refused by the depth limit anyway


@dataclass(frozen=True)
class CostLimits:
    """Built once per Settings (the schema holds one), not per request."""

    max_cost: int
    default_page_size: int
    fan_out: int


def _unwrap(type_: GraphQLOutputType) -> tuple[GraphQLNamedType, bool]:
    """The named type under NonNull/List wrappers, and whether a list was among them."""
    is_list = False
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        if isinstance(type_, GraphQLList):
            is_list = True
        type_ = type_.of_type
    return type_, is_list


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        defaults: Mapping[str, Any],
        limits: CostLimits,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.defaults = defaults
        self.limits = limits
        self._fragment_costs: dict[tuple[str, str, bool], int] = {}
        self._visiting: set[str] = set()

    def page_size(self, field: FieldNode, declared: Mapping[str, Any]) -> int | None:
        """`first`/`last` of a connection field, its default, or None when it has neither."""
        if not any(name in declared for name in PAGE_ARGUMENTS):
            return None
        for argument in field.arguments or ():
            if argument.name.value not in PAGE_ARGUMENTS:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(0, int(value.value))
            if isinstance(value, VariableNode):
                name = value.name.value
                given = self.variables.get(name, self.defaults.get(name))
                if isinstance(given, int) and not isinstance(given, bool):
                    return max(0, given)
            if isinstance(value, NullValueNode):
                continue
        for name in PAGE_ARGUMENTS:  # a declared default such as `first: Int! = 20`
            default = getattr(declared.get(name), "default_value", None)
            if isinstance(default, int) and not isinstance(default, bool):
                return default
        return self.limits.default_page_size

    def selection_cost(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        in_connection: bool,
        depth: int,
    ) -> int:
        """Nodes one instance of `parent` may return through this selection set."""
        if selection_set is None or depth > MAX_WALK_DEPTH:
            return 0
        total = 0
        for selection in selection_set.selections or ():
            if isinstance(selection, FieldNode):
                total += self.field_cost(selection, parent, in_connection, depth)
            elif isinstance(selection, InlineFragmentNode):
                condition = parent
                if selection.type_condition is not None:
                    condition = self.schema.get_type(selection.type_condition.name.value) or parent
                total += self.selection_cost(
                    selection.selection_set, condition, in_connection, depth + 1
                )
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment_cost(selection.name.value, parent, in_connection, depth)
        return total

    def fragment_cost(
        self, name: str, parent: GraphQLNamedType, in_connection: bool, depth: int
    ) -> int:
        fragment = self.fragments.get(name)
        if fragment is None or name in self._visiting:  # unknown or a cycle: validation's job
            return 0
        condition = self.schema.get_type(fragment.type_condition.name.value) or parent
        key = (name, condition.name, in_connection)
        if key not in self._fragment_costs:
            self._visiting.add(name)
            try:
                self._fragment_costs[key] = self.selection_cost(
                    fragment.selection_set, condition, in_connection, depth + 1
                )
            finally:
                self._visiting.discard(name)
        return self._fragment_costs[key]

    def field_cost(
        self, field: FieldNode, parent: GraphQLNamedType, in_connection: bool, depth: int
    ) -> int:
        fields = getattr(parent, "fields", None)
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) or fields is None:
            return 0
        definition = fields.get(field.name.value)
        if definition is None:  # __typename, or a field validation will refuse
            return 0
        named, is_list = _unwrap(definition.type)
        if not isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            return 0  # scalars and enums are free
        page = self.page_size(field, definition.args)
        if page is not None:
            # A connection (or a paged list): `page` nodes, each with what is nested.
            return page * (1 + self.selection_cost(field.selection_set, named, True, depth + 1))
        if is_list and not (in_connection and field.name.value in CONNECTION_LISTS):
            fan_out = self.limits.fan_out
            return fan_out * (1 + self.selection_cost(field.selection_set, named, False, depth + 1))
        # One object (or a connection's edges/nodes, already counted by its page size).
        return self.selection_cost(
            field.selection_set,
            named,
            in_connection and field.name.value in CONNECTION_LISTS,
            depth + 1,
        )


def query_cost(
    schema: GraphQLSchema,
    document: Any,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
    limits: CostLimits,
) -> int:
    """The cost of the operation that will run (the named one, or the only one)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1:
        return 0  # strawberry refuses an ambiguous or unknown operation itself
    operation = operations[0]
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    if root is None:
        return 0
    defaults: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        if isinstance(definition.default_value, IntValueNode):
            defaults[definition.variable.name.value] = int(definition.default_value.value)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walk = _Walk(schema, fragments, variables or {}, defaults, limits)
    total = 0
    for selection in operation.selection_set.selections:
        # Each root field (or alias) costs at least 1: it is a request of its own.
        single = SelectionSetNode(selections=(selection,))
        total += max(1, walk.selection_cost(single, root, False, 0))
    return total


def too_complex(cost: int, limit: int) -> GraphQLError:
    return GraphQLError(
        f"Query cost {cost:,} exceeds the limit of {limit:,} (each connection's first/last, or "
        f"the default page size, multiplies the cost of what is nested in it). Ask for smaller "
        f"pages or fewer nested connections, and page through with `after`.",
        extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost, "limit": limit},
    )
