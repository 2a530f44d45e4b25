from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tiwizi.core.i18n import current_language
from tiwizi.geo.models import Commune

# Larger than any primary key we will have; keeps bigint columns from overflowing.
_MAX_ID = 2**62


def _as_id(raw: str) -> int | None:
    # isdecimal, unlike isdigit, refuses superscripts like "²" that int() cannot read.
    if not raw.isascii() or not raw.isdecimal():
        return None
    value = int(raw)
    return value if 0 < value < _MAX_ID else None


def commune_options(request: HttpRequest) -> HttpResponse:
    """<option>s of a province's communes, for the HTMX-linked selects in forms.

    Geography is public reference data, so no login is required.
    """
    province_id = _as_id(request.GET.get("province", ""))
    # Arabic readers get the communes in Arabic alphabetical order, others in French.
    order = "name_ar" if current_language() == "ar" else "name_fr"
    communes = (
        Commune.objects.filter(province_id=province_id).order_by(order)
        if province_id
        else Commune.objects.none()
    )
    return render(request, "geo/commune_options.html", {"communes": communes})
