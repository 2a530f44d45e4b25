"""An action item is overdue when it is open and its due date has passed: due today is
not overdue yet, and done or dropped items never are."""

import datetime

import pytest

from tiwizi.coaching import services
from tiwizi.coaching.models import ActionItem

from .conftest import TODAY

YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


def _item(plan, coach, due_date, status=None):
    item = services.add_action_item(
        coach, plan, {"text": f"Action due {due_date}", "owner_user": coach, "due_date": due_date}
    )
    if status:
        item = services.set_action_status(coach, item, status)
    return item


@pytest.mark.parametrize(
    ("due_date", "status", "overdue"),
    [
        (YESTERDAY, None, True),
        (TODAY, None, False),
        (TOMORROW, None, False),
        (YESTERDAY, ActionItem.Status.DONE, False),
        (YESTERDAY, ActionItem.Status.DROPPED, False),
    ],
    ids=["due-yesterday-open", "due-today", "due-tomorrow", "done", "dropped"],
)
def test_overdue_property_and_queryset_agree(plan, coach, due_date, status, overdue):
    item = _item(plan, coach, due_date, status)
    assert item.is_overdue is overdue
    assert ActionItem.objects.overdue().filter(pk=item.pk).exists() is overdue


def test_reopened_item_past_due_is_overdue_again(plan, coach):
    item = _item(plan, coach, YESTERDAY, ActionItem.Status.DONE)
    item = services.set_action_status(coach, item, ActionItem.Status.OPEN)
    assert item.done_on is None
    assert item.is_overdue


def test_plan_list_and_detail_flag_overdue_items(client_for, plan, coach):
    _item(plan, coach, YESTERDAY)
    _item(plan, coach, TODAY)
    client = client_for(coach)
    detail = client.get(plan.get_absolute_url())
    assert detail.context["counts"]["actions_overdue"] == 1
    assert detail.text.count(">Overdue<") == 1
    listed = client.get("/coaching/").context["page_obj"][0]
    assert (listed.actions_open, listed.actions_overdue) == (2, 1)


def test_has_overdue_filter_keeps_only_plans_with_overdue_items(
    client_for, platform_admin, plan, coach, other_plan
):
    _item(plan, coach, YESTERDAY)
    page = client_for(platform_admin).get("/coaching/", {"overdue": "on"})
    assert [p.pk for p in page.context["page_obj"]] == [plan.pk]
