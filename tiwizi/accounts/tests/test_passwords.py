"""Password rules, the reset-by-email flow and changing one's password."""

import re

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tiwizi.accounts import forms as account_forms

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Tisdas-n-tmazirt-2025"


def test_passwords_need_twelve_characters(make_user):
    user = make_user()
    with pytest.raises(ValidationError) as excinfo:
        password_validation.validate_password("Xq7#pL2!vR9", user)  # 11 characters
    assert "password_too_short" in [e.code for e in excinfo.value.error_list]
    password_validation.validate_password("Xq7#pL2!vR9z", user)  # 12 characters


def test_common_and_numeric_passwords_are_refused(make_user):
    with pytest.raises(ValidationError):
        password_validation.validate_password("123456789012", make_user())
    with pytest.raises(ValidationError):
        password_validation.validate_password("password1234", make_user())


def _reset_link(mailoutbox) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mailoutbox[-1].body)
    assert match, mailoutbox[-1].body
    return match.group(1)


def test_reset_sends_a_text_email_with_a_link(client, make_user, mailoutbox):
    make_user(email="amina@example.org", full_name="Amina Ait", language="en")
    response = client.post(reverse("accounts:password_reset"), {"email": "amina@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["amina@example.org"]
    assert message.subject == "Choose a new Tiwizi password"
    assert "Hello Amina Ait," in message.body
    assert "&" not in message.body.split("http")[0]  # plain text, nothing HTML-escaped
    assert message.alternatives == []


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_reset_email_is_written_in_the_users_language(client, make_user, monkeypatch):
    make_user(email="amina@example.org", language="ar")
    seen = []
    original = account_forms.auth_forms.loader.render_to_string

    def spy(*args, **kwargs):
        seen.append(translation.get_language())
        return original(*args, **kwargs)

    monkeypatch.setattr(account_forms.auth_forms.loader, "render_to_string", spy)
    client.post(
        reverse("accounts:password_reset"),
        {"email": "amina@example.org"},
        headers={"accept-language": "en"},
    )
    assert seen and set(seen) == {"ar"}


def test_reset_flow_sets_a_new_password(client, make_user, mailoutbox):
    user = make_user(email="amina@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "amina@example.org"})
    response = client.get(_reset_link(mailoutbox), follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is True
    set_password_url = response.redirect_chain[-1][0]

    too_short = client.post(
        set_password_url, {"new_password1": "Short-pw-11", "new_password2": "Short-pw-11"}
    )
    assert too_short.status_code == 200
    assert "new_password2" in too_short.context["form"].errors

    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(done.url).status_code == 200


def test_a_used_or_forged_reset_link_is_refused_politely(client, make_user):
    make_user(email="amina@example.org")
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "This link no longer works" in response.content.decode()


def test_password_change_needs_the_old_password_and_twelve_characters(client_for, make_user):
    user = make_user()
    client = client_for(user)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    wrong_old = client.post(
        url,
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "old_password" in wrong_old.context["form"].errors
    short = client.post(
        url,
        {
            "old_password": "correct horse battery",
            "new_password1": "Short-pw-11",
            "new_password2": "Short-pw-11",
        },
    )
    assert "new_password2" in short.context["form"].errors
    response = client.post(
        url,
        {
            "old_password": "correct horse battery",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Still signed in on this device.
    assert client.get(reverse("accounts:password_change_done")).status_code == 200


def test_password_change_requires_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
