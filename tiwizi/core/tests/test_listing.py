"""The helpers list pages and forms share: sorting, paging, HTMX results, service errors
shown on a form, and a `next` address that never leaves the site."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from tiwizi.core.listing import (
    is_htmx,
    list_response,
    ordering,
    paginate,
    safe_next,
    service_errors,
)
from tiwizi.registry.models import Organization

SORTS = {"name": ("display_name", "pk"), "start": ("start_date", "display_name", "pk")}


def _request(path="/things/", headers=None, **query):
    request = RequestFactory().get(path, query, headers=headers or {})
    request.htmx = HtmxDetails(request)
    return request


# ordering


def test_a_known_key_sorts_by_its_fields():
    assert ordering("name", SORTS, "name") == ("name", ["display_name", "pk"])


def test_a_leading_dash_sorts_every_field_descending():
    assert ordering("-start", SORTS, "name") == (
        "-start",
        ["-start_date", "-display_name", "-pk"],
    )


@pytest.mark.parametrize("raw", [None, "", "-", "salary", "-salary", "--name", "name "])
def test_a_missing_or_unknown_key_gives_the_default(raw):
    assert ordering(raw, SORTS, "name") == ("name", ["display_name", "pk"])


def test_the_default_may_be_descending():
    assert ordering("nonsense", SORTS, "-start") == (
        "-start",
        ["-start_date", "-display_name", "-pk"],
    )


def test_nulls_lowest_gives_expressions_with_explicit_null_placement():
    key, ascending = ordering("start", SORTS, "name", nulls_lowest=True)
    assert key == "start"
    assert ascending == [
        F("start_date").asc(nulls_first=True),
        F("display_name").asc(nulls_first=True),
        F("pk").asc(nulls_first=True),
    ]
    _key, descending = ordering("-start", SORTS, "name", nulls_lowest=True)
    assert descending[0] == F("start_date").desc(nulls_last=True)


def test_nulls_lowest_puts_empty_values_first_ascending_and_last_descending(
    make_organization,
):
    dated = make_organization(creation_date=datetime.date(2020, 1, 1))
    undated = make_organization(creation_date=None)
    sorts = {"created": ("creation_date", "pk")}
    organizations = Organization.objects.filter(pk__in=[dated.pk, undated.pk])

    _key, order_by = ordering("created", sorts, "created", nulls_lowest=True)
    assert list(organizations.order_by(*order_by)) == [undated, dated]
    _key, order_by = ordering("-created", sorts, "created", nulls_lowest=True)
    assert list(organizations.order_by(*order_by)) == [dated, undated]


# paginate


@pytest.mark.parametrize(
    ("page", "number"), [(None, 1), ("2", 2), ("abc", 1), ("0", 3), ("99999", 3), ("-1", 3)]
)
def test_any_page_number_gives_a_page(settings, page, number):
    settings.TIWIZI_PAGE_SIZE = 10
    query = {} if page is None else {"page": page}
    page_obj = paginate(_request(**query), list(range(25)))
    assert page_obj.number == number
    assert page_obj.paginator.per_page == 10


def test_a_page_size_may_be_given(settings):
    settings.TIWIZI_PAGE_SIZE = 10
    page_obj = paginate(_request(), list(range(120)), per_page=50)
    assert len(page_obj.object_list) == 50
    assert page_obj.paginator.num_pages == 3


# is_htmx and list_response


def test_a_plain_request_is_not_htmx():
    assert not is_htmx(_request())
    assert not is_htmx(_request(), "results")


def test_a_request_without_the_htmx_middleware_is_not_htmx():
    assert not is_htmx(RequestFactory().get("/"))


def test_htmx_requests_count_only_for_their_target():
    request = _request(headers={"HX-Request": "true", "HX-Target": "results"})
    assert is_htmx(request)
    assert is_htmx(request, "results")
    assert not is_htmx(request, "other-results")


def test_an_htmx_history_restore_is_not_an_htmx_request():
    request = _request(
        headers={
            "HX-Request": "true",
            "HX-Target": "results",
            "HX-History-Restore-Request": "true",
        }
    )
    assert not is_htmx(request)
    assert not is_htmx(request, "results")


@pytest.fixture
def templates(settings, tmp_path):
    (tmp_path / "page.html").write_text("<html>page {{ partial }}</html>")
    (tmp_path / "results.html").write_text("results {{ partial }}")
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}
    ]


def test_list_response_answers_the_whole_page_by_default(templates):
    context = {}
    response = list_response(_request(), "page.html", "results.html", "results", context)
    assert response.content.decode() == "<html>page False</html>"
    assert context["partial"] is False
    assert "HX-Request" in response["Vary"]
    assert "HX-Target" in response["Vary"]


def test_list_response_answers_the_results_to_htmx_aimed_at_them(templates):
    request = _request(headers={"HX-Request": "true", "HX-Target": "results"})
    response = list_response(request, "page.html", "results.html", "results", {})
    assert response.content.decode() == "results True"
    assert "HX-Target" in response["Vary"]


def test_list_response_answers_the_whole_page_to_htmx_aimed_elsewhere(templates):
    request = _request(headers={"HX-Request": "true", "HX-Target": "menu"})
    response = list_response(request, "page.html", "results.html", "results", {})
    assert response.content.decode() == "<html>page False</html>"


# service_errors


class NameForm(forms.Form):
    name = forms.CharField()
    title = forms.CharField(required=False)


def _bound_form():
    form = NameForm({"name": "x"})
    assert form.is_valid()
    return form


def test_a_service_error_on_a_field_shows_next_to_it():
    form = _bound_form()
    service_errors(form, ValidationError({"name": "Already taken."}))
    assert form.errors == {"name": ["Already taken."]}


def test_a_service_error_on_an_unknown_field_shows_at_the_top():
    form = _bound_form()
    service_errors(form, ValidationError({"cohort": "Closed."}))
    assert form.non_field_errors() == ["Closed."]
    assert "cohort" not in form.errors


def test_a_service_error_without_a_field_shows_at_the_top():
    form = _bound_form()
    service_errors(form, ValidationError("Not now."))
    assert form.non_field_errors() == ["Not now."]


def test_service_keys_can_be_renamed_to_form_fields():
    form = _bound_form()
    service_errors(form, ValidationError({"label": "Too long."}), {"label": "title"})
    assert form.errors == {"title": ["Too long."]}


# safe_next


def test_a_next_address_on_this_site_is_followed():
    request = RequestFactory().post("/end/", {"next": "/people/3/"})
    assert safe_next(request, "/default/") == "/people/3/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_a_next_address_elsewhere_gives_the_default(target):
    request = RequestFactory().post("/end/", {"next": target})
    assert safe_next(request, "/default/") == "/default/"


def test_the_next_address_may_come_from_the_query_string():
    request = RequestFactory().get("/end/", {"next": "/people/3/"})
    assert safe_next(request, "/default/") == "/people/3/"


def test_the_query_string_can_be_ignored():
    request = RequestFactory().post("/end/?next=/people/3/")
    assert safe_next(request, "/default/", from_query=False) == "/default/"
    request = RequestFactory().post("/end/?next=/people/3/", {"next": "/home/"})
    assert safe_next(request, "/default/", from_query=False) == "/home/"


def test_the_form_wins_over_the_query_string():
    request = RequestFactory().post("/end/?next=/people/3/", {"next": "/home/"})
    assert safe_next(request, "/default/") == "/home/"
