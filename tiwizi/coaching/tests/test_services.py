"""The coaching verbs: validation, one transaction each, an audit record each."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tiwizi.coaching import services
from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit
from tiwizi.core.audit import history_for
from tiwizi.core.models import AuditEntry
from tiwizi.registry.models import Organization

from .conftest import TODAY

VISIT = {"date": TODAY, "duration_minutes": 60, "mode": "phone", "topics": "Ventes"}
GOOD_ACTION = {"text": "Photographier les produits", "owner_name": "Hassan",
               "due_date": TODAY + datetime.timedelta(days=7)}  # fmt: skip


# Plans


def test_create_plan_records_its_creation(plan, program_manager):
    (entry,) = history_for(plan)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == program_manager
    assert entry.changes["coach"] == ["", str(plan.coach_id)]
    assert entry.changes["status"] == ["", "Active"]


def _plan_data(program, organization, coach, **changes):
    end = TODAY + datetime.timedelta(days=90)
    return {"program": program, "organization": organization, "coach": coach,
            "start_date": TODAY, "end_date": end, **changes}  # fmt: skip


def test_the_coach_must_be_a_trainer_of_an_implementing_organization(
    program, cooperative, other_coach, program_manager
):
    with pytest.raises(ValidationError) as error:
        services.create_plan(program_manager, _plan_data(program, cooperative, other_coach))
    assert "coach" in error.value.message_dict


def test_a_program_manager_cannot_be_the_coach(program, cooperative, program_manager):
    with pytest.raises(ValidationError) as error:
        services.create_plan(program_manager, _plan_data(program, cooperative, program_manager))
    assert "coach" in error.value.message_dict


def test_only_cooperatives_and_gies_are_coached(program, ngo, coach, program_manager):
    with pytest.raises(ValidationError) as error:
        services.create_plan(program_manager, _plan_data(program, ngo, coach))
    assert "organization" in error.value.message_dict


def test_a_plan_ends_after_it_starts(program, cooperative, coach, program_manager):
    data = _plan_data(program, cooperative, coach, end_date=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.create_plan(program_manager, data)
    assert "end_date" in error.value.message_dict


def test_one_active_plan_per_organization_and_program(plan, program_manager, coach):
    with pytest.raises(ValidationError):
        services.create_plan(program_manager, _plan_data(plan.program, plan.organization, coach))
    services.close_plan(program_manager, plan)
    again = services.create_plan(
        program_manager, _plan_data(plan.program, plan.organization, coach)
    )
    assert again.is_active


def test_update_plan_records_what_changed_and_keeps_program_and_organization(
    plan, program_manager, other_program, other_cooperative
):
    new_end = plan.end_date + datetime.timedelta(days=30)
    services.update_plan(
        program_manager, plan,
        {"end_date": new_end, "program": other_program, "organization": other_cooperative},
    )  # fmt: skip
    plan.refresh_from_db()
    assert plan.end_date == new_end
    assert plan.program_id != other_program.pk
    assert plan.organization_id != other_cooperative.pk
    latest = history_for(plan).first()
    assert latest.action == AuditEntry.Action.UPDATE
    assert set(latest.changes) == {"end_date"}


def test_closing_a_plan_drops_its_open_actions_in_one_transaction(
    plan, program_manager, coach, action, goal
):
    done = services.add_action_item(coach, plan, GOOD_ACTION)
    services.set_action_status(coach, done, ActionItem.Status.DONE)
    services.close_plan(program_manager, plan)
    plan.refresh_from_db()
    assert (plan.status, plan.closed_on) == (CoachingPlan.Status.CLOSED, TODAY)
    action.refresh_from_db()
    done.refresh_from_db()
    goal.refresh_from_db()
    assert action.status == ActionItem.Status.DROPPED
    assert done.status == ActionItem.Status.DONE
    assert goal.status == Goal.Status.OPEN  # open goals stay open: not achieved
    assert history_for(action).first().changes["status"] == ["Open", "Dropped"]


def test_a_closed_plan_refuses_every_change(plan, program_manager, coach, goal, action):
    services.close_plan(program_manager, plan)
    refused = [
        lambda: services.update_plan(program_manager, plan, {"objective": "x"}),
        lambda: services.close_plan(program_manager, plan),
        lambda: services.add_goal(coach, plan, {"text": "x", "target_date": TODAY}),
        lambda: services.set_goal_status(coach, goal, Goal.Status.ACHIEVED),
        lambda: services.record_visit(coach, plan, VISIT),
        lambda: services.add_action_item(coach, plan, GOOD_ACTION),
        lambda: services.set_action_status(coach, action, ActionItem.Status.OPEN),
    ]
    for change in refused:
        with pytest.raises(ValidationError):
            change()


# Goals


def test_goal_status_change_sets_and_clears_the_achievement_date(goal, coach):
    goal = services.set_goal_status(coach, goal, Goal.Status.ACHIEVED)
    assert (goal.status, goal.achieved_on) == (Goal.Status.ACHIEVED, TODAY)
    entry = history_for(goal).first()
    assert entry.changes["status"] == ["Open", "Achieved"]
    assert entry.actor == coach
    goal = services.set_goal_status(coach, goal, Goal.Status.OPEN)
    assert (goal.status, goal.achieved_on) == (Goal.Status.OPEN, None)
    goal = services.set_goal_status(coach, goal, Goal.Status.DROPPED)
    assert (goal.status, goal.achieved_on) == (Goal.Status.DROPPED, None)


def test_goal_achieved_on_a_given_date(goal, coach):
    last_week = TODAY - datetime.timedelta(days=7)
    goal = services.set_goal_status(coach, goal, Goal.Status.ACHIEVED, last_week)
    assert goal.achieved_on == last_week


def test_setting_the_same_goal_status_records_nothing(goal, coach):
    before = history_for(goal).count()
    services.set_goal_status(coach, goal, Goal.Status.OPEN)
    assert history_for(goal).count() == before


def test_unknown_goal_status_is_refused(goal, coach):
    with pytest.raises(ValidationError):
        services.set_goal_status(coach, goal, "finished")


def test_goal_status_changes_inline_with_htmx(client_for, coach, goal):
    response = client_for(coach).post(
        reverse("coaching:goal_status", args=[goal.pk]), {"status": "achieved"},
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"goal-{goal.pk}",
    )  # fmt: skip
    assert response.status_code == 200
    assert f'id="goal-{goal.pk}"' in response.text
    assert 'id="plan-progress"' in response.text and 'hx-swap-oob="true"' in response.text
    assert "Goals achieved: 1 of 1" in response.text
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACHIEVED


def test_goal_status_changes_without_javascript(client_for, coach, goal):
    url = reverse("coaching:goal_status", args=[goal.pk])
    client = client_for(coach)
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "achieved", "on": str(TODAY)}, follow=True)
    assert response.redirect_chain[-1][0] == goal.plan.get_absolute_url()
    assert "The goal is now “Achieved”." in response.text


def test_goal_cannot_be_achieved_in_the_future(client_for, coach, goal):
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = client_for(coach).post(
        reverse("coaching:goal_status", args=[goal.pk]), {"status": "achieved", "on": tomorrow}
    )
    assert response.status_code == 200
    assert "This date cannot be in the future." in response.text
    goal.refresh_from_db()
    assert goal.status == Goal.Status.OPEN


# Visits and their action items


def test_record_visit_saves_the_visit_and_its_actions_together(plan, coach):
    visit = services.record_visit(
        coach, plan, VISIT, [GOOD_ACTION, {**GOOD_ACTION, "text": "Ouvrir un compte"}]
    )
    assert visit.recorded_by == coach
    assert [a.text for a in visit.action_items.order_by("pk")] == [
        "Photographier les produits", "Ouvrir un compte",
    ]  # fmt: skip
    assert all(a.plan_id == plan.pk for a in visit.action_items.all())
    assert history_for(visit).get().action == AuditEntry.Action.CREATE


def test_an_invalid_action_row_saves_neither_the_visit_nor_the_actions(plan, coach):
    no_owner = {"text": "Sans responsable", "due_date": TODAY}
    with pytest.raises(ValidationError) as error:
        services.record_visit(coach, plan, VISIT, [GOOD_ACTION, no_owner])
    assert "actions-1" in error.value.message_dict
    assert not Visit.objects.exists()
    assert not ActionItem.objects.exists()
    assert (
        not AuditEntry.objects.filter(action=AuditEntry.Action.CREATE)
        .exclude(object_id=str(plan.pk))
        .exists()
    )


def test_the_visit_page_saves_nothing_when_an_action_row_is_invalid(client_for, coach, plan):
    data = _visit_post(
        rows=[GOOD_ACTION, {"text": "Sans date", "owner_name": "Hassan", "due_date": ""}]
    )
    response = client_for(coach).post(reverse("coaching:visit_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Visit.objects.exists()
    assert not ActionItem.objects.exists()


def test_the_visit_page_records_a_visit_with_its_actions(client_for, coach, plan):
    data = _visit_post(rows=[GOOD_ACTION, {}, {}])
    response = client_for(coach).post(
        reverse("coaching:visit_create", args=[plan.pk]), data, follow=True
    )
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert "The visit has been recorded with 1 action item." in response.text
    visit = Visit.objects.get()
    assert visit.action_items.get().text == GOOD_ACTION["text"]


def test_more_rows_redraws_the_visit_form_without_saving(client_for, coach, plan):
    data = _visit_post(rows=[GOOD_ACTION, {}])
    data["more_rows"] = "1"
    response = client_for(coach).post(reverse("coaching:visit_create", args=[plan.pk]), data)
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 4
    assert GOOD_ACTION["text"] in response.text
    assert not response.context["form"].is_bound
    assert not Visit.objects.exists()


def test_a_visit_cannot_be_in_the_future_or_before_the_plan(plan, coach):
    for date in (TODAY + datetime.timedelta(days=1), plan.start_date - datetime.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.record_visit(coach, plan, {**VISIT, "date": date})
        assert "date" in error.value.message_dict


def test_an_owner_with_an_account_is_also_named(plan, coach, cooperative_manager):
    item = services.add_action_item(
        coach, plan, {"text": "Relancer la banque", "owner_user": cooperative_manager,
                      "due_date": TODAY}
    )  # fmt: skip
    assert item.owner_name == "Aicha Gérante"
    assert item.owner == "Aicha Gérante"


def test_an_action_from_another_plans_visit_is_refused(plan, coach, visit, other_plan):
    with pytest.raises(ValidationError) as error:
        services.add_action_item(coach, other_plan, GOOD_ACTION, visit=visit)
    assert "visit" in error.value.message_dict


# Action items and the cooperative's manager


def test_cooperative_manager_marks_the_cooperatives_own_item_done(
    client_for, cooperative_manager, action
):
    url = reverse("coaching:action_status", args=[action.pk])
    client = client_for(cooperative_manager)
    assert client.post(url, {"status": "dropped"}).status_code == 200  # not offered: form error
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN
    response = client.post(url, {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.done_on) == (ActionItem.Status.DONE, TODAY)
    assert history_for(action).first().actor == cooperative_manager
    # Done: nothing more the manager may change (reopening is the coach's call).
    assert client.post(url, {"status": "open"}).status_code == 403


def test_cooperative_manager_cannot_mark_the_coachs_item_done(
    client_for, cooperative_manager, coach, plan
):
    item = services.add_action_item(
        coach, plan, {"text": "Envoyer le modèle de registre", "owner_user": coach,
                      "due_date": TODAY}
    )  # fmt: skip
    response = client_for(cooperative_manager).post(
        reverse("coaching:action_status", args=[item.pk]), {"status": "done"}
    )
    assert response.status_code == 403


def test_action_status_changes_inline_with_htmx(client_for, coach, action):
    response = client_for(coach).post(
        reverse("coaching:action_status", args=[action.pk]), {"status": "done"},
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"action-{action.pk}",
    )  # fmt: skip
    assert response.status_code == 200
    assert f'id="action-{action.pk}"' in response.text
    assert "done on" in response.text
    action.refresh_from_db()
    assert action.status == ActionItem.Status.DONE


def test_closing_asks_for_confirmation_first(client_for, program_manager, plan, action):
    url = reverse("coaching:plan_close", args=[plan.pk])
    client = client_for(program_manager)
    page = client.get(url)
    assert page.status_code == 200
    assert "1 open action item will be marked as dropped." in page.text
    plan.refresh_from_db()
    assert plan.is_active
    response = client.post(url, follow=True)
    assert "has been closed" in response.text
    plan.refresh_from_db()
    assert not plan.is_active


def test_the_coach_cannot_edit_or_close_the_plan(client_for, coach, plan):
    client = client_for(coach)
    assert client.get(reverse("coaching:plan_edit", args=[plan.pk])).status_code == 403
    assert client.post(reverse("coaching:plan_close", args=[plan.pk])).status_code == 403


def test_program_manager_of_another_ngo_cannot_use_a_foreign_coach(
    client_for, other_program_manager, other_program, other_cooperative, coach
):
    response = client_for(other_program_manager).post(
        reverse("coaching:plan_create"),
        {"program": other_program.pk, "organization": other_cooperative.pk, "coach": coach.pk,
         "start_date": TODAY, "end_date": TODAY},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["coach"]
    assert not CoachingPlan.objects.exists()


def test_plan_pages_create_and_edit(client_for, program_manager, program, cooperative, coach):
    client = client_for(program_manager)
    response = client.post(
        reverse("coaching:plan_create"),
        {"program": program.pk, "organization": cooperative.pk, "coach": coach.pk,
         "start_date": TODAY, "end_date": TODAY + datetime.timedelta(days=100),
         "objective": "Structurer la coopérative"},
        follow=True,
    )  # fmt: skip
    plan = CoachingPlan.objects.get()
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert "has been created" in response.text
    response = client.post(
        reverse("coaching:plan_edit", args=[plan.pk]),
        {"coach": coach.pk, "start_date": TODAY, "end_date": TODAY - datetime.timedelta(days=1)},
    )
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.text
    plan.refresh_from_db()
    assert plan.end_date == TODAY + datetime.timedelta(days=100)


def test_organizations_offered_are_the_visible_cooperatives_and_gies(
    client_for, program_manager, cooperative, other_cooperative, ngo
):
    form = client_for(program_manager).get(reverse("coaching:plan_create")).context["form"]
    offered = set(form.fields["organization"].queryset)
    assert cooperative in offered
    assert other_cooperative not in offered
    assert not any(o.kind == Organization.Kind.NGO for o in offered)


def _visit_post(rows, **visit):
    data = {"date": str(TODAY), "duration_minutes": "75", "mode": "on_site",
            "topics": "Étiquetage", "next_steps": "", "notes": "", **visit}  # fmt: skip
    data.update({"actions-TOTAL_FORMS": str(len(rows)), "actions-INITIAL_FORMS": "0",
                 "actions-MIN_NUM_FORMS": "0", "actions-MAX_NUM_FORMS": "10"})  # fmt: skip
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"actions-{index}-{key}"] = str(value)
    return data


def test_the_plan_page_refuses_a_second_active_plan_for_the_same_organization(
    client_for, program_manager, plan, coach
):
    response = client_for(program_manager).post(
        reverse("coaching:plan_create"),
        {"program": plan.program_id, "organization": plan.organization_id, "coach": coach.pk,
         "start_date": TODAY, "end_date": TODAY},
    )  # fmt: skip
    assert response.status_code == 200
    assert "already has an active coaching plan in this program" in response.text
    assert CoachingPlan.objects.count() == 1


def test_a_link_can_preselect_the_program_and_organization(
    client_for, program_manager, program, cooperative
):
    response = client_for(program_manager).get(
        reverse("coaching:plan_create"), {"program": program.pk, "organization": cooperative.pk}
    )
    form = response.context["form"]
    assert form["program"].value() == str(program.pk)
    assert form["organization"].value() == str(cooperative.pk)
