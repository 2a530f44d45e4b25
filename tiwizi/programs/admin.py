"""Programs in the admin, for platform administrators.

Day-to-day changes go through the program pages, which call services.py and record the
history; the admin is for corrections, and Django's own admin log records those.
"""

from django.contrib import admin

from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program


class PartnerRoleInline(admin.TabularInline):
    model = PartnerRole
    extra = 0
    autocomplete_fields = ("organization",)


class CohortInline(admin.TabularInline):
    model = Cohort
    extra = 0
    show_change_link = True


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0
    autocomplete_fields = ("partner",)


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ("organization",)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name_fr", "name_ar", "name_en", "status", "start_date", "end_date")
    list_filter = ("status", "target_provinces")
    search_fields = ("name_fr", "name_ar", "name_en")
    autocomplete_fields = ("target_provinces",)
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "start_date"
    show_full_result_count = False
    inlines = [PartnerRoleInline, CohortInline, ContributionInline]


@admin.register(PartnerRole)
class PartnerRoleAdmin(admin.ModelAdmin):
    list_display = ("program", "organization", "role")
    list_filter = ("role",)
    list_select_related = ("program", "organization")
    search_fields = ("program__name_fr", "program__name_ar", "organization__name_fr",
                     "organization__name_ar")  # fmt: skip
    autocomplete_fields = ("program", "organization")


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "program", "start_date", "end_date")
    list_select_related = ("program",)
    search_fields = ("name", "program__name_fr", "program__name_ar", "program__name_en")
    autocomplete_fields = ("program",)
    readonly_fields = ("created_at", "updated_at")
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("organization", "cohort", "status", "since")
    list_filter = ("status",)
    list_select_related = ("organization", "cohort__program")
    search_fields = ("organization__name_fr", "organization__name_ar", "cohort__name")
    autocomplete_fields = ("cohort", "organization")
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ("program", "partner", "kind", "amount_mad", "status", "date")
    list_filter = ("kind", "status")
    list_select_related = ("program", "partner")
    search_fields = ("partner__name_fr", "partner__name_ar", "program__name_fr",
                     "program__name_ar", "description")  # fmt: skip
    autocomplete_fields = ("program", "partner")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "date"
