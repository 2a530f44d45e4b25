"""Home panels: the coach's "My cooperatives", the cooperative manager's plan."""

import datetime

from tiwizi.coaching import panels, services

from .conftest import TODAY


def test_coach_panel_lists_active_plans_with_last_visit_next_action_and_overdue(
    plan, coach, visit, other_plan, program_manager, make_organization, ngo
):
    services.add_action_item(
        coach, plan,
        {"text": "Relancer l'ONSSA", "owner_user": coach,
         "due_date": TODAY - datetime.timedelta(days=2)},
    )  # fmt: skip
    closed = services.create_plan(
        program_manager,
        {"program": plan.program, "organization": make_organization(stewards=[ngo]),
         "coach": coach, "start_date": TODAY, "end_date": TODAY},
    )  # fmt: skip
    services.close_plan(program_manager, closed)
    (row,) = panels.coach_panel(coach).context["plans"]
    assert row == plan
    assert row.last_visit == visit.date
    assert row.next_action_text == "Relancer l'ONSSA"
    assert row.actions_overdue == 1


def test_coach_panel_puts_plans_with_overdue_actions_first(plan, coach, program_manager,
                                                           make_organization, ngo):  # fmt: skip
    late = services.create_plan(
        program_manager,
        {"program": plan.program, "organization": make_organization(stewards=[ngo]),
         "coach": coach, "start_date": TODAY, "end_date": TODAY},
    )  # fmt: skip
    services.add_action_item(
        coach, late,
        {"text": "x", "owner_name": "A", "due_date": TODAY - datetime.timedelta(days=1)},
    )  # fmt: skip
    assert [p.pk for p in panels.coach_panel(coach).context["plans"]] == [late.pk, plan.pk]


def test_coach_panel_is_only_for_trainers(program_manager, cooperative_manager, funder, plan):
    for user in (program_manager, cooperative_manager, funder):
        assert panels.coach_panel(user) is None


def test_cooperative_panel_shows_their_plan_goals_and_open_actions(
    cooperative_manager, plan, goal, action, coach, other_plan
):
    done = services.add_action_item(coach, plan, {"text": "Fait", "owner_name": "B",
                                                  "due_date": TODAY})  # fmt: skip
    services.set_action_status(coach, done, "done")
    coach_item = services.add_action_item(
        coach, plan, {"text": "Modèle", "owner_user": coach, "due_date": TODAY}
    )
    (card,) = panels.cooperative_panel(cooperative_manager).context["plans"]
    assert card == plan
    assert card.goal_list == [goal]
    assert [a.pk for a in card.open_actions] == [coach_item.pk, action.pk]
    marks = {a.pk: a.marks_done for a in card.open_actions}
    assert marks == {action.pk: True, coach_item.pk: False}


def test_cooperative_panel_is_absent_without_an_active_plan(
    cooperative_manager, other_manager, plan, program_manager
):
    assert panels.cooperative_panel(other_manager) is None
    services.close_plan(program_manager, plan)
    assert panels.cooperative_panel(cooperative_manager) is None


def test_panels_render(client_for, coach, cooperative_manager, plan, goal, action):
    from django.template.loader import render_to_string

    coach_html = render_to_string(
        "coaching/panels/coach.html", {"ctx": panels.coach_panel(coach).context}
    )
    assert "My cooperatives" in coach_html
    assert "Coopérative Safran Taliouine" in coach_html
    coop_html = render_to_string(
        "coaching/panels/cooperative.html",
        {"ctx": panels.cooperative_panel(cooperative_manager).context},
    )
    assert "Obtenir l&#x27;agrément ONSSA" in coop_html
    assert "Mark done" in coop_html


def test_marking_done_from_the_home_panel_comes_back_home(
    client_for, cooperative_manager, action, coach, plan
):
    from django.urls import reverse

    client = client_for(cooperative_manager)
    url = reverse("coaching:action_status", args=[action.pk])
    response = client.post(url, {"status": "done", "next": reverse("core:home")})
    assert response["Location"] == reverse("core:home")
    other = services.add_action_item(coach, plan, {"text": "B", "owner_name": "B",
                                                   "due_date": TODAY})  # fmt: skip
    url = reverse("coaching:action_status", args=[other.pk])
    response = client.post(url, {"status": "done", "next": "https://evil.example/"})
    assert response["Location"] == plan.get_absolute_url()
