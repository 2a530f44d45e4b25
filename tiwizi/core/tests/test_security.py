"""Deployment settings, the Content-Security-Policy, and the environment readers."""

import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tiwizi.core.env import ImproperlyConfiguredEnv, env_bool, env_choice, env_int, env_list

REPO = Path(__file__).resolve().parents[3]

# --- (a) manage.py check --deploy under production settings ------------------------


def test_deploy_checks_pass_under_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AXES_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),  # 80 characters
        DJANGO_ALLOWED_HOSTS="tiwizi.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="tiwizi.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# --- (b) and (c) the Content-Security-Policy, and pages that respect it -------------


class _InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, styles and handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value for name, value in attrs}
        if tag == "script" and not names.get("src"):
            self.problems.append("inline <script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in names.items():
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: URL in {name}= on <{tag}>")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def test_the_inline_code_finder_catches_what_csp_blocks():
    html = (
        '<script>alert(1)</script><script src="/s.js"></script><p style="color:red">'
        '<a href="#" onclick="x()">a</a><a href="javascript:x()">b</a><style>p{}</style>'
    )
    assert inline_code(html) == [
        "inline <script> without src",
        "style= on <p>",
        "onclick= on <a>",
        "javascript: URL in href= on <a>",
        "<style> element",
    ]


@pytest.fixture
def main_pages(client_for, program_manager, platform_admin):
    """(name, client, url) for the pages every visitor or role goes through."""
    anonymous = Client()
    manager = client_for(program_manager)
    return [
        ("login", anonymous, reverse("accounts:login")),
        ("password reset", anonymous, reverse("accounts:password_reset")),
        ("password reset sent", anonymous, reverse("accounts:password_reset_done")),
        (
            "password reset link",
            anonymous,
            reverse("accounts:password_reset_confirm", args=["MQ", "x-y"]),
        ),
        ("password reset complete", anonymous, reverse("accounts:password_reset_complete")),
        ("not found", anonymous, "/no-such-page/"),
        ("home for a program manager", manager, reverse("core:home")),
        ("profile", manager, reverse("accounts:profile")),
        ("password change", manager, reverse("accounts:password_change")),
        ("password changed", manager, reverse("accounts:password_change_done")),
        ("healthz", anonymous, reverse("core:healthz")),
        ("home for a platform admin", client_for(platform_admin), reverse("core:home")),
    ]


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy(main_pages):
    for name, client, url in main_pages:
        response = client.get(url)
        assert response.status_code in (200, 404), name
        policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, name
        assert "style-src 'self'" in policy, name
        assert "'unsafe-inline'" not in policy, name
        assert "'unsafe-eval'" not in policy, name
        assert "frame-ancestors 'none'" in policy, name


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_main_pages_have_no_inline_script_style_or_handler(main_pages, language):
    for name, client, url in main_pages:
        response = client.get(url, headers={"accept-language": language})
        if response["Content-Type"].startswith("text/html"):
            assert inline_code(response.content.decode()) == [], name


@pytest.mark.django_db
def test_the_locked_out_page_has_no_inline_code(settings, make_user):
    settings.AXES_ENABLED = True
    make_user(email="amina@example.org")
    client = Client()
    for i in range(5):
        response = client.post(
            reverse("accounts:login"), {"username": "amina@example.org", "password": f"no{i}"}
        )
    assert response.status_code in (403, 429)
    assert inline_code(response.content.decode()) == []
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_error_templates_have_no_inline_code():
    from django.template import loader

    for name in ("500.html", "400.html"):
        assert inline_code(loader.get_template(name).render()) == [], name


# --- (d) the environment readers fail on bad values ---------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on", " On "])
def test_env_bool_reads_true(monkeypatch, raw):
    monkeypatch.setenv("X", raw)
    assert env_bool("X") is True


@pytest.mark.parametrize("raw", ["0", "false", "no", "off", ""])
def test_env_bool_reads_false(monkeypatch, raw):
    monkeypatch.setenv("X", raw)
    assert env_bool("X", True) is False


def test_env_bool_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("X", raising=False)
    assert env_bool("X", True) is True
    assert env_bool("X") is False


@pytest.mark.parametrize("raw", ["maybe", "2", "yess", "vrai"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("X", raw)
    with pytest.raises(ImproperlyConfiguredEnv, match="X must be a boolean"):
        env_bool("X")


def test_env_int(monkeypatch):
    monkeypatch.delenv("N", raising=False)
    assert env_int("N", 7) == 7
    monkeypatch.setenv("N", "")
    assert env_int("N", 7) == 7
    monkeypatch.setenv("N", "42")
    assert env_int("N", 7) == 42


@pytest.mark.parametrize("raw", ["abc", "1.5", "12abc"])
def test_env_int_refuses_non_integers(monkeypatch, raw):
    monkeypatch.setenv("N", raw)
    with pytest.raises(ImproperlyConfiguredEnv, match="N must be an integer"):
        env_int("N", 7)


def test_env_list(monkeypatch):
    monkeypatch.setenv("L", " a.org, b.org ,,")
    assert env_list("L", []) == ["a.org", "b.org"]
    monkeypatch.delenv("L")
    assert env_list("L", ["x"]) == ["x"]


def test_env_choice(monkeypatch):
    monkeypatch.setenv("C", "postgres")
    assert env_choice("C", ("sqlite", "postgres"), "sqlite") == "postgres"
    monkeypatch.setenv("C", "mysql")
    with pytest.raises(ImproperlyConfiguredEnv, match="C must be one of sqlite, postgres"):
        env_choice("C", ("sqlite", "postgres"), "sqlite")


def test_a_bad_value_stops_the_server_at_start_up():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="maybe")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr
