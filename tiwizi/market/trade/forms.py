"""Forms of the trade side: buyer registration, inquiries and their thread, orders,
order moves, sales entered by hand, and the filters of the list pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from tiwizi.core.forms import BootstrapFormMixin
from tiwizi.market.models import (
    POSITIVE,
    Destination,
    Inquiry,
    Order,
    OrderStatus,
    Product,
    Sale,
    SaleSource,
)
from tiwizi.market.trade.services import plain_number
from tiwizi.registry.models import Organization, ice_validator

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _country_field(**kwargs: Any) -> forms.Field:
    field = Organization._meta.get_field("country").formfield(**kwargs)
    assert field is not None
    return field


class BuyerRegistrationForm(BootstrapFormMixin, forms.Form):
    organization_name = forms.CharField(
        label=_("Name of your organization"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = _country_field(label=_("Country"))
    address = forms.CharField(
        label=_("Address and city"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    ice = forms.CharField(
        label=_("ICE"),
        max_length=15,
        required=False,
        validators=[ice_validator],
        help_text=_("Moroccan companies: the 15-digit common company identifier."),
    )
    rc_number = forms.CharField(
        label=_("Commercial register (RC) number"), max_length=40, required=False
    )
    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("You sign in with this address; producers' answers are sent to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(label=_("Language of the pages and e-mails"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = settings.LANGUAGES
        self.fields["language"].initial = (translation.get_language() or "fr")[:2]

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_again") != data.get("password"):
            self.add_error("password_again", _("The two passwords do not match."))
        return data


class InquiryForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Inquiry
        fields = ["quantity", "destination", "country", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"country": _("Export: the country the goods go to.")}

    def __init__(self, *args: Any, product: Product, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.product = product
        self.fields["quantity"].help_text = _("Minimum order: %(minimum)s %(unit)s.") % {
            "minimum": floatformat(product.minimum_order, -3),
            "unit": product.get_unit_display(),
        }
        self.fields["quantity"].widget.attrs.update(
            {"min": plain_number(product.minimum_order), "step": "any", "inputmode": "decimal"}
        )

    def clean_quantity(self) -> Decimal:
        quantity = self.cleaned_data["quantity"]
        if quantity is not None and quantity < self.product.minimum_order:
            raise forms.ValidationError(
                _("The minimum order for this product is %(minimum)s %(unit)s.")
                % {
                    "minimum": floatformat(self.product.minimum_order, -3),
                    "unit": self.product.get_unit_display(),
                }
            )
        return quantity


class MessageForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrderForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Order
        fields = ["destination", "country", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class OrderLineForm(BootstrapFormMixin, forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=12, decimal_places=3, validators=POSITIVE
    )
    unit_price_mad = forms.DecimalField(
        label=_("Agreed unit price (MAD)"), max_digits=12, decimal_places=2, min_value=0
    )

    def __init__(self, *args: Any, products: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if products is not None:
            cast(forms.ModelChoiceField, self.fields["product"]).queryset = products
        for name in ("quantity", "unit_price_mad"):
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})


OrderLineFormSet = forms.formset_factory(OrderLineForm, extra=2, min_num=1, validate_min=True)


class OrderMoveForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=OrderStatus.choices)
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)

    def __init__(self, *args: Any, order: Order, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
        # Forward moves only: cancelling has its own confirmation page.
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (status, OrderStatus(status).label)
            for status in order.next_statuses
            if status != OrderStatus.CANCELLED
        ]


class ManualSaleForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Sale
        fields = [
            "date", "channel", "country", "product", "description", "quantity", "amount_mad",
        ]  # fmt: skip
        widgets = {"date": DATE_INPUT}
        help_texts = {
            "description": _("Where and how: weekly souk, regional fair, shop in Ouarzazate…"),
            "country": _("Morocco for local and national sales; the buyer's country for export."),
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.instance.source = SaleSource.MANUAL
        product = cast(forms.ModelChoiceField, self.fields["product"])
        product.queryset = Product.objects.filter(organization=organization)
        self.fields["product"].required = False
        for name in ("quantity", "amount_mad"):
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("A sale cannot be dated in the future."))
        return day


# Filters of the list pages (read from the query string; bad values are ignored).


class TradeFilterForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, statuses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All statuses")),
            *statuses,
        ]


class SaleFilterForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("All organizations"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=[("", _("All channels")), *Destination.choices],
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.none(),
        required=False,
        empty_label=_("All products"),
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("All sources")), *SaleSource.choices],
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organizations: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        cast(forms.ModelChoiceField, self.fields["product"]).queryset = Product.objects.filter(
            organization__in=organizations
        )
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            ("", _("All years")),
            *((y, str(y)) for y in years),
        ]
