"""No program page answers 500 to anything a browser can send."""

import pytest
from django.urls import reverse

from tiwizi.programs import services
from tiwizi.programs.models import Cohort, Contribution, Participation, Program

BAD_QUERIES = [
    {"page": "abc"}, {"page": "99999"}, {"page": "-1"}, {"page": "0"}, {"page": "1.5"},
    {"page": "9" * 40}, {"sort": "bogus"}, {"sort": "-"}, {"sort": "--name"},
    {"sort": "name;drop table"}, {"status": "spaceship"}, {"province": "abc"},
    {"province": "9" * 40}, {"province": "-3"}, {"q": "\x00"}, {"q": "x" * 5000},
    {"q": "%_%\\"}, {"q": "' OR 1=1 --"}, {"q": "برامج", "page": "2", "sort": "-participants"},
]  # fmt: skip


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda q: repr(q)[:40])
def test_bad_list_params_never_500(query, client_for, program_manager, program):
    client = client_for(program_manager)
    url = reverse("programs:program_list")
    assert client.get(url, query).status_code == 200
    htmx = client.get(url, query, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="program-results")
    assert htmx.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/programs/99999999999999999999999/", "/programs/cohorts/99999999999999999999999/",
     "/programs/contributions/99999999999999999999999/edit/", "/programs/0/edit/",
     "/programs/partners/99999999999999999999/remove/", "/programs/cohorts/0/enroll/"],
)  # fmt: skip
def test_unknown_or_huge_ids_are_404(path, client_for, platform_admin):
    assert client_for(platform_admin).get(path).status_code == 404


BAD_PROGRAMS = [
    {}, {"name_fr": "X", "start_date": "garbage", "end_date": "2025-02-30"},
    {"name_fr": "X", "start_date": "9999999-01-01", "end_date": "2025-01-01"},
    {"name_fr": "X", "budget_mad": "1e400", "start_date": "2025-01-01", "end_date": "2025-02-01"},
    {"name_fr": "X", "budget_mad": "NaN", "start_date": "2025-01-01", "end_date": "2025-02-01"},
    {"name_fr": "X", "budget_mad": "-5", "start_date": "2025-01-01", "end_date": "2025-02-01"},
    {"name_fr": "X" * 500, "status": "spaceship", "target_provinces": ["abc", "9" * 40]},
    {"name_fr": "X", "implementer": "9" * 40, "start_date": "2025-01-01"},
]  # fmt: skip


@pytest.mark.parametrize("data", BAD_PROGRAMS, ids=lambda d: repr(d)[:40])
def test_bad_program_input_never_500(data, client_for, program_manager, program):
    client = client_for(program_manager)
    count = Program.objects.count()
    for url in (
        reverse("programs:program_create"),
        reverse("programs:program_edit", args=[program.pk]),
    ):
        assert client.post(url, data).status_code == 200
    assert Program.objects.count() == count


BAD_COHORTS = [
    {}, {"name": "A", "start_date": "x", "end_date": "y"},
    {"name": "A", "start_date": "2025-13-01", "end_date": "2025-01-01"},
    {"name": "", "start_date": "2025-03-01", "end_date": "2025-04-01"},
    {"name": "A" * 500, "start_date": "2025-03-01", "end_date": "2025-04-01"},
]  # fmt: skip


@pytest.mark.parametrize("data", BAD_COHORTS, ids=lambda d: repr(d)[:40])
def test_bad_cohort_input_never_500(data, client_for, program_manager, program, cohort):
    client = client_for(program_manager)
    assert client.post(reverse("programs:cohort_add", args=[program.pk]), data).status_code == 200
    assert client.post(reverse("programs:cohort_edit", args=[cohort.pk]), data).status_code == 200
    assert Cohort.objects.count() == 1


BAD_ENROLLMENTS = [
    {}, {"organizations": "abc"}, {"organizations": ["9" * 40], "status": "selected",
                                   "since": "2025-01-01"},
    {"organizations": ["1", "x"], "status": "nope", "since": "never"},
]  # fmt: skip


@pytest.mark.parametrize("data", BAD_ENROLLMENTS, ids=lambda d: repr(d)[:40])
def test_bad_enrollment_input_never_500(data, client_for, program_manager, cohort):
    response = client_for(program_manager).post(
        reverse("programs:cohort_enroll", args=[cohort.pk]), data
    )
    assert response.status_code == 200
    assert not Participation.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"status": "x" * 1000}, {"status": "active", "since": "garbage"},
     {"status": "active", "since": "2025-02-30"}],
)  # fmt: skip
def test_bad_status_input_never_500(data, client_for, program_manager, participation):
    url = reverse("programs:participation_status", args=[participation.pk])
    client = client_for(program_manager)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    participation.refresh_from_db()
    assert participation.status == Participation.Status.SELECTED


BAD_CONTRIBUTIONS = [
    {}, {"partner": "abc", "kind": "gold", "amount_mad": "lots"},
    {"partner": "9" * 40, "kind": "cash", "amount_mad": "1e400", "status": "pledged",
     "date": "2025-01-01"},
    {"kind": "cash", "amount_mad": "-1", "status": "maybe", "date": "yesterday"},
    {"kind": "cash", "amount_mad": "99999999999999999999", "status": "pledged"},
]  # fmt: skip


@pytest.mark.parametrize("data", BAD_CONTRIBUTIONS, ids=lambda d: repr(d)[:40])
def test_bad_contribution_input_never_500(data, client_for, program_manager, program, fund):
    contribution = services.record_contribution(
        program_manager, program, {"partner": fund, "kind": "cash", "amount_mad": 1}
    )
    client = client_for(program_manager)
    for url in (
        reverse("programs:contribution_add", args=[program.pk]),
        reverse("programs:contribution_edit", args=[contribution.pk]),
    ):
        assert client.post(url, data).status_code == 200
    assert Contribution.objects.get().amount_mad == 1


@pytest.mark.parametrize(
    "data", [{}, {"organization": "abc", "role": "king"}, {"organization": "9" * 40}]
)
def test_bad_partner_input_never_500(data, client_for, program_manager, program):
    response = client_for(program_manager).post(
        reverse("programs:partner_add", args=[program.pk]), data
    )
    assert response.status_code == 200


def test_other_methods_are_refused(client_for, program_manager, program, participation):
    client = client_for(program_manager)
    url = reverse("programs:program_edit", args=[program.pk])
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_huge_province_ids_are_a_form_error(client_for, program_manager):
    response = client_for(program_manager).post(
        reverse("programs:program_create"),
        {"name_fr": "X", "status": "draft", "start_date": "2025-01-01",
         "end_date": "2025-02-01", "target_provinces": ["9" * 40]},
    )  # fmt: skip
    assert "target_provinces" in response.context["form"].errors
