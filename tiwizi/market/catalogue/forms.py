"""Forms of the catalogue: parse and validate what people type; services do the saving."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import dates
from django.utils.translation import gettext_lazy as _

from tiwizi.core.forms import BootstrapFormMixin
from tiwizi.market.catalogue.permissions import producers_managed_by
from tiwizi.market.catalogue.photos import max_upload_bytes
from tiwizi.market.models import Currency, ExchangeRate, Label, LabelKind, Product, StockStatus
from tiwizi.registry.models import Organization, Sector

MONTH_CHOICES = [("", _("— month —")), *((n, dates.MONTHS[n]) for n in range(1, 13))]


def _ltr(**attrs: str) -> dict[str, str]:
    # Numbers read left to right even on Arabic pages.
    return {"dir": "ltr", **attrs}


def _choice_field(form: forms.BaseForm, name: str) -> Any:
    return form.fields[name]


class ProductForm(BootstrapFormMixin, forms.ModelForm):
    season_start_month = forms.TypedChoiceField(
        label=_("Season starts in"), choices=MONTH_CHOICES, coerce=int, empty_value=None,
        required=False,
    )  # fmt: skip
    season_end_month = forms.TypedChoiceField(
        label=_("Season ends in"), choices=MONTH_CHOICES, coerce=int, empty_value=None,
        required=False,
    )  # fmt: skip

    class Meta:
        model = Product
        fields = [
            "organization", "name_ar", "name_fr", "name_en", "description_ar",
            "description_fr", "description_en", "category", "unit", "price_mad",
            "minimum_order", "monthly_capacity", "season_start_month", "season_end_month",
            "stock_status", "published",
        ]  # fmt: skip
        widgets = {
            "name_ar": forms.TextInput(attrs={"lang": "ar", "dir": "rtl"}),
            "name_fr": forms.TextInput(attrs={"lang": "fr", "dir": "ltr"}),
            "name_en": forms.TextInput(attrs={"lang": "en", "dir": "ltr"}),
            "description_ar": forms.Textarea(attrs={"rows": 4, "lang": "ar", "dir": "rtl"}),
            "description_fr": forms.Textarea(attrs={"rows": 4, "lang": "fr", "dir": "ltr"}),
            "description_en": forms.Textarea(attrs={"rows": 4, "lang": "en", "dir": "ltr"}),
            "price_mad": forms.NumberInput(attrs=_ltr(min="0", step="0.01")),
            "minimum_order": forms.NumberInput(attrs=_ltr(min="0.001", step="any")),
            "monthly_capacity": forms.NumberInput(attrs=_ltr(min="0.001", step="any")),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        producers = producers_managed_by(user).with_display_name().order_by("display_name")
        if self.instance.pk:
            # Moving a product to another producer is not offered: it stays where it is.
            del self.fields["organization"]
        else:
            field = _choice_field(self, "organization")
            field.queryset = producers
            choices = list(producers[:2])
            if len(choices) == 1:
                field.initial = choices[0].pk
        _choice_field(self, "category").queryset = Sector.objects.all()
        _choice_field(self, "category").empty_label = _("— choose a category —")
        _choice_field(self, "unit").choices = [("", _("— choose a unit —")), *Product.Unit.choices]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any((cleaned.get(f) or "").strip() for f in ("name_ar", "name_fr", "name_en")):
            self.add_error("name_fr", _("Give the product a name in at least one language."))
        return cleaned

    def _post_clean(self) -> None:
        # The product's clean() runs in the service; here only the fields are checked,
        # so that the name error above is not shown twice.
        pass


class ProductFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    organization = forms.ModelChoiceField(
        label=_("Producer"), required=False, queryset=Organization.objects.none(),
        empty_label=_("All producers"),
    )  # fmt: skip
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Sector.objects.all(),
        empty_label=_("All categories"),
    )  # fmt: skip
    published = forms.ChoiceField(
        label=_("Published"), required=False,
        choices=[("", _("Published or not")), ("yes", _("Published")),
                 ("no", _("Not published"))],
    )  # fmt: skip
    stock = forms.ChoiceField(
        label=_("Stock"), required=False, choices=[("", _("Any stock")), *StockStatus.choices]
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, producers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "organization").queryset = producers


class PhotoForm(BootstrapFormMixin, forms.Form):
    # A plain FileField: Pillow checks happen in photos.py, with clearer messages than
    # Django's ImageField gives, and nothing reaches the disk before they pass.
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows"), required=False, max_length=200,
        help_text=_("Read aloud to blind visitors, e.g. “Saffron threads in a glass jar”."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("JPEG, PNG or WebP, up to %(limit)s.") % {
            "limit": filesizeformat(max_upload_bytes())
        }


class LabelForm(BootstrapFormMixin, forms.ModelForm):
    evidence = forms.FileField(
        label=_("Evidence (certificate)"), required=False,
        widget=forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}),
    )  # fmt: skip
    remove_evidence = forms.BooleanField(label=_("Remove the stored evidence"), required=False)

    class Meta:
        model = Label
        fields = ["kind", "name", "number", "issued_by", "expires_on"]
        widgets = {
            "number": forms.TextInput(attrs=_ltr()),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "kind").choices = [("", _("— choose a kind —")), *LabelKind.choices]
        self.fields["evidence"].help_text = _(
            "A PDF or a JPEG, PNG or WebP picture, up to %(limit)s."
        ) % {"limit": filesizeformat(max_upload_bytes())}
        if not (self.instance.pk and self.instance.evidence):
            del self.fields["remove_evidence"]

    def _post_clean(self) -> None:
        # Model validation runs in the service (save_label), together with the file.
        pass

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == LabelKind.ONSSA and not (cleaned.get("number") or "").strip():
            self.add_error("number", _("An ONSSA authorization needs its number."))
        return cleaned


class ExchangeRateForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ExchangeRate
        fields = ["currency", "mad_per_unit", "valid_from"]
        widgets = {
            "mad_per_unit": forms.NumberInput(attrs=_ltr(min="0.0001", step="0.0001")),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "mad_per_unit": _("How many dirhams one euro or one dollar is worth, e.g. 10.85."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "currency").choices = Currency.choices

    def _post_clean(self) -> None:
        # No unique check here: a second rate for the same day replaces the first
        # (record_exchange_rate), which also validates the model.
        pass


class ShopSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search products"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "class": "form-control", "autocomplete": "off"}
        ),
    )
