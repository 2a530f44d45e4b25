"""Programs fixtures: an NGO running a program funded by a fund, a cohort with a
cooperative taking part, and the people of each role, all built through the services."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from tiwizi.accounts.models import Role, User
from tiwizi.geo.models import Province
from tiwizi.programs import services
from tiwizi.programs.models import Cohort, Participation, PartnerRole, Program
from tiwizi.registry.models import Organization

START = datetime.date(2025, 1, 1)
END = datetime.date(2026, 12, 31)


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are asserted in English, whatever the catalogues translate."""
    with translation.override("en"):
        yield


@pytest.fixture
def ouarzazate(db: None) -> Province:
    return Province.objects.get(name_fr="Ouarzazate")


@pytest.fixture
def zagora(db: None) -> Province:
    return Province.objects.get(name_fr="Zagora")


@pytest.fixture
def other_ngo(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.NGO, name_fr="Autre Association")


@pytest.fixture
def other_manager(make_user: Callable[..., User], other_ngo: Organization) -> User:
    """A program manager of another NGO, which has nothing to do with the program."""
    return make_user(Role.PROGRAM_MANAGER, other_ngo)


@pytest.fixture
def trainer(make_user: Callable[..., User], ngo: Organization) -> User:
    return make_user(Role.TRAINER, ngo)


@pytest.fixture
def fund(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.INSTITUTION, name_fr="Fonds de développement")


@pytest.fixture
def funder(make_user: Callable[..., User], fund: Organization) -> User:
    return make_user(Role.FUNDER, fund, full_name="Nadia Bailleur")


@pytest.fixture
def cooperative(
    make_organization: Callable[..., Organization], ouarzazate: Province
) -> Organization:
    return make_organization(
        name_fr="Coopérative Safran Taliouine",
        name_ar="تعاونية زعفران تالوين",
        province=ouarzazate,
    )


@pytest.fixture
def cooperative_manager(make_user: Callable[..., User], cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, cooperative)


@pytest.fixture
def program(
    program_manager: User, ngo: Organization, fund: Organization, ouarzazate: Province
) -> Program:
    program = services.create_program(
        program_manager,
        {
            "name_fr": "Programme Oasis Solidaires",
            "name_ar": "برنامج الواحات المتضامنة",
            "status": Program.Status.ACTIVE,
            "start_date": START,
            "end_date": END,
            "budget_mad": 1_500_000,
            "target_provinces": [ouarzazate],
        },
    )
    services.add_partner(program_manager, program, fund, PartnerRole.Role.FUNDER)
    return program


@pytest.fixture
def cohort(program: Program, program_manager: User) -> Cohort:
    return services.add_cohort(
        program_manager,
        program,
        {
            "name": "Promotion 2025",
            "start_date": datetime.date(2025, 3, 1),
            "end_date": datetime.date(2025, 12, 15),
        },
    )


@pytest.fixture
def participation(
    cohort: Cohort, cooperative: Organization, program_manager: User
) -> Participation:
    (participation,) = services.enroll_organization(
        program_manager, cohort, [cooperative], Participation.Status.SELECTED
    )
    return participation


@pytest.fixture
def client_for(client_for: Callable[[User], Any]) -> Callable[..., Any]:
    """The shared fixture, reading pages in English unless a test asks otherwise."""

    def make(user: User, language: str = "en") -> Any:
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make
