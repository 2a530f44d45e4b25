"""The home page: a greeting, then the panels the apps contribute for the user's roles."""

from typing import Any

import pytest
from django.urls import reverse

from tiwizi.accounts.models import Role
from tiwizi.core import dashboards, navigation
from tiwizi.core.dashboards import Panel
from tiwizi.core.navigation import NavItem

HOME = reverse("core:home")

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_templates(settings):
    """A panel template of our own, so the test does not depend on any app's panels."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"tests/panel.html": '<section class="panel">{{ ctx.title }}</section>'},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


@pytest.fixture
def no_panels(monkeypatch):
    monkeypatch.setattr(dashboards, "_factories", [])


@pytest.fixture
def panels(monkeypatch, test_templates):
    def for_program_managers(user: Any) -> Panel | None:
        if not user.has_role(Role.PROGRAM_MANAGER):
            return None
        return Panel("tests/panel.html", {"title": "Cohorts to follow"}, order=20)

    def urgent(user: Any) -> Panel:
        return Panel("tests/panel.html", {"title": "Needs attention"}, order=10)

    monkeypatch.setattr(dashboards, "_factories", [])
    dashboards.register_panel(for_program_managers)
    dashboards.register_panel(urgent)
    dashboards.register_panel(urgent)  # registering twice keeps one


def test_home_requires_login(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=/"


def test_home_greets_the_user(client_for, make_user, no_panels):
    user = make_user(full_name="Amina Ait Said", language="en")
    html = client_for(user).get(HOME).content.decode()
    assert "Hello, Amina" in html


def test_user_without_a_role_is_told_to_ask_an_administrator(client_for, make_user, no_panels):
    html = client_for(make_user(language="en")).get(HOME).content.decode()
    assert "Your account has no role yet; ask your administrator." in html


def test_user_with_a_role_but_no_panel_sees_a_calm_empty_state(
    client_for, program_manager, no_panels
):
    program_manager.language = "en"
    program_manager.save()
    html = client_for(program_manager).get(HOME).content.decode()
    assert "Nothing needs your attention right now." in html
    assert "no role yet" not in html


def test_panels_render_with_their_context_in_order(client_for, program_manager, panels):
    response = client_for(program_manager).get(HOME)
    html = response.content.decode()
    assert html.index("Needs attention") < html.index("Cohorts to follow")
    assert html.count("Needs attention") == 1
    assert "no role yet" not in html


def test_panels_follow_the_role(client_for, make_user, panels):
    html = client_for(make_user(Role.FUNDER)).get(HOME).content.decode()
    assert "Needs attention" in html
    assert "Cohorts to follow" not in html


def test_navbar_shows_the_items_for_the_users_role(client_for, make_user, monkeypatch, no_panels):
    monkeypatch.setattr(navigation, "_items", [])
    navigation.register_nav_item(
        NavItem("Programs here", "accounts:profile", lambda u: u.has_role(Role.PROGRAM_MANAGER))
    )
    navigation.register_nav_item(NavItem("Home here", "core:home", lambda u: True, order=1))
    manager_html = client_for(make_user(Role.PROGRAM_MANAGER)).get(HOME).content.decode()
    funder_html = client_for(make_user(Role.FUNDER)).get(HOME).content.decode()
    assert "Programs here" in manager_html
    assert "Programs here" not in funder_html
    assert manager_html.index("Home here") < manager_html.index("Programs here")
    # The item for the current page is marked for assistive technology.
    assert 'href="/" aria-current="page"' in funder_html


def test_navbar_has_user_menu_and_language_switcher(client_for, make_user, no_panels):
    html = client_for(make_user(is_staff=True, language="en")).get(HOME).content.decode()
    assert reverse("accounts:profile") in html
    assert f'action="{reverse("accounts:logout")}"' in html
    assert reverse("admin:index") in html
    assert html.count(f'action="{reverse("core:set_language")}"') == 2  # navbar and footer
    assert 'href="#main"' in html and 'id="main"' in html  # skip link


def test_admin_link_is_only_for_staff(client_for, make_user, no_panels):
    html = client_for(make_user()).get(HOME).content.decode()
    assert reverse("admin:index") not in html
