"""Columns of the organization and people list exports.

The headers are the import templates' headers (tiwizi.imports reads them in any of the
three languages) and the values are what the importer accepts, so that a list exported,
edited and imported again updates exactly what was edited, and nothing else.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tiwizi.core.spreadsheets import Column
from tiwizi.registry.models import Membership, Organization, Person

ID_LABEL = _("Tiwizi ID")
ORGANIZATION_LABEL = _("Organization")


def field_label(model: Any, name: str) -> Any:
    """A model field's verbose name, capitalized, still lazy (the reader's language)."""
    verbose = model._meta.get_field(name).verbose_name
    return lazy(lambda: capfirst(str(verbose)), str)()


ORGANIZATION_FIELDS = (
    "kind", "name_fr", "name_ar", "status", "sectors", "odco_number", "local_register_number",
    "court", "rc_number", "ice", "creation_date", "capital_mad", "address", "province",
    "commune", "country", "phone", "email", "website",
)  # fmt: skip
# Between the sectors of one organization in a cell (the importer also reads "," and "،").
SECTOR_SEPARATOR = "; "
PERSON_FIELDS = (
    "last_name_latin", "first_name_latin", "last_name_ar", "first_name_ar", "sex",
    "birth_year", "phone", "email",
)  # fmt: skip
MEMBERSHIP_FIELDS = ("role", "since")


def _organization_value(name: str) -> Any:
    if name in ("kind", "status"):
        return lambda organization: getattr(organization, f"get_{name}_display")()
    if name in ("province", "commune"):
        return lambda organization: (
            getattr(organization, name).name if getattr(organization, f"{name}_id") else ""
        )
    if name == "sectors":
        # Sectors are prefetched by the list; names in the reader's language.
        return lambda organization: SECTOR_SEPARATOR.join(
            sector.name for sector in organization.sectors.all()
        )
    if name == "country":
        # The name in the reader's language (the importer reads it back in any language).
        return lambda organization: organization.country.name
    return lambda organization: getattr(organization, name)


def organization_columns() -> list[Column]:
    columns = [Column(ID_LABEL, lambda organization: organization.pk)]
    columns += [
        Column(field_label(Organization, name), _organization_value(name))
        for name in ORGANIZATION_FIELDS
    ]
    return columns


def person_columns() -> list[Column]:
    """One row per person and current membership (see `person_rows`)."""

    def person_value(name: str) -> Any:
        if name == "sex":
            return lambda row: row[0].get_sex_display()
        return lambda row: getattr(row[0], name)

    columns = [Column(ID_LABEL, lambda row: row[0].pk)]
    columns += [Column(field_label(Person, name), person_value(name)) for name in PERSON_FIELDS]
    columns += [
        Column(ORGANIZATION_LABEL, lambda row: row[1].organization.name if row[1] else ""),
        Column(
            field_label(Membership, "role"),
            lambda row: row[1].get_role_display() if row[1] else "",
        ),
        Column(field_label(Membership, "since"), lambda row: row[1].since if row[1] else ""),
    ]
    return columns


def person_rows(people: Any) -> Any:
    """(person, membership) pairs: a person in two organizations gives two rows, a
    person without a current membership that the reader sees gives one, without it.

    `people` must prefetch memberships `to_attr="visible_memberships"`."""
    for person in people:
        memberships = getattr(person, "visible_memberships", [])
        if not memberships:
            yield person, None
        for membership in memberships:
            yield person, membership
