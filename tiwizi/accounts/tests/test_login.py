"""Signing in with an email address, and signing out."""

import pytest
from django.urls import reverse

LOGIN = reverse("accounts:login")
PASSWORD = "correct horse battery"  # the shared make_user fixture's password

pytestmark = pytest.mark.django_db


def test_login_page_asks_for_an_email_address(client):
    response = client.get(LOGIN, headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="email"' in html
    assert 'autocomplete="username"' in html  # what password managers look for
    assert "Email address" in html


def test_user_signs_in_with_email_and_lands_on_home(client, make_user):
    user = make_user(email="amina@example.org")
    response = client.post(LOGIN, {"username": "amina@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_email_case_and_spaces_do_not_matter(client, make_user):
    user = make_user(email="amina@example.org")
    response = client.post(LOGIN, {"username": "  Amina@Example.ORG ", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_a_safe_next_url(client, make_user):
    make_user(email="amina@example.org")
    profile = reverse("accounts:profile")
    response = client.post(
        LOGIN, {"username": "amina@example.org", "password": PASSWORD, "next": profile}
    )
    assert response.url == profile


def test_login_ignores_an_off_site_next_url(client, make_user):
    make_user(email="amina@example.org")
    response = client.post(
        LOGIN,
        {"username": "amina@example.org", "password": PASSWORD, "next": "https://evil.example"},
    )
    assert response.url == reverse("core:home")


def test_wrong_password_shows_an_error_without_saying_which_field(client, make_user):
    make_user(email="amina@example.org")
    response = client.post(
        LOGIN,
        {"username": "amina@example.org", "password": "wrong"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "The email address or the password is not correct." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_sign_in(client, make_user):
    make_user(email="amina@example.org", is_active=False)
    client.post(LOGIN, {"username": "amina@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_signed_in_user_visiting_login_goes_home(client_for, make_user):
    response = client_for(make_user()).get(LOGIN)
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_logout_requires_post(client_for, make_user):
    client = client_for(make_user())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


def test_logout_signs_out_and_returns_to_login(client_for, make_user):
    client = client_for(make_user())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
