from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tiwizi.geo.models import Commune


def commune_options(request: HttpRequest) -> HttpResponse:
    """<option>s of a province's communes, for the HTMX-linked selects in forms.

    Geography is public reference data, so no login is required.
    """
    province = request.GET.get("province", "")
    communes = (
        Commune.objects.filter(province_id=province).order_by("name_fr")
        if province.isdigit()
        else Commune.objects.none()
    )
    return render(request, "geo/commune_options.html", {"communes": communes})
