"""Pages, panels and figures run the same number of queries whatever the number of
cooperatives and assessments."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tiwizi.assessment import figures, panels
from tiwizi.assessment.models import Answer, Assessment, Question
from tiwizi.assessment.tests.conftest import BASELINE_DAY, FOLLOW_UP_DAY
from tiwizi.programs import services as program_services
from tiwizi.programs.models import Participation
from tiwizi.registry.models import Organization

_numbers = itertools.count()


def _queries(client, url, **params):
    client.get(url, params)  # warm the content-type and other caches up
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _count(function, *args):
    function(*args)
    with CaptureQueriesContext(connection) as context:
        function(*args)
    return len(context.captured_queries)


def _cooperatives(count, cohort, manager):
    organizations = Organization.objects.bulk_create(
        Organization(kind="cooperative", name_fr=f"Coopérative {next(_numbers)}")
        for _ in range(count)
    )
    program_services.enroll_organization(
        manager, cohort, organizations, Participation.Status.ACTIVE
    )
    return organizations


def _assess(organizations, version, kind, date, level):
    """Submitted assessments with every question answered, written in bulk."""
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        Assessment(organization=o, version=version, kind=kind, date=date, status="submitted",
                   submitted_at=now)
        for o in organizations
    )  # fmt: skip
    question_ids = list(
        Question.objects.filter(dimension__version=version).values_list("pk", flat=True)
    )
    Answer.objects.bulk_create(
        Answer(assessment=a, question_id=q, level=(level + i) % 5)
        for i, a in enumerate(assessments)
        for q in question_ids
    )
    return assessments


def _cohort_of(count, cohort, manager, version):
    organizations = _cooperatives(count, cohort, manager)
    _assess(organizations, version, Assessment.Kind.BASELINE, BASELINE_DAY, 1)
    _assess(organizations[: count - 1], version, Assessment.Kind.FOLLOW_UP, FOLLOW_UP_DAY, 3)
    return organizations


def test_the_cohort_page_runs_as_many_queries_for_3_as_for_30_cooperatives(
    client_for, program_manager, funder, cohort, version
):
    url = reverse("assessment:cohort", args=[cohort.pk])
    _cohort_of(3, cohort, program_manager, version)
    few = {user: _queries(client_for(user), url) for user in (program_manager, funder)}
    _cohort_of(27, cohort, program_manager, version)
    many = {user: _queries(client_for(user), url) for user in (program_manager, funder)}
    assert few == many
    assert max(many.values()) <= 15


def test_the_results_page_is_bounded(client_for, program_manager, cohort, version):
    organization = _cohort_of(2, cohort, program_manager, version)[0]  # baseline, follow-up
    url = reverse("assessment:organization", args=[organization.pk])
    few = _queries(client_for(program_manager), url)
    for year in range(2, 9):
        _assess([organization], version, Assessment.Kind.FOLLOW_UP,
                FOLLOW_UP_DAY.replace(month=year), 2)  # fmt: skip
    assert _queries(client_for(program_manager), url) == few
    assert few <= 16


@pytest.mark.parametrize("sort", ["-date", "organization", "kind", "status"])
def test_the_list_is_bounded(client_for, program_manager, cohort, version, sort):
    url = reverse("assessment:index")
    _cohort_of(3, cohort, program_manager, version)
    few = _queries(client_for(program_manager), url, sort=sort)
    _cohort_of(40, cohort, program_manager, version)
    assert _queries(client_for(program_manager), url, sort=sort) == few
    assert few <= 16


def test_the_fill_and_detail_pages_are_bounded(client_for, program_manager, cohort, version):
    (organization,) = _cohort_of(1, cohort, program_manager, version)
    assessment = Assessment.objects.filter(organization=organization).first()
    draft = Assessment.objects.create(
        organization=organization, version=version, kind="midline", date=FOLLOW_UP_DAY
    )
    client = client_for(program_manager)
    assert _queries(client, reverse("assessment:fill", args=[draft.pk])) <= 14
    assert _queries(client, reverse("assessment:detail", args=[assessment.pk])) <= 16
    assert _queries(client, reverse("assessment:submit", args=[draft.pk])) <= 16


def test_the_export_is_bounded(client_for, program_manager, cohort, version):
    url = reverse("assessment:export")
    _cohort_of(3, cohort, program_manager, version)
    few = _queries(client_for(program_manager), url)
    _cohort_of(30, cohort, program_manager, version)
    assert _queries(client_for(program_manager), url) == few


def test_panels_and_figures_are_bounded(
    program_manager, cooperative_manager, cooperative, cohort, version, program
):
    program_services.enroll_organization(
        program_manager, cohort, [cooperative], Participation.Status.ACTIVE
    )
    _assess([cooperative], version, Assessment.Kind.BASELINE, BASELINE_DAY, 2)
    _cooperatives(3, cohort, program_manager)
    counts = (
        _count(panels.staff_panel, program_manager),
        _count(panels.cooperative_panel, cooperative_manager),
        _count(figures.assessment_figures, program),
    )
    _cohort_of(30, cohort, program_manager, version)
    Assessment.objects.bulk_create(
        Assessment(organization=o, version=version, kind="midline", date=FOLLOW_UP_DAY)
        for o in Organization.objects.filter(kind="cooperative")
    )
    assert (
        _count(panels.staff_panel, program_manager),
        _count(panels.cooperative_panel, cooperative_manager),
        _count(figures.assessment_figures, program),
    ) == counts
