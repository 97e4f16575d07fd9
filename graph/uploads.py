"""Multipart file uploads (the GraphQL multipart request spec), read with a size limit."""

from __future__ import annotations

from typing import Any

from core.errors import BadInput
from core.i18n import msg
from services.excel import MAX_UPLOAD_BYTES


async def read_upload(file: Any) -> bytes:
    """The upload's bytes, reading at most one byte past the limit (the rest stays unread)."""
    if not hasattr(file, "read"):
        raise BadInput(msg("`file` must be a multipart file upload."), field="file")
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    return bytes(data)
