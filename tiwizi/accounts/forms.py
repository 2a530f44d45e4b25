"""Forms for signing in, resetting a password and editing one's own profile."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tiwizi.accounts.models import User
from tiwizi.core.forms import BootstrapFormMixin


class EmailAuthenticationForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    """Sign in with an email address (the field keeps the name `username`, as axes expects)."""

    username = auth_forms.UsernameField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("The email address or the password is not correct. Please try again."),
    }

    def clean_username(self) -> str:
        # Addresses are stored lower-case (UserManager.create_user).
        return (self.cleaned_data.get("username") or "").strip().lower()


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # Write to people in the language they chose, even though they are signed out.
        user = context.get("user")
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    pass


class ProfileForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.choices = [  # type: ignore[attr-defined]
            ("", _("Follow the language switcher and my browser")),
            *settings.LANGUAGES,
        ]
