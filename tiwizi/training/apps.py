from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "tiwizi.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from tiwizi.core.dashboards import register_panel
        from tiwizi.core.navigation import NavItem, register_nav_item
        from tiwizi.programs.figures import register_figure_provider
        from tiwizi.training import figures, panels, permissions

        register_nav_item(
            NavItem(
                label=_("Training"),
                url_name="training:session_list",
                is_visible=permissions.can_see_training,
                order=40,
                active_prefix="/training/",
            )
        )
        register_panel(panels.trainer_panel)
        register_figure_provider(figures.training_figures, order=20)
