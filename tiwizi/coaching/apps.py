from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "tiwizi.coaching"
    label = "coaching"
    verbose_name = _("Coaching")

    def ready(self) -> None:
        from tiwizi.coaching import figures, panels, permissions
        from tiwizi.core.dashboards import register_panel
        from tiwizi.core.navigation import NavItem, register_nav_item
        from tiwizi.programs.figures import register_figure_provider

        register_nav_item(
            NavItem(
                label=_("Coaching"),
                url_name="coaching:plan_list",
                is_visible=permissions.can_see_coaching,
                order=50,
            )
        )
        register_panel(panels.coach_panel)
        register_panel(panels.cooperative_panel)
        register_figure_provider(figures.coaching_figures, order=30)
