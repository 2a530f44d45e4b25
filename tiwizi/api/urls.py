from django.urls import URLPattern, URLResolver, include, path, re_path

from tiwizi.api import views
from tiwizi.api.api import api
from tiwizi.api.errors import json_method_errors

app_name = "api"


def _api_patterns() -> list[URLPattern | URLResolver]:
    """Ninja's URL patterns, with its bare-text 405 answered in our JSON error shape."""
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = json_method_errors(pattern.callback)
    return patterns


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", include((_api_patterns(), "api-v1"))),
    # Any other address under /api/v1/ gets a JSON 404, not the HTML page.
    re_path(r"^api/v1/", views.api_not_found),
    path("api/tokens/", views.token_list, name="tokens"),
    path("api/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
