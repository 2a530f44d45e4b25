"""Pages where a signed-in user manages their personal API tokens."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from tiwizi.api import services
from tiwizi.api.errors import error_response, not_found
from tiwizi.api.forms import TokenForm
from tiwizi.api.models import ApiToken
from tiwizi.core.listing import GET_POST


@login_required
@GET_POST
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens, and the form to create one; a new secret is shown once."""
    form = TokenForm(request.POST or None)
    secret = None
    created = None
    if request.method == "POST" and form.is_valid():
        created, secret = services.create_token(
            request.user, form.cleaned_data["name"], form.expires_at()
        )
        form = TokenForm()
    user: Any = request.user  # signed in (login_required)
    tokens = ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
    context = {"form": form, "tokens": tokens, "secret": secret, "created": created}
    response = render(request, "api/token_list.html", context)
    if secret:
        # The secret must not stay in any cache: it is shown this once.
        add_never_cache_headers(response)
    return response


@login_required
@GET_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then revoke: clients using the token are refused from then on."""
    token = get_object_or_404(ApiToken, pk=pk, user=cast(Any, request.user))
    if token.is_revoked:
        messages.info(request, _("This token was already revoked."))
        return redirect("api:tokens")
    if request.method == "POST":
        services.revoke_token(token)
        messages.success(
            request, _("The token “%(name)s” has been revoked.") % {"name": token.name}
        )
        return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"token": token})


def api_not_found(request: HttpRequest) -> HttpResponse:
    error = not_found()
    return error_response(error.status, error.code, error.message)
