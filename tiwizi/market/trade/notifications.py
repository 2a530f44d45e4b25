"""E-mails that tell one side of a trade what the other side did.

Each person is written to in the language of their profile (the platform's default when
they chose none), whoever triggered the e-mail and in whatever language they use. Links
are absolute: `site_url` is the address the request came in on (empty in commands).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from tiwizi.accounts.models import Role, User
from tiwizi.market.models import Inquiry, InquiryMessage, Order


def _people(organization_id: int, role: str, *, leaving_out: Any = None) -> list[User]:
    people = User.objects.filter(
        is_active=True, grants__organization_id=organization_id, grants__role=role
    ).distinct()
    if leaving_out is not None and getattr(leaving_out, "pk", None):
        people = people.exclude(pk=leaving_out.pk)
    return list(people.order_by("pk"))


def producer_managers(inquiry_or_order: Inquiry | Order, leaving_out: Any = None) -> list[User]:
    return _people(inquiry_or_order.seller_id, Role.COOPERATIVE_MANAGER, leaving_out=leaving_out)


def buyer_people(inquiry_or_order: Inquiry | Order, leaving_out: Any = None) -> list[User]:
    return _people(inquiry_or_order.buyer_id, Role.BUYER, leaving_out=leaving_out)


def _send(recipients: Iterable[User], template: str, context: dict[str, Any]) -> int:
    sent = 0
    for person in recipients:
        with translation.override(person.language or settings.LANGUAGE_CODE):
            subject = render_to_string(f"market/trade/email/{template}_subject.txt", context)
            body = render_to_string(
                f"market/trade/email/{template}.txt", {**context, "recipient": person}
            )
            # One e-mail each: people must not see each other's addresses.
            sent += send_mail(
                " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [person.email]
            )
    return sent


def inquiry_sent(inquiry: Inquiry, site_url: str = "") -> int:
    link = site_url.rstrip("/") + inquiry_url(inquiry)
    return _send(
        producer_managers(inquiry, leaving_out=inquiry.created_by),
        "inquiry_sent",
        {"inquiry": inquiry, "link": link},
    )


def message_posted(message: InquiryMessage, site_url: str = "") -> int:
    inquiry = message.inquiry
    others = (
        producer_managers(inquiry, leaving_out=message.author)
        if message.from_buyer
        else buyer_people(inquiry, leaving_out=message.author)
    )
    link = site_url.rstrip("/") + inquiry_url(inquiry)
    return _send(others, "message_posted", {"inquiry": inquiry, "message": message, "link": link})


def order_confirmed(order: Order, site_url: str = "") -> int:
    link = site_url.rstrip("/") + order.get_absolute_url()
    return _send(
        buyer_people(order, leaving_out=order.created_by),
        "order_confirmed",
        {"order": order, "link": link},
    )


def inquiry_url(inquiry: Inquiry) -> str:
    from django.urls import reverse

    return reverse("market:inquiry_detail", args=[inquiry.pk])
