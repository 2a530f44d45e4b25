"""The registry: organizations (cooperatives, GIEs, partners…), people and memberships."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tiwizi.core.i18n import current_language, localized
from tiwizi.core.models import TimeStampedModel
from tiwizi.core.text import search_document
from tiwizi.registry.querysets import (
    MembershipQuerySet,
    OrganizationQuerySet,
    PersonQuerySet,
)

# ICE (Identifiant Commun de l'Entreprise): 15 digits.
ice_validator = RegexValidator(r"^\d{15}$", _("The ICE must have exactly 15 digits."))
# CIN (Carte d'Identité Nationale): one or two letters then up to 6 digits, e.g. JB123456.
cin_validator = RegexValidator(
    r"^[A-Z]{1,2}\d{1,6}$",
    _("A national ID (CIN) is one or two letters followed by up to 6 digits, e.g. JB123456."),
)

YOUTH_MAX_AGE = 35  # "youth" in Moroccan programme reporting: under 35


class Sector(models.Model):
    """A branch of activity (saffron, dates, carpets…), shipped with the app."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=80)
    name_fr = models.CharField(_("name (French)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class OrganizationKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Cooperative")
    GIE = "gie", _("Economic interest group (GIE)")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")
    INSTITUTION = "institution", _("Public institution")
    NGO = "ngo", _("NGO")
    BUYER = "buyer", _("Buyer")


class Organization(TimeStampedModel):
    Kind = OrganizationKind

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        DISSOLVED = "dissolved", _("Dissolved")

    # Legal details that only some kinds have: forms show them for those kinds only, and
    # clean() refuses them on the others. Cooperatives (law 112-12) are registered with
    # the ODCO and in a local register at a court; GIEs (law 13-97) and companies in the
    # commercial register (RC). Company-like kinds carry an ICE; an association may too.
    KIND_FIELDS: dict[str, frozenset[str]] = {
        Kind.COOPERATIVE: frozenset(
            {"odco_number", "local_register_number", "court", "capital_mad", "ice"}
        ),
        Kind.GIE: frozenset({"rc_number", "court", "ice"}),
        Kind.COMPANY: frozenset({"rc_number", "court", "capital_mad", "ice"}),
        Kind.BUYER: frozenset({"rc_number", "court", "ice"}),
        Kind.ASSOCIATION: frozenset({"ice"}),
        Kind.INSTITUTION: frozenset(),
        Kind.NGO: frozenset(),
    }
    KIND_SPECIFIC_FIELDS = frozenset().union(*KIND_FIELDS.values())
    ICE_KINDS = frozenset(kind for kind, names in KIND_FIELDS.items() if "ice" in names)

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_fr = models.CharField(_("name in French"), max_length=200, blank=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)

    # Legal identifiers. Cooperatives (law 112-12) are registered with the ODCO and in a
    # local register at a court; GIEs (law 13-97) in the commercial register (RC).
    odco_number = models.CharField(
        _("ODCO registration number"),
        max_length=40,
        blank=True,
        help_text=_("Number given by the Office du Développement de la Coopération."),
    )
    local_register_number = models.CharField(_("local register number"), max_length=40, blank=True)
    court = models.CharField(
        _("court"),
        max_length=120,
        blank=True,
        help_text=_("Court of first instance keeping the local or commercial register."),
    )
    rc_number = models.CharField(_("commercial register (RC) number"), max_length=40, blank=True)
    ice = models.CharField(
        _("ICE"),
        max_length=15,
        blank=True,
        validators=[ice_validator],
        help_text=_("Common company identifier: 15 digits."),
    )
    creation_date = models.DateField(_("creation date"), null=True, blank=True)
    capital_mad = models.DecimalField(
        _("capital (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # Buyers come from anywhere; every other kind is Moroccan.
    country = CountryField(_("country"), default="MA")
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="organizations"
    )
    # Implementing organizations (NGOs) that follow this one: their program managers and
    # trainers see it. Programs (a later app) widen this to their participants.
    stewards = models.ManyToManyField(
        "self",
        verbose_name=_("supporting organizations"),
        symmetrical=False,
        blank=True,
        related_name="stewarded",
    )
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    # Folded, stemmed names and identifiers (see core.text); kept up to date by save().
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_fr", "name_ar", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_fr="") | ~models.Q(name_ar=""),
                name="organization_has_a_name",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganizationKind.values), name="organization_kind_known"
            ),
            # The "unique" code files a violation under the field (see
            # Model.validate_constraints), so forms show it beside the number.
            models.UniqueConstraint(
                fields=["odco_number"],
                condition=~models.Q(odco_number=""),
                name="organization_unique_odco_number",
                violation_error_code="unique",
                violation_error_message=_(
                    "Another organization already has this ODCO registration number."
                ),
            ),
            models.UniqueConstraint(
                fields=["ice"],
                condition=~models.Q(ice=""),
                name="organization_unique_ice",
                violation_error_code="unique",
                violation_error_message=_("Another organization already has this ICE."),
            ),
            models.UniqueConstraint(
                fields=["rc_number", "court"],
                condition=~models.Q(rc_number=""),
                name="organization_unique_rc_per_court",
                violation_error_message=_(
                    "Another organization already has this commercial register number "
                    "at this court."
                ),
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def other_name(self) -> str:
        """The name in the other script when there are both (shown muted beside `name`)."""
        if not (self.name_fr and self.name_ar):
            return ""
        return self.name_fr if self.name == self.name_ar else self.name_ar

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def get_absolute_url(self) -> str:
        return reverse("registry:organization_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        if not self.name_fr.strip() and not self.name_ar.strip():
            errors.setdefault("name_fr", []).append(
                ValidationError(_("Give a name in French or in Arabic (or both)."))
            )
        allowed = self.KIND_FIELDS.get(self.kind, frozenset())
        for name in sorted(self.KIND_SPECIFIC_FIELDS - allowed):
            if getattr(self, name) not in (None, ""):
                errors.setdefault(name, []).append(
                    ValidationError(_("This kind of organization has no such detail."))
                )
        commune = self.commune if self.commune_id else None
        if commune is not None and self.province_id and commune.province_id != self.province_id:
            errors.setdefault("commune", []).append(
                ValidationError(_("This commune is not in the chosen province."))
            )
        if self.creation_date and self.creation_date > timezone.localdate():
            errors.setdefault("creation_date", []).append(
                ValidationError(_("The creation date cannot be in the future."))
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        commune = self.commune if self.commune_id else None
        if commune is not None:
            # The province is derived from the commune whenever one is given.
            self.province_id = commune.province_id
        self.search_text = search_document(
            self.name_fr, self.name_ar, self.odco_number, self.ice, self.rc_number
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Person(TimeStampedModel):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Woman")
        MALE = "male", _("Man")

    class ConsentScope(models.TextChoices):
        PROGRAM = "program", _("Program follow-up only")
        STATISTICS = "statistics", _("Program follow-up and anonymous statistics")
        CONTACT = "contact", _("Also contact by program partners")

    first_name_latin = models.CharField(_("first name (Latin script)"), max_length=80, blank=True)
    last_name_latin = models.CharField(_("last name (Latin script)"), max_length=80, blank=True)
    first_name_ar = models.CharField(_("first name (Arabic script)"), max_length=80, blank=True)
    last_name_ar = models.CharField(_("last name (Arabic script)"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    national_id = models.CharField(
        _("national ID (CIN)"),
        max_length=8,
        blank=True,
        validators=[cin_validator],
        help_text=_("Optional. Never shown in lists, masked on pages."),
    )
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_scope = models.CharField(
        _("consent scope"), max_length=16, choices=ConsentScope.choices, blank=True
    )
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name_latin", "first_name_latin", "last_name_ar", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(first_name_latin="") & ~models.Q(last_name_latin=""))
                | (~models.Q(first_name_ar="") & ~models.Q(last_name_ar="")),
                name="person_has_a_full_name",
            ),
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~models.Q(national_id=""),
                name="person_unique_national_id",
                violation_error_code="unique",
                violation_error_message=_(
                    "Another person is already registered with this national ID."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name_latin(self) -> str:
        return f"{self.first_name_latin} {self.last_name_latin}".strip()

    @property
    def full_name_ar(self) -> str:
        return f"{self.first_name_ar} {self.last_name_ar}".strip()

    @property
    def full_name(self) -> str:
        if current_language() == "ar":
            return self.full_name_ar or self.full_name_latin
        return self.full_name_latin or self.full_name_ar

    @property
    def other_full_name(self) -> str:
        """The name in the other script when there are both (shown muted beside it)."""
        latin, arabic = self.full_name_latin, self.full_name_ar
        if not (latin and arabic):
            return ""
        return latin if self.full_name == arabic else arabic

    @property
    def masked_national_id(self) -> str:
        """JB123456 -> JB****56: enough to tell two people apart, not to copy the ID."""
        cin = self.national_id
        if not cin:
            return ""
        letters = re.match(r"[A-Z]*", cin).group(0)  # type: ignore[union-attr]
        digits = cin[len(letters) :]
        return letters + "•" * max(len(digits) - 2, 0) + digits[-2:]

    def age_in(self, year: int | None = None) -> int | None:
        if not self.birth_year:
            return None
        return (year or timezone.localdate().year) - self.birth_year

    @property
    def is_youth(self) -> bool:
        age = self.age_in()
        return age is not None and age < YOUTH_MAX_AGE

    def get_absolute_url(self) -> str:
        return reverse("registry:person_detail", args=[self.pk])

    def clean(self) -> None:
        has_latin = self.first_name_latin.strip() and self.last_name_latin.strip()
        has_arabic = self.first_name_ar.strip() and self.last_name_ar.strip()
        if not has_latin and not has_arabic:
            raise ValidationError(
                {
                    "first_name_latin": _(
                        "Give a first and last name in Latin script, in Arabic script, or both."
                    )
                }
            )
        this_year = timezone.localdate().year
        if self.birth_year and not (this_year - 110 <= self.birth_year <= this_year - 10):
            raise ValidationError(
                {
                    "birth_year": _("Enter a year of birth between %(oldest)s and %(youngest)s.")
                    % {"oldest": this_year - 110, "youngest": this_year - 10}
                }
            )
        if self.consent_scope and not self.consent_date:
            raise ValidationError({"consent_date": _("Give the date consent was given.")})
        if self.consent_date and self.consent_date > timezone.localdate():
            raise ValidationError({"consent_date": _("The consent date cannot be in the future.")})

    def save(self, *args: object, **kwargs: object) -> None:
        self.national_id = self.national_id.upper().replace(" ", "")
        # The national ID is deliberately not searchable: it is masked everywhere.
        self.search_text = search_document(
            self.first_name_latin, self.last_name_latin, self.first_name_ar, self.last_name_ar
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class MembershipRole(models.TextChoices):
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-president")
    TREASURER = "treasurer", _("Treasurer")
    SECRETARY = "secretary", _("Secretary")
    BOARD_MEMBER = "board_member", _("Board member")
    MEMBER = "member", _("Member")
    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")


class Membership(TimeStampedModel):
    Role = MembershipRole

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    since = models.DateField(_("since"), default=timezone.localdate)
    until = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization_id", "-since", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="membership_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=MembershipRole.values), name="membership_role_known"
            ),
            # One open-ended membership per person and organization: a change of role
            # ends the old membership and starts a new one, so history stays readable.
            models.UniqueConstraint(
                fields=["person", "organization"],
                condition=models.Q(until__isnull=True),
                name="membership_one_open_per_person_and_organization",
                violation_error_message=_(
                    "This person already has an open membership in this organization."
                ),
            ),
        ]
        indexes = [models.Index(fields=["organization", "until"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} — {self.organization}"

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until > timezone.localdate()

    def clean(self) -> None:
        if self.until and self.since and self.until < self.since:
            raise ValidationError({"until": _("The end date must be on or after the start date.")})
