"""Impact in the admin, for platform administrators.

Day-to-day changes go through the impact pages, which call services.py and record the
history; the admin is for corrections (Django's own admin log records those). The
indicator catalogue is reference data from a migration: its codes and computations are
read-only here, its names and public flag may be corrected.
"""

from typing import Any

from django.contrib import admin

from tiwizi.impact.models import Indicator, Measurement, PeriodicReport, Target


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_ar", "unit", "source", "is_public", "position")
    list_filter = ("source", "unit", "is_public")
    search_fields = ("code", "name_fr", "name_ar", "name_en")
    readonly_fields = ("code", "source", "computation", "unit", "counts_people")

    def has_add_permission(self, request: Any) -> bool:
        return False  # new computed indicators need code: they come with a migration

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(PeriodicReport)
class PeriodicReportAdmin(admin.ModelAdmin):
    list_display = ("organization", "year", "quarter", "revenue_mad", "jobs_permanent")
    list_filter = ("year", "quarter")
    list_select_related = ("organization",)
    search_fields = ("organization__name_fr", "organization__name_ar")
    autocomplete_fields = ("organization",)
    readonly_fields = ("submitted_by", "created_at", "updated_at")
    show_full_result_count = False


class _ProgramValueAdmin(admin.ModelAdmin):
    list_display = (
        "program",
        "indicator",
        "year",
        "quarter",
        "dimension",
        "dimension_value",
        "value",
    )
    list_filter = ("indicator", "year", "dimension")
    list_select_related = ("program", "indicator")
    search_fields = ("program__name_fr", "program__name_ar", "indicator__code")


@admin.register(Target)
class TargetAdmin(_ProgramValueAdmin):
    pass


@admin.register(Measurement)
class MeasurementAdmin(_ProgramValueAdmin):
    readonly_fields = ("entered_by",)
