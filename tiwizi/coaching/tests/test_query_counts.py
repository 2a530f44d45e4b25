"""Coaching pages and panels run the same queries for a few plans as for many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiwizi.accounts.models import User
from tiwizi.coaching import panels, services

from .conftest import TODAY
from .factories import add_plans


def _queries(client, url, **params):
    headers = params.pop("headers", {})
    # Content types and sessions are cached after their first use: warm them up first.
    client.get(url, params, **headers)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params, **headers)
    assert response.status_code == 200
    return len(context.captured_queries)


def _panel_queries(panel, user):
    fresh = User.objects.get(pk=user.pk)  # the grants are read once per user object
    fresh.roles  # noqa: B018 (as the request's middleware-loaded user would have them)
    with CaptureQueriesContext(connection) as context:
        result = panel(fresh)
    return len(context.captured_queries), result


def test_coach_panel_query_count_is_the_same_for_3_and_20_plans(program, coach, ngo):
    add_plans(3, program, coach, ngo)
    few, panel = _panel_queries(panels.coach_panel, coach)
    assert len(panel.context["plans"]) == 3
    add_plans(17, program, coach, ngo)
    many, panel = _panel_queries(panels.coach_panel, coach)
    assert len(panel.context["plans"]) == 20
    assert few == many == 1


def test_coach_panel_renders_with_the_same_queries(client_for, program, coach, ngo):
    from django.template.loader import render_to_string

    add_plans(3, program, coach, ngo)

    def rendered():
        _count, panel = _panel_queries(panels.coach_panel, coach)
        with CaptureQueriesContext(connection) as context:
            render_to_string(panel.template, {"ctx": panel.context})
        return len(context.captured_queries)

    few = rendered()
    add_plans(17, program, coach, ngo)
    assert rendered() == few == 0


def test_cooperative_panel_query_count_is_bounded(
    cooperative_manager, plan, coach, program_manager, goal
):
    few, panel = _panel_queries(panels.cooperative_panel, cooperative_manager)
    for n in range(6):
        services.add_goal(coach, plan, {"text": f"But {n}", "target_date": TODAY})
        services.add_action_item(
            coach, plan, {"text": f"Action {n}", "owner_name": "Fatima", "due_date": TODAY}
        )
    many, panel = _panel_queries(panels.cooperative_panel, cooperative_manager)
    assert few == many == 3
    assert len(panel.context["plans"][0].goal_list) == 7


@pytest.mark.parametrize("sort", ["organization", "-program", "coach", "last_visit", "-overdue"])
def test_plan_list_query_count_is_constant_for_5_and_50_plans(
    sort, client_for, program, coach, ngo, program_manager, platform_admin
):
    url = reverse("coaching:plan_list")
    users = (coach, program_manager, platform_admin)
    add_plans(5, program, coach, ngo)
    few = {user: _queries(client_for(user), url, sort=sort, status="active") for user in users}
    add_plans(45, program, coach, ngo)
    many = {user: _queries(client_for(user), url, sort=sort, status="active") for user in users}
    assert few == many
    assert max(many.values()) <= 12


def test_plan_list_partial_query_count_is_constant(client_for, program, coach, ngo):
    url = reverse("coaching:plan_list")
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "plan-results"}
    client = client_for(coach)
    add_plans(5, program, coach, ngo)
    few = _queries(client, url, overdue="on", headers=dict(headers))
    add_plans(45, program, coach, ngo)
    assert _queries(client, url, overdue="on", headers=dict(headers)) == few


def test_plan_detail_query_count_is_bounded(client_for, program_manager, coach, plan, goal, visit):
    url = plan.get_absolute_url()
    clients = [client_for(program_manager), client_for(coach)]
    few = [_queries(client, url) for client in clients]
    for n in range(8):
        services.add_goal(coach, plan, {"text": f"But {n}", "target_date": TODAY})
        services.record_visit(
            coach, plan,
            {"date": TODAY - datetime.timedelta(days=n), "duration_minutes": 30, "mode": "phone",
             "topics": "Suivi"},
            [{"text": f"Action {n}", "owner_user": coach, "due_date": TODAY}],
        )  # fmt: skip
    assert [_queries(client, url) for client in clients] == few


def test_visit_form_query_count_does_not_grow_with_rows(client_for, coach, plan):
    url = reverse("coaching:visit_create", args=[plan.pk])
    client = client_for(coach)
    few = _queries(client, url)
    data = {"actions-TOTAL_FORMS": "8", "actions-INITIAL_FORMS": "0", "more_rows": "1"}
    client.post(url, data)
    with CaptureQueriesContext(connection) as context:
        response = client.post(url, data)
    assert response.context["formset"].total_form_count() == 10
    assert len(context.captured_queries) <= few + 1
