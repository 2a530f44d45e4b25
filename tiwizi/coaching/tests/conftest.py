"""Coaching fixtures: a program implemented by the test NGO, its coach, a cooperative
with its manager and a plan built through the services; and outsiders (the coach of
another NGO, another cooperative's manager, a funder, a buyer)."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone, translation

from tiwizi.accounts.models import Role, User
from tiwizi.coaching import services
from tiwizi.coaching.models import CoachingPlan
from tiwizi.programs.models import PartnerRole, Program
from tiwizi.registry.models import Organization

TODAY = timezone.localdate()


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
def make_program(db: None) -> Callable[..., Program]:
    def make(implementer: Organization, **fields: Any) -> Program:
        fields.setdefault("name_fr", "Programme Oasis")
        fields.setdefault("status", Program.Status.ACTIVE)
        fields.setdefault("start_date", TODAY - datetime.timedelta(days=365))
        fields.setdefault("end_date", TODAY + datetime.timedelta(days=365))
        program = Program.objects.create(**fields)
        PartnerRole.objects.create(
            program=program, organization=implementer, role=PartnerRole.Role.IMPLEMENTER
        )
        return program

    return make


@pytest.fixture
def program(make_program: Callable[..., Program], ngo: Organization) -> Program:
    return make_program(ngo, name_fr="Programme Safran Drâa")


@pytest.fixture
def coach(make_user: Callable[..., User], ngo: Organization) -> User:
    return make_user(Role.TRAINER, ngo, full_name="Youssef Coach")


@pytest.fixture
def other_ngo(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.NGO, name_fr="Autre Association")


@pytest.fixture
def other_program(make_program: Callable[..., Program], other_ngo: Organization) -> Program:
    return make_program(other_ngo, name_fr="Programme Dattes Zagora")


@pytest.fixture
def other_coach(make_user: Callable[..., User], other_ngo: Organization) -> User:
    return make_user(Role.TRAINER, other_ngo, full_name="Karima Autre")


@pytest.fixture
def other_program_manager(make_user: Callable[..., User], other_ngo: Organization) -> User:
    return make_user(Role.PROGRAM_MANAGER, other_ngo)


@pytest.fixture
def cooperative(make_organization: Callable[..., Organization], ngo: Organization) -> Organization:
    return make_organization(
        name_fr="Coopérative Safran Taliouine", name_ar="تعاونية زعفران تالوين", stewards=[ngo]
    )


@pytest.fixture
def other_cooperative(
    make_organization: Callable[..., Organization], other_ngo: Organization
) -> Organization:
    return make_organization(name_fr="Coopérative Dattes Mhamid", stewards=[other_ngo])


@pytest.fixture
def cooperative_manager(make_user: Callable[..., User], cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, cooperative, full_name="Aicha Gérante")


@pytest.fixture
def other_manager(make_user: Callable[..., User], other_cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, other_cooperative)


@pytest.fixture
def funder(make_user: Callable[..., User], make_organization: Callable[..., Any]) -> User:
    fund = make_organization(Organization.Kind.INSTITUTION, name_fr="Fonds de développement")
    return make_user(Role.FUNDER, fund)


@pytest.fixture
def buyer(make_user: Callable[..., User], make_organization: Callable[..., Any]) -> User:
    shop = make_organization(Organization.Kind.BUYER, name_fr="Épicerie fine Rabat")
    return make_user(Role.BUYER, shop)


@pytest.fixture
def funder_of_program(make_user: Callable[..., User], make_organization: Callable[..., Any],
                      program: Program) -> User:  # fmt: skip
    fund = make_organization(Organization.Kind.INSTITUTION, name_fr="Fonds du programme")
    PartnerRole.objects.create(program=program, organization=fund, role=PartnerRole.Role.FUNDER)
    return make_user(Role.FUNDER, fund)


@pytest.fixture
def plan(program: Program, cooperative: Organization, coach: User,
         program_manager: User) -> CoachingPlan:  # fmt: skip
    return services.create_plan(
        program_manager,
        {
            "program": program,
            "organization": cooperative,
            "coach": coach,
            "start_date": TODAY - datetime.timedelta(days=60),
            "end_date": TODAY + datetime.timedelta(days=300),
            "objective": "Obtenir l'agrément ONSSA et vendre en ligne.",
        },
    )


@pytest.fixture
def other_plan(other_program: Program, other_cooperative: Organization, other_coach: User,
               other_program_manager: User) -> CoachingPlan:  # fmt: skip
    return services.create_plan(
        other_program_manager,
        {
            "program": other_program,
            "organization": other_cooperative,
            "coach": other_coach,
            "start_date": TODAY - datetime.timedelta(days=30),
            "end_date": TODAY + datetime.timedelta(days=200),
        },
    )


@pytest.fixture
def goal(plan: CoachingPlan, coach: User) -> Any:
    return services.add_goal(
        coach, plan, {"text": "Obtenir l'agrément ONSSA", "target_date": plan.end_date}
    )


@pytest.fixture
def visit(plan: CoachingPlan, coach: User) -> Any:
    return services.record_visit(
        coach,
        plan,
        {
            "date": TODAY - datetime.timedelta(days=3),
            "duration_minutes": 90,
            "mode": "on_site",
            "topics": "Comptabilité, registre des ventes",
            "notes": "Trésorière absente; tension au bureau.",
            "next_steps": "Préparer le dossier ONSSA.",
        },
        [
            {"text": "Tenir le registre des ventes", "owner_name": "Fatima",
             "due_date": TODAY + datetime.timedelta(days=10)},
        ],
    )  # fmt: skip


@pytest.fixture
def action(visit: Any) -> Any:
    return visit.action_items.get()
