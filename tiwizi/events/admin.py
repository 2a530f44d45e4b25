"""Events in the admin, for platform administrators.

Day-to-day changes go through the event pages, which call services.py and record the
history; the admin is for corrections, and Django's own admin log records those.
"""

from django.contrib import admin

from tiwizi.events.models import Event, Outcome, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    autocomplete_fields = ("organization", "person")
    readonly_fields = ("registered_by", "created_at")


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    autocomplete_fields = ("owner_organization",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title_fr", "title_ar", "kind", "status", "start", "end", "program", "commune")
    list_filter = ("kind", "status", "program", "commune__province")
    list_select_related = ("program", "commune")
    search_fields = ("title_fr", "title_ar", "title_en", "venue")
    autocomplete_fields = ("commune",)
    filter_horizontal = ("organizers",)
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "start"
    show_full_result_count = False
    inlines = [RegistrationInline, OutcomeInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("event", "organization", "person", "role", "attended", "registered_by")
    list_filter = ("role", "attended", "event__kind")
    list_select_related = ("event", "organization", "person", "registered_by")
    search_fields = (
        "event__title_fr", "event__title_ar", "organization__name_fr", "organization__name_ar",
        "person__last_name_latin", "person__last_name_ar",
    )  # fmt: skip
    autocomplete_fields = ("event", "organization", "person")
    readonly_fields = ("registered_by", "created_at", "updated_at")
    show_full_result_count = False


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "event", "owner_name", "owner_organization", "due_date", "status")
    list_filter = ("status",)
    list_select_related = ("event", "owner_organization")
    search_fields = ("text", "owner_name", "event__title_fr", "event__title_ar")
    autocomplete_fields = ("event", "owner_organization")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "due_date"
    show_full_result_count = False
