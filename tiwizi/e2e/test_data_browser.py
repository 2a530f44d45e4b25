"""Data in and out, in a real browser: a program manager who reads Arabic imports a
spreadsheet saved by Excel in Windows-1256, sees the bad row named, fixes it and imports;
the API's documentation page runs under the site's content security policy.

Runs Debian's Chromium through Playwright (`-m browser -n0`); skipped when `chromium` is
not on the PATH. Screenshots go to var/screenshots/ for review.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.registry.models import Membership, Organization, Person

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# the ORM calls the test makes between browser steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

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
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PASSWORD = "correct horse battery staple"  # noqa: S105 (a test account)
HEADER = "last_name_ar,first_name_ar,sex,birth_year,phone,organization,role,since"


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not on the PATH (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        expect.set_options(timeout=15_000)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def manager(db) -> User:
    ngo = Organization.objects.create(kind=Organization.Kind.NGO, name_ar="جمعية تويزة")
    cooperative = Organization.objects.create(
        kind=Organization.Kind.COOPERATIVE, name_ar="تعاونية الوردة", name_fr="Coopérative Al Warda"
    )
    cooperative.stewards.set([ngo])
    user = User.objects.create_user(
        email="manager@example.org", password=PASSWORD, full_name="مريم العلوي", language="ar"
    )
    Grant.objects.create(user=user, organization=ngo, role=Role.PROGRAM_MANAGER)
    return user


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}{reverse('accounts:login')}")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _excel_csv(tmp_path: Path, name: str, rows: list[str]) -> Path:
    """A CSV as Excel saves it on an Arabic Windows: Windows-1256, CRLF line ends."""
    path = tmp_path / name
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode("cp1256"))
    return path


def _upload(page: Page, base: str, path: Path) -> None:
    page.goto(f"{base}{reverse('imports:upload', args=['people'])}")
    page.set_input_files("main input[type=file]", str(path))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url("**/imports/jobs/*/")


def test_an_arabic_spreadsheet_is_checked_then_imported(browser, live_server, manager, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    _sign_in(page, live_server.url, manager.email)
    good = "الإدريسي,خديجة,أنثى,1988,0661112233,تعاونية الوردة,عضوة,15/03/2022"

    _upload(
        page,
        live_server.url,
        _excel_csv(
            tmp_path,
            "members.csv",
            [
                good,
                good.replace(
                    "الإدريسي,خديجة,أنثى,1988,0661112233", "العمراني,سعاد,X,1990,0663334455"
                ),
            ],
        ),
    )
    problems = page.locator("main table tbody tr")
    expect(problems).to_have_count(1)
    with translation.override("ar"):
        sex_header = "sex"  # the header as written in the file
    expect(problems.first).to_contain_text("3")
    expect(problems.first).to_contain_text(sex_header)
    expect(problems.first).to_contain_text("«X»")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "imports-problems-ar.png"), full_page=True)
    assert not Person.objects.exists()  # nothing is saved from a file with a bad row

    fixed = good.replace(
        "الإدريسي,خديجة,أنثى,1988,0661112233", "العمراني,سعاد,أنثى,1990,0663334455"
    )
    _upload(page, live_server.url, _excel_csv(tmp_path, "members-fixed.csv", [good, fixed]))
    page.locator("main form[action$='/confirm/'] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("2")
    page.screenshot(path=str(SCREENSHOTS / "imports-done-ar.png"), full_page=True)
    people = Person.objects.order_by("last_name_ar")
    assert [p.last_name_ar for p in people] == ["الإدريسي", "العمراني"]  # Arabic intact
    assert Membership.objects.filter(organization__name_ar="تعاونية الوردة").count() == 2


def test_the_api_documentation_runs_under_the_content_security_policy(browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            external.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-tag", has_text="registry")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"))
    assert errors == []
    assert external == []  # served from the vendored files, works offline
