"""A trainer records attendance in Arabic on a phone, in a real browser; the Arabic
certificate is rendered to an image for review.

Runs Debian's Chromium through Playwright (`make test-browser`, or
`DJANGO_DEBUG=1 .venv/bin/python -m pytest -m browser -n0 tiwizi/training`); skips when
`chromium` is not on the PATH. Screenshots go to var/screenshots/.
"""

import datetime
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect, sync_playwright

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.geo.models import Commune
from tiwizi.programs.models import Cohort, Participation, PartnerRole, Program
from tiwizi.registry.models import Membership, Organization, Person
from tiwizi.training import services
from tiwizi.training.models import Attendance

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# the ORM calls the test makes between browser steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# serialized_rollback: the geography loaded by migrations survives between the tests.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = shutil.which("chromium")
PDFTOPPM = shutil.which("pdftoppm")
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
PEOPLE = [
    ("فاطمة", "آيت لحسن", "Fatima", "Aït Lahcen", "female"),
    ("خديجة", "أوبلا", "Khadija", "Oubella", "female"),
    ("حسن", "إدبلقاسم", "Hassan", "Id Belkacem", "male"),
    ("عائشة", "بوزيد", "Aicha", "Bouzid", "female"),
    ("مينة", "أمزيل", "Mina", "Amzil", "female"),
    ("يوسف", "الصغير", "Youssef", "Sghir", "male"),
]


@pytest.fixture
def page() -> Iterator[Page]:
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not on the PATH (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # A phone: 390 x 844 CSS pixels, touch.
        context = browser.new_context(
            locale="ar-MA", viewport={"width": 390, "height": 844}, device_scale_factor=2,
            is_mobile=True, has_touch=True,
        )  # fmt: skip
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
    today = timezone.localdate()
    ngo = Organization.objects.create(
        kind=Organization.Kind.NGO, name_fr="Association Tiwizi", name_ar="جمعية تويزة"
    )
    trainer = User.objects.create_user(
        "trainer@example.org", PASSWORD, full_name="نادية المدربة", language="ar"
    )
    Grant.objects.create(user=trainer, organization=ngo, role=Role.TRAINER)
    manager = User.objects.create_user("pm@example.org", PASSWORD, full_name="Hanane")
    Grant.objects.create(user=manager, organization=ngo, role=Role.PROGRAM_MANAGER)
    program = Program.objects.create(
        name_ar="برنامج الزعفران التضامني", name_fr="Programme Safran Solidaire",
        status=Program.Status.ACTIVE, start_date=today - datetime.timedelta(days=365),
        end_date=today + datetime.timedelta(days=365),
    )  # fmt: skip
    PartnerRole.objects.create(program=program, organization=ngo, role="implementer")
    cohort = Cohort.objects.create(
        program=program, name="الفوج الأول", start_date=program.start_date,
        end_date=program.end_date,
    )  # fmt: skip
    cooperative = Organization.objects.create(
        kind=Organization.Kind.COOPERATIVE, name_ar="تعاونية زعفران تالوين",
        name_fr="Coopérative Safran Taliouine",
    )  # fmt: skip
    Participation.objects.create(cohort=cohort, organization=cooperative, status="active")
    people = []
    for first_ar, last_ar, first, last, sex in PEOPLE:
        person = Person.objects.create(
            first_name_ar=first_ar, last_name_ar=last_ar, first_name_latin=first,
            last_name_latin=last, sex=sex, birth_year=1990,
        )  # fmt: skip
        Membership.objects.create(person=person, organization=cooperative)
        people.append(person)
    course = services.create_course(
        manager,
        {"title_ar": "التسيير المحاسبي للتعاونية",
         "title_fr": "Gestion comptable d'une coopérative",
         "duration_hours": Decimal("12"), "languages": ["ar", "ber"]},
    )  # fmt: skip
    # Yesterday morning: a session that has taken place, whatever the time of the run.
    yesterday = today - datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(9, 30)))
    session = services.schedule_session(
        manager,
        {"course": course, "cohort": cohort, "starts_at": starts,
         "ends_at": starts + datetime.timedelta(hours=3),
         "commune": Commune.objects.get(code__startswith="08.401", name_fr="Ouarzazate"),
         "venue": "دار الشباب", "trainer": trainer, "capacity": 25},
    )  # fmt: skip
    services.enroll_people(manager, session, [(person, cooperative) for person in people])
    return {"trainer": trainer, "manager": manager, "session": session, "people": people,
            "course": course, "cohort": cohort}  # fmt: skip


def _sign_in(page: Page, url: str, user: User) -> None:
    page.goto(f"{url}{reverse('accounts:login')}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda u: "/accounts/login/" not in u)


def test_trainer_records_attendance_on_a_phone_in_arabic(live_server, page: Page, world) -> None:
    url = live_server.url
    session = world["session"]
    _sign_in(page, url, world["trainer"])

    page.goto(f"{url}{reverse('training:attendance', args=[session.pk])}")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("input[type=radio][value=present]:checked")).to_have_count(len(PEOPLE))

    # Two absences, tapped on the big buttons.
    enrollments = {e.person_id: e.pk for e in session.enrollments.all()}
    khadija, hassan = world["people"][1], world["people"][2]
    page.locator(f"label[for=status_{enrollments[khadija.pk]}_excused]").tap()
    page.locator(f"label[for=status_{enrollments[hassan.pk]}_unexcused]").tap()
    # Touch targets are at least 44 CSS pixels high.
    box = page.locator(f"label[for=status_{enrollments[khadija.pk]}_excused]").bounding_box()
    assert box and box["height"] >= 44
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "training-attendance-ar.png"), full_page=True)

    # "Mark everyone present" resets the radios in the page, without sending the sheet.
    page.locator("[data-mark-all-present]").tap()
    expect(page.locator("input[type=radio][value=present]:checked")).to_have_count(len(PEOPLE))
    assert not Attendance.objects.exists()
    page.locator(f"label[for=status_{enrollments[hassan.pk]}_unexcused]").tap()
    page.locator("main form button[type=submit]:not([name])").click()
    page.wait_for_url(f"**{session.get_absolute_url()}")
    expect(page.locator(".alert-success")).to_be_visible()
    statuses = dict(Attendance.objects.values_list("enrollment__person_id", "status"))
    assert statuses[hassan.pk] == "unexcused"
    assert sum(1 for s in statuses.values() if s == "present") == len(PEOPLE) - 1


def test_arabic_certificate_as_an_image(live_server, page: Page, world) -> None:
    url = live_server.url
    session = world["session"]
    services.record_attendance(
        world["trainer"], session, {e.pk: "present" for e in session.enrollments.all()}
    )
    (certificate, *_rest) = services.issue_certificates(
        world["manager"], world["course"], world["cohort"]
    )
    _sign_in(page, url, world["trainer"])
    response = page.request.get(f"{url}{certificate.get_absolute_url()}")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    if not PDFTOPPM:
        pytest.skip("pdftoppm (poppler-utils) is not installed: no image of the certificate")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "certificate.pdf"
        pdf.write_bytes(response.body())
        subprocess.run(  # noqa: S603 (our own arguments)
            [PDFTOPPM, "-png", "-r", "80", "-singlefile", str(pdf), str(Path(folder) / "page")],
            check=True, timeout=60,
        )  # fmt: skip
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(folder) / "page.png", SCREENSHOTS / "training-certificate-ar.png")
    # And the public page confirms it, signed out.
    page.context.clear_cookies()
    page.goto(f"{url}{certificate.get_verify_url()}")
    expect(page.locator("section[lang=ar]")).to_contain_text("فاطمة آيت لحسن")
