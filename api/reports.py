"""GET /reports/result.pdf|.docx|.json: the official result report of a unit for a year.

Thin on purpose: authenticate as GraphQL does (api.http_auth), build the report with the one
service function the `resultReport` field uses, lay it out and draw it. Rendering is CPU work
(~0.1–0.5 s for a district), so it runs in a worker thread, off the event loop.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.http_auth import error_response, principal_from, request_db
from core.errors import AppError
from services import reports as report_service
from services.report_documents import DOCX_MEDIA_TYPE, PDF_MEDIA_TYPE, render_docx, render_pdf
from services.report_layout import layout

router = APIRouter()


@router.get("/reports/result.{extension}", summary="Download the result report of a unit")
async def result_report(
    request: Request,
    extension: Literal["pdf", "docx", "json"],
    unit: Annotated[str, Query(description="Official code of the unit, e.g. 400")],
    year: int,
    period: Annotated[str, Query(description="annual or six_months")] = "annual",
    as_of: Annotated[date | None, Query(alias="asOf")] = None,
) -> Response:
    try:
        principal = await principal_from(request)
        db = request_db(request, principal)
        try:
            report = await report_service.result_report(
                db,
                request.app.state.authorizer,
                principal,
                unit_code=unit,
                year=year,
                period=report_service.parse_period(period),
                as_of=as_of,
                today=datetime.now(ZoneInfo(request.app.state.settings.timezone)).date(),
            )
        finally:
            await db.close()
    except AppError as error:
        return error_response(error)
    doc = layout(report)
    if extension == "json":
        body = json.dumps(dataclasses.asdict(report), default=str, ensure_ascii=False)
        return Response(body.encode(), media_type="application/json")
    render, media_type = (
        (render_pdf, PDF_MEDIA_TYPE) if extension == "pdf" else (render_docx, DOCX_MEDIA_TYPE)
    )
    content = await asyncio.to_thread(render, doc)
    filename = f"{doc.file_stem}.{extension}"
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"; '
            f"filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "private, no-store",
        },
    )
