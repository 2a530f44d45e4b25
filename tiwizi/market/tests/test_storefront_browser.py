"""A buyer finds a saffron product written only in Arabic, from the English and the
Arabic storefront, in a real browser. Screenshots go to var/screenshots/ for review."""

import os
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page, expect, sync_playwright

from tiwizi.market.models import ExchangeRate, Label, Product
from tiwizi.registry.models import Organization, Sector

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # ORM calls between browser steps

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
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def saffron_in_arabic() -> Product:
    cooperative = Organization.objects.create(
        kind=Organization.Kind.COOPERATIVE,
        name_ar="تعاونية إغرم نوكدال للزعفران",
        description="تعاونية نسوية لزراعة الزعفران في سفوح سيروا.",
    )
    product = Product.objects.create(
        organization=cooperative, category=Sector.objects.get(code="saffron"),
        name_ar="خيوط حمراء من تالوين", description_ar="محصول هذا الموسم، مجفف في الظل.",
        unit="g", price_mad=Decimal("33"), minimum_order=Decimal("10"), published=True,
    )  # fmt: skip
    Label.objects.create(product=product, kind="origin", name="IGP Safran de Taliouine")
    ExchangeRate.objects.create(currency="EUR", mad_per_unit=Decimal("10.85"))
    ExchangeRate.objects.create(currency="USD", mad_per_unit=Decimal("9.95"))
    return product


@pytest.mark.parametrize(("language", "query"), [("en", "saffron"), ("ar", "زعفران")])
def test_a_buyer_finds_an_arabic_only_saffron_product(
    live_server, page: Page, saffron_in_arabic: Product, language: str, query: str
) -> None:
    page.context.add_cookies(
        [{"name": "tiwizi_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}{reverse('market:shop_home')}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.fill("#shop-q", query)
    page.locator("form[role=search] button[type=submit]").first.click()
    page.wait_for_url("**/shop/search/**")

    page.get_by_role("link", name="خيوط حمراء من تالوين").click()
    page.wait_for_url(f"**{saffron_in_arabic.get_absolute_url()}")

    expect(page.locator("h1")).to_contain_text("خيوط حمراء من تالوين")
    expect(page.locator("main")).to_contain_text("IGP Safran de Taliouine")
    expect(page.locator("main")).to_contain_text("€")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"storefront-product-{language}.png"), full_page=True)
