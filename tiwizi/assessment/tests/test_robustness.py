"""No assessment page answers 500 to anything a browser can send."""

import pytest
from django.urls import reverse

BAD_QUERIES = [
    {"page": "abc"}, {"page": "99999"}, {"page": "-1"}, {"page": "9" * 40},
    {"sort": "bogus"}, {"sort": "-"}, {"sort": "--date"}, {"sort": "date;drop table"},
    {"kind": "spaceship"}, {"status": "?"}, {"author": "robot"}, {"q": "\x00"},
    {"q": "x" * 5000}, {"q": "%_%\\"}, {"q": "' OR 1=1 --"}, {"cohort": "abc"},
    {"cohort": "9" * 40}, {"cohort": "-3"}, {"q": "تعاونيات", "page": "2", "sort": "-kind"},
]  # fmt: skip


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda q: repr(q)[:40])
def test_bad_list_and_export_params_never_500(query, client_for, program_manager, participation):
    client = client_for(program_manager)
    assert client.get(reverse("assessment:index"), query).status_code == 200
    htmx = client.get(
        reverse("assessment:index"), query,
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="assessment-results",
    )  # fmt: skip
    assert htmx.status_code == 200
    assert client.get(reverse("assessment:export"), query).status_code == 200


@pytest.mark.parametrize(
    "query",
    [{"organization": "abc"}, {"organization": "9" * 40}, {"organization": "-1"},
     {"kind": "nope"}, {"organization": "1.5", "kind": ""}],
)  # fmt: skip
def test_bad_start_params_never_500(query, client_for, program_manager, participation):
    assert client_for(program_manager).get(reverse("assessment:start"), query).status_code == 200


@pytest.mark.parametrize(
    "data",
    [{"notes": ""}, {"organization": "abc"},
     {"organization": "9" * 40, "kind": "baseline", "date": "x"},
     {"kind": "spaceship", "date": "2025-01-01"}, {"date": "2025-02-30"},
     {"version": "abc"}, {"version": "9" * 40}],
)  # fmt: skip
def test_bad_start_input_shows_errors_and_saves_nothing(
    data, client_for, program_manager, participation
):
    from tiwizi.assessment.models import Assessment

    response = client_for(program_manager).post(reverse("assessment:start"), data)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "path",
    ["/assessment/99999999999999999999999/", "/assessment/0/fill/",
     "/assessment/99999999999999999999999/submit/", "/assessment/1/questions/99999999999/answer/",
     "/assessment/organizations/99999999999999999999999/", "/assessment/cohorts/0/"],
)  # fmt: skip
def test_unknown_or_huge_ids_are_404(path, client_for, platform_admin):
    client = client_for(platform_admin)
    method = client.post if path.endswith("/answer/") else client.get
    assert method(path).status_code == 404


def test_wrong_methods_are_refused(client_for, program_manager, participation):
    client = client_for(program_manager)
    assert client.post(reverse("assessment:index")).status_code == 405
    assert client.get(reverse("assessment:answer", args=[1, 1])).status_code == 405
