from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("tiwizi.core.urls")),
    path("accounts/", include("tiwizi.accounts.urls")),
    path("geo/", include("tiwizi.geo.urls")),
    path("", include("tiwizi.registry.urls")),
    # Each domain app prefixes its own paths (training also serves the public /verify/).
    path("", include("tiwizi.programs.urls")),
    path("", include("tiwizi.training.urls")),
    path("", include("tiwizi.coaching.urls")),
    path("", include("tiwizi.events.urls")),
    path("", include("tiwizi.assessment.urls")),
    path("", include("tiwizi.market.urls")),
    path("", include("tiwizi.impact.urls")),
    path("", include("tiwizi.imports.urls")),
    path("", include("tiwizi.api.urls")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
