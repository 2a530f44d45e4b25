"""The demo program's activity: partners and money, cohorts, courses, sessions with their
enrollments and attendance, certificates, coaching plans, events.

Written after the registry part of the demo (loader.py), in the same transaction, with
the same rule: every row is found again by its demo key or natural key and saved only
when it differs, so that loading twice changes nothing. Rows go through the ORM after
`full_clean()` (demo data is not an audited user action) and follow the services' rules
where the models alone do not hold them: only current members of organizations taking
part in a cohort are enrolled, attendance exists only for sessions that took place,
certificates go to the people `training.services.qualifying_people` names, a closed
coaching plan has no open action item.

Dates are relative to the day of loading (see activity_data.py), and the details are
drawn from `random.Random(data.SEED)` in a fixed order that does not depend on that day,
so loading again on the same day writes nothing.
"""

import datetime
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone

from tiwizi.accounts.models import User
from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit
from tiwizi.demo import activity_data as spec
from tiwizi.demo import data
from tiwizi.demo.records import LoadReport, _upsert, _upsert_many
from tiwizi.events.models import Event, Outcome, Registration
from tiwizi.geo.models import Commune, Province
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program
from tiwizi.registry.models import Organization, Person
from tiwizi.training.models import (
    Attendance,
    Certificate,
    Course,
    Enrollment,
    Session,
    SessionStatus,
)
from tiwizi.training.services import qualifying_people

DAY = datetime.timedelta(days=1)
VISIT_MODES = [mode for mode, _weight in spec.VISIT_MODES]
VISIT_MODE_WEIGHTS = [weight for _mode, weight in spec.VISIT_MODES]


class _Context:
    """What every step needs: today, the random draws, and the rows already written."""

    def __init__(
        self,
        report: LoadReport,
        dataset: data.Dataset,
        organizations: dict[str, Organization],
        people: dict[str, Person],
        users: dict[str, User],
    ) -> None:
        self.report = report
        self.dataset = dataset
        self.organizations = organizations
        self.people = people
        self.today = timezone.localdate()
        self.rng = random.Random(data.SEED)
        self.manager = users["manager@tiwizi.ma"]
        self.trainer = users["trainer@tiwizi.ma"]
        codes = {t.commune for t in spec.TRAININGS}
        codes |= {spec.WORKSHOP["commune"], spec.INFO_DAY["commune"]}
        self.communes = {c.code: c for c in Commune.objects.filter(code__in=codes)}
        missing = codes - self.communes.keys()
        if missing:
            raise LookupError(f"Communes missing from the geo tables: {sorted(missing)}")
        specs = {s.key: s for s in dataset.organizations}
        self.specs = specs
        people_specs = {p.key: p for p in dataset.people}
        self.people_specs = people_specs
        # Founding members (in the organization since its creation): whatever the day
        # the demo is loaded, they were members before any of the program's activity.
        self.founders: dict[str, list[data.PersonSpec]] = {}
        self.officers: dict[str, list[data.PersonSpec]] = {}
        for membership in dataset.memberships:
            organization = specs[membership.organization]
            person = people_specs[membership.person]
            if membership.since == organization.creation_date:
                self.founders.setdefault(organization.key, []).append(person)
            if membership.role in ("president", "treasurer", "secretary"):
                self.officers.setdefault(organization.key, []).append(person)

    def day(self, offset: int) -> datetime.date:
        return self.today + offset * DAY

    def at(self, day: datetime.date, time: datetime.time) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, time))

    def upsert(self, model: type[Any], values: dict[str, Any], **keys: Any) -> Any:
        return _upsert(self.report, model, values, clean=True, **keys)


def _working_days(first: datetime.date, count: int) -> Iterator[datetime.date]:
    """`count` days from `first` on, skipping Sundays."""
    day = first
    while count:
        if day.weekday() != 6:
            yield day
            count -= 1
        day += DAY


def _weekday(day: datetime.date) -> datetime.date:
    return day + DAY if day.weekday() == 6 else day


def _person_name(person: data.PersonSpec) -> str:
    latin = f"{person.first_name_latin} {person.last_name_latin}".strip()
    return latin or f"{person.first_name_ar} {person.last_name_ar}".strip()


# The program, its partners and money


def _load_program(ctx: _Context) -> tuple[Program, dict[str, Cohort]]:
    program = ctx.upsert(
        Program,
        {
            "name_fr": spec.PROGRAM_NAME["fr"],
            "name_ar": spec.PROGRAM_NAME["ar"],
            "name_en": spec.PROGRAM_NAME["en"],
            "description_fr": spec.PROGRAM_DESCRIPTION["fr"],
            "description_ar": spec.PROGRAM_DESCRIPTION["ar"],
            "description_en": spec.PROGRAM_DESCRIPTION["en"],
            "status": Program.Status.ACTIVE,
            "start_date": ctx.day(spec.PROGRAM_START),
            "end_date": ctx.day(spec.PROGRAM_END),
            "budget_mad": spec.PROGRAM_BUDGET_MAD,
        },
        key=spec.PROGRAM_KEY,
        natural={"name_fr": spec.PROGRAM_NAME["fr"]},
    )
    # .set() writes only the difference: nothing when the provinces are unchanged.
    program.target_provinces.set(Province.objects.filter(code__in=spec.PROGRAM_PROVINCES))

    partners = (
        (data.NGO.key, PartnerRole.Role.IMPLEMENTER),
        (data.FUNDER.key, PartnerRole.Role.FUNDER),
        (data.INSTITUTION.key, PartnerRole.Role.INSTITUTIONAL),
    )
    for organization_key, role in partners:
        values = {
            "program_id": program.pk,
            "organization_id": ctx.organizations[organization_key].pk,
            "role": role,
        }
        ctx.upsert(PartnerRole, values, natural=values)

    for contribution in spec.CONTRIBUTIONS:
        ctx.upsert(
            Contribution,
            {
                "program_id": program.pk,
                "partner_id": ctx.organizations[contribution.partner].pk,
                "kind": contribution.kind,
                "amount_mad": contribution.amount_mad,
                "status": contribution.status,
                "date": ctx.day(contribution.day),
                "description": contribution.description,
            },
            key=contribution.key,
        )

    cohorts = {}
    for cohort in spec.COHORTS:
        cohorts[cohort.key] = ctx.upsert(
            Cohort,
            {
                "program_id": program.pk,
                "name": cohort.name,
                "start_date": ctx.day(cohort.start),
                "end_date": ctx.day(cohort.end),
            },
            key=f"cohort:{cohort.key}",
            natural={"program_id": program.pk, "name": cohort.name},
        )
    return program, cohorts


def _load_participations(ctx: _Context, cohorts: dict[str, Cohort]) -> None:
    first, second = cohorts[spec.COHORT_1.key], cohorts[spec.COHORT_2.key]
    rows: list[tuple[Cohort, str, str, datetime.date]] = []
    for key in spec.COHORT_1_COOPERATIVES:
        if key in spec.COHORT_1_STILL_ACTIVE:
            rows.append((first, key, Participation.Status.ACTIVE, first.start_date))
        else:
            rows.append((first, key, Participation.Status.GRADUATED, first.end_date))
    for key, status, offset in spec.COHORT_2_PARTICIPANTS:
        rows.append((second, key, status, ctx.day(offset)))
    for cohort, key, status, since in rows:
        natural = {"cohort_id": cohort.pk, "organization_id": ctx.organizations[key].pk}
        ctx.upsert(Participation, {**natural, "status": status, "since": since}, natural=natural)


# Training


def _load_courses(ctx: _Context) -> dict[str, Course]:
    courses = {}
    for course in spec.COURSES:
        daily = datetime.datetime.combine(ctx.today, course.ends) - datetime.datetime.combine(
            ctx.today, course.starts
        )
        hours = daily.total_seconds() / 3600 * course.days
        courses[course.key] = ctx.upsert(
            Course,
            {
                "title_fr": course.title_fr,
                "title_ar": course.title_ar,
                "title_en": course.title_en,
                "objectives": course.objectives,
                "topics": "\n".join(course.topics),
                "duration_hours": Decimal(str(round(hours, 1))),
                "languages": list(course.languages),
                "is_active": True,
            },
            key=f"course:{course.key}",
            natural={"title_fr": course.title_fr},
        )
    return courses


def _audience(
    ctx: _Context, training: spec.TrainingSpec, course: spec.CourseSpec, day: datetime.date
) -> list[tuple[str, list[data.PersonSpec]]]:
    """Who each organization of the cohort sends to the whole course: 2 or 3 founding
    members (women only for the women's leadership course), for the organizations the
    course is meant for that take part in the cohort on its first day."""
    cohort = training.cohort
    if cohort is spec.COHORT_1:
        organizations = list(spec.COHORT_1_COOPERATIVES)
    else:
        organizations = [
            key
            for key, status, since in spec.COHORT_2_PARTICIPANTS
            # A withdrawn organization came to the sessions held before it withdrew.
            if status != Participation.Status.WITHDRAWN or ctx.day(since) > day
        ]
    sent = []
    taken: set[str] = set()  # a person represents one organization per course
    for key in organizations:
        organization = ctx.specs[key]
        if course.audience == "food" and not spec.FOOD_SECTORS & set(organization.sectors):
            continue
        candidates = [p for p in ctx.founders[key] if p.key not in taken]
        if course.audience == "women":
            candidates = [p for p in candidates if p.sex == "female"]
        size = ctx.rng.choice((2, 2, 3))
        if not candidates:
            continue
        chosen = ctx.rng.sample(candidates, min(size, len(candidates)))
        taken.update(p.key for p in chosen)
        sent.append((key, chosen))
    return sent


def _load_sessions(
    ctx: _Context, cohorts: dict[str, Cohort], courses: dict[str, Course]
) -> dict[tuple[str, str], list[Session]]:
    """Sessions, enrollments and attendance; returns the sessions by (course, cohort)."""
    course_specs = {c.key: c for c in spec.COURSES}
    by_course: dict[tuple[str, str], list[Session]] = {}
    for training in spec.TRAININGS:
        course_spec = course_specs[training.course]
        cohort = cohorts[training.cohort.key]
        days = [
            (day, training.status)
            for offset, count in training.blocks
            for day in _working_days(ctx.day(offset), count)
        ]
        days += [
            (_weekday(ctx.day(offset)), SessionStatus.CANCELLED) for offset in training.cancelled
        ]
        days.sort()
        audience = _audience(ctx, training, course_spec, days[0][0])
        enrolled = sum(len(people) for _key, people in audience)
        capacity = max(20, -(-(enrolled + 5) // 5) * 5)  # a round number of places
        for number, (day, status) in enumerate(days, start=1):
            session = ctx.upsert(
                Session,
                {
                    "course_id": courses[training.course].pk,
                    "cohort_id": cohort.pk,
                    "starts_at": ctx.at(day, course_spec.starts),
                    "ends_at": ctx.at(day, course_spec.ends),
                    "commune_id": ctx.communes[training.commune].pk,
                    "venue": training.venue,
                    "trainer_id": ctx.trainer.pk,
                    "capacity": capacity,
                    "status": status,
                },
                key=f"session:{training.cohort.key}:{training.course}:{number:02d}",
            )
            by_course.setdefault((training.course, training.cohort.key), []).append(session)
            _load_enrollments(ctx, session, audience)
    return by_course


def _load_enrollments(
    ctx: _Context,
    session: Session,
    audience: list[tuple[str, list[data.PersonSpec]]],
) -> None:
    """A session's enrollments and, once it is held, its attendance sheet (in bulk: a
    thousand rows one by one would make `make demo` slow)."""
    rows: list[tuple[int, dict[str, Any]]] = []
    for organization_key, people in audience:
        for person_spec in people:
            person_id = ctx.people[person_spec.key].pk
            values: dict[str, Any] = {
                "session_id": session.pk,
                "person_id": person_id,
                "organization_id": ctx.organizations[organization_key].pk,
                "enrolled_by_id": ctx.manager.pk,
            }
            rows.append((person_id, values))
    enrollments = _upsert_many(
        ctx.report,
        Enrollment,
        rows,
        {e.person_id: e for e in Enrollment.objects.filter(session=session)},
        trusted=("session", "person", "organization", "enrolled_by"),
    )
    if session.status != SessionStatus.HELD:
        return
    marks = []
    for person_id, _values in rows:
        draw = ctx.rng.random()
        if draw < spec.PRESENT:
            status = Attendance.Status.PRESENT
        elif draw < spec.PRESENT + spec.EXCUSED:
            status = Attendance.Status.EXCUSED
        else:
            status = Attendance.Status.UNEXCUSED
        enrollment = enrollments[person_id]
        mark = {
            "enrollment_id": enrollment.pk,
            "status": str(status),
            "recorded_by_id": ctx.trainer.pk,
            "recorded_at": session.ends_at + datetime.timedelta(minutes=20),
        }
        marks.append((enrollment.pk, mark))
    _upsert_many(
        ctx.report,
        Attendance,
        marks,
        {a.enrollment_id: a for a in Attendance.objects.filter(enrollment__session=session)},
        trusted=("enrollment", "recorded_by"),
    )


def _load_certificates(
    ctx: _Context,
    cohorts: dict[str, Cohort],
    courses: dict[str, Course],
    sessions: dict[tuple[str, str], list[Session]],
) -> None:
    """Certificates of the courses a cohort has finished (no session still planned), for
    the people the training service's rule qualifies."""
    for (course_key, cohort_key), course_sessions in sessions.items():
        if any(s.status == SessionStatus.PLANNED for s in course_sessions):
            continue
        held = [s for s in course_sessions if s.status == SessionStatus.HELD]
        if not held:
            continue
        course, cohort = courses[course_key], cohorts[cohort_key]
        last = timezone.localdate(max(s.ends_at for s in held))
        issued_on = min(last + 7 * DAY, ctx.today - DAY)
        rows = [
            (
                person_id,
                {
                    "person_id": person_id,
                    "course_id": course.pk,
                    "cohort_id": cohort.pk,
                    "issued_at": ctx.at(issued_on, datetime.time(11, 0)),
                    "issued_by_id": ctx.manager.pk,
                },
            )
            for person_id in qualifying_people(course, cohort)
        ]
        stored = Certificate.objects.filter(course=course, cohort=cohort)
        _upsert_many(
            ctx.report,
            Certificate,
            rows,
            {c.person_id: c for c in stored},
            trusted=("person", "course", "cohort", "issued_by"),
        )


# Coaching


def _load_coaching(ctx: _Context, program: Program) -> None:
    rng = ctx.rng
    coached = [k for k in spec.COHORT_1_COOPERATIVES if k not in spec.NOT_COACHED]
    closed_on = ctx.day(spec.COHORT_1.end + 8)
    for index, key in enumerate(coached):
        organization = ctx.organizations[key]
        closed = key in spec.CLOSED_PLANS
        start = ctx.day(spec.PROGRAM_START + 40 + 4 * index)
        plan = ctx.upsert(
            CoachingPlan,
            {
                "program_id": program.pk,
                "organization_id": organization.pk,
                "coach_id": ctx.trainer.pk,
                "start_date": start,
                "end_date": ctx.day(spec.PROGRAM_END),
                "objective": spec.COACHING_OBJECTIVES[index % len(spec.COACHING_OBJECTIVES)],
                "status": CoachingPlan.Status.CLOSED if closed else CoachingPlan.Status.ACTIVE,
                "closed_on": closed_on if closed else None,
            },
            key=f"coaching-plan:{key}",
        )
        _load_goals(ctx, plan, key, start)
        last_visit = closed_on if closed else ctx.today - 2 * DAY
        owners = [_person_name(p) for p in ctx.officers[key][:2]]
        day = start + rng.randint(3, 15) * DAY
        number = 0
        while day <= last_visit:
            number += 1
            topic, note = rng.choice(spec.VISIT_TOPICS)
            actions = rng.sample(spec.ACTIONS, rng.choice((1, 1, 2, 2, 3)))
            visit = ctx.upsert(
                Visit,
                {
                    "plan_id": plan.pk,
                    "date": day,
                    "duration_minutes": rng.choice((60, 90, 90, 120, 150, 180)),
                    "mode": rng.choices(VISIT_MODES, VISIT_MODE_WEIGHTS)[0],
                    "topics": topic,
                    "notes": note,
                    "next_steps": "\n".join(actions),
                    "recorded_by_id": ctx.trainer.pk,
                },
                key=f"visit:{key}:{number:02d}",
            )
            for item_number, text in enumerate(actions, start=1):
                _load_action(
                    ctx, plan, visit, text, owners, closed, f"{key}:{number:02d}", item_number
                )
            day += rng.randint(28, 56) * DAY


def _load_goals(ctx: _Context, plan: CoachingPlan, key: str, start: datetime.date) -> None:
    rng = ctx.rng
    for number, text in enumerate(rng.sample(spec.GOALS, rng.choice((2, 3, 3, 4))), start=1):
        target = start + rng.randint(90, 600) * DAY
        draw, back = rng.random(), rng.randint(1, 40)
        status, achieved_on = Goal.Status.OPEN, None
        if target < ctx.today:
            if draw < 0.65:
                status, achieved_on = Goal.Status.ACHIEVED, max(target - back * DAY, start + DAY)
            elif draw < 0.75:
                status = Goal.Status.DROPPED
        elif draw < 0.2:
            status, achieved_on = Goal.Status.ACHIEVED, ctx.today - back * DAY
        ctx.upsert(
            Goal,
            {
                "plan_id": plan.pk,
                "text": text,
                "target_date": target,
                "status": status,
                "achieved_on": achieved_on,
            },
            key=f"goal:{key}:{number}",
        )


def _load_action(
    ctx: _Context,
    plan: CoachingPlan,
    visit: Visit,
    text: str,
    owners: list[str],
    closed: bool,
    visit_key: str,
    number: int,
) -> None:
    rng = ctx.rng
    due = visit.date + rng.randint(14, 42) * DAY
    draw, delay = rng.random(), rng.randint(3, 50)
    by_coach = rng.random() < 0.2
    owner = rng.choice(owners) if owners else str(ctx.trainer)
    status, done_on = ActionItem.Status.OPEN, None
    if due < ctx.today:
        if draw < 0.86:
            status, done_on = ActionItem.Status.DONE, min(visit.date + delay * DAY, ctx.today - DAY)
        elif draw < 0.95:
            status = ActionItem.Status.DROPPED
        # else: still open, hence overdue
    elif draw < 0.25 and visit.date < ctx.today - 5 * DAY:
        status, done_on = ActionItem.Status.DONE, min(visit.date + delay * DAY, ctx.today - DAY)
    if closed and status == ActionItem.Status.OPEN:
        status = ActionItem.Status.DROPPED  # closing a plan drops its open items
    ctx.upsert(
        ActionItem,
        {
            "plan_id": plan.pk,
            "visit_id": visit.pk,
            "text": text,
            # As the coaching service does: an owner with an account keeps a name too.
            "owner_name": str(ctx.trainer) if by_coach else owner,
            "owner_user_id": ctx.trainer.pk if by_coach else None,
            "due_date": due,
            "status": status,
            "done_on": done_on,
        },
        key=f"action:{visit_key}:{number}",
    )


# Events


def _load_event(
    ctx: _Context,
    program: Program,
    key: str,
    texts: dict[str, str],
    kind: str,
    offset: int,
    times: tuple[datetime.time, datetime.time],
    status: str,
    organizers: list[Organization],
) -> Event:
    day = _weekday(ctx.day(offset))
    event = ctx.upsert(
        Event,
        {
            "program_id": program.pk,
            "kind": kind,
            "title_fr": texts["title_fr"],
            "title_ar": texts["title_ar"],
            "title_en": texts["title_en"],
            "start": ctx.at(day, times[0]),
            "end": ctx.at(day, times[1]),
            "commune_id": ctx.communes[texts["commune"]].pk,
            "venue": texts["venue"],
            "agenda": texts["agenda"],
            "status": status,
            "cancellation_reason": "",
        },
        key=key,
    )
    event.organizers.set(organizers)
    return event


def _register(
    ctx: _Context,
    event: Event,
    organization: str,
    role: str,
    attended: bool | None,
    person: data.PersonSpec | None = None,
) -> None:
    values: dict[str, Any] = {
        "event_id": event.pk,
        "organization_id": ctx.organizations[organization].pk,
        "person_id": ctx.people[person.key].pk if person else None,
        "role": role,
        "attended": attended,
        "registered_by_id": ctx.manager.pk,
    }
    if person is not None:
        natural: dict[str, Any] = {"event_id": event.pk, "person_id": values["person_id"]}
    else:
        natural = {
            "event_id": event.pk,
            "organization_id": values["organization_id"],
            "person__isnull": True,
        }
    ctx.upsert(Registration, values, natural=natural)


def _load_events(ctx: _Context, program: Program) -> None:
    rng = ctx.rng
    ngo, institution = ctx.organizations[data.NGO.key], ctx.organizations[data.INSTITUTION.key]
    workshop = _load_event(
        ctx, program, spec.WORKSHOP_KEY, spec.WORKSHOP, Event.Kind.WORKSHOP, spec.WORKSHOP_DAY,
        spec.WORKSHOP_TIMES, Event.Status.HELD, [ngo, institution],
    )  # fmt: skip
    Role = Registration.Role
    _register(ctx, workshop, data.NGO.key, Role.ORGANIZER, True)
    for key in spec.WORKSHOP_INSTITUTIONS:
        _register(ctx, workshop, key, Role.INSTITUTION_REPRESENTATIVE, True)
    for key in spec.WORKSHOP_COOPERATIVES + spec.WORKSHOP_GIES:
        if key not in spec.WORKSHOP_SPEAKERS:
            _register(ctx, workshop, key, Role.PARTICIPANT, key not in spec.WORKSHOP_NO_SHOWS)
    speakers = set()
    for key in spec.WORKSHOP_SPEAKERS:
        president = ctx.dataset.president_of(key)
        speakers.add(president.key)
        _register(ctx, workshop, key, Role.SPEAKER, True, president)
    for key in spec.WORKSHOP_PEOPLE:
        candidates = [p for p in ctx.founders[key] if p.key not in speakers]
        for person in rng.sample(candidates, 2):
            _register(ctx, workshop, key, Role.PARTICIPANT, rng.random() < 0.9, person)
    for outcome in spec.WORKSHOP_OUTCOMES:
        ctx.upsert(
            Outcome,
            {
                "event_id": workshop.pk,
                "text": outcome.text,
                "owner_name": outcome.owner_name,
                "owner_organization_id": ctx.organizations[outcome.owner_organization].pk,
                "due_date": None if outcome.due is None else ctx.day(outcome.due),
                "status": outcome.status,
            },
            key=outcome.key,
        )

    info_day = _load_event(
        ctx, program, spec.INFO_DAY_KEY, spec.INFO_DAY, Event.Kind.INFO_DAY, spec.INFO_DAY_DAY,
        spec.INFO_DAY_TIMES, Event.Status.PLANNED, [ngo],
    )  # fmt: skip
    for key in spec.INFO_DAY_ORGANIZATIONS:
        _register(ctx, info_day, key, Role.PARTICIPANT, None)


# Everything


def load_activity(
    report: LoadReport,
    dataset: data.Dataset,
    organizations: dict[str, Organization],
    people: dict[str, Person],
    users: dict[str, User],
) -> None:
    """Write the demo program's activity; called by loader.load_demo in its transaction."""
    ctx = _Context(report, dataset, organizations, people, users)
    program, cohorts = _load_program(ctx)
    _load_participations(ctx, cohorts)
    courses = _load_courses(ctx)
    sessions = _load_sessions(ctx, cohorts, courses)
    _load_certificates(ctx, cohorts, courses, sessions)
    _load_coaching(ctx, program)
    _load_events(ctx, program)
    report.summary = activity_summary(program)


def _count(model: type[Model], **filters: Any) -> int:
    return model._default_manager.filter(**filters).count()


def activity_summary(program: Program) -> str:
    """One line of the demo program's activity counts, for load_demo's output."""
    sessions = Session.objects.filter(cohort__program=program)
    actions = ActionItem.objects.filter(plan__program=program)
    return (
        f"Activity: {_count(Cohort, program=program)} cohorts, "
        f"{_count(Participation, cohort__program=program)} participations, "
        f"{Course.objects.filter(sessions__cohort__program=program).distinct().count()} courses, "
        f"{sessions.count()} sessions ({sessions.filter(status='held').count()} held, "
        f"{sessions.filter(status='planned').count()} planned, "
        f"{sessions.filter(status='cancelled').count()} cancelled), "
        f"{_count(Enrollment, session__cohort__program=program)} enrollments, "
        f"{_count(Attendance, enrollment__session__cohort__program=program)} attendance marks, "
        f"{_count(Certificate, cohort__program=program)} certificates, "
        f"{_count(CoachingPlan, program=program)} coaching plans, "
        f"{_count(Visit, plan__program=program)} visits, "
        f"{actions.count()} action items ({actions.open().count()} open, "
        f"{actions.overdue().count()} overdue), "
        f"{_count(Event, program=program)} events, "
        f"{_count(Registration, event__program=program)} registrations, "
        f"{_count(Outcome, event__program=program)} outcomes."
    )
