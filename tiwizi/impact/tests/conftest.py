"""Fixtures of the impact tests: a small program with participating cooperatives."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tiwizi.accounts.models import Role, User
from tiwizi.impact.models import PeriodicReport
from tiwizi.programs.models import Cohort, Participation, PartnerRole, Program
from tiwizi.registry.models import Organization

YEAR = 2026


@pytest.fixture
def province(db: None) -> Any:
    from tiwizi.geo.models import Province

    return Province.objects.get(code="08.401")  # Ouarzazate


@pytest.fixture
def program(db: None, ngo: Organization) -> Program:
    program = Program.objects.create(
        name_fr="Programme impact",
        status=Program.Status.ACTIVE,
        start_date=datetime.date(YEAR - 1, 1, 1),
        end_date=datetime.date(YEAR + 1, 12, 31),
    )
    PartnerRole.objects.create(program=program, organization=ngo, role=PartnerRole.Role.IMPLEMENTER)
    return program


@pytest.fixture
def cohort(program: Program) -> Cohort:
    return Cohort.objects.create(
        program=program,
        name="Cohorte A",
        start_date=program.start_date,
        end_date=program.end_date,
    )


@pytest.fixture
def make_cooperative(
    make_organization: Callable[..., Organization], cohort: Cohort, ngo: Organization, province: Any
) -> Callable[..., Organization]:
    """A cooperative taking part in the cohort, supported by the NGO."""

    def make(**fields: Any) -> Organization:
        fields.setdefault("province", province)
        organization = make_organization(stewards=[ngo], **fields)
        Participation.objects.create(
            cohort=cohort, organization=organization, status=Participation.Status.ACTIVE
        )
        return organization

    return make


@pytest.fixture
def make_report() -> Callable[..., PeriodicReport]:
    def make(organization: Organization, **fields: Any) -> PeriodicReport:
        values: dict[str, Any] = {
            "year": YEAR,
            "quarter": 1,
            "members_women": 6,
            "members_men": 4,
            "members_under_35": 3,
            "jobs_permanent": 5,
            "jobs_seasonal": 2,
            "jobs_women": 4,
            "jobs_under_35": 2,
            "revenue_mad": Decimal("10000"),
        }
        values.update(fields)
        return PeriodicReport.objects.create(organization=organization, **values)

    return make


@pytest.fixture
def funder(
    make_user: Callable[..., Any], make_organization: Callable[..., Organization], program: Program
) -> Any:
    funding = make_organization(Organization.Kind.INSTITUTION, name_fr="Fondation RSE")
    PartnerRole.objects.create(program=program, organization=funding, role=PartnerRole.Role.FUNDER)
    return make_user(Role.FUNDER, funding)


# --- Language: messages are asserted in English, whatever the catalogues translate -----


@pytest.fixture(autouse=True)
def _english() -> Any:
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client: Any) -> Any:
    """Anonymous pages read in English unless a test asks for another language."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def client_for(client_for: Callable[[User], Any]) -> Callable[..., Any]:
    """The shared fixture, reading pages in English unless a test asks otherwise."""

    def make(user: User, language: str = "en") -> Any:
        signed_in = client_for(user)
        signed_in.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return signed_in

    return make
