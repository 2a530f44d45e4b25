"""The accounts in Django's admin, for platform administrators (is_staff).

Django's UserAdmin assumes a `username`; ours signs in by email, so the forms, lists
and fieldsets name `email` instead. Grants (role per organization) are edited inline.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiwizi.accounts.models import Grant, User


def _clean_email(form: forms.ModelForm) -> str:
    email = User.objects.normalize_email(form.cleaned_data.get("email") or "").lower()
    taken = User.objects.filter(email__iexact=email).exclude(pk=form.instance.pk)
    if email and taken.exists():
        raise forms.ValidationError(_("A user with this email address already exists."))
    return email


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "language")

    def clean_email(self) -> str:
        return _clean_email(self)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        return _clean_email(self)


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    fields = ("role", "organization", "created_at")
    readonly_fields = ("created_at",)
    # Tens of thousands of organizations: a raw id, not a <select> of all of them.
    raw_id_fields = ("organization",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    inlines = [GrantInline]
    list_display = ("email", "full_name", "language", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "language", "grants__role")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal information"), {"fields": ("full_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "language",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        # Grants are added once the user exists (the add page shows only the account).
        return self.inlines if obj is not None else []


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organization", "created_at")
    list_filter = ("role",)
    search_fields = (
        "user__email",
        "user__full_name",
        "organization__name_fr",
        "organization__name_ar",
    )
    raw_id_fields = ("user", "organization")
    list_select_related = ("user", "organization")
    date_hierarchy = "created_at"
