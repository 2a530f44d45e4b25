"""Organizations, people and memberships (people never for funders nor buyers)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tiwizi.api.common import get_visible, responses, user_of
from tiwizi.api.errors import forbidden
from tiwizi.api.pagination import DbId, PageParams, keyset_page, page_of
from tiwizi.registry import permissions
from tiwizi.registry.models import (
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    Person,
)

router = Router(tags=["registry"])


# Organizations


class OrganizationOut(Schema):
    id: int
    kind: OrganizationKind
    name: str
    name_fr: str
    name_ar: str
    status: Organization.Status
    description: str
    odco_number: str
    local_register_number: str
    rc_number: str
    ice: str
    creation_date: datetime.date | None
    province_id: int | None
    province_code: str | None
    commune_id: int | None
    country: str
    address: str
    phone: str
    email: str
    website: str
    sector_codes: list[str]
    archived_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_province_code(obj: Organization) -> str | None:
        return obj.province.code if obj.province_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_country(obj: Organization) -> str:
        return str(obj.country or "")

    @staticmethod
    def resolve_sector_codes(obj: Organization) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]


class OrganizationFilters(PageParams):
    q: str | None = Field(None, max_length=200, description="Search names and identifiers.")
    kind: OrganizationKind | None = None
    status: Organization.Status | None = None
    province: DbId | None = Field(None, description="Province id.")
    region: DbId | None = Field(None, description="Region id.")
    archived: bool = Field(False, description="Include archived organizations.")


def _organizations(user: Any) -> Any:
    return (
        Organization.objects.visible_to(user).select_related("province").prefetch_related("sectors")
    )


@router.get(
    "/organizations",
    response=responses(page_of(OrganizationOut, "OrganizationPage")),
    summary="List organizations",
)
def list_organizations(request: HttpRequest, filters: Query[OrganizationFilters]) -> Any:
    organizations = _organizations(user_of(request))
    if not filters.archived:
        organizations = organizations.active()
    if filters.kind:
        organizations = organizations.filter(kind=filters.kind)
    if filters.status:
        organizations = organizations.filter(status=filters.status)
    if filters.province:
        organizations = organizations.filter(province_id=filters.province)
    if filters.region:
        organizations = organizations.in_region(filters.region)
    organizations = organizations.search(filters.q or "")
    return keyset_page(organizations, filters)


@router.get(
    "/organizations/{organization_id}",
    response=responses(OrganizationOut),
    summary="One organization",
)
def get_organization(request: HttpRequest, organization_id: int) -> Any:
    return get_visible(_organizations(user_of(request)), organization_id)


# People


class MembershipOut(Schema):
    id: int
    person_id: int
    organization_id: int
    role: MembershipRole
    since: datetime.date
    until: datetime.date | None
    is_current: bool


class PersonOut(Schema):
    id: int
    first_name_latin: str
    last_name_latin: str
    first_name_ar: str
    last_name_ar: str
    full_name: str
    sex: Person.Sex
    birth_year: int | None
    phone: str
    email: str
    national_id_masked: str = Field(
        description="The national ID (CIN) masked as on the pages, e.g. JB••••56."
    )
    consent_date: datetime.date | None
    consent_scope: str
    memberships: list[MembershipOut]
    archived_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_national_id_masked(obj: Person) -> str:
        return obj.masked_national_id

    @staticmethod
    def resolve_memberships(obj: Person) -> list[Membership]:
        return list(obj.visible_memberships)  # type: ignore[attr-defined]


class PersonFilters(PageParams):
    q: str | None = Field(None, max_length=200, description="Search names (any script).")
    sex: Person.Sex | None = None
    organization: DbId | None = Field(None, description="Members (past or present) of it.")
    archived: bool = Field(False, description="Include archived people.")


def _require_people_access(user: Any) -> None:
    """Funders and buyers never read a person's record: refused outright (403)."""
    if not permissions.can_see_people(user):
        raise forbidden()


def _people(user: Any) -> Any:
    memberships = Membership.objects.visible_to(user).order_by("id")
    return Person.objects.visible_to(user).prefetch_related(
        Prefetch("memberships", memberships, to_attr="visible_memberships")
    )


@router.get("/people", response=responses(page_of(PersonOut, "PersonPage")), summary="List people")
def list_people(request: HttpRequest, filters: Query[PersonFilters]) -> Any:
    user = user_of(request)
    _require_people_access(user)
    people = _people(user)
    if not filters.archived:
        people = people.active()
    if filters.sex:
        people = people.filter(sex=filters.sex)
    if filters.organization:
        members = Membership.objects.filter(organization_id=filters.organization)
        people = people.filter(id__in=members.values("person_id"))
    people = people.search(filters.q or "")
    return keyset_page(people, filters)


@router.get("/people/{person_id}", response=responses(PersonOut), summary="One person")
def get_person(request: HttpRequest, person_id: int) -> Any:
    user = user_of(request)
    _require_people_access(user)
    return get_visible(_people(user), person_id)


class MembershipFilters(PageParams):
    organization: DbId | None = None
    person: DbId | None = None
    current: bool | None = Field(None, description="true: current only; false: ended only.")


@router.get(
    "/memberships",
    response=responses(page_of(MembershipOut, "MembershipPage")),
    summary="List memberships",
)
def list_memberships(request: HttpRequest, filters: Query[MembershipFilters]) -> Any:
    user = user_of(request)
    _require_people_access(user)
    memberships = Membership.objects.visible_to(user)
    if filters.organization:
        memberships = memberships.filter(organization_id=filters.organization)
    if filters.person:
        memberships = memberships.filter(person_id=filters.person)
    if filters.current is True:
        memberships = memberships.current()
    elif filters.current is False:
        memberships = memberships.ended()
    return keyset_page(memberships, filters)
