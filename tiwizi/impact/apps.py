from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "tiwizi.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        from tiwizi.impact import wiring

        wiring.register()
