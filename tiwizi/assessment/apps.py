from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "tiwizi.assessment"
    label = "assessment"
    verbose_name = _("Capacity assessment")

    def ready(self) -> None:
        from tiwizi.assessment import figures, panels, permissions
        from tiwizi.core.dashboards import register_panel
        from tiwizi.core.navigation import NavItem, register_nav_item
        from tiwizi.programs.figures import register_figure_provider

        register_nav_item(
            NavItem(
                label=_("Assessment"),
                url_name="assessment:index",
                is_visible=permissions.can_see_assessment_pages,
                order=45,
                active_prefix="/assessment/",
            )
        )
        register_panel(panels.staff_panel)
        register_panel(panels.cooperative_panel)
        register_figure_provider(figures.assessment_figures, order=50)
