"""The one way into the service layer for root fields.

Every root query and mutation used to repeat the same lines: read the context, ask for the
caller, decode a global id its own way, call the service, catch AppError and map it with one of
two mappers into a hand-written union that could drift from what the service raises. The door
does those steps once:

- it resolves the caller before the body runs (an anonymous request never reaches a service);
- it hands the body a `Call`: the principal, the request's database handle, the authorizer,
  the settings, Vietnam's today, and `pk()`, the one global-id decoder (core.ids.decode_id);
- for a mutation it builds the result union `<MutationName>Result` from the success type and the
  errors the service declares with `core.errors.raises`, and maps a declared error into its
  member; anything undeclared propagates as a top-level GraphQL error (with its code when it is an
  AppError), so a missing declaration shows up instead of being swallowed.

Field extensions would do the same per field at run time; this is a decorator, so the work is
done once when the schema is built and the hot path is one function call.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, TypeVar, Union

import strawberry

from authz.authorizer import Authorizer, Principal
from core.config import Settings
from core.errors import AppError, declared_errors
from core.ids import decode_id
from graph.context import Context, Info
from graph.types.errors import error_type_for, to_user_error
from services.database import Database

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Call:
    """What a root field's body gets: who asks, through which handles, on which day."""

    info: Info
    principal: Principal

    @property
    def context(self) -> Context:
        return self.info.context

    @property
    def db(self) -> Database:
        return self.info.context.db

    @property
    def authorizer(self) -> Authorizer:
        return self.info.context.authorizer

    @property
    def settings(self) -> Settings:
        return self.info.context.settings

    @property
    def today(self) -> date:
        return self.info.context.today

    def pk(self, global_id: str | strawberry.ID, *type_names: str, field: str) -> int:
        """The primary key behind a global id of one of `type_names`, or a coded error that
        names `field` (see core.ids.decode_id)."""
        return decode_id(str(global_id), *type_names, field=field)[1]

    def typed_pk(
        self, global_id: str | strawberry.ID, *type_names: str, field: str
    ) -> tuple[str, int]:
        """The type and primary key behind a global id that may name several types."""
        return decode_id(str(global_id), *type_names, field=field)


Body = Callable[..., Awaitable[Any]]


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def result_union(name: str, success: type, service: Callable[..., Any], field: str) -> Any:
    """`success | <the GraphQL type of each error the service declares>`, named `name`."""
    errors = declared_errors(service)
    if not errors:
        raise TypeError(
            f"{service.__module__}.{service.__qualname__} declares no errors: "
            "add @raises(...) (core.errors) listing what it raises"
        )
    members = tuple(dict.fromkeys([success, *(error_type_for(e) for e in errors)]))
    described = (
        f"What `{field}` answers: the {getattr(success, '__name__', 'result')} it made, or one "
        "of the errors its service declares (nothing was written then)."
    )
    union = strawberry.union(name, description=described)
    return Annotated[Union[members], union]  # noqa: UP007 - built at run time


def _resolver(body: Body, returns: Any, catch: tuple[type[AppError], ...]) -> Body:
    """A resolver `(self, info, <body's arguments>) -> returns` around `body(call, ...)`."""
    params = list(inspect.signature(body).parameters.values())
    if not params or params[0].name != "call":
        raise TypeError(f"{body.__qualname__}: the first parameter must be `call: Call`")

    @functools.wraps(body)
    async def resolver(self: Any, info: Info, **arguments: Any) -> Any:
        call = Call(info=info, principal=info.context.caller())
        if not catch:
            return await body(call, **arguments)
        try:
            return await body(call, **arguments)
        except catch as error:
            return to_user_error(error)

    reserved = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info),
    ]
    resolver.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*reserved, *params[1:]], return_annotation=returns
    )
    return resolver


def mutation(
    *,
    service: Callable[..., Any],
    returns: type,
    description: str,
    name: str | None = None,
) -> Callable[[Body], Any]:
    """A root mutation whose result is `<Name>Result`: `returns` or a declared error."""

    def wrap(body: Body) -> Any:
        union_name = f"{_pascal(name or body.__name__)}Result"
        field = name or _camel(body.__name__)
        union = result_union(union_name, returns, service, field)
        resolver = _resolver(body, union, declared_errors(service))
        return strawberry.mutation(resolver, name=name, description=description)

    return wrap


def query(*, description: str, name: str | None = None) -> Callable[[Body], Any]:
    """A root query field: the caller resolved, errors (coded) in the response's `errors`."""

    def wrap(body: Body) -> Any:
        returns = inspect.signature(body).return_annotation
        return strawberry.field(_resolver(body, returns, ()), name=name, description=description)

    return wrap
