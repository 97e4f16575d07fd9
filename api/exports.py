"""Excel downloads over plain HTTP: GET /exports/targets.xlsx and /exports/assessments.xlsx.

Thin on purpose: the caller is authenticated exactly as for GraphQL (`authenticate`, the same
bearer header and the same Principal), the request runs in one transaction scoped by the same
RequestDB, and the workbook comes from the service functions in services/excel.py, which
authorize with `authorizer`. Errors keep the GraphQL `extensions.code` and map to HTTP: 401
without a valid token, 404 for a unit outside the caller's scope (as if it did not exist), 403
for a unit they can see but not read this data of, 400 for bad parameters.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, Response
from starlette.responses import JSONResponse

from api.settings import Settings
from authz.authorizer import Authorizer, Principal, require_authenticated
from authz.tokens import TokenVerifier
from db.session import RequestDB
from graph.ids import from_global_id
from services import excel as excel_service
from services.errors import AppError, BadInput, Forbidden, NotFound, Unauthenticated
from services.spreadsheets import XLSX_MEDIA_TYPE

_STATUS = {Unauthenticated: 401, Forbidden: 403, NotFound: 404, BadInput: 400}


def authenticate(request: Request, authorizer: Authorizer,
                 verifier: TokenVerifier) -> tuple[Principal | None, Unauthenticated | None]:
    """The caller from `Authorization: Bearer <token>`: the one rule GraphQL and downloads share.

    Returns (None, None) without the header, so GraphQL introspection still works anonymously;
    a malformed or invalid token is returned as the error to raise when data is asked for.
    """
    header = request.headers.get("authorization", "")
    if not header:
        return None, None
    scheme, _, token = header.partition(" ")
    try:
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("Use `Authorization: Bearer <token>`.")
        return authorizer.principal(verifier.username(token.strip())), None
    except Unauthenticated as error:
        return None, error


def _error(error: AppError) -> JSONResponse:
    status = next((s for kind, s in _STATUS.items() if isinstance(error, kind)), 400)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(status_code=status, headers=headers, content={"errors": [{
        "message": error.message, "extensions": error.extensions}]})


def exports_router(settings: Settings, verifier: TokenVerifier) -> APIRouter:
    router = APIRouter(prefix="/exports")

    async def serve(request: Request, filename: str,
                    build: Callable[[RequestDB, Authorizer, Principal, date],
                                    Awaitable[bytes]]) -> Response:
        authorizer: Authorizer = request.app.state.authorizer
        principal, auth_error = authenticate(request, authorizer, verifier)
        db = RequestDB(request.app.state.engine, authorizer.read_scope(principal))
        try:
            if auth_error is not None:
                raise auth_error
            caller = require_authenticated(principal)
            today = datetime.now(ZoneInfo(settings.timezone)).date()
            data = await build(db, authorizer, caller, today)
        except AppError as error:
            return _error(error)
        finally:
            await db.close()
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", filename)  # the unit code comes from the query
        return Response(data, media_type=XLSX_MEDIA_TYPE, headers={
            "Content-Disposition": f'attachment; filename="{safe}"',
            "Cache-Control": "no-store"})

    @router.get("/targets.xlsx", summary="A unit's targets of a year as a target table")
    async def targets_xlsx(request: Request, unit: str = Query(..., max_length=40),
                           year: int = Query(...),
                           plan: str | None = Query(None, max_length=200)) -> Response:
        async def build(db: RequestDB, authorizer: Authorizer, caller: Principal,
                        today: date) -> bytes:
            plan_id = None
            if plan is not None:
                decoded = from_global_id(plan)
                if decoded is None or decoded[0] != "Plan":
                    raise NotFound("No such plan.", field="plan")
                plan_id = decoded[1]
            _, data = await excel_service.export_targets(
                db, authorizer, caller, unit_code=unit, year=year, plan_id=plan_id, today=today)
            return data

        return await serve(request, f"chi-tieu-{unit}-{year}.xlsx", build)

    @router.get("/assessments.xlsx",
                summary="A commune's residential areas and their assessments of a year")
    async def assessments_xlsx(request: Request, unit: str = Query(..., max_length=40),
                               year: int = Query(...),
                               as_of: date | None = Query(None, alias="asOf")) -> Response:
        async def build(db: RequestDB, authorizer: Authorizer, caller: Principal,
                        today: date) -> bytes:
            _, data = await excel_service.export_assessments(
                db, authorizer, caller, unit_code=unit, year=year, as_of=as_of)
            return data

        return await serve(request, f"danh-gia-{unit}-{year}.xlsx", build)

    return router
