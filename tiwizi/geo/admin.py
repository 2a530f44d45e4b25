"""Geography in the admin: official HCP reference data, loaded by a migration.

Read-mostly: names and populations may be corrected, but codes, the hierarchy and the
list of places come from the HCP files, so adding and deleting are disabled.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tiwizi.geo.models import Commune, Province, Region


class PlaceAdmin(admin.ModelAdmin):
    search_fields = ["code", "name_fr", "name_ar"]
    ordering = ("code",)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(PlaceAdmin):
    list_display = ("code", "name_fr", "name_ar", "population_2024")
    readonly_fields = ("code",)


@admin.register(Province)
class ProvinceAdmin(PlaceAdmin):
    list_display = ("code", "name_fr", "name_ar", "kind", "region", "population_2024")
    list_filter = ("kind", "region")
    list_select_related = ("region",)
    readonly_fields = ("code", "region", "kind")


@admin.register(Commune)
class CommuneAdmin(PlaceAdmin):
    list_display = ("code", "name_fr", "name_ar", "kind", "province", "population_2024")
    list_filter = ("kind", "province__region")
    list_select_related = ("province",)
    readonly_fields = ("code", "province", "kind")
    search_fields = ["code", "name_fr", "name_ar", "province__name_fr", "province__name_ar"]
