from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "tiwizi.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from tiwizi.core.navigation import NavItem, register_nav_item
        from tiwizi.imports import permissions

        register_nav_item(
            NavItem(
                label=_("Import"),
                url_name="imports:home",
                is_visible=permissions.can_import,
                order=90,
            )
        )
