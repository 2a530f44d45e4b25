"""The registry in the admin, for platform administrators.

Day-to-day changes go through the registry pages, which call services.py and record the
history; the admin is for corrections, and Django's own admin log records those.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiwizi.registry.models import Membership, Organization, Person, Sector


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_ar", "name_en", "position")
    list_editable = ("position",)
    search_fields = ("code", "name_fr", "name_ar", "name_en")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("person", "organization")


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("no", _("Not archived")), ("yes", _("Archived"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        return queryset


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name_fr", "name_ar", "kind", "status", "province", "archived_at")
    list_filter = ("kind", "status", ArchivedFilter, "province__region", "sectors")
    list_select_related = ("province",)
    search_fields = ("name_fr", "name_ar", "odco_number", "ice", "rc_number")
    filter_horizontal = ("sectors", "stewards")
    autocomplete_fields = ("province", "commune")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = (
        "last_name_latin", "first_name_latin", "last_name_ar", "first_name_ar",
        "sex", "birth_year", "national_id",
    )  # fmt: skip
    list_filter = ("sex", "consent_scope")
    search_fields = (
        "last_name_latin", "first_name_latin", "last_name_ar", "first_name_ar", "national_id",
    )  # fmt: skip
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "organization", "role", "since", "until")
    list_filter = ("role",)
    list_select_related = ("person", "organization")
    search_fields = (
        "person__last_name_latin", "person__last_name_ar",
        "organization__name_fr", "organization__name_ar",
    )  # fmt: skip
    autocomplete_fields = ("person", "organization")
    date_hierarchy = "since"
    show_full_result_count = False
