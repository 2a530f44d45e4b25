from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tiwizi.core.dashboards import home_context
from tiwizi.core.i18n import set_language_cookie


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in start page: the panels each app contributes for the user's roles."""
    user = request.user
    context = home_context(user)
    # Core may not import accounts: read the roles through the user object.
    context["has_role"] = user.is_superuser or bool(getattr(user, "roles", None))
    return render(request, "core/home.html", context)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise (for load balancers and make demo)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The switcher on every page: sets the cookie, and the profile when signed in."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        set_language_cookie(response, language)
        user = request.user
        if user.is_authenticated and getattr(user, "language", None) != language:
            user.language = language
            user.save(update_fields=["language"])
    return response
