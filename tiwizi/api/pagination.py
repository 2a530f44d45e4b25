"""Keyset (cursor) pagination: `?limit=` and an opaque `?cursor=` from the last page.

Rows are ordered by id, and a page starts after the last id of the previous one, so a
client walking the pages sees every row once even while rows are added, and a page
costs the same whatever its depth (no OFFSET). The cursor is the base64 of the last
ordering key; clients must treat it as opaque.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import re
from typing import Annotated, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, create_model
from pydantic_core import PydanticCustomError

from tiwizi.api.errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_ID = 2**63 - 1


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: Any) -> Any:
    # Pydantic would read "0" as a Unix timestamp (1970-01-01): filters take ISO dates.
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")
    if not isinstance(value, str | datetime.date):
        raise PydanticCustomError("date_type", "Input should be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]
# An id filter: a database key, so out-of-range numbers are refused, not sent to SQL.
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]


class PageParams(Schema):
    cursor: str | None = Field(None, max_length=200, description="`next` of the previous page.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")


def encode_cursor(last_id: int) -> str:
    raw = json.dumps([last_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        (last_id,) = value
        if type(last_id) is not int or not 0 <= last_id <= MAX_ID:
            raise ValueError
    except (ValueError, TypeError, UnicodeError, binascii.Error):
        raise ApiError(
            400,
            "invalid_cursor",
            _("This cursor is not valid: use the “next” value of a previous page."),
            [{"loc": ["query", "cursor"], "message": _("Enter a valid value."), "code": "invalid"}],
        ) from None
    return last_id


def keyset_page(queryset: QuerySet[Any], params: PageParams) -> dict[str, Any]:
    """{"items": up to `limit` rows after the cursor, "next": cursor or None}."""
    rows = queryset.order_by("id")
    if params.cursor:
        rows = rows.filter(id__gt=decode_cursor(params.cursor))
    items = list(rows[: params.limit + 1])
    has_more = len(items) > params.limit
    items = items[: params.limit]
    return {"items": items, "next": encode_cursor(items[-1].id) if has_more else None}


_pages: dict[str, type[Schema]] = {}


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The schema of one page of `item` (named, for a readable OpenAPI document)."""
    if name not in _pages:
        _pages[name] = create_model(
            name,
            __base__=Schema,
            items=(list[item], ...),  # type: ignore[valid-type]
            next=(str | None, Field(..., description="Cursor of the next page, or null.")),
        )
    return _pages[name]
