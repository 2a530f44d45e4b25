"""Labels on products: evidence checked like photos, expired labels kept but not shown."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tiwizi.market.models import Label

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _data(**changes):
    data = {
        "kind": "origin",
        "name": "IGP Safran de Taliouine",
        "number": "IGP-2010-03",
        "issued_by": "Ministère de l'Agriculture",
        "expires_on": "",
    }
    data.update(changes)
    return data


def test_a_label_is_added_with_its_pdf_evidence(
    client_for, cooperative_manager, make_product, media_root
):
    product = make_product()
    evidence = SimpleUploadedFile("certificat IGP.pdf", PDF, content_type="application/pdf")

    response = client_for(cooperative_manager).post(
        reverse("market:label_add", args=[product.pk]), {**_data(), "evidence": evidence}
    )

    assert response.status_code == 302
    label = Label.objects.get()
    assert label.product == product
    assert label.evidence.name.startswith("labels/") and label.evidence.name.endswith(".pdf")
    assert "certificat" not in label.evidence.name
    download = client_for(cooperative_manager).get(
        reverse("market:label_evidence", args=[label.pk])
    )
    assert b"".join(download.streaming_content) == PDF


def test_a_fake_pdf_is_refused_and_nothing_is_stored(
    client_for, cooperative_manager, make_product, media_root
):
    fake = SimpleUploadedFile("certificat.pdf", b"MZ\x90\x00 not a pdf")
    response = client_for(cooperative_manager).post(
        reverse("market:label_add", args=[make_product().pk]), {**_data(), "evidence": fake}
    )
    assert response.status_code == 400
    assert "not a PDF document" in " ".join(response.context["form"].errors["evidence"])
    assert not Label.objects.exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_an_onssa_authorization_needs_its_number(client_for, cooperative_manager, make_product):
    response = client_for(cooperative_manager).post(
        reverse("market:label_add", args=[make_product().pk]), _data(kind="onssa", number="")
    )
    assert "An ONSSA authorization needs its number." in response.text
    assert not Label.objects.exists()


def test_expired_labels_show_as_expired_in_the_back_office_and_not_in_the_shop(
    client_for, cooperative_manager, make_product, client
):
    product = make_product()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Label.objects.create(product=product, kind="organic", name="Bio Ecocert", expires_on=yesterday)
    Label.objects.create(product=product, kind="origin", name="IGP Safran de Taliouine")

    back_office = client_for(cooperative_manager).get(
        reverse("market:product_detail", args=[product.pk])
    )
    shop = client.get(product.get_absolute_url())

    assert (
        "Bio Ecocert" in back_office.text and "Expired: not shown in the shop" in back_office.text
    )
    assert "IGP Safran de Taliouine" in shop.text
    assert "Bio Ecocert" not in shop.text


def test_labels_are_edited_and_deleted_by_managers_only(
    client_for, cooperative_manager, outsider, trainer, make_product
):
    label = Label.objects.create(product=make_product(), kind="organic", name="Bio")
    for name in ("label_edit", "label_delete", "label_evidence"):
        url = reverse(f"market:{name}", args=[label.pk])
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(trainer).get(reverse("market:label_edit", args=[label.pk])).status_code == 403

    client = client_for(cooperative_manager)
    client.post(reverse("market:label_edit", args=[label.pk]), _data(kind="organic", name="Bio+"))
    label.refresh_from_db()
    assert label.name == "Bio+"
    client.post(reverse("market:label_delete", args=[label.pk]))
    assert not Label.objects.exists()
