from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "tiwizi.programs"
    label = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from tiwizi.core.dashboards import register_panel
        from tiwizi.core.navigation import NavItem, register_nav_item
        from tiwizi.programs import panels, permissions
        from tiwizi.programs.figures import participation_figures, register_figure_provider

        register_nav_item(
            NavItem(
                label=_("Programs"),
                url_name="programs:program_list",
                is_visible=permissions.can_see_programs,
                order=15,
            )
        )
        register_panel(panels.manager_panel)
        register_panel(panels.funder_panel)
        # The program's own figures come first; training, coaching and events add theirs.
        register_figure_provider(participation_figures, order=0)
