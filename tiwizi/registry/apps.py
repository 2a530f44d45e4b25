from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "tiwizi.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from tiwizi.core.dashboards import register_panel
        from tiwizi.core.navigation import NavItem, register_nav_item
        from tiwizi.registry import panels, permissions

        register_nav_item(
            NavItem(
                label=_("Organizations"),
                url_name="registry:organization_list",
                is_visible=permissions.can_see_organizations,
                order=20,
            )
        )
        register_nav_item(
            NavItem(
                label=_("People"),
                url_name="registry:person_list",
                is_visible=permissions.can_see_people,
                order=30,
            )
        )
        for panel in (
            panels.attention_panel,
            panels.cooperative_panel,
            panels.funder_panel,
        ):
            register_panel(panel)
