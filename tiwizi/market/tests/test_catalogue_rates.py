"""Exchange rates kept by staff, and the indicative prices computed from them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tiwizi.market.catalogue.services import current_rates, indicative_prices
from tiwizi.market.models import ExchangeRate

pytestmark = pytest.mark.django_db


def _rate(currency, value, days_ago=0):
    return ExchangeRate.objects.create(
        currency=currency,
        mad_per_unit=Decimal(value),
        valid_from=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def test_indicative_prices_divide_by_the_rate_and_round_to_cents():
    rates = [
        ExchangeRate(currency="USD", mad_per_unit=Decimal("9.95")),
        ExchangeRate(currency="EUR", mad_per_unit=Decimal("10.85")),
    ]
    prices = indicative_prices(Decimal("32.00"), rates)
    assert [(p.currency, p.amount) for p in prices] == [
        ("EUR", Decimal("2.95")),
        ("USD", Decimal("3.22")),
    ]
    assert indicative_prices(None, rates) == []


def test_current_rates_take_the_latest_valid_today():
    _rate("EUR", "10.70", days_ago=30)
    latest = _rate("EUR", "10.85", days_ago=2)
    _rate("EUR", "11.50", days_ago=-5)  # not valid yet
    assert current_rates() == {"EUR": latest}


def test_program_manager_records_a_rate(client_for, program_manager):
    response = client_for(program_manager).post(
        reverse("market:exchange_rates"),
        {"currency": "EUR", "mad_per_unit": "10.85", "valid_from": "2026-01-05"},
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert rate.recorded_by == program_manager
    assert rate.mad_per_unit == Decimal("10.85")


def test_a_second_rate_on_the_same_day_replaces_the_first(client_for, program_manager):
    client = client_for(program_manager)
    for value in ("10.85", "10.90"):
        client.post(
            reverse("market:exchange_rates"),
            {"currency": "USD", "mad_per_unit": value, "valid_from": "2026-01-05"},
        )
    assert list(ExchangeRate.objects.values_list("mad_per_unit", flat=True)) == [Decimal("10.90")]


def test_a_rate_must_be_positive(client_for, program_manager):
    response = client_for(program_manager).post(
        reverse("market:exchange_rates"),
        {"currency": "EUR", "mad_per_unit": "0", "valid_from": "2026-01-05"},
    )
    assert response.status_code == 200
    assert "mad_per_unit" in response.context["form"].errors
    assert not ExchangeRate.objects.exists()


def test_cooperative_managers_and_buyers_cannot_manage_rates(
    client_for, cooperative_manager, buyer
):
    rate = _rate("EUR", "10.85")
    for user in (cooperative_manager, buyer):
        client = client_for(user)
        assert client.get(reverse("market:exchange_rates")).status_code == 403
        assert (
            client.post(reverse("market:exchange_rate_delete", args=[rate.pk])).status_code == 403
        )
    assert ExchangeRate.objects.exists()


def test_staff_delete_a_rate_after_confirmation(client_for, platform_admin):
    rate = _rate("USD", "9.95")
    client = client_for(platform_admin)
    url = reverse("market:exchange_rate_delete", args=[rate.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    assert not ExchangeRate.objects.exists()


def test_the_product_page_shows_indicative_prices(client, make_product):
    product = make_product(price_mad=Decimal("32.00"))
    _rate("EUR", "10.85")
    _rate("USD", "9.95")
    response = client.get(product.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")
    assert "2,95" in response.text and "€" in response.text
    assert "3,22" in response.text and "$" in response.text
