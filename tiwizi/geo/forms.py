"""A province select that narrows a commune select, shared by every form with a place.

The province select reloads the commune options over HTMX (geo:commune_options); without
JavaScript the form is sent back and redrawn with the chosen province's communes. Any
commune is accepted by the field itself: the model or form then says, in words, when it
is not in the chosen province.
"""

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tiwizi.core.i18n import localized_expression
from tiwizi.geo.models import Commune, Province


def places_in_reading_order(queryset: Any) -> Any:
    """Regions, provinces or communes sorted by the name the reader sees."""
    return queryset.order_by(localized_expression("name_fr", "name_ar"), "pk")


def link_province_and_commune(form: forms.BaseForm, province_id: int | None) -> None:
    """Set up `form`'s province and commune fields, offering the province's communes."""
    province: Any = form.fields["province"]
    province.queryset = places_in_reading_order(Province.objects.all())
    province.empty_label = _("— choose a province —")
    province.widget.attrs.update({
        "hx-get": reverse_lazy("geo:commune_options"),
        "hx-target": "#id_commune",
        "hx-swap": "innerHTML",
        "hx-trigger": "change",
        "aria-controls": "id_commune",
    })  # fmt: skip
    commune: Any = form.fields["commune"]
    commune.queryset = Commune.objects.all()
    offered = (
        places_in_reading_order(Commune.objects.filter(province_id=province_id))
        if province_id
        else Commune.objects.none()
    )
    commune.widget.choices = [("", _("— choose a commune —"))] + [(c.pk, c.name) for c in offered]
    commune.help_text = _("The list shows the communes of the chosen province.")
