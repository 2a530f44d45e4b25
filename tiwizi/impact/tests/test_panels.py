"""The impact home panel: headline figures of the year per program (suppressed for
funders), periodic reports missing for the last quarter (program managers), bounded
queries, and the home page of every demo login."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiwizi.accounts.models import Role, User
from tiwizi.core.dashboards import home_context
from tiwizi.impact.models import Indicator, Target
from tiwizi.impact.panels import (
    PANEL_PROGRAMS,
    Headline,
    ProgramFigures,
    impact_panel,
    last_completed_quarter,
)
from tiwizi.impact.results import Period
from tiwizi.impact.tests.conftest import YEAR
from tiwizi.programs.models import Cohort, Participation, PartnerRole, Program
from tiwizi.registry.models import Organization

PANEL = "impact/panels/impact.html"
# In the second quarter of YEAR: figures of YEAR, reports of its first quarter.
TODAY = datetime.date(YEAR, 5, 10)
# Queries a program adds to the panel: its audience, then program_results on the four
# headline indicators (one aggregate each, its targets, the baseline of jobs) = 7, and
# one spare for counting the programs left out once the panel is full.
QUERIES_PER_PROGRAM = 8
# Whatever the programs: choosing them, the indicators, the reports one may download,
# and counting and listing the late cooperatives.
FIXED_QUERIES = 5


def _panel(user: Any, today: datetime.date = TODAY) -> Any:
    return impact_panel(user, today=today)


def _figures(panel: Any, program: Program) -> dict[str, Headline]:
    row: ProgramFigures = next(r for r in panel.context["programs"] if r.program == program)
    return {h.name: h for h in row.headlines}


def _name(code: str) -> str:
    return Indicator.objects.get(code=code).name


# --- Who gets the panel ------------------------------------------------------------


def test_program_managers_and_funders_get_the_panel_others_do_not(
    program_manager, funder, make_user, make_cooperative, ngo
):
    cooperative = make_cooperative()
    others = [
        make_user(Role.TRAINER, ngo),
        make_user(Role.COOPERATIVE_MANAGER, cooperative),
        make_user(Role.BUYER, None),
    ]
    assert _panel(program_manager) is not None
    assert _panel(funder) is not None
    for user in others:
        assert _panel(user) is None
        assert PANEL not in {p.template for p in home_context(user)["panels"]}
    assert PANEL in {p.template for p in home_context(program_manager)["panels"]}
    # Only program managers are told about missing reports.
    assert "late_reports" in _panel(program_manager).context
    assert "late_reports" not in _panel(funder).context


# --- Figures -----------------------------------------------------------------------


@pytest.fixture
def small_program(program, make_cooperative, make_report) -> Program:
    """Three cooperatives, one with a report (3 jobs: fewer than five people), and a
    target of 10 jobs for the year."""
    cooperatives = [make_cooperative() for _ in range(3)]
    make_report(cooperatives[0], jobs_permanent=2, jobs_seasonal=1, jobs_women=1)
    Target.objects.create(
        program=program, indicator=Indicator.objects.get(code="jobs"), year=YEAR, value=10
    )
    return program


def test_program_staff_see_every_figure_with_its_target(program_manager, small_program):
    figures = _figures(_panel(program_manager), small_program)
    assert figures[_name("organizations_supported")].actual == "3"
    jobs = figures[_name("jobs")]
    assert (jobs.actual, jobs.suppressed, jobs.target) == ("3", False, "10")
    assert jobs.achievement == Decimal("30.0")
    assert list(figures) == [
        _name(code) for code in ("organizations_supported", "people_trained", "revenue", "jobs")
    ]


def test_funders_see_small_figures_suppressed(funder, small_program, client_for):
    panel = _panel(funder)
    jobs = _figures(panel, small_program)[_name("jobs")]
    assert (jobs.actual, jobs.suppressed, jobs.achievement) == ("<5", True, None)
    assert jobs.target == "10"
    assert _figures(panel, small_program)[_name("organizations_supported")].actual == "3"
    assert panel.context["any_suppressed"] is True
    # The funder's report is offered: the program is theirs to report on.
    assert panel.context["programs"][0].can_download_report


def test_the_panel_links_to_the_dashboard_and_the_report(program_manager, small_program):
    from django.template.loader import render_to_string

    html = render_to_string(PANEL, {"ctx": _panel(program_manager).context})
    assert f"/impact/programs/{small_program.pk}/?period={YEAR}" in html
    assert f"/impact/programs/{small_program.pk}/report.pdf?period={YEAR}" in html


def test_programs_of_other_organizations_and_drafts_are_not_shown(
    program_manager, program, make_organization, ngo
):
    other_ngo = make_organization(Organization.Kind.NGO, name_fr="Autre association")
    elsewhere = Program.objects.create(
        name_fr="Programme ailleurs",
        status=Program.Status.ACTIVE,
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR, 12, 31),
    )
    PartnerRole.objects.create(
        program=elsewhere, organization=other_ngo, role=PartnerRole.Role.IMPLEMENTER
    )
    draft = _make_program(ngo, "Brouillon")
    draft.status = Program.Status.DRAFT
    draft.save()
    shown = [row.program for row in _panel(program_manager).context["programs"]]
    assert shown == [program]


def test_without_programs_the_panel_says_so(funder, client_for, program):
    PartnerRole.objects.filter(program=program).delete()
    panel = _panel(funder)
    assert panel.context["programs"] == []
    response = client_for(funder).get("/")
    assert response.status_code == 200
    assert "None of your programs has figures to show yet." in response.content.decode()


# --- Query bound -------------------------------------------------------------------


def _make_program(ngo: Organization, name: str) -> Program:
    program = Program.objects.create(
        name_fr=name,
        status=Program.Status.ACTIVE,
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR, 12, 31),
    )
    PartnerRole.objects.create(program=program, organization=ngo, role=PartnerRole.Role.IMPLEMENTER)
    cohort = Cohort.objects.create(
        program=program, name="Cohorte", start_date=program.start_date, end_date=program.end_date
    )
    for _ in range(2):
        organization = Organization.objects.create(
            kind=Organization.Kind.COOPERATIVE, name_fr=f"Coopérative de {name}"
        )
        organization.stewards.set([ngo])
        Participation.objects.create(
            cohort=cohort, organization=organization, status=Participation.Status.ACTIVE
        )
    return program


def _queries(user_id: int) -> int:
    user = User.objects.get(pk=user_id)
    assert user.roles  # grants read before counting, as the request does once
    with CaptureQueriesContext(connection) as captured:
        panel = _panel(user)
    assert panel is not None
    return len(captured)


def test_the_panel_runs_a_bounded_number_of_queries(program_manager, ngo):
    _make_program(ngo, "Programme 1")
    one = _queries(program_manager.pk)
    for n in range(2, PANEL_PROGRAMS + 1):
        _make_program(ngo, f"Programme {n}")
    three = _queries(program_manager.pk)
    for n in range(PANEL_PROGRAMS + 1, PANEL_PROGRAMS + 5):
        _make_program(ngo, f"Programme {n}")
    seven = _queries(program_manager.pk)
    assert three - one <= (PANEL_PROGRAMS - 1) * QUERIES_PER_PROGRAM
    assert three <= FIXED_QUERIES + PANEL_PROGRAMS * QUERIES_PER_PROGRAM
    # Past PANEL_PROGRAMS, more programs cost nothing: they are only counted.
    assert seven == three
    panel = _panel(User.objects.get(pk=program_manager.pk))
    assert len(panel.context["programs"]) == PANEL_PROGRAMS
    assert panel.context["more_programs"] == 4


# --- Missing periodic reports -------------------------------------------------------


def test_last_completed_quarter():
    assert last_completed_quarter(datetime.date(YEAR, 5, 10)) == Period(YEAR, 1)
    assert last_completed_quarter(datetime.date(YEAR, 12, 31)) == Period(YEAR, 3)
    assert last_completed_quarter(datetime.date(YEAR, 1, 1)) == Period(YEAR - 1, 4)


def test_cooperatives_without_a_report_for_the_last_quarter(
    program_manager, make_cooperative, make_report, cohort, make_organization
):
    reported = make_cooperative(name_fr="A a rendu")
    make_report(reported, quarter=1)
    silent = make_cooperative(name_fr="B silencieuse")
    only_later = make_cooperative(name_fr="C plus tard")
    make_report(only_later, quarter=2)
    applied = make_cooperative(name_fr="D candidate")
    Participation.objects.filter(organization=applied).update(status=Participation.Status.APPLIED)
    # Another NGO's cooperative in another program: not this manager's concern.
    other_ngo = make_organization(Organization.Kind.NGO, name_fr="Autre association")
    other_program = _make_program(other_ngo, "Programme ailleurs")
    assert other_program.cohorts.exists()

    late = _panel(program_manager).context["late_reports"]
    assert late["quarter"] == Period(YEAR, 1)
    assert late["count"] == 2
    assert [o.pk for o in late["organizations"]] == [silent.pk, only_later.pk]


def test_a_yearly_report_covers_the_fourth_quarter(program_manager, make_cooperative, make_report):
    yearly = make_cooperative()
    make_report(yearly, quarter=None)
    silent = make_cooperative()
    late = _panel(program_manager, today=datetime.date(YEAR + 1, 2, 1)).context["late_reports"]
    assert late["quarter"] == Period(YEAR, 4)
    assert [o.pk for o in late["organizations"]] == [silent.pk]


def test_the_home_page_shows_the_missing_reports(program_manager, make_cooperative, client_for):
    silent = make_cooperative(name_fr="Coopérative muette")
    response = client_for(program_manager).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    quarter = last_completed_quarter(timezone.localdate())
    assert "Coopérative muette" in html
    assert f"/impact/reports/?year={quarter.year}&amp;quarter={quarter.quarter}" in html
    assert f"?organization={silent.pk}&amp;year={quarter.year}" in html


# --- Every demo login's home page (the demo is loaded once, last in this module) -----

DEMO_LOGINS = [
    "admin@tiwizi.ma",
    "manager@tiwizi.ma",
    "trainer@tiwizi.ma",
    "cooperative@tiwizi.ma",
    "funder@tiwizi.ma",
    "buyer@tiwizi.ma",
]


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    from tiwizi.demo.loader import load_demo

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_every_demo_login_gets_its_home_page(
    demo: Any, db: None, email: str, client_for: Callable[..., Any]
):
    user = User.objects.get(email=email)
    for language in ("fr", "ar", "en"):
        response = client_for(user, language).get("/")
        assert response.status_code == 200, (email, language)
    templates = {p.template for p in home_context(User.objects.get(pk=user.pk))["panels"]}
    expected = email in ("manager@tiwizi.ma", "funder@tiwizi.ma")
    assert (PANEL in templates) is expected
    assert ("market/trade/panels/staff_market.html" in templates) is (
        email in ("manager@tiwizi.ma", "trainer@tiwizi.ma")
    )
