"""Pages of training. Thin: look up within what the user may see (missing: 404), check
the named permission (refused: 403), parse with a form, call a service, render.

Documents (certificates, sign-in sheets, the calendar feed, the public verification
page) are in documents.py.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tiwizi.core.listing import GET_POST, list_response, ordering, paginate, service_errors
from tiwizi.core.spreadsheets import export_response, requested_format
from tiwizi.programs.models import Cohort
from tiwizi.registry.models import Organization, Person
from tiwizi.registry.querysets import localized_expression
from tiwizi.training import permissions, services
from tiwizi.training.exports import attendance_columns, session_columns
from tiwizi.training.forms import (
    SESSION_FIELD_FOR,
    AttendanceSheetForm,
    CertificateFilterForm,
    CourseFilterForm,
    CourseForm,
    EnrollFilterForm,
    IssueCertificatesForm,
    SessionFilterForm,
    SessionForm,
    as_id,
)
from tiwizi.training.history import history_of
from tiwizi.training.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    Course,
    Enrollment,
    Session,
    SessionStatus,
    TrainerCalendar,
)

SESSION_SORTS = {
    "date": ("starts_at", "pk"),
    "course": ("course_title", "starts_at", "pk"),
    "status": ("status", "starts_at", "pk"),
    "place": ("commune_name", "starts_at", "pk"),
}
SESSION_DEFAULT_SORT = "-date"
COURSE_SORTS = {
    "title": ("display_title", "pk"),
    "duration": ("duration_hours", "display_title", "pk"),
    "sessions": ("session_count", "display_title", "pk"),
}
COURSE_DEFAULT_SORT = "title"
CERTIFICATE_SORTS = {
    "name": ("display_last_name", "display_first_name", "pk"),
    "issued": ("issued_at", "pk"),
    "course": ("course_title", "display_last_name", "pk"),
}
CERTIFICATE_DEFAULT_SORT = "name"
ENROLL_PAGE_SIZE = 50
COURSE_SESSIONS_SHOWN = 10


# Helpers


def _refresh_communes(request: HttpRequest) -> bool:
    # Without JavaScript, the province select cannot reload the communes: a <noscript>
    # button sends the form back to be redrawn with the chosen province's communes.
    return request.method == "POST" and "refresh_communes" in request.POST


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _session_queryset(user: Any) -> Any:
    return Session.objects.visible_to(user).select_related(
        "course", "cohort__program", "commune__province", "trainer"
    )


def _visible_session(request: HttpRequest, pk: int) -> Session:
    return get_object_or_404(_session_queryset(request.user), pk=pk)


def _enrollments(user: Any, session: Session) -> Any:
    """The session's enrolled people that `user` may see, in the reader's name order."""
    return (
        Enrollment.objects.visible_to(user)
        .filter(session=session)
        .select_related("person", "organization", "attendance")
        .annotate(
            display_last_name=localized_expression(
                "person__last_name_latin", "person__last_name_ar"
            ),
            display_first_name=localized_expression(
                "person__first_name_latin", "person__first_name_ar"
            ),
        )
        .order_by("display_last_name", "display_first_name", "pk")
    )


def _with_recorded_status(enrollments: Any) -> list[Enrollment]:
    rows = list(enrollments)
    for enrollment in rows:
        attendance = services._attendance_of(enrollment)
        enrollment.recorded_status = attendance.status if attendance else None
    return rows


# Courses


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _refuse_unless(permissions.can_see_training(user))
    form = CourseFilterForm(request.GET)
    form.is_valid()  # invalid values are left out of cleaned_data, hence ignored
    data = form.cleaned_data
    courses = Course.objects.visible_to(user)
    active = data.get("active") or ""
    if active == "":
        courses = courses.active()
    elif active == "inactive":
        courses = courses.filter(is_active=False)
    if data.get("language"):
        # A JSON list of codes: match the quoted code ("ar" is not "ary"), on any database.
        courses = courses.filter(languages__icontains=f'"{data["language"]}"')
    query = (data.get("q") or "").strip()
    if query:
        courses = courses.filter(
            Q(title_fr__icontains=query) | Q(title_ar__icontains=query)
            | Q(title_en__icontains=query)
        )  # fmt: skip
    visible_sessions = Session.objects.visible_to(user).values("pk")
    sort, order_by = ordering(data.get("sort"), COURSE_SORTS, COURSE_DEFAULT_SORT)
    courses = courses.annotate(
        display_title=localized_expression("title_fr", "title_ar", "title_en"),
        session_count=Count("sessions", filter=Q(sessions__in=visible_sessions)),
    ).order_by(*order_by)
    context = {
        "form": form,
        "page_obj": paginate(request, courses),
        "filtered": any(data.get(n) for n in ("q", "language", "active")),
        "sort": sort,
        "default_sort": COURSE_DEFAULT_SORT,
        "can_create": permissions.can_manage_courses(user),
    }
    return list_response(
        request, "training/course_list.html", "training/partials/course_results.html",
        "course-results", context,
    )  # fmt: skip


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    course = get_object_or_404(Course.objects.visible_to(user), pk=pk)
    sessions = _session_queryset(user).filter(course=course)
    can_manage = permissions.can_manage_courses(user)
    context = {
        "course": course,
        "upcoming": list(sessions.upcoming().order_by("starts_at", "pk")[:COURSE_SESSIONS_SHOWN]),
        "recent": list(
            sessions.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")[
                :COURSE_SESSIONS_SHOWN
            ]
        ),
        "session_count": sessions.count(),
        "can_manage": can_manage,
        "can_schedule": permissions.can_schedule_sessions(user) and course.is_active,
        "history": history_of(course) if can_manage else None,
    }
    return render(request, "training/course_detail.html", context)


@login_required
@GET_POST
def course_create(request: HttpRequest) -> HttpResponse:
    _refuse_unless(permissions.can_manage_courses(request.user))
    form = CourseForm(request.POST or None)
    if form.is_valid():
        try:
            course = services.create_course(request.user, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The course %(title)s has been created.") % {
                "title": course.title})  # fmt: skip
            return redirect(course)
    return render(request, "training/course_form.html", {"form": form})


@login_required
@GET_POST
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.visible_to(request.user), pk=pk)
    _refuse_unless(permissions.can_manage_courses(request.user))
    form = CourseForm(request.POST or None, instance=course)
    if form.is_valid():
        try:
            course = services.update_course(request.user, course, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("Changes to %(title)s have been saved.") % {
                "title": course.title})  # fmt: skip
            return redirect(course)
    return render(
        request, "training/course_form.html",
        {"form": form, "course": Course.objects.get(pk=course.pk)},
    )  # fmt: skip


# Sessions


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _refuse_unless(permissions.can_see_training(user))
    visible = Session.objects.visible_to(user)
    form = SessionFilterForm(request.GET, user=user, sessions=visible)
    form.is_valid()
    data = form.cleaned_data
    sessions = _session_queryset(user)
    lookups = {"program": "cohort__program", "cohort": "cohort", "course": "course",
               "trainer": "trainer", "status": "status"}  # fmt: skip
    for name, lookup in lookups.items():
        if data.get(name):
            sessions = sessions.filter(**{lookup: data[name]})
    if data.get("date_from"):
        sessions = sessions.filter(starts_at__date__gte=data["date_from"])
    if data.get("date_to"):
        sessions = sessions.filter(starts_at__date__lte=data["date_to"])
    if data.get("mine"):
        sessions = sessions.filter(trainer=user)
    sort, order_by = ordering(data.get("sort"), SESSION_SORTS, SESSION_DEFAULT_SORT)
    sessions = sessions.annotate(
        course_title=localized_expression(
            "course__title_fr", "course__title_ar", "course__title_en"
        ),
        commune_name=localized_expression("commune__name_fr", "commune__name_ar"),
        enrolled_count=Count("enrollments"),
    ).order_by(*order_by)
    file_format = requested_format(request)
    if file_format:
        rows = sessions.iterator(chunk_size=2000)
        return export_response(rows, session_columns(), "sessions", file_format)  # type: ignore[return-value]
    filter_names = ("program", "cohort", "course", "trainer", "status", "date_from", "date_to",
                    "mine")  # fmt: skip
    context = {
        "form": form,
        "page_obj": paginate(request, sessions),
        "filtered": any(data.get(name) for name in filter_names),
        "sort": sort,
        "default_sort": SESSION_DEFAULT_SORT,
        "can_schedule": permissions.can_schedule_sessions(user),
        "can_subscribe": permissions.can_subscribe_calendar(user),
        "now": timezone.now(),
    }
    return list_response(
        request, "training/session_list.html", "training/partials/session_results.html",
        "session-results", context,
    )  # fmt: skip


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    session = _visible_session(request, pk)
    enrollments = _with_recorded_status(_enrollments(user, session))
    counts = {status: 0 for status in AttendanceStatus.values}
    for enrollment in enrollments:
        if enrollment.recorded_status:  # type: ignore[attr-defined]
            counts[enrollment.recorded_status] += 1  # type: ignore[attr-defined]
    sees_all = permissions.can_see_all_enrolled(user, session)
    can_manage = permissions.can_manage_session(user, session)
    context = {
        "session": session,
        "enrollments": enrollments,
        "counts": counts,
        "unrecorded": len(enrollments) - sum(counts.values()),
        "enrolled_total": session.enrollments.count(),
        "sees_all": sees_all,
        "can_manage": can_manage and not session.is_cancelled,
        "can_record": permissions.can_record_attendance(user, session) and not session.is_cancelled,
        "history": history_of(session) if sees_all else None,
        "statuses": AttendanceStatus,
    }
    return render(request, "training/session_detail.html", context)


@login_required
@GET_POST
def session_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _refuse_unless(permissions.can_schedule_sessions(user))
    initial = {"capacity": 25}
    course = Course.objects.active().filter(pk=as_id(request.GET.get("course"))).first()
    if course:
        initial["course"] = course.pk
    if _refresh_communes(request):
        sent = SessionForm(request.POST, user=user)
        form = SessionForm(user=user, initial={n: sent[n].data for n in sent.fields})
    else:
        form = SessionForm(request.POST or None, user=user, initial=initial)
        if form.is_valid():
            try:
                session = services.schedule_session(user, form.session_data())
            except ValidationError as error:
                service_errors(form, error, SESSION_FIELD_FOR)
            else:
                messages.success(request, _("The session has been scheduled."))
                return redirect(session)
    return render(request, "training/session_form.html", {"form": form})


@login_required
@GET_POST
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    session = _visible_session(request, pk)
    _refuse_unless(permissions.can_manage_session(user, session))
    if session.is_cancelled:
        messages.warning(request, _("This session is cancelled and can no longer be changed."))
        return redirect(session)
    if _refresh_communes(request):
        sent = SessionForm(request.POST, user=user, session=session)
        form = SessionForm(
            user=user, session=session, initial={n: sent[n].data for n in sent.fields}
        )
    else:
        form = SessionForm(request.POST or None, user=user, session=session)
        if form.is_valid():
            try:
                session = services.update_session(user, session, form.session_data())
            except ValidationError as error:
                service_errors(form, error, SESSION_FIELD_FOR)
            else:
                messages.success(request, _("Changes to the session have been saved."))
                return redirect(session)
    return render(request, "training/session_form.html", {"form": form, "session": session})


@login_required
@GET_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    session = _visible_session(request, pk)
    _refuse_unless(permissions.can_manage_session(user, session))
    if session.is_cancelled:
        return redirect(session)
    has_attendance = Attendance.objects.filter(enrollment__session=session).exists()
    if request.method == "POST" and not has_attendance:
        try:
            services.cancel_session(user, session)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The session has been cancelled."))
        return redirect(session)
    context = {
        "session": session,
        "has_attendance": has_attendance,
        "enrolled": session.enrollments.count(),
    }
    return render(request, "training/session_cancel.html", context)


# Enrollment


@login_required
@GET_POST
def session_enroll(request: HttpRequest, pk: int) -> HttpResponse:
    """Enroll members of the cohort's participating organizations, several at once."""
    user = request.user
    session = _visible_session(request, pk)
    _refuse_unless(permissions.can_manage_session(user, session))
    if session.is_cancelled:
        messages.warning(request, _("This session is cancelled: nobody can be enrolled."))
        return redirect(session)
    errors: list[str] = []
    if request.method == "POST":
        chosen = _chosen_members(request.POST.getlist("member"))
        if chosen is None:
            errors.append(_("The choice could not be read: choose people from the list."))
        else:
            try:
                created = services.enroll_people(user, session, chosen)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                count = len(created)
                messages.success(request, ngettext(
                    "%(count)s person has been enrolled.",
                    "%(count)s people have been enrolled.", count,
                ) % {"count": count})  # fmt: skip
                return redirect(reverse("training:session_enroll", args=[session.pk]))

    organizations = (
        Organization.objects.filter(
            participations__cohort_id=session.cohort_id,
            participations__status__in=services.ENROLLING_PARTICIPATIONS,
            archived_at__isnull=True,
        )
        .with_display_name()
        .order_by("display_name", "pk")
    )
    form = EnrollFilterForm(request.GET, organizations=organizations)
    form.is_valid()
    data = form.cleaned_data
    candidates = services.enrollable_memberships(session)
    if data.get("organization"):
        candidates = candidates.filter(organization=data["organization"])
    if data.get("q"):
        candidates = candidates.filter(person__in=Person.objects.search(data["q"]))
    candidates = (
        candidates.select_related("person", "organization")
        .annotate(
            organization_name=localized_expression(
                "organization__name_fr", "organization__name_ar"
            ),
            last_name=localized_expression("person__last_name_latin", "person__last_name_ar"),
            first_name=localized_expression("person__first_name_latin", "person__first_name_ar"),
        )
        .order_by("organization_name", "organization_id", "last_name", "first_name", "pk")
    )
    enrolled = session.enrollments.count()
    page_obj = paginate(request, candidates, ENROLL_PAGE_SIZE)
    checked = set(request.POST.getlist("member")) if errors else set()
    for membership in page_obj:  # the page's rows are read once, then kept
        membership.choice = f"{membership.person_id}:{membership.organization_id}"
        membership.checked = membership.choice in checked
    context = {
        "session": session,
        "form": form,
        "page_obj": page_obj,
        "filtered": bool(data.get("q") or data.get("organization")),
        "enrolled": enrolled,
        "places_left": max(session.capacity - enrolled, 0),
        "has_organizations": organizations.exists(),
        "errors": errors,
    }
    return list_response(
        request, "training/session_enroll.html", "training/partials/enroll_candidates.html",
        "enroll-candidates", context,
    )  # fmt: skip


def _chosen_members(values: list[str]) -> list[tuple[Person, Organization]] | None:
    """'person id:organization id' values, as records; None when one cannot be read."""
    pairs = []
    for value in values:
        person_raw, _sep, organization_raw = value.partition(":")
        person_id, organization_id = as_id(person_raw), as_id(organization_raw)
        if person_id is None or organization_id is None:
            return None
        pairs.append((person_id, organization_id))
    people = Person.objects.in_bulk([p for p, _o in pairs])
    organizations = Organization.objects.in_bulk([o for _p, o in pairs])
    if any(p not in people or o not in organizations for p, o in pairs):
        return None
    return [(people[p], organizations[o]) for p, o in pairs]


@login_required
@GET_POST
def enrollment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    enrollment = get_object_or_404(
        Enrollment.objects.visible_to(user).select_related("person", "organization"), pk=pk
    )
    session = _visible_session(request, enrollment.session_id)
    _refuse_unless(permissions.can_manage_session(user, session))
    if request.method == "POST":
        try:
            services.unenroll(user, enrollment)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(person)s has been taken off the session.") % {
                "person": enrollment.person})  # fmt: skip
        return redirect(session)
    return render(
        request, "training/enrollment_remove.html", {"enrollment": enrollment, "session": session}
    )


# Attendance


@login_required
@GET_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The bulk attendance sheet: everyone enrolled, saved in one request."""
    user = request.user
    session = _visible_session(request, pk)
    _refuse_unless(permissions.can_record_attendance(user, session))
    file_format = requested_format(request)
    if file_format and request.method == "GET":
        rows = _enrollments(user, session).iterator(chunk_size=2000)
        return export_response(rows, attendance_columns(), f"attendance-{session.pk}", file_format)  # type: ignore[return-value]
    if session.is_cancelled:
        messages.warning(request, _("This session is cancelled: attendance cannot be recorded."))
        return redirect(session)
    enrollments = _with_recorded_status(_enrollments(user, session))
    form = AttendanceSheetForm(request.POST or None, enrollments=enrollments)
    started = session.has_started
    if request.method == "POST" and started and form.is_valid():
        try:
            services.record_attendance(user, session, form.statuses())
        except ValidationError as error:
            service_errors(form, error)
        else:
            count = len(enrollments)
            messages.success(request, ngettext(
                "Attendance has been saved for %(count)s person.",
                "Attendance has been saved for %(count)s people.", count,
            ) % {"count": count})  # fmt: skip
            return redirect(session)
    context = {
        "session": session,
        "form": form,
        "rows": form.rows(),
        "started": started,
        "statuses": AttendanceStatus.choices,
        "recorded": any(e.recorded_status for e in enrollments),  # type: ignore[attr-defined]
    }
    return render(request, "training/attendance.html", context)


# Certificates


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _refuse_unless(permissions.can_see_training(user))
    certificates = Certificate.objects.visible_to(user)
    form = CertificateFilterForm(
        request.GET,
        cohorts=Cohort.objects.filter(pk__in=certificates.values("cohort_id")),
        courses=Course.objects.filter(pk__in=certificates.values("course_id")),
    )
    form.is_valid()
    data = form.cleaned_data
    if data.get("cohort"):
        certificates = certificates.filter(cohort=data["cohort"])
    if data.get("course"):
        certificates = certificates.filter(course=data["course"])
    if data.get("q"):
        certificates = certificates.filter(person__in=Person.objects.search(data["q"]))
    sort, order_by = ordering(data.get("sort"), CERTIFICATE_SORTS, CERTIFICATE_DEFAULT_SORT)
    certificates = (
        certificates.select_related("person", "course", "cohort__program")
        .annotate(
            display_last_name=localized_expression(
                "person__last_name_latin", "person__last_name_ar"
            ),
            display_first_name=localized_expression(
                "person__first_name_latin", "person__first_name_ar"
            ),
            course_title=localized_expression(
                "course__title_fr", "course__title_ar", "course__title_en"
            ),
        )
        .order_by(*order_by)
    )
    context = {
        "form": form,
        "page_obj": paginate(request, certificates),
        "filtered": any(data.get(n) for n in ("q", "cohort", "course")),
        "sort": sort,
        "default_sort": CERTIFICATE_DEFAULT_SORT,
        "can_issue": permissions.can_schedule_sessions(user),
    }
    return list_response(
        request, "training/certificate_list.html",
        "training/partials/certificate_results.html", "certificate-results", context,
    )  # fmt: skip


@login_required
@GET_POST
def certificate_issue(request: HttpRequest) -> HttpResponse:
    """Choose a cohort and a course, see who qualifies, confirm, issue."""
    user = request.user
    _refuse_unless(permissions.can_schedule_sessions(user))
    source = request.POST if request.method == "POST" else request.GET
    form = IssueCertificatesForm(source if source.get("cohort") else None, user=user)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        cohort, course = form.cleaned_data["cohort"], form.cleaned_data["course"]
        _refuse_unless(permissions.can_issue_certificates(user, cohort))
        if request.method == "POST" and "confirm" in request.POST:
            try:
                created = services.issue_certificates(user, course, cohort)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                count = len(created)
                messages.success(request, ngettext(
                    "%(count)s certificate has been issued.",
                    "%(count)s certificates have been issued.", count,
                ) % {"count": count})  # fmt: skip
                url = reverse("training:certificate_list")
                return redirect(f"{url}?cohort={cohort.pk}&course={course.pk}")
        sessions = Session.objects.filter(course=course, cohort=cohort)
        by_status = dict(
            sessions.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        )
        qualified = set(services.qualifying_people(course, cohort))
        holders = set(
            Certificate.objects.filter(course=course, cohort=cohort).values_list(
                "person_id", flat=True
            )
        )
        context.update({
            "cohort": cohort,
            "course": course,
            "held": by_status.get(SessionStatus.HELD, 0),
            "planned": by_status.get(SessionStatus.PLANNED, 0),
            "cancelled": by_status.get(SessionStatus.CANCELLED, 0),
            "qualified": len(qualified),
            "already": len(qualified & holders),
            "to_issue": len(qualified - holders),
            "threshold": round(services.minimum_attendance() * 100),
        })  # fmt: skip
    return render(request, "training/certificate_issue.html", context)


# The trainer's calendar subscription


@login_required
@GET_POST
def calendar(request: HttpRequest) -> HttpResponse:
    """Show the trainer's secret calendar link; create or renew it (POST)."""
    user: Any = request.user
    _refuse_unless(permissions.can_subscribe_calendar(user))
    if request.method == "POST":
        if request.POST.get("action") == "regenerate":
            services.regenerate_calendar(user)
            messages.success(
                request, _("Your calendar has a new link; the previous one no longer works.")
            )
        else:
            services.calendar_for(user)
            messages.success(request, _("Your calendar link is ready."))
        return redirect("training:calendar")
    existing = TrainerCalendar.objects.filter(user=user).first()
    context: dict[str, Any] = {"calendar": existing}
    if existing:
        feed = request.build_absolute_uri(reverse("training:calendar_feed", args=[existing.token]))
        context["feed_url"] = feed
        context["webcal_url"] = "webcal://" + feed.split("://", 1)[1]
    return render(request, "training/calendar.html", context)
