"""Every error of the API as one JSON shape, with a stable code and a translated message:

    {"error": {"code": "not_found", "message": "…", "details": [{"loc": [...], ...}]}}

Clients branch on `code` (stable) and may show `message` (in the request's language).
Validation details reuse Django's own form messages, which already exist in Arabic,
French and English.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

Loc = list[str | int]


class ErrorDetail(Schema):
    loc: list[str | int]
    message: str
    code: str


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    """Raised by endpoints: becomes `{"error": …}` with this status."""

    def __init__(
        self, status: int, code: str, message: str, details: Sequence[dict[str, Any]] = ()
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, list(details)


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Not found: it does not exist, or you may not see it."))


def forbidden() -> ApiError:
    return ApiError(403, "permission_denied", _("Access denied"))


def error_payload(code: str, message: str, details: Sequence[dict[str, Any]] = ()) -> dict:
    return {"error": {"code": code, "message": str(message), "details": list(details)}}


def error_response(
    status: int, code: str, message: str, details: Sequence[dict[str, Any]] = ()
) -> JsonResponse:
    return JsonResponse(error_payload(code, message, details), status=status)


# Pydantic error types -> a message Django already translates.
def _detail_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith("decimal_") or kind.startswith("float_"):
        return _("Enter a number.")
    if kind.startswith("datetime_"):
        return _("Enter a valid date/time.")
    if kind.startswith("date_"):
        return _("Enter a valid date.")
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": limit
        }
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": limit
        }
    if kind in ("literal_error", "enum"):
        return _("Select a valid choice. %(value)s is not one of the available choices.") % {
            "value": ctx.get("expected", "")
        }
    return _("Enter a valid value.")


def validation_details(errors: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "loc": [part for part in error.get("loc", ()) if isinstance(part, str | int)],
            "message": str(_detail_message(error)),
            "code": str(error.get("type", "invalid")),
        }
        for error in errors
    ]


def django_validation_details(error: DjangoValidationError, loc: Loc) -> list[dict[str, Any]]:
    """A service's refusal (ValidationError, by field or not) as details."""
    if hasattr(error, "error_dict"):
        return [
            {"loc": [*loc, field], "message": str(message), "code": "invalid"}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"loc": loc, "message": str(message), "code": "invalid"} for message in error.messages]


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (which answer {"detail": …}) with ours."""

    def respond(
        request: HttpRequest,
        status: int,
        code: str,
        message: str,
        details: Sequence[dict[str, Any]] = (),
    ) -> HttpResponse:
        return api.create_response(request, error_payload(code, message, details), status=status)

    def on_api_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, exc.status, exc.code, exc.message, exc.details)

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        message = _("The request is not valid: see the details.")
        return respond(request, 400, "invalid", message, validation_details(exc.errors))

    def on_django_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        message = _("The request is not valid: see the details.")
        return respond(request, 400, "invalid", message, django_validation_details(exc, []))

    def on_authentication(request: HttpRequest, exc: Any) -> HttpResponse:
        response = respond(
            request,
            401,
            "not_authenticated",
            _("Send a valid API token: Authorization: Bearer <token>."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def on_throttled(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(
            request, 429, "rate_limited", _("Too many requests: wait a moment, then try again.")
        )

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        # Raised by ninja itself, e.g. for a body that is not JSON.
        if exc.status_code == 403:
            return on_permission_denied(request, exc)
        if exc.status_code == 404:
            return on_not_found(request, exc)
        return respond(request, exc.status_code, "invalid", _("Bad request"))

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        error = not_found()
        return respond(request, error.status, error.code, error.message)

    def on_permission_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        error = forbidden()
        return respond(request, error.status, error.code, error.message)

    def on_unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        # Logged with its traceback for the administrators; the client learns nothing
        # about the internals.
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return respond(
            request,
            500,
            "server_error",
            _("Something went wrong on our side. The error has been recorded."),
        )

    api.add_exception_handler(Exception, on_unexpected)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_permission_denied)


def json_method_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a wrong method with a bare-text 405: answer it in our JSON shape."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = error_response(
                405, "method_not_allowed", _("This method is not allowed here.")
            )
            if allowed:
                response["Allow"] = allowed
        return response

    return wrapper
