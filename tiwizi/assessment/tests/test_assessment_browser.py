"""An Arabic-speaking program manager reads a cooperative's capacity results and a
cohort's averages in a real browser: the radar chart is drawn right to left, and the
pages break no rule of the Content-Security-Policy.

Runs Debian's Chromium through Playwright (`make test-browser`, or
`DJANGO_DEBUG=1 .venv/bin/python -m pytest -m browser -n0 tiwizi/assessment`); skips when
`chromium` is not on the PATH. Screenshots go to var/screenshots/ for review.
"""

import datetime
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect, sync_playwright

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.assessment import services
from tiwizi.assessment.models import Assessment, FrameworkVersion, Question
from tiwizi.geo.models import Province
from tiwizi.programs import services as program_services
from tiwizi.programs.models import Cohort, Participation, PartnerRole, Program
from tiwizi.registry.models import Organization

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# the ORM calls the test makes between browser steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# serialized_rollback: the framework and geography loaded by migrations survive.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PASSWORD = "correct horse battery staple"
COOPERATIVES = [
    ("تعاونية الزعفران الذهبي", (1, 1, 2, 1, 2, 0), (3, 3, 3, 2, 3, 2)),
    ("تعاونية تمور درعة", (2, 1, 1, 2, 1, 1), (3, 2, 2, 3, 2, 2)),
    ("تعاونية ورود مكونة", (1, 2, 2, 1, 1, 1), (2, 2, 3, 3, 1, 2)),
    ("تعاونية أركان تيفاوين", (2, 2, 1, 1, 2, 1), (2, 2, 1, 1, 2, 1)),
]
# Recorded by the page before any of its own scripts run: every CSP violation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def page() -> Iterator[Page]:
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not on the PATH (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="ar-MA", viewport={"width": 1280, "height": 900}, device_scale_factor=1
        )
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.set_default_timeout(15_000)
        expect.set_options(timeout=15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def world() -> dict:
    """An NGO running a program with a cohort of four cooperatives, each assessed at
    baseline (March 2025) and again a year later, all named in Arabic."""
    ngo = Organization.objects.create(kind=Organization.Kind.NGO, name_ar="جمعية تويزة للتنمية")
    fund = Organization.objects.create(kind=Organization.Kind.INSTITUTION, name_ar="صندوق التنمية")
    manager = User.objects.create_user(
        "manager@example.org", PASSWORD, full_name="مريم العلوي", language="ar"
    )
    Grant.objects.create(user=manager, organization=ngo, role=Role.PROGRAM_MANAGER)
    ouarzazate = Province.objects.get(code="08.401")
    program = program_services.create_program(
        manager,
        {"name_ar": "برنامج الواحات المتضامنة", "status": Program.Status.ACTIVE,
         "start_date": datetime.date(2025, 1, 1), "end_date": datetime.date(2026, 12, 31)},
    )  # fmt: skip
    program_services.add_partner(manager, program, fund, PartnerRole.Role.FUNDER)
    cohort: Cohort = program_services.add_cohort(
        manager, program,
        {"name": "الفوج الأول 2025", "start_date": datetime.date(2025, 3, 1),
         "end_date": datetime.date(2026, 12, 15)},
    )  # fmt: skip
    version = FrameworkVersion.objects.latest_published()
    questions: dict[str, list[Question]] = {}
    for question in Question.objects.filter(dimension__version=version).order_by(
        "dimension__position", "position"
    ):
        questions.setdefault(question.dimension_id, []).append(question)
    organizations = []
    for name, before, after in COOPERATIVES:
        organization = Organization.objects.create(
            kind=Organization.Kind.COOPERATIVE, name_ar=name, province=ouarzazate
        )
        organizations.append(organization)
        for kind, day, levels in (
            (Assessment.Kind.BASELINE, datetime.date(2025, 3, 10), before),
            (Assessment.Kind.FOLLOW_UP, datetime.date(2026, 3, 10), after),
        ):
            assessment = services.start_assessment(
                manager, organization, kind=kind, date=day, version=version
            )
            for number, dimension_questions in enumerate(questions.values()):
                for offset, question in enumerate(dimension_questions):
                    level = min(4, levels[number] + (offset % 2))
                    services.record_answer(manager, assessment, question, level)
            services.submit_assessment(manager, assessment)
    program_services.enroll_organization(
        manager, cohort, organizations, Participation.Status.ACTIVE
    )
    return {"manager": manager, "cohort": cohort, "cooperative": organizations[0]}


def _sign_in(page: Page, url: str, user: User) -> None:
    page.goto(f"{url}{reverse('accounts:login')}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda u: "/accounts/login/" not in u)


def _chart_is_drawn(page: Page) -> None:
    chart = page.locator("#assessment-chart")
    expect(chart.locator("canvas")).to_have_count(1)
    expect(chart).to_have_attribute("data-chart-ready", "true")
    # Something was painted: the canvas is not blank.
    painted = page.evaluate(
        """() => {
          const canvas = document.querySelector('#assessment-chart canvas');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let colored = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0 && (data[i] < 200 || data[i + 1] < 200)) colored++;
          }
          return colored;
        }"""
    )
    assert painted > 1000


def _no_csp_violation(page: Page) -> None:
    assert page.evaluate("window.__cspViolations") == []


def test_arabic_results_and_cohort_pages_draw_the_radar_right_to_left(
    live_server, page: Page, world: dict
) -> None:
    url = live_server.url
    _sign_in(page, url, world["manager"])
    html = page.locator("html")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    cooperative = world["cooperative"]
    page.goto(f"{url}{reverse('assessment:organization', args=[cooperative.pk])}")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("تعاونية الزعفران الذهبي")
    _chart_is_drawn(page)
    # The table holds the same figures: six dimensions, then the overall score.
    expect(page.locator("table.comparison-table tbody tr")).to_have_count(6)
    expect(page.locator("table.comparison-table tbody tr").first).to_contain_text("الحكامة")
    _no_csp_violation(page)
    page.screenshot(path=str(SCREENSHOTS / "assessment-results-ar.png"), full_page=True)

    page.goto(f"{url}{reverse('assessment:cohort', args=[world['cohort'].pk])}")
    expect(html).to_have_attribute("dir", "rtl")
    _chart_is_drawn(page)
    expect(page.locator("[data-figure=improved]")).to_have_text("3")
    _no_csp_violation(page)
    page.screenshot(path=str(SCREENSHOTS / "assessment-cohort-ar.png"), full_page=True)


@pytest.fixture
def phone() -> Iterator[Page]:
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not on the PATH (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="ar-MA", viewport={"width": 390, "height": 844}, device_scale_factor=2,
            is_mobile=True, has_touch=True,
        )  # fmt: skip
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.set_default_timeout(15_000)
        expect.set_options(timeout=15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _wait_for_focus(page: Page, element_id: str) -> None:
    page.wait_for_function(
        "id => document.activeElement && document.activeElement.id === id", arg=element_id
    )


def _settled(page: Page) -> None:
    """htmx has finished swapping and settling (the new form listens to changes)."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, "
        ".htmx-added')"
    )


def test_a_draft_is_filled_in_with_the_keyboard_on_a_phone(
    live_server, phone: Page, world: dict
) -> None:
    url = live_server.url
    manager, cooperative = world["manager"], world["cooperative"]
    draft = services.start_assessment(
        manager, cooperative, kind=Assessment.Kind.MIDLINE, date=datetime.date(2025, 9, 15)
    )
    question = (
        Question.objects.filter(dimension__version=draft.version)
        .order_by("dimension__position", "position")
        .first()
    )
    _sign_in(phone, url, manager)
    phone.goto(f"{url}{reverse('assessment:fill', args=[draft.pk])}")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.locator("form.assessment-question")).to_have_count(5)
    # htmx (a deferred script) has wired the forms up.
    phone.wait_for_function("() => document.readyState === 'complete' && !!window.htmx")

    # Tab to the first level, choose it with the space bar, then the next with an arrow:
    # each choice is saved at once and the focus stays on the radio button.
    def saved() -> Any:
        return phone.expect_response(
            lambda r: r.url.endswith("/answer/") and r.request.method == "POST"
        )

    phone.locator(f"#q{question.pk}-level-0").focus()
    with saved():
        phone.keyboard.press("Space")
    expect(phone.locator("#step-count-1")).to_contain_text("1/5")
    assert draft.answers.get().level == 0
    # The answer came back, was swapped in, and the focus is still on the level chosen.
    expect(phone.locator(f"#question-{question.pk} .text-success")).to_have_count(1)
    _wait_for_focus(phone, f"q{question.pk}-level-0")
    _settled(phone)
    with saved():
        phone.keyboard.press("ArrowDown")
    expect(phone.locator(f"#q{question.pk}-level-1")).to_be_checked()
    expect(phone.locator(f"#question-{question.pk} .text-success")).to_have_count(1)
    _wait_for_focus(phone, f"q{question.pk}-level-1")
    assert draft.answers.get().level == 1
    _no_csp_violation(phone)
    phone.screenshot(path=str(SCREENSHOTS / "assessment-fill-ar.png"), full_page=True)
