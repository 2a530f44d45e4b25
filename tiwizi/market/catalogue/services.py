"""Everything that changes the catalogue: one verb per change, one transaction each.

Views, the demo loader and tests call these functions. Each validates the model
(`full_clean`) so that a caller that skipped a form still cannot store a bad record, and
raises `ValidationError` for a refused change. Files (photos, evidence) are checked in
memory first (photos.py) and written only when every check passed; if the database then
refuses the row, the written files are removed again: an error stores nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiwizi.core import audit
from tiwizi.core.models import AuditEntry
from tiwizi.market.catalogue.photos import check_evidence_upload, check_image_upload
from tiwizi.market.models import (
    Currency,
    ExchangeRate,
    Label,
    Product,
    ProductPhoto,
    product_photo_path,
)

PRODUCT_FIELDS = (
    "organization", "name_ar", "name_fr", "name_en", "description_ar", "description_fr",
    "description_en", "category", "unit", "price_mad", "minimum_order", "monthly_capacity",
    "season_start_month", "season_end_month", "stock_status", "published",
)  # fmt: skip
LABEL_FIELDS = ("kind", "name", "number", "issued_by", "expires_on")
MAX_PHOTOS_PER_PRODUCT = 8


def _snapshot(product: Product) -> audit.Snapshot:
    return audit.snapshot(product, list(PRODUCT_FIELDS))


# Products


def create_product(actor: Any, data: Mapping[str, Any]) -> Product:
    with transaction.atomic():
        product = Product()
        audit.assign(product, data, PRODUCT_FIELDS)
        product.full_clean()
        product.save()
        audit.record_change(
            actor, product, AuditEntry.Action.CREATE, audit.diff({}, _snapshot(product))
        )
    return product


def update_product(actor: Any, product: Product, data: Mapping[str, Any]) -> Product:
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        before = _snapshot(product)
        audit.assign(product, data, PRODUCT_FIELDS)
        product.full_clean()
        product.save()
        changes = audit.diff(before, _snapshot(product))
        if changes:
            audit.record_change(actor, product, AuditEntry.Action.UPDATE, changes)
    return product


def set_published(actor: Any, product: Product, published: bool) -> Product:
    return update_product(actor, product, {"published": published})


def has_trade(product: Product) -> bool:
    """Whether buyers' inquiries, orders or sales point at the product (it must stay)."""
    return product.inquiries.exists() or product.order_lines.exists() or product.sales.exists()


def delete_product(actor: Any, product: Product) -> None:
    """Delete a product with its photos and labels; refused once trade refers to it
    (inquiries, orders and sales keep their product: unpublish it instead)."""
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        if has_trade(product):
            raise ValidationError(
                _("Buyers' inquiries, orders or sales refer to this product: unpublish it instead.")
            )
        files = [
            name
            for photo in product.photos.all()
            for name in (photo.image.name, photo.thumbnail.name)
        ]
        files += [label.evidence.name for label in product.labels.all() if label.evidence]
        product.delete()
        _delete_files_after_commit(files)


def _delete_files_after_commit(
    names: Iterable[str | None], storage: Storage = default_storage
) -> None:
    # Only once the rows are gone for good: a rolled-back delete keeps its files.
    stored = [name for name in names if name]

    def delete() -> None:
        for name in stored:
            storage.delete(name)

    transaction.on_commit(delete)


# Photos


def _save_file(storage: Storage, name: str, content: bytes, written: list[str]) -> str:
    stored = storage.save(name, ContentFile(content))
    written.append(stored)
    return stored


def add_photo(actor: Any, product: Product, upload: Any, alt_text: str = "") -> ProductPhoto:
    """Check, re-encode and store an uploaded photo with its thumbnail, last in order."""
    if product.photos.count() >= MAX_PHOTOS_PER_PRODUCT:
        raise ValidationError(
            {
                "image": _("A product has at most %(count)d photos: delete one first.")
                % {"count": MAX_PHOTOS_PER_PRODUCT}
            }
        )
    checked = check_image_upload(upload, field="image")  # raises before any write
    storage = ProductPhoto._meta.get_field("image").storage
    written: list[str] = []
    try:
        with transaction.atomic():
            photo = ProductPhoto(product=product, alt_text=alt_text[:200])
            last = product.photos.aggregate(last=Max("position"))["last"]
            photo.position = 0 if last is None else last + 1
            photo.image.name = _save_file(
                storage, product_photo_path(photo, checked.image_name), checked.image.content,
                written,
            )  # fmt: skip
            photo.thumbnail.name = _save_file(
                storage, product_photo_path(photo, checked.thumbnail_name),
                checked.thumbnail.content, written,
            )  # fmt: skip
            photo.width, photo.height = checked.image.width, checked.image.height
            photo.full_clean()
            photo.save()
    except Exception:
        for name in written:
            storage.delete(name)
        raise
    return photo


def delete_photo(actor: Any, photo: ProductPhoto) -> None:
    with transaction.atomic():
        names = [photo.image.name, photo.thumbnail.name]
        photo.delete()
        _delete_files_after_commit(names)


def move_photo(actor: Any, photo: ProductPhoto, step: int) -> None:
    """Move a photo one place earlier (step -1) or later (+1); the first is the cover."""
    with transaction.atomic():
        photos = list(
            ProductPhoto.objects.select_for_update()
            .filter(product_id=photo.product_id)
            .order_by("position", "id")
        )
        index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
        target = index + step
        if not 0 <= target < len(photos):
            return
        photos[index], photos[target] = photos[target], photos[index]
        for position, each in enumerate(photos):
            if each.position != position:
                ProductPhoto.objects.filter(pk=each.pk).update(position=position)


# Labels


def _store_evidence(label: Label, upload: Any, written: list[str]) -> None:
    checked = check_evidence_upload(upload, field="evidence")
    storage = label.evidence.storage
    label.evidence.name = _save_file(storage, f"labels/{checked.name}", checked.content, written)


def save_label(
    actor: Any, product: Product, data: Mapping[str, Any], label: Label | None = None
) -> Label:
    """Create a label on `product`, or change `label`; `data["evidence"]`, when given,
    is an upload that replaces the stored evidence (`remove_evidence` drops it)."""
    upload = data.get("evidence")
    label = label or Label(product=product)
    storage = label.evidence.storage
    old_evidence = label.evidence.name if label.pk else ""
    written: list[str] = []
    try:
        with transaction.atomic():
            audit.assign(label, data, LABEL_FIELDS)
            if upload:
                _store_evidence(label, upload, written)
            elif data.get("remove_evidence"):
                label.evidence.name = ""
            label.full_clean()
            label.save()
            if old_evidence and old_evidence != label.evidence.name:
                _delete_files_after_commit([old_evidence], storage)
    except Exception:
        for name in written:
            storage.delete(name)
        raise
    return label


def delete_label(actor: Any, label: Label) -> None:
    with transaction.atomic():
        name = label.evidence.name
        label.delete()
        _delete_files_after_commit([name])


# Exchange rates and indicative prices


def record_exchange_rate(
    actor: Any, currency: str, mad_per_unit: Decimal, valid_from: datetime.date
) -> ExchangeRate:
    """Add a rate; a second rate for the same currency and day replaces the first."""
    with transaction.atomic():
        rate = ExchangeRate.objects.filter(currency=currency, valid_from=valid_from).first()
        rate = rate or ExchangeRate(currency=currency, valid_from=valid_from)
        rate.mad_per_unit = mad_per_unit
        rate.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        rate.full_clean()
        rate.save()
    return rate


def delete_exchange_rate(actor: Any, rate: ExchangeRate) -> None:
    rate.delete()


def current_rates(on: datetime.date | None = None) -> dict[str, ExchangeRate]:
    """The latest rate of each currency valid on `on` (today): one query per currency."""
    day = on or timezone.localdate()
    rates = {}
    for currency in Currency.values:
        rate = (
            ExchangeRate.objects.filter(currency=currency, valid_from__lte=day)
            .order_by(F("valid_from").desc(), "-id")
            .first()
        )
        if rate is not None:
            rates[currency] = rate
    return rates


@dataclass(frozen=True)
class IndicativePrice:
    currency: str
    amount: Decimal
    rate: ExchangeRate


def indicative_prices(
    price_mad: Decimal | None, rates: Mapping[str, ExchangeRate] | Iterable[ExchangeRate]
) -> list[IndicativePrice]:
    """A MAD price converted with each given rate (MAD per unit of the currency), rounded
    to cents, in EUR-then-USD order. No price ("on request") gives no conversions."""
    if price_mad is None:
        return []
    values = rates.values() if isinstance(rates, Mapping) else rates
    prices = [
        IndicativePrice(
            rate.currency,
            (Decimal(price_mad) / rate.mad_per_unit).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            ),
            rate,
        )
        for rate in values
        if rate.mad_per_unit and rate.mad_per_unit > 0
    ]
    order = {code: n for n, code in enumerate(Currency.values)}
    return sorted(prices, key=lambda p: order.get(p.currency, 99))
