"""Choosing the path for one HTTP operation: the compiled read or Strawberry's executor.

The document is parsed (with the token limit) and validated (the same rules as the schema:
graphql-core's, Strawberry's, the depth and alias limiters) once per (document text, operation
name) and the verdict cached, compiled plan included; a document that fails anything goes to the
executor, which reports it as always. Per request: the variables are coerced and the arguments
checked (graph/compiled/compiler.py `bind`), the cost is computed and charged exactly as
QueryCostLimit does, and the one statement runs. Whenever the executor must answer after all (a
lookup failed, an argument is refused), the context is left so that the executor does not charge
the cost a second time and refuses with the same error if the budget was empty.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError, StringValueNode, parse, specified_rules, visit
from graphql.language import Visitor
from strawberry.schema.schema import validate_document

from core.read_plan import ReadPlan
from graph.caches import DocumentCache
from graph.compiled.compiler import Compiled, bind, compile_operation
from graph.context import Context
from graph.cost import CostLimits, query_cost
from services import compiled_reads

log = logging.getLogger("antq.graphql")


class ReadCompiler:
    def __init__(
        self,
        schema: Any,
        settings: Any,
        rules: list[Any],
        limits: CostLimits,
        documents: DocumentCache,
    ) -> None:
        self.schema = schema  # graphql-core's schema
        self.documents = documents
        self.settings = settings
        self.rules = (*specified_rules, *rules)
        self.limits = limits
        self.size = settings.document_cache_size
        self._plans: OrderedDict[tuple[str, str | None], Compiled | None] = OrderedDict()
        self.compiled = 0  # documents compiled (for tests and for judging the hit rate)
        self.served = 0  # requests answered by the compiled path
        self.statements = 0  # compiled statements run (answered or declined after running)

    def prepare(self, query: str, operation_name: str | None) -> Compiled | None:
        key = (query, operation_name)
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        found = self._prepare(query, operation_name)
        self._plans[key] = found
        while len(self._plans) > self.size:
            self._plans.popitem(last=False)
        return found

    def _prepare(self, query: str, operation_name: str | None) -> Compiled | None:
        """Parsed through the schema's document cache (the executor reuses the parse); only a
        document that compiles is validated here (the executor validates the others)."""
        key = (query, (("max_tokens", self.settings.max_tokens),))
        document = self.documents.documents.get(key)
        if document is None:
            self.documents.parses += 1
            try:
                document = parse(query, max_tokens=self.settings.max_tokens)
            except GraphQLError:
                return None
            self.documents.documents.put(key, document)
        try:
            found = compile_operation(self.schema, document, operation_name)
        except Exception:  # a compiler fault must never cost an answer: the executor has it
            log.exception("compiling a read failed; it runs on the executor")
            return None
        if found is None:
            return None
        self.documents.validations += 1
        try:
            if validate_document(self.schema, document, self.rules):
                return None
        except Exception:  # graphql-core aborts on too many errors; the executor reports them
            return None
        if _has_nul_literal(document):
            return None
        self.compiled += 1
        return found

    async def answer(
        self,
        context: Context,
        query: str,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
    ) -> str | None:
        """The response body, or None: then the executor answers (and `context` is ready)."""
        if context.principal is None or context.auth_error is not None:
            return None
        compiled = self.prepare(query, operation_name)
        if compiled is None or _has_nul(variables):
            return None
        fixed = not compiled.operation.variable_definitions and not variables
        if fixed and compiled.fixed.get("day") == context.today:
            binding, document_cost = compiled.fixed["binding"], compiled.fixed["cost"]
        else:
            binding = bind(
                self.schema,
                compiled,
                variables,
                today=context.today,
                default_page_size=self.settings.default_page_size,
                max_page_size=self.settings.max_page_size,
            )
            if binding is None:
                return None
            document_cost = query_cost(
                self.schema, compiled.document, variables, operation_name, self.limits
            )
            if fixed:
                compiled.fixed.update(day=context.today, binding=binding, cost=document_cost)
        if self.limits.max_cost > 0 and document_cost > self.limits.max_cost:
            return None  # QueryCostLimit refuses it
        context.query_cost = document_cost
        charge = context.charge_cost
        if charge is not None:
            refused = await charge(document_cost)
            context.charge_cost = _already_charged(refused)
            if refused is not None:
                return None
        self.statements += 1
        try:
            body = await compiled_reads.read(
                context.db, context.authorizer, context.principal, compiled.plan, binding
            )
        except Exception:  # a fault of the compiled statement: the executor still answers
            log.exception("a compiled read failed; the executor answers it")
            body = None
        finally:
            await context.db.close()
        if body is not None:
            self.served += 1
        return body


def _already_charged(refused: GraphQLError | None) -> Any:
    async def charged(_cost: int) -> GraphQLError | None:
        return refused

    return charged


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any("\x00" in str(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _has_nul_literal(document: Any) -> bool:
    found = []

    class Collect(Visitor):
        def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
            if "\x00" in node.value:
                found.append(node)

    visit(document, Collect())
    return bool(found)


__all__ = ["ReadCompiler", "ReadPlan"]
