"""Market access: what cooperatives sell (catalogue and labels), what buyers ask for
(inquiries and their threads), what they agree on (orders) and what was sold (the sales
ledger that feeds the impact figures)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tiwizi.core.i18n import localized
from tiwizi.core.models import TimeStampedModel
from tiwizi.core.text import search_document
from tiwizi.market.querysets import (
    InquiryQuerySet,
    LabelQuerySet,
    OrderQuerySet,
    ProductQuerySet,
    SaleQuerySet,
)

MOROCCO = "MA"
POSITIVE = [MinValueValidator(Decimal("0.001"))]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]
MONTH = [MinValueValidator(1), MaxValueValidator(12)]


class Unit(models.TextChoices):
    KG = "kg", _("kilogram")
    G = "g", _("gram")
    LITRE = "l", _("litre")
    ML = "ml", _("millilitre")
    PIECE = "piece", _("piece")
    M2 = "m2", _("square metre")


class StockStatus(models.TextChoices):
    IN_STOCK = "in_stock", _("In stock")
    LOW = "low", _("Low stock")
    OUT_OF_STOCK = "out_of_stock", _("Out of stock")
    TO_ORDER = "to_order", _("Made to order")


class Product(TimeStampedModel):
    Unit = Unit
    StockStatus = StockStatus

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_ar = models.TextField(_("description in Arabic"), blank=True)
    description_fr = models.TextField(_("description in French"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    # The category is a sector: its names in the three languages bridge search across
    # languages (a buyer typing "saffron" finds a product described only in Arabic).
    category = models.ForeignKey(
        "registry.Sector",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    # Empty price: "price on request".
    price_mad = models.DecimalField(
        _("price per unit (MAD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_("Leave empty to show “price on request”."),
    )
    minimum_order = models.DecimalField(
        _("minimum order"),
        max_digits=12,
        decimal_places=3,
        default=Decimal("1"),
        validators=POSITIVE,
    )
    monthly_capacity = models.DecimalField(
        _("monthly capacity"),
        max_digits=12,
        decimal_places=3,
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text=_("How much can be produced in a month, in the product's unit."),
    )
    # Harvest season as months (1-12); a season may wrap over the new year (Nov-Feb).
    season_start_month = models.PositiveSmallIntegerField(
        _("season starts in"), null=True, blank=True, validators=MONTH
    )
    season_end_month = models.PositiveSmallIntegerField(
        _("season ends in"), null=True, blank=True, validators=MONTH
    )
    stock_status = models.CharField(
        _("stock"), max_length=16, choices=StockStatus.choices, default=StockStatus.IN_STOCK
    )
    published = models.BooleanField(_("published"), default=False)
    slug = models.SlugField(_("web address"), max_length=80, blank=True, allow_unicode=False)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-updated_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_ar="") | ~models.Q(name_fr="") | ~models.Q(name_en=""),
                name="product_has_a_name",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=Unit.values), name="product_unit_known"
            ),
            models.CheckConstraint(
                condition=models.Q(price_mad__isnull=True) | models.Q(price_mad__gte=0),
                name="product_price_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(minimum_order__gt=0), name="product_minimum_order_positive"
            ),
        ]
        indexes = [models.Index(fields=["published", "category"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def price_on_request(self) -> bool:
        return self.price_mad is None

    def get_absolute_url(self) -> str:
        """The public page (staff reach the management page from the catalogue)."""
        return reverse("market:product_page", args=[self.pk, self.slug or "product"])

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if not (self.name_ar.strip() or self.name_fr.strip() or self.name_en.strip()):
            errors["name_fr"] = ValidationError(
                _("Give the product a name in at least one language.")
            )
        if (self.season_start_month is None) != (self.season_end_month is None):
            errors["season_end_month"] = ValidationError(
                _("Give both the first and the last month of the season, or neither.")
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        self.slug = slugify(self.name_fr or self.name_en)[:80] or "product"
        category = self.category if self.category_id else None
        self.search_text = search_document(
            self.name_ar,
            self.name_fr,
            self.name_en,
            self.description_ar,
            self.description_fr,
            self.description_en,
            *((category.name_ar, category.name_fr, category.name_en) if category else ()),
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def product_photo_path(photo: ProductPhoto, filename: str) -> str:
    # Never trust the uploaded name: the extension comes from the detected format.
    return f"products/{photo.product_id}/{filename}"


class ProductPhoto(TimeStampedModel):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=product_photo_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=product_photo_path)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(_("description of the photo"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text or str(self.product)


class LabelKind(models.TextChoices):
    PROTECTED_ORIGIN = "origin", _("Protected origin (AOP/IGP)")
    ORGANIC = "organic", _("Organic")
    FAIR_TRADE = "fair_trade", _("Fair trade")
    ONSSA = "onssa", _("ONSSA sanitary authorization")


class Label(TimeStampedModel):
    """A quality sign on a product, with the evidence that backs it."""

    Kind = LabelKind

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="labels"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LabelKind.choices)
    # "IGP Safran de Taliouine", "AOP Dattes Majhoul de Tafilalet", "Ecocert"…
    name = models.CharField(_("name"), max_length=200, blank=True)
    number = models.CharField(_("number"), max_length=80, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=120, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    evidence = models.FileField(
        _("evidence (certificate)"), upload_to="labels/", blank=True, max_length=200
    )

    objects = LabelQuerySet.as_manager()

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=LabelKind.values), name="label_kind_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="onssa") | ~models.Q(number=""),
                name="label_onssa_has_a_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.get_kind_display())

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    def clean(self) -> None:
        if self.kind == LabelKind.ONSSA and not self.number.strip():
            raise ValidationError({"number": _("An ONSSA authorization needs its number.")})


class Currency(models.TextChoices):
    EUR = "EUR", _("euro")
    USD = "USD", _("US dollar")


class ExchangeRate(TimeStampedModel):
    """How many dirhams one unit of a currency is worth, from a date; staff keep it."""

    Currency = Currency

    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    mad_per_unit = models.DecimalField(
        _("dirhams per unit"), max_digits=10, decimal_places=4, validators=POSITIVE
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "valid_from"], name="one_rate_per_currency_and_day"
            ),
            models.CheckConstraint(
                condition=models.Q(mad_per_unit__gt=0), name="exchange_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.mad_per_unit} ({self.valid_from})"


class Destination(models.TextChoices):
    """Where the goods go; also the channel of the sale they become."""

    LOCAL = "local", _("Local")
    NATIONAL = "national", _("National")
    EXPORT = "export", _("Export")


Channel = Destination


class InquiryStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    ORDERED = "ordered", _("Became an order")
    CLOSED = "closed", _("Closed")


class Inquiry(TimeStampedModel):
    Status = InquiryStatus
    Destination = Destination

    buyer = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("buyer"),
        on_delete=models.PROTECT,
        related_name="inquiries_sent",
    )
    # The producer, kept on the row so that scoping never joins through the product.
    seller = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        related_name="inquiries_received",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="inquiries"
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, validators=POSITIVE
    )
    destination = models.CharField(_("destination"), max_length=16, choices=Destination.choices)
    country = CountryField(_("country of destination"), default=MOROCCO)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InquiryStatus.choices, default=InquiryStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="inquiry_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InquiryStatus.values), name="inquiry_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(destination__in=Destination.values),
                name="inquiry_destination_known",
            ),
        ]
        indexes = [
            models.Index(fields=["seller", "status"]),
            models.Index(fields=["buyer", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity}"  # noqa: RUF001

    def clean(self) -> None:
        validate_destination(self.destination, str(self.country or ""), field="country")


class InquiryMessage(TimeStampedModel):
    """One message of the thread between the buyer and the producer."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Which side wrote it, kept even if the author's account goes.
    from_buyer = models.BooleanField(_("from the buyer"), default=False)
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class OrderStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


# The only moves an order can make; paid and cancelled are final. Payment may come
# before shipping (prepaid export orders) or after delivery.
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.CONFIRMED: frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    OrderStatus.SHIPPED: frozenset({OrderStatus.DELIVERED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.PAID}),
    OrderStatus.PAID: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class Order(TimeStampedModel):
    Status = OrderStatus
    Destination = Destination
    TRANSITIONS = ORDER_TRANSITIONS

    number = models.CharField(_("number"), max_length=20, unique=True)
    inquiry = models.OneToOneField(
        Inquiry,
        verbose_name=_("inquiry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="order",
    )
    seller = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        related_name="orders_received",
    )
    buyer = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("buyer"),
        on_delete=models.PROTECT,
        related_name="orders_placed",
    )
    destination = models.CharField(_("destination"), max_length=16, choices=Destination.choices)
    country = CountryField(_("country of destination"), default=MOROCCO)
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.CONFIRMED
    )
    confirmed_on = models.DateField(_("confirmed on"), default=timezone.localdate)
    shipped_on = models.DateField(_("shipped on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-confirmed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=OrderStatus.values), name="order_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(destination__in=Destination.values),
                name="order_destination_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(paid_on__isnull=False),
                name="paid_order_has_a_payment_date",
            ),
        ]
        indexes = [
            models.Index(fields=["seller", "status"]),
            models.Index(fields=["buyer", "status"]),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("market:order_detail", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in ORDER_TRANSITIONS.get(self.status, frozenset())

    @property
    def next_statuses(self) -> list[str]:
        return [s for s in OrderStatus.values if self.can_move_to(s)]

    def clean(self) -> None:
        validate_destination(self.destination, str(self.country or ""), field="country")


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="order_lines"
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, validators=POSITIVE
    )
    unit_price_mad = models.DecimalField(
        _("agreed unit price (MAD)"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="order_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price_mad__gte=0), name="order_line_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity}"  # noqa: RUF001

    @property
    def total_mad(self) -> Decimal:
        return (self.quantity * self.unit_price_mad).quantize(Decimal("0.01"))


class SaleSource(models.TextChoices):
    PLATFORM = "platform", _("Order on Tiwizi")
    MANUAL = "manual", _("Entered by hand")


class Sale(TimeStampedModel):
    """One sale in an organization's ledger: from a paid order, or entered by hand
    (local market, fair, shop). Revenue figures are sums over this table."""

    Channel = Channel
    Source = SaleSource

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="sales",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    country = CountryField(_("country"), default=MOROCCO)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales",
    )
    description = models.CharField(_("description"), max_length=255, blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, null=True, blank=True, validators=POSITIVE
    )
    amount_mad = models.DecimalField(
        _("amount (MAD)"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )
    source = models.CharField(
        _("source"), max_length=16, choices=SaleSource.choices, default=SaleSource.MANUAL
    )
    # Set for sales created when an order is paid: one sale per order line.
    order_line = models.OneToOneField(
        OrderLine,
        verbose_name=_("order line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sale",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_mad__gte=0), name="sale_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="sale_channel_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(source="platform") | models.Q(order_line__isnull=False),
                name="platform_sale_has_an_order_line",
            ),
        ]
        indexes = [models.Index(fields=["organization", "date"])]

    def __str__(self) -> str:
        return f"{self.organization} {self.date} {self.amount_mad}"

    def clean(self) -> None:
        validate_destination(self.channel, str(self.country or ""), field="country")
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("A sale cannot be dated in the future.")})


def validate_destination(destination: str, country: str, *, field: str) -> None:
    """Local and national sales stay in Morocco; an export leaves it."""
    if destination == Destination.EXPORT and country == MOROCCO:
        raise ValidationError({field: _("An export goes to a country other than Morocco.")})
    if destination in (Destination.LOCAL, Destination.NATIONAL) and country not in ("", MOROCCO):
        raise ValidationError(
            {field: _("Local and national sales are made in Morocco; choose export.")}
        )
