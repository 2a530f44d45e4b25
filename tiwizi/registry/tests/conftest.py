"""Registry fixtures: two cooperatives, their managers, staff of the supporting NGO,
a funder and a buyer, and a member recorded through the services."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from tiwizi.accounts.models import Role, User
from tiwizi.geo.models import Commune, Province
from tiwizi.registry import services
from tiwizi.registry.models import Membership, Organization


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are asserted in English, whatever the catalogues translate."""
    with translation.override("en"):
        yield


@pytest.fixture
def province(db: None) -> Province:
    return Province.objects.filter(communes__isnull=False).order_by("code").first()


@pytest.fixture
def commune(province: Province) -> Commune:
    return province.communes.order_by("code").first()


@pytest.fixture
def commune_elsewhere(province: Province) -> Commune:
    """A commune in another province, and in another region too."""
    return Commune.objects.exclude(province__region=province.region_id).order_by("code").first()


@pytest.fixture
def cooperative(
    make_organization: Callable[..., Organization], ngo: Organization, commune: Commune
) -> Organization:
    return make_organization(
        name_fr="Coopérative Safran Taliouine",
        name_ar="تعاونية زعفران تالوين",
        odco_number="ODCO-2019-001",
        commune=commune,
        stewards=[ngo],
    )


@pytest.fixture
def other_cooperative(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(name_fr="Coopérative Argan Aït Baha", name_ar="تعاونية أركان أيت باها")


@pytest.fixture
def cooperative_manager(make_user: Callable[..., User], cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, cooperative)


@pytest.fixture
def other_manager(make_user: Callable[..., User], other_cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, other_cooperative)


@pytest.fixture
def trainer(make_user: Callable[..., User], ngo: Organization) -> User:
    return make_user(Role.TRAINER, ngo)


@pytest.fixture
def funder(make_user: Callable[..., User], make_organization: Callable[..., Any]) -> User:
    fund = make_organization(Organization.Kind.INSTITUTION, name_fr="Fonds de développement")
    return make_user(Role.FUNDER, fund)


@pytest.fixture
def buyer(make_user: Callable[..., User], make_organization: Callable[..., Any]) -> User:
    shop = make_organization(Organization.Kind.BUYER, name_fr="Épicerie fine Rabat")
    return make_user(Role.BUYER, shop)


PERSON = {
    "first_name_latin": "Fatima",
    "last_name_latin": "Aït Lahcen",
    "first_name_ar": "فاطمة",
    "last_name_ar": "آيت لحسن",
    "sex": "female",
    "birth_year": 1992,
    "phone": "+212661234567",
    "national_id": "JB123456",
}


@pytest.fixture
def membership(cooperative: Organization, program_manager: User) -> Membership:
    return services.create_person_with_membership(
        program_manager,
        PERSON,
        cooperative,
        role=Membership.Role.PRESIDENT,
        since=datetime.date(2020, 1, 15),
    )


@pytest.fixture
def member(membership: Membership) -> Any:
    return membership.person


@pytest.fixture
def client_for(client_for: Callable[[User], Any]) -> Callable[..., Any]:
    """The shared fixture, reading pages in English unless a test asks otherwise."""

    def make(user: User, language: str = "en") -> Any:
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make
