"""Parse and validation caches that hit: a document is parsed and validated once per (document
text, limit settings), not on every request.

Strawberry's ValidationCache keys on the validation rule classes, and the depth and alias
limiters create new rule classes each time they are constructed - per request, as extension
factories are - so it never hit (24-37% of the CPU of a simple query went to validation). Here
the limiters' rule classes are built once per schema (so per settings), the key is the document
text with the parse options (the token limit) and the rule classes, and only documents that
validated cleanly are kept (a refused document costs its validation every time, and junk cannot
fill the cache). Both caches are bounded LRUs of `ANTQ_DOCUMENT_CACHE_SIZE` entries each.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, parse
from strawberry.extensions import AddValidationRules, SchemaExtension
from strawberry.schema.schema import validate_document


class _Lru:
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        self.items[key] = value
        self.items.move_to_end(key)
        while len(self.items) > self.size:
            self.items.popitem(last=False)


class DocumentCache:
    """The per-schema store; `parses` and `validations` count the real work done (for tests
    and for judging the hit rate)."""

    def __init__(self, size: int) -> None:
        self.documents = _Lru(size)
        self.valid = _Lru(size)
        self.parses = 0
        self.validations = 0

    def extension(self) -> SchemaExtension:
        return _CachingExtension(self)


class _CachingExtension(SchemaExtension):
    def __init__(self, cache: DocumentCache) -> None:
        super().__init__()
        self.cache = cache

    def _parse_key(self) -> tuple[str, tuple[tuple[str, Any], ...]]:
        context = self.execution_context
        return context.query or "", tuple(sorted(context.parse_options.items()))

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is None and context.query:
            key = self._parse_key()
            document: DocumentNode | None = self.cache.documents.get(key)
            if document is None:
                self.cache.parses += 1
                try:
                    document = parse(context.query, **context.parse_options)
                except GraphQLError:
                    document = None  # Strawberry parses it again and reports the error its way
                else:
                    self.cache.documents.put(key, document)
            context.graphql_document = document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None:
            rules: tuple[type[ASTValidationRule], ...] = tuple(context.validation_rules)
            key = (self._parse_key(), rules)
            if self.cache.valid.get(key) is None:
                self.cache.validations += 1
                errors = validate_document(context.schema._schema, context.graphql_document, rules)
                if not errors:
                    self.cache.valid.put(key, True)
                context.pre_execution_errors = errors
            else:
                context.pre_execution_errors = []
        yield


def rules_of(*limiters: AddValidationRules) -> list[type[ASTValidationRule]]:
    """The limiters' rule classes, taken once: each request's extension then adds these same
    classes (`AddValidationRules(rules)`), so validation results can be cached by them."""
    return [rule for limiter in limiters for rule in limiter.validation_rules]
