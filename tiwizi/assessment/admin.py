"""Frameworks and assessments in the admin, for platform administrators.

A published framework version is shown read-only (its dimensions, questions and levels
too): a new version is drafted from it with the "Draft a new version" action, edited,
then published with the "Publish" action, both through services.py. Assessments are
filled in on the assessment pages; the admin shows them read-only.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiwizi.assessment import services
from tiwizi.assessment.models import (
    Answer,
    Assessment,
    Dimension,
    Framework,
    FrameworkVersion,
    Level,
    Question,
)


def _published(obj: Any) -> bool:
    """Whether the object (a version, dimension, question or level) is in a published
    version."""
    if obj is None:
        return False
    if isinstance(obj, FrameworkVersion):
        return obj.is_published
    if isinstance(obj, Dimension):
        return obj.version.is_published
    if isinstance(obj, Question):
        return obj.dimension.version.is_published
    if isinstance(obj, Level):
        return obj.question.dimension.version.is_published
    return False


class ReadOnlyWhenPublished:
    """Everything is read-only, and nothing can be added or deleted, in a published
    version."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _published(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if isinstance(self, admin.options.InlineModelAdmin):
            return not _published(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]
        return super().has_add_permission(request)  # type: ignore[misc]


class VersionInline(admin.TabularInline):
    model = FrameworkVersion
    fk_name = "framework"
    extra = 0
    fields = ("number", "status", "published_at", "based_on")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_ar", "name_en")
    search_fields = ("code", "name_fr", "name_ar", "name_en")
    inlines = [VersionInline]


class DimensionInline(ReadOnlyWhenPublished, admin.StackedInline):
    model = Dimension
    extra = 0
    fields = (
        ("code", "position"), ("name_ar", "name_fr", "name_en"),
        ("description_ar", "description_fr", "description_en"),
    )  # fmt: skip
    show_change_link = True


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(ReadOnlyWhenPublished, admin.ModelAdmin):
    list_display = ("framework", "number", "status", "published_at", "based_on")
    list_filter = ("status", "framework")
    list_select_related = ("framework", "based_on__framework")
    readonly_fields = ("status", "published_at", "based_on")
    inlines = [DimensionInline]
    actions = ["publish", "draft_new_version"]

    @admin.action(description=_("Publish the selected draft versions"))
    def publish(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        for version in queryset:
            try:
                services.publish_version(request.user, version)
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(version)s is published.") % {"version": version})

    @admin.action(description=_("Draft a new version from the selected version"))
    def draft_new_version(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        for version in queryset:
            try:
                draft = services.draft_new_version(version, actor=request.user)
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(version)s is drafted.") % {"version": draft})


class LevelInline(ReadOnlyWhenPublished, admin.TabularInline):
    model = Level
    extra = 0
    max_num = 5
    fields = ("value", "description_ar", "description_fr", "description_en")


class QuestionInline(ReadOnlyWhenPublished, admin.StackedInline):
    model = Question
    extra = 0
    fields = (("code", "position"), "text_ar", "text_fr", "text_en")
    show_change_link = True


@admin.register(Dimension)
class DimensionAdmin(ReadOnlyWhenPublished, admin.ModelAdmin):
    list_display = ("code", "name_fr", "version", "position")
    list_filter = ("version__framework", "version")
    list_select_related = ("version__framework",)
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(ReadOnlyWhenPublished, admin.ModelAdmin):
    list_display = ("code", "text_fr", "dimension", "position")
    list_filter = ("dimension__version__framework", "dimension__version")
    list_select_related = ("dimension__version__framework",)
    search_fields = ("code", "text_fr", "text_ar", "text_en")
    inlines = [LevelInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ("question", "level", "comment")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("organization", "kind", "date", "status", "is_self_assessment", "assessor")
    list_filter = ("kind", "status", "is_self_assessment")
    list_select_related = ("organization", "assessor")
    search_fields = ("organization__name_fr", "organization__name_ar")
    date_hierarchy = "date"
    show_full_result_count = False
    inlines = [AnswerInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [f.name for f in Assessment._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
