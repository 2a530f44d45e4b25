"""Assessment fixtures: an NGO runs a program funded by a fund; a cohort with a
cooperative taking part; another cooperative outside it; people of each role; the
default framework shipped by migration 0002. Built through the services."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from tiwizi.accounts.models import Role, User
from tiwizi.assessment import services
from tiwizi.assessment.models import Assessment, FrameworkVersion, Question
from tiwizi.geo.models import Province
from tiwizi.programs import services as program_services
from tiwizi.programs.models import Cohort, Participation, PartnerRole, Program
from tiwizi.registry.models import Organization

BASELINE_DAY = datetime.date(2025, 3, 10)
FOLLOW_UP_DAY = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are asserted in English, whatever the catalogues translate."""
    with translation.override("en"):
        yield


@pytest.fixture
def version(db: None) -> FrameworkVersion:
    """Version 1 of the default framework (6 dimensions, 30 questions)."""
    found = FrameworkVersion.objects.latest_published("cooperative-capacity")
    assert found is not None
    return found


@pytest.fixture
def ouarzazate(db: None) -> Province:
    return Province.objects.get(name_fr="Ouarzazate")


@pytest.fixture
def trainer(make_user: Callable[..., User], ngo: Organization) -> User:
    return make_user(Role.TRAINER, ngo)


@pytest.fixture
def fund(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.INSTITUTION, name_fr="Fonds de développement")


@pytest.fixture
def funder(make_user: Callable[..., User], fund: Organization) -> User:
    return make_user(Role.FUNDER, fund)


@pytest.fixture
def other_ngo(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(Organization.Kind.NGO, name_fr="Autre Association")


@pytest.fixture
def other_manager(make_user: Callable[..., User], other_ngo: Organization) -> User:
    """A program manager of another NGO, which has nothing to do with the program."""
    return make_user(Role.PROGRAM_MANAGER, other_ngo)


@pytest.fixture
def cooperative(
    make_organization: Callable[..., Organization], ouarzazate: Province
) -> Organization:
    return make_organization(
        name_fr="Coopérative Safran Taliouine", name_ar="تعاونية زعفران تالوين", province=ouarzazate
    )


@pytest.fixture
def other_cooperative(make_organization: Callable[..., Organization]) -> Organization:
    """A cooperative in no program of the NGO."""
    return make_organization(name_fr="Coopérative Argan Aït Baha", name_ar="تعاونية أركان أيت باها")


@pytest.fixture
def cooperative_manager(make_user: Callable[..., User], cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, cooperative)


@pytest.fixture
def other_cooperative_manager(
    make_user: Callable[..., User], other_cooperative: Organization
) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, other_cooperative)


@pytest.fixture
def program(program_manager: User, fund: Organization, ouarzazate: Province) -> Program:
    program = program_services.create_program(
        program_manager,
        {
            "name_fr": "Programme Oasis Solidaires",
            "name_ar": "برنامج الواحات المتضامنة",
            "status": Program.Status.ACTIVE,
            "start_date": datetime.date(2025, 1, 1),
            "end_date": datetime.date(2026, 12, 31),
            "target_provinces": [ouarzazate],
        },
    )
    program_services.add_partner(program_manager, program, fund, PartnerRole.Role.FUNDER)
    return program


@pytest.fixture
def cohort(program: Program, program_manager: User) -> Cohort:
    return program_services.add_cohort(
        program_manager,
        program,
        {
            "name": "Promotion 2025",
            "start_date": datetime.date(2025, 3, 1),
            "end_date": datetime.date(2026, 12, 15),
        },
    )


@pytest.fixture
def enroll(cohort: Cohort, program_manager: User) -> Callable[..., list[Participation]]:
    def do(*organizations: Organization, status: str = Participation.Status.ACTIVE) -> Any:
        return program_services.enroll_organization(
            program_manager, cohort, list(organizations), status
        )

    return do


@pytest.fixture
def participation(enroll: Callable[..., Any], cooperative: Organization) -> Participation:
    (participation,) = enroll(cooperative)
    return participation


@pytest.fixture
def questions(version: FrameworkVersion) -> dict[str, list[Question]]:
    """The version's questions, by dimension code, in order."""
    by_dimension: dict[str, list[Question]] = {}
    for question in (
        Question.objects.filter(dimension__version=version)
        .select_related("dimension")
        .order_by("dimension__position", "position")
    ):
        by_dimension.setdefault(question.dimension.code, []).append(question)
    return by_dimension


@pytest.fixture
def make_assessment(
    program_manager: User, version: FrameworkVersion, questions: dict[str, list[Question]]
) -> Callable[..., Assessment]:
    """An assessment through the services: `levels` maps a dimension code to the levels of
    its first questions (or one level for all of them); submitted unless told not."""

    def make(
        organization: Organization,
        levels: dict[str, Any] | int | None = None,
        *,
        kind: str = Assessment.Kind.BASELINE,
        date: datetime.date = BASELINE_DAY,
        submit: bool = True,
        actor: User | None = None,
        is_self_assessment: bool = False,
    ) -> Assessment:
        actor = actor or program_manager
        assessment = services.start_assessment(
            actor, organization, kind=kind, date=date, version=version,
            is_self_assessment=is_self_assessment,
        )  # fmt: skip
        if levels is None:
            levels = 2
        for code, dimension_questions in questions.items():
            chosen = levels if isinstance(levels, int) else levels.get(code, [])
            if isinstance(chosen, int):
                chosen = [chosen] * len(dimension_questions)
            for question, level in zip(dimension_questions, chosen, strict=False):
                services.record_answer(actor, assessment, question, level)
        if submit:
            assessment = services.submit_assessment(actor, assessment)
        return assessment

    return make


@pytest.fixture
def client_for(client_for: Callable[[User], Any]) -> Callable[..., Any]:
    """The shared fixture, reading pages in English unless a test asks otherwise."""

    def make(user: User, language: str = "en") -> Any:
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make
