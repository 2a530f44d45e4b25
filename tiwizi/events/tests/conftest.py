"""Events fixtures: an NGO running a program funded by a fund, the cooperatives it
supports with their members, staff of another NGO, and events built through the services.
"""

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone, translation

from tiwizi.accounts.models import Role, User
from tiwizi.events import services
from tiwizi.events.models import Event
from tiwizi.geo.models import Commune, Province
from tiwizi.programs.models import PartnerRole, Program
from tiwizi.registry import services as registry_services
from tiwizi.registry.models import Organization, Person

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are asserted in English, whatever the catalogues translate."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for: Callable[[User], Any]) -> Callable[..., Any]:
    """The shared fixture, reading pages in English unless a test asks otherwise."""

    def make(user: User, language: str = "en") -> Any:
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


@pytest.fixture
def province(db: None) -> Province:
    return Province.objects.filter(communes__isnull=False).order_by("code").first()


@pytest.fixture
def commune(province: Province) -> Commune:
    return province.communes.order_by("code").first()


@pytest.fixture
def commune_elsewhere(province: Province) -> Commune:
    return Commune.objects.exclude(province=province).order_by("code").first()


@pytest.fixture
def cooperative(
    make_organization: Callable[..., Organization], ngo: Organization, commune: Commune
) -> Organization:
    return make_organization(
        name_fr="Coopérative Safran Taliouine",
        name_ar="تعاونية زعفران تالوين",
        commune=commune,
        province=commune.province,
        stewards=[ngo],
    )


@pytest.fixture
def other_cooperative(
    make_organization: Callable[..., Organization], ngo: Organization
) -> Organization:
    """Also supported by the NGO, managed by someone else."""
    return make_organization(
        name_fr="Coopérative Argan Aït Baha", name_ar="تعاونية أركان أيت باها", stewards=[ngo]
    )


@pytest.fixture
def cooperative_manager(make_user: Callable[..., User], cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, cooperative)


@pytest.fixture
def trainer(make_user: Callable[..., User], ngo: Organization) -> User:
    return make_user(Role.TRAINER, ngo)


@pytest.fixture
def other_ngo(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.NGO, name_fr="Autre Association")


@pytest.fixture
def other_program_manager(make_user: Callable[..., User], other_ngo: Organization) -> User:
    return make_user(Role.PROGRAM_MANAGER, other_ngo)


@pytest.fixture
def fund(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.INSTITUTION, name_fr="Fonds de développement")


@pytest.fixture
def funder(make_user: Callable[..., User], fund: Organization) -> User:
    return make_user(Role.FUNDER, fund)


@pytest.fixture
def buyer(make_user: Callable[..., User], make_organization: Callable[..., Any]) -> User:
    shop = make_organization(Organization.Kind.BUYER, name_fr="Épicerie fine Rabat")
    return make_user(Role.BUYER, shop)


@pytest.fixture
def program(db: None, ngo: Organization, fund: Organization) -> Program:
    program = Program.objects.create(
        name_fr="Programme Oasis Solidaires",
        name_ar="برنامج الواحات التضامنية",
        status="active",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    PartnerRole.objects.create(program=program, organization=ngo, role=PartnerRole.Role.IMPLEMENTER)
    PartnerRole.objects.create(program=program, organization=fund, role=PartnerRole.Role.FUNDER)
    return program


def person_data(**fields: Any) -> dict[str, Any]:
    n = next(_numbers)
    return {
        "first_name_latin": fields.pop("first_name_latin", "Fatima"),
        "last_name_latin": fields.pop("last_name_latin", f"Aït Lahcen {n}"),
        "first_name_ar": fields.pop("first_name_ar", "فاطمة"),
        "last_name_ar": fields.pop("last_name_ar", "آيت لحسن"),
        "sex": fields.pop("sex", "female"),
        "birth_year": fields.pop("birth_year", 1990),
        **fields,
    }


@pytest.fixture
def make_member(program_manager: User) -> Callable[..., Person]:
    def make(organization: Organization, **fields: Any) -> Person:
        membership = registry_services.create_person_with_membership(
            program_manager, person_data(**fields), organization,
            since=datetime.date(2020, 1, 1),
        )  # fmt: skip
        return membership.person

    return make


@pytest.fixture
def member(make_member: Callable[..., Person], cooperative: Organization) -> Person:
    return make_member(
        cooperative, first_name_latin="Fatima", last_name_latin="Ouhammou",
        first_name_ar="فاطمة", last_name_ar="أوحمو",
    )  # fmt: skip


@pytest.fixture
def other_member(make_member: Callable[..., Person], other_cooperative: Organization) -> Person:
    return make_member(
        other_cooperative, first_name_latin="Rachid", last_name_latin="Boutaleb",
        first_name_ar="رشيد", last_name_ar="بوطالب", sex="male",
    )  # fmt: skip


def event_data(**fields: Any) -> dict[str, Any]:
    start = fields.pop("start", timezone.now() + datetime.timedelta(days=10))
    return {
        "kind": Event.Kind.WORKSHOP,
        "title_fr": f"Atelier commercialisation {next(_numbers)}",
        "start": start,
        "end": fields.pop("end", start + datetime.timedelta(hours=6)),
        "venue": "Maison des jeunes",
        "agenda": "Accueil\nAteliers\nSynthèse",
        **fields,
    }


@pytest.fixture
def make_event(program_manager: User, ngo: Organization) -> Callable[..., Event]:
    def make(actor: User | None = None, **fields: Any) -> Event:
        fields.setdefault("organizers", [ngo])
        return services.create_event(actor or program_manager, event_data(**fields))

    return make


@pytest.fixture
def event(make_event: Callable[..., Event], program: Program, commune: Commune) -> Event:
    """An upcoming workshop of the program, organized by the NGO."""
    return make_event(title_fr="Atelier emballage et étiquetage", program=program, commune=commune)


@pytest.fixture
def past_event(make_event: Callable[..., Event], program: Program, commune: Commune) -> Event:
    start = timezone.now() - datetime.timedelta(days=2)
    return make_event(
        title_fr="Journée d'information ODCO", kind=Event.Kind.INFO_DAY, program=program,
        commune=commune, start=start, end=start + datetime.timedelta(hours=5),
    )  # fmt: skip
