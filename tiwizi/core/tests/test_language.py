"""Which language a page is shown in: profile > cookie > Accept-Language > French."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

LOGIN = reverse("accounts:login")
HOME = reverse("core:home")
SET_LANGUAGE = reverse("core:set_language")
COOKIE = settings.LANGUAGE_COOKIE_NAME

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_default_is_french(client):
    html = _html(client.get(LOGIN))
    assert '<html lang="fr" dir="ltr">' in html


def test_accept_language_beats_the_default(client):
    html = _html(client.get(LOGIN, headers={"accept-language": "en-GB,en;q=0.9"}))
    assert '<html lang="en" dir="ltr">' in html


def test_unsupported_accept_language_falls_back_to_french(client):
    html = _html(client.get(LOGIN, headers={"accept-language": "de-DE,de;q=0.9"}))
    assert '<html lang="fr" dir="ltr">' in html


def test_cookie_beats_accept_language(client):
    client.cookies[COOKIE] = "ar"
    html = _html(client.get(LOGIN, headers={"accept-language": "en"}))
    assert '<html lang="ar" dir="rtl">' in html


def test_profile_beats_cookie_and_accept_language(client_for, make_user):
    client = client_for(make_user(language="en"))
    client.cookies[COOKIE] = "ar"
    html = _html(client.get(reverse("accounts:profile"), headers={"accept-language": "fr"}))
    assert '<html lang="en" dir="ltr">' in html


def test_profile_without_language_leaves_the_cookie_in_charge(client_for, make_user):
    client = client_for(make_user(language=""))
    client.cookies[COOKIE] = "ar"
    html = _html(client.get(reverse("accounts:profile"), headers={"accept-language": "en"}))
    assert '<html lang="ar" dir="rtl">' in html


def test_arabic_uses_the_rtl_bootstrap_stylesheet(client):
    html = _html(client.get(LOGIN, headers={"accept-language": "ar"}))
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "bootstrap.min.css" not in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_latin_languages_use_the_ltr_stylesheet(client, language):
    html = _html(client.get(LOGIN, headers={"accept-language": language}))
    assert f'<html lang="{language}" dir="ltr">' in html
    assert "bootstrap.min.css" in html
    assert "bootstrap.rtl.min.css" not in html


def test_switcher_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post(SET_LANGUAGE, {"language": "ar", "next": "/accounts/login/?x=1"})
    assert response.status_code == 302
    assert response.url == "/accounts/login/?x=1"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "ar"
    assert cookie["samesite"] == "Lax"
    assert '<html lang="ar" dir="rtl">' in _html(client.get(LOGIN))


def test_switcher_saves_the_profile_language_when_signed_in(client_for, make_user):
    user = make_user(language="fr")
    client = client_for(user)
    client.post(SET_LANGUAGE, {"language": "en", "next": HOME})
    user.refresh_from_db()
    assert user.language == "en"


def test_switcher_rejects_unknown_languages(client_for, make_user):
    user = make_user(language="fr")
    client = client_for(user)
    response = client.post(SET_LANGUAGE, {"language": "xx", "next": HOME})
    assert response.status_code == 302
    assert COOKIE not in response.cookies
    user.refresh_from_db()
    assert user.language == "fr"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_switcher_refuses_off_site_next(client, next_url):
    response = client.post(SET_LANGUAGE, {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response.url == "/"


def test_switcher_is_post_only(client):
    assert client.get(SET_LANGUAGE, {"language": "ar"}).status_code == 405


def test_switcher_needs_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post(SET_LANGUAGE, {"language": "ar"}).status_code == 403


def test_every_page_offers_every_language(client):
    html = _html(client.get(LOGIN))
    for code, _name in settings.LANGUAGES:
        assert f'name="language" value="{code}" lang="{code}"' in html
