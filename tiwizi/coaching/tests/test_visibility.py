"""Who sees which plans: staff of the implementing NGO, the coach, the coached
cooperative's managers; never another NGO's coach, another cooperative, funders or
buyers (a plan one may not see is a 404, never a leak)."""

import pytest
from django.urls import reverse

from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit


def _pages(plan, goal, visit, action):
    return [
        reverse("coaching:plan_detail", args=[plan.pk]),
        reverse("coaching:plan_edit", args=[plan.pk]),
        reverse("coaching:plan_close", args=[plan.pk]),
        reverse("coaching:goal_add", args=[plan.pk]),
        reverse("coaching:visit_create", args=[plan.pk]),
        reverse("coaching:action_add", args=[plan.pk]),
        reverse("coaching:goal_status", args=[goal.pk]),
        reverse("coaching:visit_detail", args=[visit.pk]),
        reverse("coaching:action_status", args=[action.pk]),
    ]


@pytest.mark.parametrize("outsider", ["other_coach", "other_manager", "funder", "buyer",
                                      "funder_of_program", "other_program_manager"])  # fmt: skip
def test_outsiders_get_404_on_every_plan_page(request, outsider, client_for, goal, visit, action):
    user = request.getfixturevalue(outsider)
    client = client_for(user)
    read_only = {goal.plan.get_absolute_url(), visit.get_absolute_url()}
    for url in _pages(goal.plan, goal, visit, action):
        assert client.get(url).status_code == 404, url
        if url not in read_only:  # those answer 405 to a POST, whoever asks
            assert client.post(url, {"status": "done"}).status_code == 404, url


def test_coach_of_another_ngo_sees_only_their_own_plans(client_for, other_coach, plan, other_plan):
    assert list(CoachingPlan.objects.visible_to(other_coach)) == [other_plan]
    page = client_for(other_coach).get(reverse("coaching:plan_list")).text
    assert "Coopérative Dattes Mhamid" in page
    assert "Coopérative Safran Taliouine" not in page


def test_coach_sees_their_plan_and_its_records(coach, plan, goal, visit, action):
    assert list(CoachingPlan.objects.visible_to(coach)) == [plan]
    assert list(Goal.objects.visible_to(coach)) == [goal]
    assert list(Visit.objects.visible_to(coach)) == [visit]
    assert list(ActionItem.objects.visible_to(coach)) == [action]


def test_a_coach_who_loses_the_trainer_role_no_longer_sees_their_plans(coach, plan):
    coach.grants.all().delete()
    assert not CoachingPlan.objects.visible_to(type(coach).objects.get(pk=coach.pk)).exists()


def test_program_managers_of_the_implementer_see_the_plans(program_manager, plan, other_plan):
    assert list(CoachingPlan.objects.visible_to(program_manager)) == [plan]


def test_platform_admin_sees_every_plan(platform_admin, plan, other_plan):
    assert set(CoachingPlan.objects.visible_to(platform_admin)) == {plan, other_plan}


def test_cooperative_manager_sees_own_plan_only(
    client_for, cooperative_manager, plan, other_plan, visit
):
    assert list(CoachingPlan.objects.visible_to(cooperative_manager)) == [plan]
    client = client_for(cooperative_manager)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(other_plan.get_absolute_url()).status_code == 404
    assert client.get(visit.get_absolute_url()).status_code == 200


def test_cooperative_manager_reads_but_does_not_change(
    client_for, cooperative_manager, plan, goal, visit
):
    client = client_for(cooperative_manager)
    for name in ("plan_edit", "plan_close", "goal_add", "visit_create", "action_add"):
        assert client.get(reverse(f"coaching:{name}", args=[plan.pk])).status_code == 403, name
    response = client.post(reverse("coaching:goal_status", args=[goal.pk]), {"status": "achieved"})
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.status == Goal.Status.OPEN


def test_cooperative_manager_does_not_see_the_coachs_notes(
    client_for, cooperative_manager, coach, plan, visit
):
    notes = "Trésorière absente"
    assert notes not in client_for(cooperative_manager).get(visit.get_absolute_url()).text
    assert notes in client_for(coach).get(visit.get_absolute_url()).text


def test_funders_and_buyers_see_no_plan_and_no_menu(client_for, funder, buyer, plan):
    for user in (funder, buyer):
        assert not CoachingPlan.objects.visible_to(user).exists()
        client = client_for(user)
        assert client.get(reverse("coaching:plan_list")).status_code == 403
        assert "Coaching" not in client.get(reverse("accounts:profile")).text


@pytest.mark.parametrize("role", ["program_manager", "coach", "cooperative_manager"])
def test_menu_shows_coaching_to_the_roles_it_serves(request, role, client_for):
    user = request.getfixturevalue(role)
    page = client_for(user).get(reverse("accounts:profile")).text
    assert f'href="{reverse("coaching:plan_list")}"' in page


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    response = client.get(plan.get_absolute_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
