"""Training fixtures: a program run by an NGO with one cohort, a cooperative taking part
with members, a course, its staff (program manager, trainer), another NGO's trainer, a
cooperative manager and a funder; sessions in the past and in the future.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation

from tiwizi.accounts.models import Role, User
from tiwizi.geo.models import Commune
from tiwizi.programs.models import Cohort, Participation, PartnerRole, Program
from tiwizi.registry.models import Membership, Organization, Person
from tiwizi.training import services
from tiwizi.training.models import Course, Session
from tiwizi.training.tests.helpers import moment


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are asserted in English, whatever the catalogues translate."""
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client_for: Callable[[User], Any]) -> Callable[..., Any]:
    def make(user: User, language: str = "en") -> Any:
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


@pytest.fixture
def commune(db: None) -> Commune:
    return Commune.objects.get(code__startswith="08.401", name_fr="Ouarzazate")


@pytest.fixture
def program(ngo: Organization) -> Program:
    today = timezone.localdate()
    program = Program.objects.create(
        name_fr="Programme Safran Solidaire",
        name_ar="برنامج الزعفران التضامني",
        status=Program.Status.ACTIVE,
        start_date=today - datetime.timedelta(days=730),
        end_date=today + datetime.timedelta(days=730),
    )
    PartnerRole.objects.create(program=program, organization=ngo, role=PartnerRole.Role.IMPLEMENTER)
    return program


@pytest.fixture
def cohort(program: Program) -> Cohort:
    return Cohort.objects.create(
        program=program, name="Cohorte 2025", start_date=program.start_date,
        end_date=program.end_date,
    )  # fmt: skip


@pytest.fixture
def cooperative(make_organization: Callable[..., Organization], cohort: Cohort) -> Organization:
    cooperative = make_organization(
        name_fr="Coopérative Safran Taliouine", name_ar="تعاونية زعفران تالوين"
    )
    Participation.objects.create(
        cohort=cohort, organization=cooperative, status=Participation.Status.ACTIVE
    )
    return cooperative


@pytest.fixture
def other_cooperative(
    make_organization: Callable[..., Organization], cohort: Cohort
) -> Organization:
    other = make_organization(name_fr="Coopérative Argan Aït Baha", name_ar="تعاونية أركان")
    Participation.objects.create(
        cohort=cohort, organization=other, status=Participation.Status.ACTIVE
    )
    return other


@pytest.fixture
def fatima(cooperative: Organization) -> Person:
    person = Person.objects.create(
        first_name_latin="Fatima", last_name_latin="Aït Lahcen",
        first_name_ar="فاطمة", last_name_ar="آيت لحسن", sex=Person.Sex.FEMALE, birth_year=1995,
    )  # fmt: skip
    Membership.objects.create(person=person, organization=cooperative)
    return person


@pytest.fixture
def trainer(make_user: Callable[..., User], ngo: Organization) -> User:
    return make_user(Role.TRAINER, ngo, full_name="Youssef Formateur")


@pytest.fixture
def other_ngo(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.NGO, name_fr="Autre Association")


@pytest.fixture
def other_trainer(make_user: Callable[..., User], other_ngo: Organization) -> User:
    return make_user(Role.TRAINER, other_ngo, full_name="Karim Ailleurs")


@pytest.fixture
def cooperative_manager(make_user: Callable[..., User], cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, cooperative)


@pytest.fixture
def other_manager(make_user: Callable[..., User], other_cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, other_cooperative)


@pytest.fixture
def funder(
    make_user: Callable[..., User], make_organization: Callable[..., Any], program: Program
) -> User:
    fund = make_organization(Organization.Kind.INSTITUTION, name_fr="Fonds de développement")
    PartnerRole.objects.create(program=program, organization=fund, role=PartnerRole.Role.FUNDER)
    return make_user(Role.FUNDER, fund)


@pytest.fixture
def course(program_manager: User) -> Course:
    return services.create_course(
        program_manager,
        {
            "title_fr": "Gestion comptable d'une coopérative",
            "title_ar": "التسيير المحاسبي للتعاونية",
            "objectives": "Tenir un livre de caisse.",
            "topics": "Livre de caisse\nFactures",
            "duration_hours": Decimal("12"),
            "languages": ["ar", "ber"],
        },
    )


@pytest.fixture
def make_session(
    course: Course, cohort: Cohort, commune: Commune, trainer: User, program_manager: User
) -> Callable[..., Session]:
    def make(days: float = -2, hours: int = 3, **fields: Any) -> Session:
        starts = fields.pop("starts_at", moment(days))
        data = {
            "course": course, "cohort": cohort, "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=hours), "commune": commune,
            "venue": "Maison des jeunes", "trainer": trainer, "capacity": 60, **fields,
        }  # fmt: skip
        return services.schedule_session(program_manager, data)

    return make


@pytest.fixture
def past_session(make_session: Callable[..., Session]) -> Session:
    return make_session(days=-2)


@pytest.fixture
def future_session(make_session: Callable[..., Session]) -> Session:
    return make_session(days=5)
