"""Coaching in the admin, for platform administrators.

Day-to-day changes go through the coaching pages, which call services.py and record
the history; the admin is for corrections, and Django's own admin log records those.
"""

from django.contrib import admin

from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


class VisitInline(admin.TabularInline):
    model = Visit
    extra = 0
    fields = ("date", "mode", "duration_minutes", "topics", "recorded_by")
    raw_id_fields = ("recorded_by",)
    show_change_link = True


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    fields = ("text", "owner_name", "owner_user", "due_date", "status", "done_on", "visit")
    raw_id_fields = ("owner_user", "visit")


@admin.register(CoachingPlan)
class CoachingPlanAdmin(admin.ModelAdmin):
    list_display = ("organization", "program", "coach", "start_date", "end_date", "status")
    list_filter = ("status", "program")
    list_select_related = ("organization", "program", "coach")
    search_fields = (
        "organization__name_fr", "organization__name_ar", "coach__email", "coach__full_name",
    )  # fmt: skip
    raw_id_fields = ("program", "coach")
    autocomplete_fields = ("organization",)
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "start_date"
    show_full_result_count = False
    inlines = [GoalInline, VisitInline, ActionItemInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("text", "plan", "target_date", "status", "achieved_on")
    list_filter = ("status",)
    list_select_related = ("plan__organization", "plan__program")
    search_fields = ("text", "plan__organization__name_fr", "plan__organization__name_ar")
    raw_id_fields = ("plan",)
    show_full_result_count = False


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ("date", "plan", "mode", "duration_minutes", "recorded_by")
    list_filter = ("mode",)
    list_select_related = ("plan__organization", "plan__program", "recorded_by")
    search_fields = ("topics", "plan__organization__name_fr", "plan__organization__name_ar")
    raw_id_fields = ("plan", "recorded_by")
    date_hierarchy = "date"
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ("text", "plan", "owner_name", "owner_user", "due_date", "status", "done_on")
    list_filter = ("status",)
    list_select_related = ("plan__organization", "plan__program", "owner_user")
    search_fields = ("text", "owner_name", "plan__organization__name_fr")
    raw_id_fields = ("plan", "visit", "owner_user")
    date_hierarchy = "due_date"
    show_full_result_count = False
