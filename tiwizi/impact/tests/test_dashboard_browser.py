"""The Arabic program dashboard in a real browser, with its map drawn: a screenshot for
review goes to var/screenshots/impact-dashboard-ar.png (see tiwizi/e2e for the pattern)."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Page, expect, sync_playwright

from tiwizi.demo import activity_data, data
from tiwizi.demo.loader import load_demo
from tiwizi.programs.models import Program

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def page() -> Iterator[Page]:
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not on the PATH (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="ar-MA", viewport={"width": 1366, "height": 900}, device_scale_factor=1
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        expect.set_options(timeout=30_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def test_the_funder_sees_the_arabic_dashboard_with_its_map(live_server, page: Page) -> None:
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        load_demo()
    program = Program.objects.get(name_fr=activity_data.PROGRAM_NAME["fr"])
    url = live_server.url
    page.goto(f"{url}{reverse('accounts:login')}")
    page.fill("#id_username", "funder@tiwizi.ma")
    page.fill("#id_password", data.PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda u: "/accounts/login/" not in u)
    page.locator("button[name=language][value=ar] >> visible=true").first.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    page.goto(f"{url}{reverse('impact:program_dashboard', args=[program.pk])}")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("#impact-map")).to_have_attribute("data-chart-ready", "true")
    expect(page.locator("#impact-targets")).to_have_attribute("data-chart-ready", "true")
    # The map has drawn provinces (a canvas with content), not an error.
    assert page.locator("#impact-map").get_attribute("data-chart-error") is None
    assert page.locator("#impact-map canvas").count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "impact-dashboard-ar.png"), full_page=True)
