"""Helpers every app's views share: list pages (sorting, paging, HTMX results), a
service's refusal shown on a form, and a safe `next` address.

List pages follow one pattern (see registry.views.organization_list): a filter form
read from the query string, `ordering()` for the column headers' sort key, `paginate()`,
and `list_response()`, which answers the whole page or, when HTMX asks for the results
only (filters, sorting, paging), the results partial.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import F, OrderBy
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

# Pages with a form: shown on GET, sent on POST; anything else is refused (405).
GET_POST = require_http_methods(["GET", "POST"])


def ordering(
    raw: str | None,
    sorts: Mapping[str, Sequence[str]],
    default: str,
    *,
    nulls_lowest: bool = False,
) -> tuple[str, list[str | OrderBy]]:
    """The sort key to show and the `order_by()` arguments for it.

    `sorts` maps each key the column headers offer to its fields, ascending; `raw` is the
    key asked for, with a leading "-" for descending. A missing or unknown key gives
    `default` (which may itself be descending, e.g. "-start"), so a query string can never
    sort by a field that is not offered.

    With `nulls_lowest`, empty values sort as lower than any other on every database
    (SQLite and PostgreSQL disagree by default): first ascending, last descending.
    """
    if not raw or raw.removeprefix("-") not in sorts:
        raw = default
    descending = raw.startswith("-")
    fields = sorts[raw.removeprefix("-")]
    order_by: list[str | OrderBy]
    if nulls_lowest:
        order_by = [
            F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_first=True)
            for name in fields
        ]
    else:
        order_by = [f"-{name}" if descending else name for name in fields]
    return raw, order_by


def paginate(request: HttpRequest, queryset: Any, per_page: int | None = None) -> Page[Any]:
    """The page the query string asks for, of TIWIZI_PAGE_SIZE rows unless `per_page`.

    get_page() never fails: page=abc gives the first page, page=99999 the last.
    """
    paginator = Paginator(queryset, per_page or settings.TIWIZI_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest, target: str | None = None) -> bool:
    """Whether HTMX sent the request (aimed at the element `target`, if given).

    A history restore asks for the whole page, so it does not count.
    """
    htmx = getattr(request, "htmx", None)
    if htmx is None or not bool(htmx) or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def list_response(
    request: HttpRequest, template: str, partial: str, target: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only the results (`partial`) when HTMX asks for the element
    `target` (filters, sorting, paging). Sets `partial` in the context for the templates.

    The answer varies with the HTMX headers, so that a browser or a proxy never serves
    the results alone where the page is wanted (or the other way round).
    """
    wants_partial = is_htmx(request, target)
    context["partial"] = wants_partial
    response = render(request, partial if wants_partial else template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def service_errors(
    form: BaseForm, error: ValidationError, field_for: Mapping[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: next to the field it names when the form has
    that field, at the top of the form otherwise.

    `field_for` renames the service's keys to the form's fields where they differ
    (e.g. a model field edited through a form field of another name).
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = (field_for or {}).get(name, name)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def safe_next(request: HttpRequest, default: str, *, from_query: bool = True) -> str:
    """The `next` address sent with the form (or, unless `from_query` is false, given in
    the query string) when it is on this site, else `default`: never an open redirect.
    """
    target = request.POST.get("next") or (request.GET.get("next") if from_query else "") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
