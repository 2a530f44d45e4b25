"""The plan list (filters, sorting, paging, empty states) and the plan page."""

import datetime

import pytest
from django.urls import reverse

from tiwizi.coaching import services

from .conftest import TODAY
from .factories import add_plans

LIST = reverse("coaching:plan_list")


def _names(response):
    return [plan.organization.name for plan in response.context["page_obj"]]


def test_empty_list_invites_program_managers_to_start_a_plan(client_for, program_manager):
    page = client_for(program_manager).get(LIST).text
    assert "There are no coaching plans yet." in page
    assert reverse("coaching:plan_create") in page


def test_empty_list_for_a_coach_offers_no_creation(client_for, coach):
    page = client_for(coach).get(LIST).text
    assert "There are no coaching plans yet." in page
    assert reverse("coaching:plan_create") not in page


def test_filters_that_match_nothing_say_so(client_for, platform_admin, plan):
    page = client_for(platform_admin).get(LIST, {"status": "closed"}).text
    assert "No coaching plan matches these filters." in page


def test_filters_by_program_coach_organization_status_and_search(
    client_for, platform_admin, plan, other_plan, program_manager
):
    client = client_for(platform_admin)
    both = {"Coopérative Safran Taliouine", "Coopérative Dattes Mhamid"}
    assert set(_names(client.get(LIST))) == both
    assert _names(client.get(LIST, {"program": plan.program_id})) == [plan.organization.name]
    assert _names(client.get(LIST, {"coach": other_plan.coach_id})) == ["Coopérative Dattes Mhamid"]
    assert _names(client.get(LIST, {"organization": plan.organization_id})) == [
        "Coopérative Safran Taliouine"
    ]
    assert _names(client.get(LIST, {"q": "dattes"})) == ["Coopérative Dattes Mhamid"]
    services.close_plan(program_manager, plan)
    assert _names(client.get(LIST, {"status": "closed"})) == ["Coopérative Safran Taliouine"]
    assert _names(client.get(LIST, {"status": "active"})) == ["Coopérative Dattes Mhamid"]


def test_filter_choices_only_name_what_the_user_may_see(client_for, coach, plan, other_plan):
    form = client_for(coach).get(LIST).context["form"]
    assert list(form.fields["program"].queryset) == [plan.program]
    assert list(form.fields["coach"].queryset) == [coach]
    assert list(form.fields["organization"].queryset) == [plan.organization]


def test_sorting_by_last_visit_puts_never_visited_plans_first(
    client_for, coach, plan, visit, program_manager, make_organization, ngo
):
    never = services.create_plan(
        program_manager,
        {"program": plan.program, "organization": make_organization(name_fr="Zzz Jamais",
                                                                    stewards=[ngo]),
         "coach": coach, "start_date": TODAY, "end_date": TODAY},
    )  # fmt: skip
    client = client_for(coach)
    assert _names(client.get(LIST, {"sort": "last_visit"})) == [
        never.organization.name, plan.organization.name,
    ]  # fmt: skip
    assert _names(client.get(LIST, {"sort": "-last_visit"})) == [
        plan.organization.name, never.organization.name,
    ]  # fmt: skip
    assert _names(client.get(LIST, {"sort": "organization"}))[0] == plan.organization.name


def test_the_list_is_paginated(client_for, coach, program, ngo, settings):
    settings.TIWIZI_PAGE_SIZE = 10
    add_plans(25, program, coach, ngo)
    response = client_for(coach).get(LIST, {"page": "3"})
    assert response.context["page_obj"].number == 3
    assert len(response.context["page_obj"]) == 5
    assert "25 results" in response.text


def test_htmx_filtering_returns_only_the_results(client_for, coach, plan):
    response = client_for(coach).get(
        LIST, {"status": "active"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="plan-results"
    )
    assert "<html" not in response.text
    assert "Coopérative Safran Taliouine" in response.text
    assert response["Vary"].count("HX-Request")


def test_plan_page_shows_organization_coach_dates_goals_visits_actions_and_progress(
    client_for, program_manager, plan, goal, visit, action, coach
):
    second = services.add_goal(coach, plan, {"text": "Vendre en ligne", "target_date": TODAY})
    services.set_goal_status(coach, second, "achieved")
    response = client_for(program_manager).get(plan.get_absolute_url())
    page = response.text
    for text in ("Coopérative Safran Taliouine", "Youssef Coach", "Programme Safran Drâa",
                 "Obtenir l&#x27;agrément ONSSA", "Comptabilité, registre des ventes",
                 "Tenir le registre des ventes", "Goals achieved: 1 of 2",
                 "Préparer le dossier ONSSA", "1 h 30"):  # fmt: skip
        assert text in page, text
    assert response.context["counts"] == {
        "goals_total": 2, "goals_achieved": 1, "actions_open": 1, "actions_overdue": 0,
    }  # fmt: skip
    assert "History" in page
    for name in ("visit_create", "goal_add", "action_add", "plan_edit", "plan_close"):
        assert reverse(f"coaching:{name}", args=[plan.pk]) in page


def test_coach_page_offers_recording_but_not_managing(client_for, coach, plan):
    page = client_for(coach).get(plan.get_absolute_url()).text
    assert reverse("coaching:visit_create", args=[plan.pk]) in page
    assert reverse("coaching:plan_edit", args=[plan.pk]) not in page
    assert reverse("coaching:plan_close", args=[plan.pk]) not in page


def test_cooperative_manager_page_has_no_history_and_only_their_buttons(
    client_for, cooperative_manager, plan, action, coach
):
    coach_item = services.add_action_item(
        coach, plan, {"text": "Modèle", "owner_user": coach, "due_date": TODAY}
    )
    page = client_for(cooperative_manager).get(plan.get_absolute_url()).text
    assert "History" not in page
    assert reverse("coaching:visit_create", args=[plan.pk]) not in page
    assert reverse("coaching:action_status", args=[action.pk]) in page
    assert reverse("coaching:action_status", args=[coach_item.pk]) not in page


def test_a_closed_plan_page_offers_no_change(client_for, program_manager, plan, goal, action):
    services.close_plan(program_manager, plan)
    page = client_for(program_manager).get(plan.get_absolute_url()).text
    assert "This coaching plan was closed on" in page
    assert reverse("coaching:goal_status", args=[goal.pk]) not in page
    assert reverse("coaching:visit_create", args=[plan.pk]) not in page
    assert (
        client_for(program_manager)
        .get(reverse("coaching:visit_create", args=[plan.pk]))
        .status_code
        == 403
    )


def test_a_plan_past_its_end_date_is_flagged(client_for, program_manager, plan):
    services.update_plan(
        program_manager, plan,
        {"start_date": TODAY - datetime.timedelta(days=90),
         "end_date": TODAY - datetime.timedelta(days=1)},
    )  # fmt: skip
    client = client_for(program_manager)
    assert "This plan was due to end on" in client.get(plan.get_absolute_url()).text
    assert "Past its end date" in client.get(LIST).text


@pytest.mark.parametrize(
    "name", ["plan_list", "plan_create", "plan_detail", "plan_edit", "plan_close", "goal_add",
             "visit_create", "action_add", "goal_status", "visit_detail", "action_status"],
)  # fmt: skip
def test_pages_render_right_to_left_in_arabic(name, client_for, platform_admin, goal, visit,
                                              action):  # fmt: skip
    target = {"goal_status": goal, "visit_detail": visit, "action_status": action}.get(name)
    args = [] if name in ("plan_list", "plan_create") else [(target or goal.plan).pk]
    response = client_for(platform_admin, "ar").get(reverse(f"coaching:{name}", args=args))
    assert response.status_code == 200
    assert 'dir="rtl"' in response.text
