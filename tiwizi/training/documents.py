"""Documents of training: certificate and sign-in sheet PDFs, the trainers' calendar
feed, and the public page that confirms a certificate from its code.
"""

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from tiwizi.core.i18n import current_language, localized
from tiwizi.core.pdf import pdf_response, render_pdf
from tiwizi.registry.querysets import localized_expression
from tiwizi.training import permissions
from tiwizi.training.models import (
    Certificate,
    Enrollment,
    Session,
    SessionStatus,
    TrainerCalendar,
    normalize_certificate_code,
)

# The feed covers this far ahead (calendar clients poll it every few hours).
CALENDAR_DAYS_AHEAD = 400


def _names(person: Any) -> dict[str, str]:
    """The person's name for each column: its own script first, the other as fallback."""
    latin, arabic = person.full_name_latin, person.full_name_ar
    return {"ar": arabic or latin, "fr": latin or arabic}


def _in(language: str, obj: Any, field: str) -> str:
    return localized(obj, field, language) if obj is not None else ""


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related(
            "person", "course", "cohort__program"
        ),
        pk=pk,
    )
    course, cohort = certificate.course, certificate.cohort
    dates = Session.objects.filter(
        course=course, cohort=cohort, status=SessionStatus.HELD
    ).aggregate(first=Min("starts_at"), last=Max("starts_at"))
    first = timezone.localtime(dates["first"]).date() if dates["first"] else None
    last = timezone.localtime(dates["last"]).date() if dates["last"] else None
    verify_url = request.build_absolute_uri(certificate.get_verify_url())
    context = {
        "certificate": certificate,
        "names": _names(certificate.person),
        "titles": {lang: _in(lang, course, "title") for lang in ("ar", "fr")},
        "programs": {lang: _in(lang, cohort.program, "name") for lang in ("ar", "fr")},
        "cohort": cohort,
        "first": first,
        "last": last,
        "hours": course.duration_hours,
        "issued": timezone.localtime(certificate.issued_at).date(),
        "verify_url": verify_url,
        "pdf_language": "fr",
    }
    pdf = render_pdf("training/pdf/certificate.html", context)
    return pdf_response(pdf, f"certificate-{certificate.code}.pdf")


@login_required
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 landscape sheet for people to sign, blank rows up to capacity."""
    user = request.user
    session = get_object_or_404(
        Session.objects.visible_to(user).select_related(
            "course", "cohort__program", "commune", "trainer"
        ),
        pk=pk,
    )
    if not permissions.can_see_all_enrolled(user, session):
        raise PermissionDenied
    enrollments = list(
        Enrollment.objects.filter(session=session)
        .select_related("person", "organization")
        .annotate(
            last_name=localized_expression("person__last_name_latin", "person__last_name_ar"),
            first_name=localized_expression("person__first_name_latin", "person__first_name_ar"),
        )
        .order_by("last_name", "first_name", "pk")
    )
    blank = range(len(enrollments) + 1, max(session.capacity, len(enrollments)) + 1)
    context = {
        "session": session,
        "starts": timezone.localtime(session.starts_at),
        "ends": timezone.localtime(session.ends_at),
        "enrollments": enrollments,
        "blank_rows": blank,
        "pdf_language": current_language(),
    }
    pdf = render_pdf("training/pdf/sign_in_sheet.html", context)
    day = timezone.localtime(session.starts_at).date().isoformat()
    return pdf_response(pdf, f"sign-in-sheet-{session.pk}-{day}.pdf")


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The trainer's upcoming sessions as iCalendar, read by calendar apps (no login:
    the secret token in the address is the key)."""
    from icalendar import Calendar, Event

    calendar = TrainerCalendar.objects.select_related("user").filter(token=token).first()
    if calendar is None or not calendar.user.is_active:
        raise Http404
    user = calendar.user
    horizon = timezone.now() + datetime.timedelta(days=CALENDAR_DAYS_AHEAD)
    sessions = (
        Session.objects.filter(trainer=user, starts_at__lte=horizon)
        .upcoming()
        .select_related("course", "commune", "cohort__program")
        .order_by("starts_at", "pk")
    )
    host = request.get_host().split(":")[0] or "tiwizi"
    feed = Calendar()
    feed.add("prodid", "-//Tiwizi//Training sessions//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    stamp = timezone.now().astimezone(datetime.UTC)
    with translation.override(user.language or current_language()):
        feed.add("x-wr-calname", str(user))
        for session in sessions:
            event = Event()
            event.add("uid", f"training-session-{session.pk}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
            event.add("dtend", session.ends_at.astimezone(datetime.UTC))
            event.add("summary", session.course.title)
            event.add("location", session.place)
            event.add("description", f"{session.cohort.program.name} — {session.cohort.name}")
            event.add("url", request.build_absolute_uri(session.get_absolute_url()))
            feed.add_component(event)
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tiwizi-sessions.ics"'
    return response


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: confirm that a certificate exists, with what is printed on it.

    No login; the page shows in Arabic, French and English at once, and answers 404 for
    an unknown code (with the same page saying so).
    """
    normalized = normalize_certificate_code(code)
    certificate = (
        Certificate.objects.select_related("person", "course", "cohort__program")
        .filter(code=normalized)
        .first()
        if normalized
        else None
    )
    issued = timezone.localtime(certificate.issued_at).date() if certificate else None
    versions = []
    for language in ("ar", "fr", "en"):
        version: dict[str, Any] = {"lang": language, "dir": "rtl" if language == "ar" else "ltr"}
        if certificate is not None:
            version.update(
                name=_names(certificate.person)["ar" if language == "ar" else "fr"],
                title=_in(language, certificate.course, "title"),
                program=_in(language, certificate.cohort.program, "name"),
                cohort=certificate.cohort.name,
                issued=issued,
            )
        versions.append(version)
    context = {
        "code": normalized or code[:40],
        "certificate": certificate,
        "versions": versions,
    }
    status = 200 if certificate is not None else 404
    return render(request, "training/verify.html", context, status=status)


def verify_form(request: HttpRequest) -> HttpResponse:
    """Public: type a code from paper, be sent to its verification page."""
    code = normalize_certificate_code(request.GET.get("code", ""))
    if code:
        return redirect(reverse("training:verify", args=[code]))
    return render(request, "training/verify.html", {"ask": True})
