"""django-axes locks an account out after five failed sign-ins from one address."""

import pytest
from django.test import Client
from django.urls import reverse

LOGIN = reverse("accounts:login")
PASSWORD = "correct horse battery"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def amina(make_user):
    return make_user(email="amina@example.org")


def _fail_five_times(client: Client, username: str = "amina@example.org") -> list[int]:
    return [
        client.post(LOGIN, {"username": username, "password": f"wrong {i}"}).status_code
        for i in range(5)
    ]


@pytest.mark.django_db
def test_five_failures_lock_out_even_the_right_password(axes_on, amina):
    client = Client(headers={"accept-language": "en"})
    statuses = _fail_five_times(client)
    assert statuses[:4] == [200, 200, 200, 200]  # the form again, with its error
    assert statuses[4] in (403, 429)  # the fifth failure reaches the limit
    response = client.post(LOGIN, {"username": "amina@example.org", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    assert "Sign-in is blocked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_changing_the_case_of_the_email_does_not_reset_the_count(axes_on, amina):
    client = Client()
    _fail_five_times(client, "amina@example.org")
    response = client.post(LOGIN, {"username": "AMINA@example.org", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_locked_out_page_is_translated_and_never_a_server_error(axes_on, amina):
    client = Client(headers={"accept-language": "ar"})
    statuses = _fail_five_times(client)
    response = client.post(LOGIN, {"username": "amina@example.org", "password": PASSWORD})
    assert 500 not in [*statuses, response.status_code]
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


@pytest.mark.django_db
def test_failures_below_the_limit_do_not_lock(axes_on, amina):
    client = Client()
    for i in range(4):
        client.post(LOGIN, {"username": "amina@example.org", "password": f"wrong {i}"})
    response = client.post(LOGIN, {"username": "amina@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(amina.pk)
