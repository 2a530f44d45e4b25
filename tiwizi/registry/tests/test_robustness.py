"""No registry page answers 500 to anything a browser can send."""

import pytest
from django.urls import reverse

BAD_QUERIES = [
    {"page": "abc"}, {"page": "99999"}, {"page": "-1"}, {"page": "0"}, {"page": "1.5"},
    {"page": "9" * 40}, {"sort": "bogus"}, {"sort": "-"}, {"sort": "--name"},
    {"sort": "name;drop table"}, {"kind": "spaceship"}, {"status": "?"},
    {"region": "abc"}, {"region": "-3"}, {"province": "9" * 40}, {"province": "1.5"},
    {"sector": "[]"}, {"archived": "maybe"}, {"q": "\x00"}, {"q": "x" * 5000},
    {"q": "%_%\\"}, {"q": "' OR 1=1 --"}, {"sex": "other"}, {"organization": "abc"},
    {"organization": "9" * 40}, {"q": "تعاونيات", "page": "2", "sort": "-created"},
]  # fmt: skip


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda q: repr(q)[:40])
@pytest.mark.parametrize("name", ["organization_list", "person_list"])
def test_bad_query_params_never_500(name, query, client_for, program_manager, member):
    client = client_for(program_manager)
    assert client.get(reverse(f"registry:{name}"), query).status_code == 200
    htmx = client.get(
        reverse(f"registry:{name}"), query,
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="organization-results",
    )  # fmt: skip
    assert htmx.status_code == 200


def test_page_past_the_end_shows_the_last_page(client_for, program_manager, cooperative):
    response = client_for(program_manager).get(
        reverse("registry:organization_list"), {"page": "99999"}
    )
    assert response.context["page_obj"].number == response.context["page_obj"].paginator.num_pages


@pytest.mark.parametrize(
    "path",
    ["/organizations/99999999999999999999999/", "/people/99999999999999999999999/",
     "/memberships/99999999999999999999999/end/", "/organizations/0/edit/"],
)  # fmt: skip
def test_unknown_or_huge_ids_are_404(path, client_for, platform_admin):
    assert client_for(platform_admin).get(path).status_code == 404


@pytest.mark.parametrize(
    "data",
    [{"until": "garbage"}, {"until": ""}, {"until": "2024-02-30"}, {"until": "9999999-01-01"},
     {"next": "javascript:alert(1)", "until": "2024-01-01"}],
)  # fmt: skip
def test_bad_membership_end_input_never_500(data, client_for, program_manager, membership):
    response = client_for(program_manager).post(
        reverse("registry:membership_end", args=[membership.pk]), data
    )
    assert response.status_code in (200, 302)
    if "next" in data:
        assert response["Location"] == membership.organization.get_absolute_url()


@pytest.mark.parametrize(
    "data",
    [{"organization": "abc"}, {"organization": "9" * 40, "role": "member", "since": "x"},
     {"role": "x" * 1000}, {}],
)  # fmt: skip
def test_bad_membership_input_never_500(data, client_for, program_manager, member):
    response = client_for(program_manager).post(
        reverse("registry:person_membership_add", args=[member.pk]), data
    )
    assert response.status_code == 200
    assert member.memberships.count() == 1


@pytest.mark.parametrize(
    "data",
    [{"province": "9" * 40, "commune": "9" * 40, "kind": "cooperative", "name_fr": "X"},
     {"birth_year": "9" * 40, "first_name_latin": "A", "last_name_latin": "B", "sex": "male"},
     {"capital_mad": "1e400", "kind": "cooperative", "name_fr": "X"},
     {"capital_mad": "NaN", "kind": "cooperative", "name_fr": "X"},
     {"sectors": ["1", "abc"], "kind": "cooperative", "name_fr": "X"}],
)  # fmt: skip
def test_bad_form_input_never_500(data, client_for, program_manager, cooperative):
    client = client_for(program_manager)
    for url in (
        reverse("registry:organization_create"),
        reverse("registry:organization_edit", args=[cooperative.pk]),
        reverse("registry:member_add", args=[cooperative.pk]),
    ):
        assert client.post(url, data).status_code == 200


def test_other_methods_are_refused(client_for, program_manager, cooperative):
    client = client_for(program_manager)
    url = reverse("registry:organization_archive", args=[cooperative.pk])
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
