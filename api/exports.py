"""Excel downloads over plain HTTP: GET /exports/targets.xlsx and /exports/assessments.xlsx.

Thin on purpose: the caller is authenticated exactly as for GraphQL (api.http_auth, then
api.auth: the same credentials and the same Principal), the request runs in one transaction
scoped by the same RequestDB, and the workbook comes from the service functions in
services/excel.py, which authorize with `authorizer`. Errors keep the GraphQL `extensions.code`
and map to HTTP: 401 without a valid token, 404 for a unit outside the caller's scope (as if it
did not exist), 403 for a unit they can see but not read this data of, 400 for bad parameters.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request, Response

from api.http_auth import error_response, principal_from, request_db
from authz.authorizer import Authorizer, Principal
from core.config import Settings
from core.errors import AppError, NotFound
from core.i18n import msg
from core.ids import from_global_id
from db.session import RequestDB
from services import excel as excel_service
from services.spreadsheets import XLSX_MEDIA_TYPE


def exports_router(settings: Settings) -> APIRouter:
    router = APIRouter(prefix="/exports")

    async def serve(
        request: Request,
        filename: str,
        build: Callable[[RequestDB, Authorizer, Principal, date], Awaitable[bytes]],
    ) -> Response:
        authorizer: Authorizer = request.app.state.authorizer
        try:
            caller = await principal_from(request)
        except AppError as error:
            return error_response(error)
        db = request_db(request, caller)
        try:
            today = datetime.now(ZoneInfo(settings.timezone)).date()
            data = await build(db, authorizer, caller, today)
        except AppError as error:
            return error_response(error)
        finally:
            await db.close()
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", filename)  # the unit code comes from the query
        return Response(
            data,
            media_type=XLSX_MEDIA_TYPE,
            headers={
                "Content-Disposition": f'attachment; filename="{safe}"',
                "Cache-Control": "no-store",
            },
        )

    @router.get("/targets.xlsx", summary="A unit's targets of a year as a target table")
    async def targets_xlsx(
        request: Request,
        unit: str = Query(..., max_length=40),
        year: int = Query(...),
        plan: str | None = Query(None, max_length=200),
    ) -> Response:
        async def build(
            db: RequestDB, authorizer: Authorizer, caller: Principal, today: date
        ) -> bytes:
            plan_id = None
            if plan is not None:
                decoded = from_global_id(plan)
                if decoded is None or decoded[0] != "Plan":
                    raise NotFound(msg("No such plan."), field="plan")
                plan_id = decoded[1]
            _, data = await excel_service.export_targets(
                db, authorizer, caller, unit_code=unit, year=year, plan_id=plan_id, today=today
            )
            return data

        return await serve(request, f"chi-tieu-{unit}-{year}.xlsx", build)

    @router.get(
        "/assessments.xlsx", summary="A commune's residential areas and their assessments of a year"
    )
    async def assessments_xlsx(
        request: Request,
        unit: str = Query(..., max_length=40),
        year: int = Query(...),
        as_of: date | None = Query(None, alias="asOf"),
    ) -> Response:
        async def build(
            db: RequestDB, authorizer: Authorizer, caller: Principal, today: date
        ) -> bytes:
            _, data = await excel_service.export_assessments(
                db, authorizer, caller, unit_code=unit, year=year, as_of=as_of
            )
            return data

        return await serve(request, f"danh-gia-{unit}-{year}.xlsx", build)

    return router
