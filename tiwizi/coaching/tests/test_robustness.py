"""No coaching page answers 500 to anything a browser can send."""

import pytest
from django.urls import reverse

from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit

BAD_QUERIES = [
    {"page": "abc"}, {"page": "99999"}, {"page": "-1"}, {"page": "0"}, {"page": "9" * 40},
    {"sort": "bogus"}, {"sort": "-"}, {"sort": "--organization"}, {"sort": "end;drop"},
    {"status": "spaceship"}, {"program": "abc"}, {"program": "9" * 40}, {"coach": "-3"},
    {"coach": "1.5"}, {"organization": "[]"}, {"organization": "9" * 40},
    {"overdue": "maybe"}, {"q": "\x00"}, {"q": "x" * 5000}, {"q": "%_%\\"},
    {"q": "' OR 1=1 --"}, {"q": "تعاونية", "page": "2", "sort": "-last_visit"},
]  # fmt: skip


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda q: repr(q)[:40])
def test_bad_list_query_params_never_500(query, client_for, coach, plan):
    client = client_for(coach)
    url = reverse("coaching:plan_list")
    assert client.get(url, query).status_code == 200
    htmx = client.get(url, query, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="plan-results")
    assert htmx.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/coaching/99999999999999999999999/", "/coaching/0/edit/",
     "/coaching/visits/99999999999999999999999/", "/coaching/goals/0/status/",
     "/coaching/actions/99999999999999999999999/status/", "/coaching/99999/visits/new/"],
)  # fmt: skip
def test_unknown_or_huge_ids_are_404(path, client_for, platform_admin):
    assert client_for(platform_admin).get(path).status_code == 404


BAD_PLAN_INPUT = [
    {}, {"program": "abc", "organization": "9" * 40, "coach": "-1"},
    {"start_date": "garbage", "end_date": "2024-02-30"}, {"start_date": "9999999-01-01"},
    {"objective": "x" * 100_000}, {"coach": ["1", "2"]},
]  # fmt: skip


@pytest.mark.parametrize("data", BAD_PLAN_INPUT, ids=lambda d: repr(d)[:40])
def test_bad_plan_input_never_500(data, client_for, program_manager, plan):
    client = client_for(program_manager)
    for url in (reverse("coaching:plan_create"), reverse("coaching:plan_edit", args=[plan.pk])):
        assert client.post(url, data).status_code == 200
    assert CoachingPlan.objects.count() == 1


BAD_VISIT_INPUT = [
    {}, {"date": "abc", "duration_minutes": "9" * 40, "mode": "teleport", "topics": ""},
    {"duration_minutes": "0"}, {"duration_minutes": "-5"}, {"duration_minutes": "1.5"},
    {"duration_minutes": "1441"}, {"actions-TOTAL_FORMS": "abc"},
    {"actions-TOTAL_FORMS": "99999999", "actions-INITIAL_FORMS": "0"},
    {"actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0", "actions-0-owner_user": "abc",
     "actions-0-text": "x", "actions-0-due_date": "2024-13-01"},
    {"actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0",
     "actions-0-owner_user": "9" * 40, "actions-0-text": "x"},
    {"more_rows": "1", "actions-TOTAL_FORMS": "abc"},
    {"more_rows": "1", "actions-TOTAL_FORMS": "99999999", "actions-INITIAL_FORMS": "0"},
]  # fmt: skip


@pytest.mark.parametrize("data", BAD_VISIT_INPUT, ids=lambda d: repr(d)[:40])
def test_bad_visit_input_never_500(data, client_for, coach, plan):
    data = {"date": "2020-01-01", "duration_minutes": "60", "mode": "on_site", "topics": "T",
            **data}  # fmt: skip
    response = client_for(coach).post(reverse("coaching:visit_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert not Visit.objects.exists()
    assert not ActionItem.objects.exists()


BAD_STATUS_INPUT = [
    {}, {"status": "finished"}, {"status": ["done", "open"]}, {"status": "done", "on": "abc"},
    {"status": "done", "on": "3000-01-01"}, {"status": "x" * 10_000},
]  # fmt: skip


@pytest.mark.parametrize("data", BAD_STATUS_INPUT, ids=lambda d: repr(d)[:40])
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_status_input_never_500(data, htmx, client_for, coach, goal, action):
    client = client_for(coach)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for url in (reverse("coaching:goal_status", args=[goal.pk]),
                reverse("coaching:action_status", args=[action.pk])):  # fmt: skip
        assert client.post(url, data, **headers).status_code == 200
    goal.refresh_from_db()
    action.refresh_from_db()
    assert (goal.status, action.status) == (Goal.Status.OPEN, ActionItem.Status.OPEN)


@pytest.mark.parametrize(
    "data",
    [{}, {"text": "x" * 1000, "due_date": "x"}, {"text": "A", "owner_user": "abc"},
     {"text": "A", "owner_name": "   ", "due_date": "2024-01-01"},
     {"text": "A", "target_date": "2024-02-30"}],
)  # fmt: skip
def test_bad_goal_and_action_input_never_500(data, client_for, coach, plan):
    client = client_for(coach)
    assert client.post(reverse("coaching:goal_add", args=[plan.pk]), data).status_code == 200
    assert client.post(reverse("coaching:action_add", args=[plan.pk]), data).status_code == 200
    assert not Goal.objects.exists()
    assert not ActionItem.objects.exists()


def test_an_action_without_owner_gets_an_error_beside_the_owner(client_for, coach, plan):
    response = client_for(coach).post(
        reverse("coaching:action_add", args=[plan.pk]),
        {"text": "Appeler", "owner_name": "  ", "due_date": "2024-01-01"},
    )
    assert response.context["form"].errors["owner_name"] == [
        "Say who will do it: choose a person with an account or type a name."
    ]


def test_other_methods_are_refused(client_for, program_manager, plan):
    client = client_for(program_manager)
    url = reverse("coaching:plan_close", args=[plan.pk])
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert client.post(plan.get_absolute_url()).status_code == 405
