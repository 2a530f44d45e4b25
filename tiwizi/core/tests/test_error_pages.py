"""403, 404 and 500 pages: translated, in the site's shell, and 500 without a request."""

import pytest
from django.template import loader
from django.test import Client
from django.utils import translation

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tiwizi.core.tests.urls_for_errors")]


def test_404_uses_the_site_shell_in_the_visitors_language(client):
    response = client.get("/no-such-page/", headers={"accept-language": "ar"})
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "404.html" in [t.name for t in response.templates]


def test_404_text_is_translated(client):
    response = client.get("/no-such-page/", headers={"accept-language": "en"})
    assert "Page not found" in response.content.decode()


def test_403_page(client):
    response = client.get("/test-403/", headers={"accept-language": "en"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Access denied" in html
    assert '<html lang="en" dir="ltr">' in html


def test_500_page_is_served_with_language_and_direction():
    client = Client(raise_request_exception=False)
    response = client.get("/test-500/", headers={"accept-language": "ar"})
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("en", "ltr"), ("ar", "rtl")])
def test_500_template_renders_without_any_context(language, direction):
    with translation.override(language):
        html = loader.get_template("500.html").render()
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_500_template_renders_with_translation_deactivated():
    with translation.override(None):
        html = loader.get_template("500.html").render()
    assert 'dir="ltr"' in html


def test_400_template_renders_without_any_context():
    with translation.override("ar"):
        html = loader.get_template("400.html").render()
    assert '<html lang="ar" dir="rtl">' in html


def test_csrf_failure_page_is_ours_and_translated():
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    response = client.post("/accounts/login/", {"username": "a@b.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "This form has expired" in html
    assert '<html lang="en" dir="ltr">' in html
