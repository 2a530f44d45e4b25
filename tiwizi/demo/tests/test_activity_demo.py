"""The demo program's activity: idempotent, shaped as promised, consistent with the
services' rules, and — the point of a demo — its program page shows figures that a hand
count of the rows confirms.

The demo is loaded once for the module (about four seconds), in a transaction rolled
back at the end; each test runs in a savepoint inside it.
"""

import datetime
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import localize

from tiwizi.accounts.models import User
from tiwizi.coaching.models import ActionItem, CoachingPlan, Visit
from tiwizi.core.models import TimeStampedModel
from tiwizi.demo import activity_data
from tiwizi.demo.loader import load_demo
from tiwizi.events.models import Event, Registration
from tiwizi.programs.figures import program_figures
from tiwizi.programs.models import Cohort, Participation, Program
from tiwizi.registry.models import Membership, Organization
from tiwizi.training import services as training_services
from tiwizi.training.models import Attendance, Certificate, Course, Enrollment, Session

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        report = load_demo()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def program(demo, db) -> Program:
    return Program.objects.get(name_fr=activity_data.PROGRAM_NAME["fr"])


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _last_updates() -> dict[str, object]:
    return {
        model._meta.label: model._default_manager.aggregate(latest=Max("updated_at"))["latest"]
        for model in apps.get_models()
        if issubclass(model, TimeStampedModel)
    }


def test_loading_the_demo_again_changes_nothing(program, settings):
    settings.DEBUG = True
    before, updated_before = _row_counts(), _last_updates()

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    output = out.getvalue()

    assert _row_counts() == before
    assert _last_updates() == updated_before
    assert "already up to date" in output
    assert " created" not in output and " updated" not in output
    assert "Activity: 2 cohorts" in output  # the one-line summary of the activity
    assert load_demo().changed == 0


def test_the_demo_program_has_the_promised_shape(program):
    today = timezone.localdate()
    assert program.status == Program.Status.ACTIVE
    assert 13 * 30 <= (today - program.start_date).days <= 15 * 31
    assert 9 * 30 <= (program.end_date - today).days <= 11 * 31
    assert set(program.target_provinces.values_list("name_fr", flat=True)) == {
        "Ouarzazate", "Zagora", "Tinghir", "Marrakech",
    }  # fmt: skip
    roles = set(program.partner_roles.values_list("organization__kind", "role"))
    assert roles == {
        ("ngo", "implementer"),
        ("company", "funder"),
        ("institution", "institutional"),
    }
    funder = program.contributions.filter(partner__kind="company", kind="cash")
    assert sum(c.amount_mad for c in funder) == Decimal("1200000")
    assert sum(c.amount_mad for c in funder if c.status == "received") == Decimal("800000")
    assert {c.partner.kind for c in program.contributions.filter(kind="in_kind")} == {
        "institution", "ngo",
    }  # fmt: skip

    first, second = Cohort.objects.filter(program=program).order_by("start_date")
    assert first.start_date == program.start_date
    assert 360 <= (first.end_date - first.start_date).days <= 366
    assert 50 <= (today - second.start_date).days <= 70
    cohort_1 = Participation.objects.filter(cohort=first, organization__kind="cooperative")
    assert cohort_1.count() >= 22
    assert {p.status for p in cohort_1} == {"active", "graduated"}
    cohort_2 = Participation.objects.filter(cohort=second)
    assert cohort_2.filter(organization__kind="gie").count() == 3
    assert {p.status for p in cohort_2} == {"selected", "active", "withdrawn"}
    assert cohort_2.filter(status="withdrawn").count() == 1

    courses = Course.objects.filter(sessions__cohort__program=program).distinct()
    assert courses.count() >= 6
    assert all(c.title_ar and c.title_fr and c.title_en and c.objectives for c in courses)
    sessions = list(Session.objects.filter(cohort__program=program))
    assert len(sessions) >= 40
    now = timezone.now()
    year_ago = now - datetime.timedelta(days=366)
    assert all(s.starts_at >= year_ago for s in sessions)
    assert {s.commune.province.name_fr for s in sessions} == {
        "Ouarzazate", "Zagora", "Tinghir", "Marrakech",
    }  # fmt: skip
    held = [s for s in sessions if s.status == "held"]
    planned = [s for s in sessions if s.status == "planned"]
    assert len(held) > len(sessions) * 0.8 and all(s.ends_at < now for s in held)
    assert planned and all(now < s.starts_at < now + datetime.timedelta(days=42) for s in planned)
    assert len([s for s in sessions if s.status == "cancelled"]) == 1
    assert {s.trainer.email for s in sessions} == {"trainer@tiwizi.ma"}

    plans = CoachingPlan.objects.filter(program=program)
    assert plans.count() >= 0.7 * cohort_1.count()
    assert {p.coach.email for p in plans} == {"trainer@tiwizi.ma"}

    workshop = Event.objects.get(title_fr=activity_data.WORKSHOP["title_fr"])
    assert workshop.status == "held" and workshop.program == program
    assert 80 <= (now - workshop.start).days <= 100
    assert set(workshop.organizers.values_list("kind", flat=True)) == {"ngo", "institution"}
    registrations = list(workshop.registrations.select_related("organization"))
    assert {r.organization.kind for r in registrations} >= {"cooperative", "gie", "institution"}
    assert {r.role for r in registrations} >= {
        "participant", "speaker", "institution_representative",
    }  # fmt: skip
    assert any(r.person_id for r in registrations)
    assert all(r.attended is not None for r in registrations)
    assert len({o.status for o in workshop.outcomes.all()}) >= 3
    assert Event.objects.filter(program=program, kind="info_day").upcoming().count() == 1


def test_enrolled_people_are_current_members_of_an_organization_of_the_cohort(program):
    members = set(Membership.objects.current().values_list("person_id", "organization_id"))
    participations = {(p.cohort_id, p.organization_id): p for p in Participation.objects.all()}
    enrollments = Enrollment.objects.filter(session__cohort__program=program).select_related(
        "session"
    )
    per_organization: dict[tuple[int, int], int] = {}
    for enrollment in enrollments:
        assert (enrollment.person_id, enrollment.organization_id) in members
        participation = participations[(enrollment.session.cohort_id, enrollment.organization_id)]
        day = timezone.localdate(enrollment.session.starts_at)
        assert participation.status in Participation.PARTICIPATING or participation.since > day
        key = (enrollment.session_id, enrollment.organization_id)
        per_organization[key] = per_organization.get(key, 0) + 1
    assert max(per_organization.values()) <= 3
    assert sum(n in (2, 3) for n in per_organization.values()) > 0.9 * len(per_organization)

    for attendance in Attendance.objects.select_related("enrollment__session"):
        assert attendance.enrollment.session.status == "held"
    held = Session.objects.filter(cohort__program=program, status="held")
    assert not Enrollment.objects.filter(session__in=held, attendance__isnull=True).exists()


def test_certificates_are_those_the_training_rule_grants(program):
    for cohort in Cohort.objects.filter(program=program):
        for course in Course.objects.filter(sessions__cohort=cohort).distinct():
            sessions = Session.objects.filter(course=course, cohort=cohort)
            holders = set(
                Certificate.objects.filter(course=course, cohort=cohort).values_list(
                    "person_id", flat=True
                )
            )
            if sessions.filter(status="planned").exists():
                assert not holders
                continue
            assert holders == set(training_services.qualifying_people(course, cohort))
            # The issuing service finds nobody left to certify.
            assert training_services.issue_certificates(None, course, cohort) == []
    assert Certificate.objects.filter(cohort__program=program).count() > 100


def test_coaching_has_regular_visits_and_open_done_and_overdue_actions(program):
    today = timezone.localdate()
    for plan in CoachingPlan.objects.filter(program=program).prefetch_related("visits"):
        dates = sorted(v.date for v in plan.visits.all())
        assert len(dates) >= 3
        gaps = {(later - earlier).days for earlier, later in pairwise(dates)}
        assert min(gaps) >= 28 and max(gaps) <= 57
        assert plan.goals.exists()
        if plan.status == "closed":
            assert not plan.action_items.filter(status="open").exists()
    actions = ActionItem.objects.filter(plan__program=program)
    assert actions.filter(status="done").count() > actions.filter(status="open").count()
    overdue = actions.filter(status="open", due_date__lt=today).count()
    assert 1 <= overdue < actions.filter(status="open").count()


def test_every_activity_record_passes_model_validation(program):
    rows = [
        program,
        *Cohort.objects.filter(program=program),
        *Participation.objects.filter(cohort__program=program),
        *program.partner_roles.all(),
        *program.contributions.all(),
        *Course.objects.all(),
        *Session.objects.filter(cohort__program=program),
        *Enrollment.objects.filter(session__cohort__program=program)[:200],
        *Certificate.objects.filter(cohort__program=program)[:50],
        *CoachingPlan.objects.filter(program=program),
        *Visit.objects.filter(plan__program=program),
        *ActionItem.objects.filter(plan__program=program),
        *Event.objects.filter(program=program),
        *Registration.objects.filter(event__program=program),
    ]
    for row in rows:
        row.full_clean()


# The key test: the program page's figures, counted again by hand


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


def _hand_count(program: Program) -> dict[str, object]:
    """Each figure recomputed in Python from the raw rows: no COUNT, SUM or DISTINCT in
    SQL, and no code shared with the figure providers."""
    today, now = timezone.localdate(), timezone.now()

    participating = [
        p
        for p in Participation.objects.select_related("cohort", "organization")
        if p.cohort.program_id == program.pk and p.status in ("selected", "active", "graduated")
    ]
    organizations = {p.organization_id: p.organization for p in participating}

    sessions = [
        s for s in Session.objects.select_related("cohort") if s.cohort.program_id == program.pk
    ]
    held = {s.pk: s for s in sessions if s.status == "held"}
    seconds = sum((s.ends_at - s.starts_at).total_seconds() for s in held.values())
    marks = [
        a
        for a in Attendance.objects.select_related("enrollment__person")
        if a.enrollment.session_id in held
    ]
    present = [a for a in marks if a.status == "present"]
    trained = {a.enrollment.person_id: a.enrollment.person for a in present}
    this_year = today.year

    plans = [p for p in CoachingPlan.objects.all() if p.program_id == program.pk]
    plan_ids = {p.pk for p in plans}
    visits = [v for v in Visit.objects.all() if v.plan_id in plan_ids]
    items = [i for i in ActionItem.objects.all() if i.plan_id in plan_ids]
    open_items = [i for i in items if i.status == "open"]

    events = [
        e
        for e in Event.objects.all()
        if e.program_id == program.pk
        and (e.status == "held" or (e.status == "planned" and e.end < now))
    ]
    event_ids = {e.pk for e in events}
    at_events = {
        r.organization_id
        for r in Registration.objects.all()
        if r.event_id in event_ids and r.organization_id is not None
    }

    return {
        "participating_organizations": len(organizations),
        "participating_cooperatives_and_gies": len(
            [o for o in organizations.values() if o.kind in ("cooperative", "gie")]
        ),
        "provinces_covered": len({o.province_id for o in organizations.values() if o.province_id}),
        "sessions_held": len(held),
        "training_hours": _one_decimal(Decimal(seconds) / 3600),
        "people_trained": len(trained),
        "people_trained_women": len([p for p in trained.values() if p.sex == "female"]),
        "people_trained_men": len([p for p in trained.values() if p.sex == "male"]),
        "people_trained_youth": len(
            [p for p in trained.values() if p.birth_year and this_year - p.birth_year < 35]
        ),
        "attendance_rate": _one_decimal(Decimal(100 * len(present)) / len(marks)),
        "coaching_plans": len(plans),
        "coaching_visits": len(visits),
        "actions_open": len(open_items),
        "actions_overdue": len([i for i in open_items if i.due_date < today]),
        "events_held": len(events),
        "event_participants": len(at_events),
    }


def _rendered_figures(html: str) -> dict[str, str]:
    cards = re.findall(
        r'data-figure="([\w-]+)">\s*<div class="card[^"]*">\s*<div class="card-body[^"]*">\s*'
        r"<p[^>]*>([^<]*)</p>",
        html,
    )
    return {key: value.strip() for key, value in cards}


def test_the_program_page_shows_the_figures_a_hand_count_gives(program):
    expected = _hand_count(program)
    # The demo makes every figure say something.
    assert all(expected[key] for key in expected)
    assert expected["actions_open"] > expected["actions_overdue"] > 0
    assert Decimal(80) <= expected["attendance_rate"] <= Decimal(92)

    computed = {figure.key: figure.value for figure in program_figures(program)}
    assert {key: computed.get(key) for key in expected} == expected

    manager = User.objects.get(email="manager@tiwizi.ma")
    client = Client()
    client.force_login(manager)
    response = client.get(reverse("programs:program_detail", args=[program.pk]))
    assert response.status_code == 200
    rendered = _rendered_figures(response.content.decode())
    with translation.override(response["Content-Language"]):
        assert {key: rendered.get(key) for key in expected} == {
            key: localize(value) for key, value in expected.items()
        }


def test_the_demo_pages_open_for_each_role(program):
    workshop = Event.objects.get(title_fr=activity_data.WORKSHOP["title_fr"])
    plan = CoachingPlan.objects.filter(program=program, status="active").first()
    session = Session.objects.filter(cohort__program=program, status="held").first()
    pages = {
        "manager@tiwizi.ma": [
            reverse("programs:program_detail", args=[program.pk]),
            reverse("training:session_list"),
            reverse("coaching:plan_list"),
            reverse("events:event_detail", args=[workshop.pk]),
        ],
        "trainer@tiwizi.ma": [
            reverse("training:session_list"),
            reverse("training:session_detail", args=[session.pk]),
            reverse("coaching:plan_detail", args=[plan.pk]),
        ],
        "funder@tiwizi.ma": [reverse("programs:program_detail", args=[program.pk])],
        "cooperative@tiwizi.ma": [reverse("programs:program_detail", args=[program.pk])],
    }
    for email, urls in pages.items():
        client = Client()
        client.force_login(User.objects.get(email=email))
        for url in urls:
            assert client.get(url).status_code == 200, (email, url)
    # The cooperative login's own cooperative takes part in the program.
    own = Organization.objects.get(grants__user__email="cooperative@tiwizi.ma")
    assert Participation.objects.filter(cohort__program=program, organization=own).exists()
