"""Morocco's regions, provinces and communes with their official HCP codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tiwizi.core.i18n import localized


class Place(models.Model):
    """Shared shape: an official code (a string, e.g. `08.301`) and two official names."""

    code = models.CharField(_("HCP code"), max_length=16, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    population_2024 = models.PositiveIntegerField(_("population (2024)"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        # English has no official names: it falls back to French (see core.i18n).
        return localized(self, "name")


class Region(Place):
    class Meta(Place.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Province(Place):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        PREFECTURE = "prefecture", _("prefecture")
        ARRONDISSEMENTS = "prefecture_of_arrondissements", _("prefecture of arrondissements")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="provinces"
    )
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)

    class Meta(Place.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class Commune(Place):
    class Kind(models.TextChoices):
        URBAN = "urban", _("urban commune")
        RURAL = "rural", _("rural commune")

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="communes"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)

    class Meta(Place.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
