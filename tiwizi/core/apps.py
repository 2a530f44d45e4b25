from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tiwizi.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib import admin

        # Lazy strings: the admin speaks the language of each request.
        admin.site.site_header = _("Tiwizi administration")
        admin.site.site_title = _("Tiwizi administration")
        admin.site.index_title = _("Platform administration")
