"""The coaching figures on a program page: exact, computed in the database, with a
fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiwizi.coaching import services
from tiwizi.coaching.figures import coaching_figures
from tiwizi.coaching.models import ActionItem
from tiwizi.programs.figures import program_figures

from .conftest import TODAY
from .factories import add_plans


def _values(program):
    return {figure.key: figure.value for figure in coaching_figures(program)}


def test_figures_are_exact_on_a_hand_built_program(
    program, plan, coach, program_manager, make_organization, ngo, other_plan
):
    yesterday, tomorrow = TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)
    # Plan 1 (active): two visits; actions: overdue, due today, done late, dropped late.
    services.record_visit(
        coach, plan,
        {"date": TODAY, "duration_minutes": 60, "mode": "on_site", "topics": "Ventes"},
        [{"text": "En retard", "owner_name": "A", "due_date": yesterday},
         {"text": "Pour aujourd'hui", "owner_name": "B", "due_date": TODAY}],
    )  # fmt: skip
    services.record_visit(
        coach, plan, {"date": yesterday, "duration_minutes": 30, "mode": "phone", "topics": "x"}
    )
    done = services.add_action_item(coach, plan, {"text": "Fait", "owner_name": "C",
                                                  "due_date": yesterday})  # fmt: skip
    services.set_action_status(coach, done, ActionItem.Status.DONE)
    dropped = services.add_action_item(coach, plan, {"text": "Abandon", "owner_name": "D",
                                                     "due_date": yesterday})  # fmt: skip
    services.set_action_status(coach, dropped, ActionItem.Status.DROPPED)
    # Plan 2 (closed): one visit; its open action is dropped by the closing.
    second = services.create_plan(
        program_manager,
        {"program": program, "organization": make_organization(stewards=[ngo]), "coach": coach,
         "start_date": yesterday, "end_date": tomorrow},
    )  # fmt: skip
    services.record_visit(
        coach, second,
        {"date": TODAY, "duration_minutes": 45, "mode": "video", "topics": "Bilan"},
        [{"text": "Suite", "owner_name": "E", "due_date": yesterday}],
    )  # fmt: skip
    services.close_plan(program_manager, second)
    # Plan 3 (active, no activity), and another program's plan: other_plan, not counted.
    services.create_plan(
        program_manager,
        {"program": program, "organization": make_organization(stewards=[ngo]), "coach": coach,
         "start_date": yesterday, "end_date": tomorrow},
    )  # fmt: skip
    services.record_visit(
        other_plan.coach, other_plan,
        {"date": TODAY, "duration_minutes": 45, "mode": "video", "topics": "Ailleurs"},
        [{"text": "Ailleurs", "owner_name": "F", "due_date": yesterday}],
    )  # fmt: skip

    assert _values(program) == {
        "coaching_plans": 3,
        "coaching_visits": 3,
        "actions_open": 2,
        "actions_overdue": 1,
    }
    plans_figure = coaching_figures(program)[0]
    assert str(plans_figure.hint) == "2 active"


def test_figures_of_a_program_without_coaching_are_zero(program):
    assert _values(program) == {
        "coaching_plans": 0, "coaching_visits": 0, "actions_open": 0, "actions_overdue": 0,
    }  # fmt: skip


def test_figures_run_a_fixed_number_of_queries(program, coach, ngo):
    add_plans(2, program, coach, ngo)
    with CaptureQueriesContext(connection) as few:
        coaching_figures(program)
    add_plans(30, program, coach, ngo)
    with CaptureQueriesContext(connection) as many:
        values = _values(program)
    assert len(few.captured_queries) == len(many.captured_queries) == 3
    assert values == {
        "coaching_plans": 32, "coaching_visits": 64, "actions_open": 64, "actions_overdue": 32,
    }  # fmt: skip


def test_figures_are_registered_for_the_program_page(program):
    keys = [figure.key for figure in program_figures(program)]
    for key in ("coaching_plans", "coaching_visits", "actions_open", "actions_overdue"):
        assert key in keys
