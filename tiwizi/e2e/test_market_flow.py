"""A buyer finds a product, inquires, and follows the order to payment; the cooperative
manager answers, turns the inquiry into an order and moves it to paid; the sale appears
in the ledger. Once in English, once in Arabic (where the buyer registers on the way).

Runs Debian's Chromium through Playwright (`-m browser -n0`); skipped when `chromium` is
not on the PATH. Screenshots go to var/screenshots/market-*.png for review.
"""

import os
import shutil
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.market.models import Inquiry, Order, OrderStatus, Product, Sale
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
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
PASSWORD = "correct horse battery staple"  # noqa: S105 (a test account)


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


def _page(browser: Browser, live_server, language: str) -> Page:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, device_scale_factor=1
    )
    # The language a visitor chose with the switcher (signed-in users: their profile's).
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def market(db):
    """A cooperative with its manager and a published saffron product."""
    cooperative = Organization.objects.create(
        kind=Organization.Kind.COOPERATIVE,
        name_fr="Coopérative Safran Siroua",
        name_ar="تعاونية زعفران سيروا",
        ice="002233445000066",
        address="Douar Askaoun, Taliouine",
    )
    product = Product.objects.create(
        organization=cooperative,
        name_fr="Safran en filaments, catégorie I",
        name_ar="زعفران حر، الصنف الأول",
        name_en="Saffron threads, grade I",
        description_fr="Safran de Taliouine récolté à la main.",
        category=Sector.objects.get(code="saffron"),
        unit=Product.Unit.G,
        price_mad=Decimal("35.00"),
        minimum_order=Decimal("100"),
        published=True,
    )
    return {"cooperative": cooperative, "product": product}


def _manager(cooperative: Organization, language: str) -> User:
    user = User.objects.create_user(
        f"manager-{language}@example.org",
        PASSWORD,
        full_name="Fatima Ait Lahcen",
        language=language,
    )
    Grant.objects.create(user=user, organization=cooperative, role=Role.COOPERATIVE_MANAGER)
    return user


def _sign_in(page: Page, base: str, user_email: str, next_url: str = "") -> None:
    login = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    page.goto(f"{base}{login}")
    page.fill("#id_username", user_email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda u: "/accounts/login/" not in u)


def _find_and_open_product(page: Page, base: str, query: str, product: Product) -> None:
    page.goto(f"{base}{reverse('market:shop_home')}")
    page.fill("#shop-q", query)
    page.press("#shop-q", "Enter")
    page.wait_for_url(lambda u: "/shop/search/" in u)
    page.locator(f"main a[href='{product.get_absolute_url()}']").first.click()
    page.wait_for_url(f"**{product.get_absolute_url()}")


def _send_inquiry(page: Page, country: str) -> Inquiry:
    page.fill("#id_quantity", "500")
    page.select_option("#id_destination", "export")
    page.select_option("#id_country", country)
    page.fill("#id_message", "Bonjour, 500 g pour notre boutique.")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(lambda u: "/market/inquiries/" in u and "/new/" not in u)
    return Inquiry.objects.get()


def _producer_side(page: Page, base: str, inquiry: Inquiry, language: str) -> Order:
    """The manager answers, confirms the order and moves it to paid."""
    page.goto(f"{base}{reverse('market:inquiry_list')}")
    page.locator(f"a[href='{reverse('market:inquiry_detail', args=[inquiry.pk])}']").click()
    page.fill("#id_body", "Disponible : livraison sous 10 jours.")
    page.locator("#inquiry-thread button[type=submit]").click()
    expect(page.locator("#inquiry-thread")).to_contain_text("livraison sous 10 jours")
    page.locator(f"a[href='{reverse('market:order_create', args=[inquiry.pk])}']").click()
    expect(page.locator("#id_lines-0-quantity")).to_have_value("500")
    page.fill("#id_lines-0-unit_price_mad", "32")
    page.locator("main form[method=post] button[type=submit]").first.click()
    page.wait_for_url(lambda u: "/market/orders/" in u)
    order = Order.objects.get()
    for status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.PAID):
        page.select_option("#id_status", status)
        page.locator(
            f"form[action='{reverse('market:order_move', args=[order.pk])}'] button"
        ).click()
        page.wait_for_url(f"**{order.get_absolute_url()}")
        expect(page.locator(".alert-success").first).to_be_visible()
        order.refresh_from_db()
        assert order.status == status
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    page.screenshot(path=str(SCREENSHOTS / f"market-order-paid-{language}.png"), full_page=True)
    return order


def _ledger_shows_the_sale(page: Page, base: str, order: Order, language: str) -> None:
    sale = Sale.objects.get(order_line__order=order)
    assert sale.amount_mad == Decimal("16000.00")
    page.goto(f"{base}{reverse('market:sale_list')}")
    expect(page.locator("#sale-results tbody tr")).to_have_count(1)
    expect(page.locator("#sale-results tbody")).to_contain_text(order.number)
    page.screenshot(path=str(SCREENSHOTS / f"market-ledger-{language}.png"), full_page=True)


def test_english_buyer_inquires_and_follows_the_order_to_payment(live_server, browser, market):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    product = market["product"]
    buyer_org = Organization.objects.create(
        kind=Organization.Kind.BUYER, name_fr="Spice Route Ltd", country="GB"
    )
    buyer = User.objects.create_user("buyer@example.org", PASSWORD, language="en")
    Grant.objects.create(user=buyer, organization=buyer_org, role=Role.BUYER)
    manager = _manager(market["cooperative"], "en")

    buyer_page = _page(browser, live_server, "en")
    _sign_in(buyer_page, base, buyer.email)
    _find_and_open_product(buyer_page, base, "saffron", product)
    buyer_page.locator(f"a[href='{reverse('market:inquiry_create', args=[product.pk])}']").click()
    inquiry = _send_inquiry(buyer_page, "GB")
    assert (inquiry.buyer_id, inquiry.seller_id) == (buyer_org.pk, market["cooperative"].pk)
    buyer_page.screenshot(path=str(SCREENSHOTS / "market-inquiry-en.png"), full_page=True)

    manager_page = _page(browser, live_server, "en")
    _sign_in(manager_page, base, manager.email)
    order = _producer_side(manager_page, base, inquiry, "en")

    buyer_page.goto(f"{base}{reverse('market:my_orders')}")
    buyer_page.locator(f"a[href='{order.get_absolute_url()}']").click()
    expect(buyer_page.locator("#order-status")).to_contain_text("Paid")
    expect(buyer_page.locator("html")).to_have_attribute("dir", "ltr")
    buyer_page.screenshot(path=str(SCREENSHOTS / "market-buyer-order-en.png"), full_page=True)

    _ledger_shows_the_sale(manager_page, base, order, "en")


def test_arabic_buyer_registers_inquires_and_sees_the_order_paid(live_server, browser, market):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    product = market["product"]
    manager = _manager(market["cooperative"], "ar")

    # A visitor finds the product in Arabic, asks about it and registers on the way.
    buyer_page = _page(browser, live_server, "ar")
    _find_and_open_product(buyer_page, base, "زعفران", product)
    expect(buyer_page.locator("html")).to_have_attribute("dir", "rtl")
    buyer_page.locator(f"a[href='{reverse('market:inquiry_create', args=[product.pk])}']").click()
    buyer_page.wait_for_url(lambda u: reverse("market:buyer_register") in u)
    buyer_page.fill("#id_organization_name", "شركة التوابل الخليجية")
    buyer_page.select_option("#id_country", "AE")
    buyer_page.fill("#id_address", "ديرة، دبي")
    buyer_page.fill("#id_full_name", "خالد المنصوري")
    buyer_page.fill("#id_email", "khalid@spices.example")
    buyer_page.fill("#id_password", PASSWORD)
    buyer_page.fill("#id_password_again", PASSWORD)
    buyer_page.select_option("#id_language", "ar")
    buyer_page.screenshot(path=str(SCREENSHOTS / "market-register-ar.png"), full_page=True)
    buyer_page.locator("main form[method=post] button[type=submit]").click()
    buyer_page.wait_for_url(f"**{reverse('market:inquiry_create', args=[product.pk])}")
    expect(buyer_page.locator("html")).to_have_attribute("dir", "rtl")
    inquiry = _send_inquiry(buyer_page, "AE")
    assert inquiry.buyer.name_ar == "شركة التوابل الخليجية"
    buyer_page.screenshot(path=str(SCREENSHOTS / "market-inquiry-ar.png"), full_page=True)

    manager_page = _page(browser, live_server, "ar")
    _sign_in(manager_page, base, manager.email)
    order = _producer_side(manager_page, base, inquiry, "ar")

    buyer_page.goto(f"{base}{reverse('market:my_orders')}")
    buyer_page.locator(f"a[href='{order.get_absolute_url()}']").click()
    expect(buyer_page.locator("#order-status .badge")).to_have_class("badge text-bg-success")
    expect(buyer_page.locator("html")).to_have_attribute("dir", "rtl")
    buyer_page.screenshot(path=str(SCREENSHOTS / "market-buyer-order-ar.png"), full_page=True)

    _ledger_shows_the_sale(manager_page, base, order, "ar")
