"""Training in the admin, for platform administrators.

Day-to-day changes go through the training pages, which call services.py and record the
history; the admin is for corrections, and Django's own admin log records those.
"""

from django.contrib import admin

from tiwizi.training.models import (
    Attendance,
    Certificate,
    Course,
    Enrollment,
    Session,
    TrainerCalendar,
)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title_fr", "title_ar", "title_en", "duration_hours", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title_fr", "title_ar", "title_en")


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    autocomplete_fields = ("person", "organization")
    readonly_fields = ("enrolled_by",)


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("course", "cohort", "starts_at", "ends_at", "commune", "trainer", "status")
    list_filter = ("status", "cohort__program")
    list_select_related = ("course", "cohort", "commune", "trainer")
    search_fields = ("course__title_fr", "course__title_ar", "venue", "commune__name_fr")
    date_hierarchy = "starts_at"
    raw_id_fields = ("commune", "trainer")
    inlines = [EnrollmentInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("person", "organization", "session")
    list_select_related = ("person", "organization", "session__course")
    search_fields = ("person__last_name_latin", "person__last_name_ar", "organization__name_fr")
    autocomplete_fields = ("person", "organization")
    raw_id_fields = ("session", "enrolled_by")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "status", "recorded_by", "recorded_at")
    list_filter = ("status",)
    list_select_related = ("enrollment__person", "enrollment__session__course", "recorded_by")
    raw_id_fields = ("enrollment", "recorded_by")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "person", "course", "cohort", "issued_at")
    list_select_related = ("person", "course", "cohort")
    search_fields = ("code", "person__last_name_latin", "person__last_name_ar")
    autocomplete_fields = ("person",)
    raw_id_fields = ("course", "cohort", "issued_by")


@admin.register(TrainerCalendar)
class TrainerCalendarAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at")
    search_fields = ("user__email", "user__full_name")
    readonly_fields = ("token",)
