"""Buyers register, send inquiries and talk with the producer; each side is told by e-mail."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tiwizi.accounts.models import Grant, Role, User
from tiwizi.market.models import Inquiry, InquiryMessage
from tiwizi.market.trade import services
from tiwizi.registry.models import Organization

REGISTRATION = {
    "organization_name": "Maison des Épices",
    "country": "CA",
    "address": "4500 rue Saint-Denis, Montréal",
    "phone": "+15145550101",
    "full_name": "Julie Tremblay",
    "email": "Julie@Epices.example",
    "password": "safran-de-taliouine-2026",
    "password_again": "safran-de-taliouine-2026",
    "language": "fr",
}


# Registration


def test_a_buyer_registers_organization_login_and_grant_then_goes_back(db, trade_product):
    client = Client()
    back = reverse("market:inquiry_create", args=[trade_product.pk])
    response = client.post(reverse("market:buyer_register"), {**REGISTRATION, "next": back})
    assert response.status_code == 302
    assert response.url == back
    user = User.objects.get(email="julie@epices.example")
    organization = Organization.objects.get(name_fr="Maison des Épices")
    assert organization.kind == Organization.Kind.BUYER
    assert str(organization.country) == "CA"
    assert user.language == "fr"
    assert Grant.objects.filter(user=user, organization=organization, role=Role.BUYER).exists()
    # Signed in: the inquiry form opens.
    assert client.get(back).status_code == 200


def test_registration_never_redirects_off_site(db):
    response = Client().post(
        reverse("market:buyer_register"), {**REGISTRATION, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_an_arabic_name_is_stored_as_the_arabic_name(db):
    Client().post(
        reverse("market:buyer_register"),
        {**REGISTRATION, "organization_name": "دار التوابل", "country": "AE"},
    )
    organization = Organization.objects.get(kind="buyer")
    assert (organization.name_ar, organization.name_fr) == ("دار التوابل", "")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password_again": "something-else-2026"}, "password_again"),
        ({"password": "1234", "password_again": "1234"}, "password"),
        ({"country": ""}, "country"),
        ({"ice": "12AB"}, "ice"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_a_refused_registration_names_the_field_and_stores_nothing(db, change, field):
    response = Client().post(reverse("market:buyer_register"), {**REGISTRATION, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.exists()
    assert not Organization.objects.filter(kind="buyer").exists()


def test_registering_again_with_a_known_email_is_refused(db, buyer):
    response = Client().post(
        reverse("market:buyer_register"), {**REGISTRATION, "email": buyer.email.upper()}
    )
    assert "email" in response.context["form"].errors
    assert Organization.objects.filter(kind="buyer").count() == 1


# Sending an inquiry


def test_an_anonymous_visitor_is_sent_to_register_and_back(db, trade_product):
    url = reverse("market:inquiry_create", args=[trade_product.pk])
    response = Client().get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("market:buyer_register"))
    assert "next=" in response.url


def test_a_buyer_sends_an_inquiry_and_the_managers_are_told_in_their_language(
    client_for, buyer, trade_product, producer_manager, make_user, producer, on_commit
):
    french_manager = make_user(Role.COOPERATIVE_MANAGER, producer, language="fr")
    url = reverse("market:inquiry_create", args=[trade_product.pk])
    with on_commit(execute=True):
        response = client_for(buyer).post(
            url,
            {"quantity": "500", "destination": "export", "country": "FR", "message": "Prix ?"},
        )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("market:inquiry_detail", args=[inquiry.pk])
    assert (inquiry.seller_id, inquiry.buyer.kind, inquiry.status) == (
        producer.pk,
        "buyer",
        "open",
    )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [producer_manager.email, french_manager.email]
    )
    link = f"http://testserver{reverse('market:inquiry_detail', args=[inquiry.pk])}"
    for message in mail.outbox:
        assert link in message.body
        assert "Épices du Rhône" in message.subject
    # Each in the recipient's language: the product's name follows it.
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "زعفران حر" in by_recipient[producer_manager.email].subject
    assert "Safran en filaments" in by_recipient[french_manager.email].subject


def test_the_email_is_rendered_with_the_recipients_language_active(
    make_inquiry, producer_manager, monkeypatch, on_commit
):
    seen = []
    real = translation.override

    def spy(language, *args, **kwargs):
        seen.append(language)
        return real(language, *args, **kwargs)

    with translation.override("en"):
        monkeypatch.setattr("tiwizi.market.trade.notifications.translation.override", spy)
        with on_commit(execute=True):
            make_inquiry()
    assert seen == ["ar"]  # the manager's profile language, not the sender's


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"quantity": "50"}, "quantity"),  # under the minimum order of 100 g
        ({"quantity": "-5"}, "quantity"),
        ({"destination": "export", "country": "MA"}, "country"),
        ({"destination": "local", "country": "FR"}, "country"),
        ({"destination": "national", "country": "ES"}, "country"),
    ],
)
def test_a_refused_inquiry_names_the_field_and_sends_nothing(
    client_for, buyer, trade_product, producer_manager, data, field
):
    sent = {"quantity": "500", "destination": "export", "country": "FR", **data}
    response = client_for(buyer).post(
        reverse("market:inquiry_create", args=[trade_product.pk]), sent
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Inquiry.objects.exists()
    assert not mail.outbox


def test_the_service_enforces_the_minimum_order_too(buyer, buyer_organization, trade_product):
    with pytest.raises(Exception, match="minimum"):
        services.send_inquiry(
            buyer,
            buyer_organization,
            trade_product,
            {"quantity": Decimal(1), "destination": "export", "country": "FR"},
        )


def test_an_unpublished_product_cannot_be_asked_about(
    client_for, buyer, make_trade_product, producer
):
    hidden = make_trade_product(producer, published=False)
    response = client_for(buyer).get(reverse("market:inquiry_create", args=[hidden.pk]))
    assert response.status_code == 404


def test_only_buyers_send_inquiries(client_for, producer_manager, trade_product):
    response = client_for(producer_manager).get(
        reverse("market:inquiry_create", args=[trade_product.pk])
    )
    assert response.status_code == 403


# The thread


def test_both_sides_answer_in_the_thread_and_the_other_side_is_told(
    client_for, make_inquiry, buyer, producer_manager, on_commit
):
    inquiry = make_inquiry()
    mail.outbox.clear()
    url = reverse("market:inquiry_detail", args=[inquiry.pk])

    with on_commit(execute=True):
        response = client_for(producer_manager).post(url, {"body": "Nous avons 2 kg en stock."})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert "2 kg" in mail.outbox[0].body

    mail.outbox.clear()
    with on_commit(execute=True):
        response = client_for(buyer).post(
            url,
            {"body": "Parfait, merci."},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="inquiry-thread",
        )
    assert response.status_code == 200
    assert "Parfait, merci." in response.content.decode()
    assert "<html" not in response.content.decode()  # the thread alone
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.OPEN
    assert [m.to for m in mail.outbox] == [[producer_manager.email]]
    assert list(inquiry.messages.values_list("from_buyer", flat=True)) == [False, True]

    page = client_for(buyer).get(url).content.decode()
    assert page.index("Nous avons 2 kg") < page.index("Parfait, merci.")


def test_an_empty_message_is_refused(client_for, make_inquiry, buyer):
    inquiry = make_inquiry()
    response = client_for(buyer).post(
        reverse("market:inquiry_detail", args=[inquiry.pk]), {"body": "   "}
    )
    assert response.status_code == 200
    assert "body" in response.context["message_form"].errors
    assert not InquiryMessage.objects.exists()


def test_closing_asks_first_then_stops_the_thread(client_for, make_inquiry, buyer):
    inquiry = make_inquiry()
    client = client_for(buyer)
    url = reverse("market:inquiry_close", args=[inquiry.pk])
    assert client.get(url).status_code == 200
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.OPEN
    client.post(url)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CLOSED
    client.post(reverse("market:inquiry_detail", args=[inquiry.pk]), {"body": "Encore ?"})
    assert not InquiryMessage.objects.exists()


def test_lists_show_each_side_its_inquiries_with_status_filter(
    client_for, make_inquiry, buyer, producer_manager
):
    open_one = make_inquiry()
    closed = make_inquiry()
    services.close_inquiry(buyer, closed)
    mine = client_for(buyer).get(reverse("market:my_inquiries"))
    assert {i.pk for i in mine.context["page_obj"]} == {open_one.pk, closed.pk}
    received = client_for(producer_manager).get(reverse("market:inquiry_list"), {"status": "open"})
    assert [i.pk for i in received.context["page_obj"]] == [open_one.pk]
    empty = client_for(producer_manager).get(reverse("market:inquiry_list"), {"status": "ordered"})
    # The manager reads in Arabic (profile language).
    with translation.override("ar"):
        expected = translation.gettext("No inquiry matches these filters.")
    assert expected in empty.content.decode()


def test_the_producer_turns_an_inquiry_into_an_order_prefilled(
    client_for, make_inquiry, producer_manager, buyer, make_trade_product, producer, on_commit
):
    inquiry = make_inquiry(quantity=Decimal(250))
    argan = make_trade_product(producer, name_fr="Huile d'argan", unit="l", price_mad=Decimal(180))
    client = client_for(producer_manager)
    url = reverse("market:order_create", args=[inquiry.pk])
    form_page = client.get(url)
    first = form_page.context["lines"].forms[0]
    assert first.initial["product"] == inquiry.product
    assert first.initial["unit_price_mad"] == Decimal("35.00")
    mail.outbox.clear()
    with on_commit(execute=True):
        response = _post_order(client, url, inquiry, argan)
    order = inquiry.__class__.objects.get(pk=inquiry.pk).order
    assert response.status_code == 302
    assert response.url == order.get_absolute_url()
    assert order.lines.count() == 2
    assert [m.to for m in mail.outbox] == [[buyer.email]]
    assert order.number in mail.outbox[0].subject


def _post_order(client, url, inquiry, argan):
    return client.post(
        url,
        {
            "lines-TOTAL_FORMS": "3",
            "lines-INITIAL_FORMS": "1",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "1000",
            "lines-0-product": inquiry.product.pk,
            "lines-0-quantity": "250",
            "lines-0-unit_price_mad": "32",
            "lines-1-product": argan.pk,
            "lines-1-quantity": "3",
            "lines-1-unit_price_mad": "175",
            "lines-2-product": "",
            "lines-2-quantity": "",
            "lines-2-unit_price_mad": "",
            "destination": "export",
            "country": "FR",
            "notes": "",
        },
    )


def test_the_service_refuses_unpublished_products_and_non_buyers(
    buyer, buyer_organization, make_trade_product, producer, trade_product
):
    hidden = make_trade_product(producer, published=False)
    data = {"quantity": Decimal(500), "destination": "export", "country": "FR"}
    with pytest.raises(Exception, match="not offered"):
        services.send_inquiry(buyer, buyer_organization, hidden, data)
    with pytest.raises(Exception, match="buyer organization"):
        services.send_inquiry(buyer, producer, trade_product, data)
    assert not Inquiry.objects.exists()


def test_a_buyer_with_no_inquiry_is_pointed_to_the_shop(client_for, buyer):
    page = client_for(buyer).get(reverse("market:my_inquiries")).content.decode()
    assert reverse("market:shop_home") in page
