"""Editing one's own name and language; the language then drives the interface."""

import pytest
from django.conf import settings
from django.urls import reverse

from tiwizi.accounts.models import Role

PROFILE = reverse("accounts:profile")

pytestmark = pytest.mark.django_db


def test_profile_requires_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={PROFILE}"


def test_profile_shows_email_and_roles(client_for, make_user, ngo):
    user = make_user(Role.PROGRAM_MANAGER, ngo, email="amina@example.org", language="en")
    html = client_for(user).get(PROFILE).content.decode()
    assert "amina@example.org" in html
    assert "Program manager" in html
    assert "Association Tiwizi Test" in html


def test_user_saves_name_and_language_and_sees_a_confirmation(client_for, make_user):
    user = make_user(full_name="Amina", language="en")
    client = client_for(user)
    response = client.post(PROFILE, {"full_name": "Amina Ait Said", "language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Amina Ait Said"
    page = client.get(PROFILE).content.decode()
    assert "Your profile has been saved." in page


def test_choosing_arabic_switches_the_interface_to_arabic(client_for, make_user):
    user = make_user(language="fr")
    client = client_for(user)
    response = client.post(PROFILE, {"full_name": user.full_name, "language": "ar"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    page = client.get(PROFILE, headers={"accept-language": "en"})
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
    assert page.headers["Content-Language"] == "ar"


def test_language_can_be_left_to_the_browser(client_for, make_user):
    user = make_user(language="ar")
    client = client_for(user)
    client.post(PROFILE, {"full_name": user.full_name, "language": ""})
    user.refresh_from_db()
    assert user.language == ""
    page = client.get(PROFILE, headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en" dir="ltr">' in page


def test_unknown_language_is_refused(client_for, make_user):
    user = make_user(language="fr")
    response = client_for(user).post(PROFILE, {"full_name": "X", "language": "de"})
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    user.refresh_from_db()
    assert user.language == "fr"


def test_user_without_role_is_told_to_ask_an_administrator(client_for, make_user):
    html = client_for(make_user(language="en")).get(PROFILE).content.decode()
    assert "Your account has no role yet; ask your administrator." in html
