"""A program manager registers a cooperative in Arabic, in a real browser.

Runs Debian's Chromium through Playwright (`make test-browser`); `playwright install`
cannot download a browser on our machines, so the test skips when `chromium` is not on
the PATH. Screenshots of the Arabic pages go to var/screenshots/ for review.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.geo.models import Commune, Province
from tiwizi.registry.models import Organization, Sector

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
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PASSWORD = "correct horse battery staple"  # noqa: S105 (a test account)
NAME_AR = "تعاونية الزعفران الذهبي"


@pytest.fixture
def page() -> Iterator[Page]:
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not on the PATH (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="fr-FR", viewport={"width": 1280, "height": 900}, device_scale_factor=1
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        expect.set_options(timeout=15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def manager() -> User:
    ngo = Organization.objects.create(
        kind=Organization.Kind.NGO,
        name_fr="Association Tiwizi pour l'Entrepreneuriat Solidaire",
        name_ar="جمعية تويزة للمقاولة التضامنية",
    )
    user = User.objects.create_user("manager@example.org", PASSWORD, full_name="Hanane Ait Addi")
    Grant.objects.create(user=user, organization=ngo, role=Role.PROGRAM_MANAGER)
    return user


def test_program_manager_registers_and_finds_a_cooperative_in_arabic(
    live_server, page: Page, manager: User
) -> None:
    url = live_server.url
    ouarzazate = Province.objects.get(code="08.401")
    taznakht = Commune.objects.get(code="08.401.01.09")
    saffron = Sector.objects.get(code="saffron")

    # Sign in through the login page.
    page.goto(f"{url}{reverse('accounts:login')}")
    page.fill("#id_username", manager.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda u: "/accounts/login/" not in u)

    # Switch to Arabic with the language switcher: the page turns right to left.
    page.locator("button[name=language][value=ar] >> visible=true").first.click()
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")

    # Register a cooperative from the list page; the commune list follows the province.
    page.goto(f"{url}{reverse('registry:organization_list')}")
    page.locator(f"a[href='{reverse('registry:organization_create')}']").first.click()
    page.wait_for_url(f"**{reverse('registry:organization_create')}")
    expect(html).to_have_attribute("dir", "rtl")
    page.select_option("#id_kind", Organization.Kind.COOPERATIVE)
    page.fill("#id_name_ar", NAME_AR)
    page.check(f"input[name=sectors][value='{saffron.pk}']")
    page.select_option("#id_province", str(ouarzazate.pk))
    expect(page.locator(f"#id_commune option[value='{taznakht.pk}']")).to_have_count(1)
    page.select_option("#id_commune", str(taznakht.pk))
    page.locator("main form[method=post] button[type=submit]:not([name])").last.click()

    organization = _wait_for_organization(page)
    page.wait_for_url(f"**{organization.get_absolute_url()}")
    assert organization.kind == Organization.Kind.COOPERATIVE
    assert (organization.province_id, organization.commune_id) == (ouarzazate.pk, taznakht.pk)
    expect(page.locator("h1")).to_contain_text(NAME_AR)
    expect(html).to_have_attribute("dir", "rtl")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "registry-detail-ar.png"), full_page=True)

    # Search as people type it: a plural without the article, then with diacritics.
    page.goto(f"{url}{reverse('registry:organization_list')}")
    page.fill("#id_q", "تعاونيات زعفران")
    results = page.locator("#organization-results")
    expect(results).to_contain_text(NAME_AR)
    page.goto(f"{url}{reverse('registry:organization_list')}?q=التّعاونيّة الذّهبي")
    expect(page.locator("#organization-results")).to_contain_text(NAME_AR)
    page.goto(f"{url}{reverse('registry:organization_list')}?q=تعاونيات زعفران")
    expect(page.locator("#organization-results")).to_contain_text(NAME_AR)
    expect(html).to_have_attribute("dir", "rtl")
    page.screenshot(path=str(SCREENSHOTS / "registry-list-ar.png"), full_page=True)


def _wait_for_organization(page: Page) -> Organization:
    """The cooperative once the form has been saved (the browser moves to its page)."""
    try:
        page.wait_for_url(lambda u: u.rstrip("/").split("/")[-1].isdigit())
    except PlaywrightTimeoutError:
        errors = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
        pytest.fail(f"the organization form was not accepted: {errors}")
    return Organization.objects.get(name_ar=NAME_AR)
