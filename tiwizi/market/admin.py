"""The catalogue in the admin, for platform administrators.

Day-to-day changes go through the catalogue pages, which check uploads (photos.py) and
call services.py; the admin is for corrections. Photos are listed read-only here: an
upload must go through the checked path of the product page.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tiwizi.market.models import ExchangeRate, Label, Product, ProductPhoto


class ProductPhotoInline(admin.TabularInline):
    model = ProductPhoto
    extra = 0
    fields = ("thumbnail", "alt_text", "position", "width", "height")
    readonly_fields = ("thumbnail", "width", "height")
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LabelInline(admin.TabularInline):
    model = Label
    extra = 0
    fields = ("kind", "name", "number", "issued_by", "expires_on")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = (
        "__str__", "organization", "category", "unit", "price_mad", "stock_status", "published",
    )  # fmt: skip
    list_filter = ("published", "stock_status", "category", "unit")
    list_select_related = ("organization", "category")
    search_fields = ("name_ar", "name_fr", "name_en", "organization__name_fr")
    autocomplete_fields = ("organization",)
    readonly_fields = ("slug", "created_at", "updated_at")
    show_full_result_count = False
    inlines = [ProductPhotoInline, LabelInline]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "number", "issued_by", "expires_on", "product")
    list_filter = ("kind",)
    list_select_related = ("product",)
    search_fields = ("name", "number", "issued_by")
    autocomplete_fields = ("product",)
    readonly_fields = ("evidence",)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "mad_per_unit", "valid_from", "recorded_by")
    list_filter = ("currency",)
    date_hierarchy = "valid_from"
    readonly_fields = ("recorded_by", "created_at", "updated_at")
