from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "tiwizi.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from tiwizi.core.dashboards import register_panel
        from tiwizi.core.navigation import NavItem, register_nav_item
        from tiwizi.events import figures, panels, permissions
        from tiwizi.programs.figures import register_figure_provider

        register_nav_item(
            NavItem(
                label=_("Events"),
                url_name="events:event_list",
                is_visible=permissions.can_see_events,
                order=60,
            )
        )
        register_panel(panels.events_panel)
        register_figure_provider(figures.event_figures, order=60)
