"""Pages of events. Thin: look up within what the user may see (missing: 404), check the
named permission (refused: 403), parse with a form, call a service, render.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiwizi.accounts.models import Role
from tiwizi.core.i18n import current_language
from tiwizi.core.listing import (
    GET_POST,
    is_htmx,
    list_response,
    ordering,
    paginate,
    service_errors,
)
from tiwizi.core.pdf import pdf_response, render_pdf
from tiwizi.events import exports, permissions, services
from tiwizi.events.forms import (
    AttendanceForm,
    CancelEventForm,
    EventFilterForm,
    EventForm,
    OutcomeForm,
    OutcomeStatusForm,
    RegistrationForm,
    as_id,
)
from tiwizi.events.history import event_history
from tiwizi.events.models import Event, Outcome, Registration
from tiwizi.registry.querysets import localized_expression

# Sort keys offered by the column headers: key -> order_by fields (ascending).
EVENT_SORTS = {
    "start": ("start", "pk"),
    "title": ("display_title", "pk"),
    "kind": ("kind", "start", "pk"),
    "status": ("status", "start", "pk"),
    "registrations": ("registration_count", "start", "pk"),
}
DEFAULT_SORT = "-start"


# Helpers


def _program_url(event: Event) -> str:
    # The programs app may not serve its pages yet: then the program is named, not linked.
    if not event.program_id:
        return ""
    try:
        return reverse("programs:program_detail", args=[event.program_id])
    except NoReverseMatch:
        return ""


def _visible_event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.visible_to(request.user).select_related("program", "commune__province"),
        pk=pk,
    )


def _staffed_event(request: HttpRequest, pk: int) -> Event:
    """Pages that list people: only staff of the event, others get a 404 (not a 403), as
    for any page about records they do not see."""
    return get_object_or_404(
        Event.objects.staffed_by(request.user).select_related("program", "commune__province"),
        pk=pk,
    )


def _refreshing(request: HttpRequest, button: str) -> bool:
    # Without JavaScript a select cannot reload the next one's options: a <noscript>
    # button sends the form back to be redrawn with the options of the choice made.
    return request.method == "POST" and button in request.POST


def _refuse_if_cancelled(request: HttpRequest, event: Event) -> HttpResponse | None:
    if event.is_cancelled:
        messages.warning(request, _("This event is cancelled: it can no longer be changed."))
        return redirect(event)
    return None


# Events


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not permissions.can_open_event_list(user):
        raise PermissionDenied
    form = EventFilterForm(request.GET, user=user)
    form.is_valid()  # invalid values are left out of cleaned_data, hence ignored
    data = form.cleaned_data

    events = Event.objects.visible_to(user)
    if data.get("q"):
        q = data["q"]
        events = events.filter(
            Q(title_fr__icontains=q) | Q(title_ar__icontains=q) | Q(title_en__icontains=q)
            | Q(venue__icontains=q)
        )  # fmt: skip
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("status"):
        events = events.filter(status=data["status"])
    if data.get("program"):
        events = events.filter(program=data["program"])
    if data.get("province"):
        events = events.filter(commune__province=data["province"])
    # Events that overlap the range: a fair from the 3rd to the 5th is "on the 4th".
    if data.get("date_from"):
        events = events.filter(end__date__gte=data["date_from"])
    if data.get("date_to"):
        events = events.filter(start__date__lte=data["date_to"])

    sort, order_by = ordering(data.get("sort"), EVENT_SORTS, DEFAULT_SORT)
    events = (
        events.with_display_title()
        .annotate(registration_count=Count("registrations", distinct=True))
        .select_related("program", "commune__province")
        .prefetch_related("organizers")
        .order_by(*order_by)
    )
    filtered = any(
        data.get(name)
        for name in ("q", "kind", "status", "program", "province", "date_from", "date_to")
    )
    context = {
        "form": form,
        "page_obj": paginate(request, events),
        "filtered": filtered,
        "sort": sort,
        "default_sort": DEFAULT_SORT,
        "can_create": permissions.can_create_event(user),
    }
    return list_response(
        request, "events/event_list.html", "events/partials/event_results.html",
        "event-results", context,
    )  # fmt: skip


def _registration_groups(registrations: list[Registration]) -> list[dict[str, Any]]:
    """Registrations grouped by role, in the order of the roles."""
    groups = []
    for role, label in Registration.Role.choices:
        rows = [r for r in registrations if r.role == role]
        if rows:
            groups.append({"role": role, "label": label, "registrations": rows})
    return groups


def _outcome_context(request: HttpRequest, event: Event, form: OutcomeForm | None = None) -> Any:
    user: Any = request.user
    can_follow_up = permissions.can_follow_up_event(user, event)
    outcomes = list(event.outcomes.select_related("owner_organization").order_by("due_date", "pk"))
    return {
        "event": event,
        "outcomes": outcomes,
        "can_follow_up": can_follow_up,
        "status_choices": Outcome.Status.choices,
        "outcome_form": form or (OutcomeForm(user=user) if can_follow_up else None),
    }


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = _visible_event(request, pk)
    sees_people = permissions.can_follow_up_event(user, event)
    registrations = list(
        Registration.objects.visible_to(user)
        .filter(event=event)
        .select_related("organization__province", "person")
        .annotate(
            organization_name=localized_expression(
                "organization__name_fr", "organization__name_ar"
            ),
            last_name=localized_expression("person__last_name_latin", "person__last_name_ar"),
            first_name=localized_expression("person__first_name_latin", "person__first_name_ar"),
        )
        .order_by("organization_name", "last_name", "first_name", "pk")
    )
    own = user.organization_ids(Role.COOPERATIVE_MANAGER)
    for registration in registrations:
        registration.can_remove = sees_people or (
            event.status == Event.Status.PLANNED and registration.organization_id in own
        )
    totals = event.registrations.aggregate(
        total=Count("pk"),
        attended=Count("pk", filter=Q(attended=True)),
        organizations=Count("organization", distinct=True),
    )
    context = {
        "event": event,
        "program_url": _program_url(event),
        "organizers": list(event.organizers.with_display_name().order_by("display_name", "pk")),
        "groups": _registration_groups(registrations),
        "registration_count": len(registrations),
        "totals": totals,
        "sees_people": sees_people,
        "can_manage": permissions.can_manage_event(user, event) and not event.is_cancelled,
        "can_register": permissions.can_register_at(user, event),
        "can_record_attendance": sees_people and event.has_started and not event.is_cancelled,
        "history": event_history(event) if sees_people else None,
        **_outcome_context(request, event),
    }
    return render(request, "events/event_detail.html", context)


def _event_form(request: HttpRequest, event: Event | None = None) -> EventForm:
    user: Any = request.user
    if _refreshing(request, "refresh_communes"):
        sent = EventForm(request.POST, user=user, instance=event)
        initial = {name: sent[name].data for name in sent.fields}
        return EventForm(initial=initial, user=user, instance=event)
    if event is None and request.method != "POST":
        own = user.organization_ids(Role.PROGRAM_MANAGER)
        return EventForm(initial={"organizers": sorted(own)}, user=user)
    return EventForm(request.POST or None, user=user, instance=event)


@login_required
@GET_POST
def event_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_event(request.user):
        raise PermissionDenied
    form = _event_form(request)
    if (
        request.method == "POST"
        and not _refreshing(request, "refresh_communes")
        and form.is_valid()
    ):
        try:
            event = services.create_event(request.user, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("%(title)s has been planned.") % {"title": event.title})
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form})


@login_required
@GET_POST
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible_event(request, pk)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    if refused := _refuse_if_cancelled(request, event):
        return refused
    form = _event_form(request, event)
    if (
        request.method == "POST"
        and not _refreshing(request, "refresh_communes")
        and form.is_valid()
    ):
        try:
            event = services.update_event(request.user, event, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, _("Changes to %(title)s have been saved.") % {"title": event.title}
            )
            return redirect(event)
    return render(
        request, "events/event_form.html",
        {"form": form, "event": Event.objects.get(pk=event.pk)},
    )  # fmt: skip


@login_required
@GET_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible_event(request, pk)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    if event.is_cancelled:
        messages.info(request, _("This event is already cancelled."))
        return redirect(event)
    if event.status == Event.Status.HELD:
        messages.warning(request, _("This event has been held: it cannot be cancelled."))
        return redirect(event)
    form = CancelEventForm(request.POST or None)
    if form.is_valid():
        try:
            services.cancel_event(request.user, event, form.cleaned_data["reason"])
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("%(title)s has been cancelled.") % {"title": event.title})
            return redirect(event)
    return render(request, "events/event_cancel.html", {"event": event, "form": form})


# Registrations


@login_required
@GET_POST
def registration_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    event = _visible_event(request, pk)
    if refused := _refuse_if_cancelled(request, event):
        return refused
    if not permissions.can_register_at(user, event):
        raise PermissionDenied
    if _refreshing(request, "refresh_members"):
        sent = RegistrationForm(request.POST, user=user, event=event)
        initial = {name: sent[name].data for name in sent.fields}
        form = RegistrationForm(initial=initial, user=user, event=event)
    else:
        form = RegistrationForm(request.POST or None, user=user, event=event)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.register(
                    user, event, organization=data.get("organization"),
                    person=data.get("person"), role=data["role"],
                )  # fmt: skip
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s has been registered for %(event)s.")
                    % {"name": registration.label, "event": event.title},
                )
                if "add_another" in request.POST:
                    return redirect("events:registration_add", pk=event.pk)
                return redirect(event)
    return render(request, "events/registration_form.html", {"event": event, "form": form})


@login_required
def registration_member_options(request: HttpRequest, pk: int) -> HttpResponse:
    """<option>s of the chosen organization's current members (the registration form)."""
    user: Any = request.user
    event = _visible_event(request, pk)
    if not permissions.can_register_at(user, event):
        raise PermissionDenied
    organization_id = as_id(request.GET.get("organization", ""))
    organization = (
        services.registrable_organizations(user, event).filter(pk=organization_id).first()
        if organization_id
        else None
    )
    people = (
        services.registrable_people(user, event, organization)
        .with_display_name()
        .order_by("display_last_name", "display_first_name", "pk")
        if organization is not None
        else []
    )
    return render(
        request, "events/partials/member_options.html",
        {"people": people, "organization": organization},
    )  # fmt: skip


@login_required
@GET_POST
def registration_remove(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user).select_related(
            "event", "person", "organization"
        ),
        pk=pk,
    )
    event = registration.event
    if not permissions.can_unregister(request.user, registration):
        raise PermissionDenied
    if request.method == "POST":
        services.unregister(request.user, registration)
        messages.success(
            request,
            _("%(name)s is no longer registered for %(event)s.")
            % {"name": registration.label, "event": event.title},
        )
        return redirect(event)
    return render(
        request, "events/registration_remove.html", {"registration": registration, "event": event}
    )


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone's attendance in one POST, saved all together or not at all."""
    event = _visible_event(request, pk)
    if not permissions.can_follow_up_event(request.user, event):
        raise PermissionDenied
    ids = list(event.registrations.values_list("pk", flat=True))
    form = AttendanceForm(request.POST, registration_ids=ids)
    if not form.is_valid():
        messages.error(
            request,
            _("The attendance could not be read (has the list changed?). Nothing was saved."),
        )
        return redirect(event)
    try:
        changed = services.record_attendance(request.user, event, form.marks())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Attendance has been saved.") if changed else _("Nothing changed.")
        )
    return redirect(f"{event.get_absolute_url()}#registrations")


# Outcomes


@login_required
@GET_POST
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a recommendation; HTMX swaps the outcomes section, without it the page reloads."""
    event = _visible_event(request, pk)
    if not permissions.can_follow_up_event(request.user, event):
        raise PermissionDenied
    form = OutcomeForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            services.add_outcome(request.user, event, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            if is_htmx(request):
                context = _outcome_context(request, event)
                context["added"] = True
                return render(request, "events/partials/outcomes.html", context)
            messages.success(request, _("The recommendation has been added."))
            return redirect(f"{event.get_absolute_url()}#outcomes")
    if is_htmx(request):
        return render(
            request, "events/partials/outcomes.html", _outcome_context(request, event, form)
        )
    return render(request, "events/outcome_form.html", {"event": event, "form": form})


@login_required
@require_POST
def outcome_status(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = get_object_or_404(
        Outcome.objects.visible_to(request.user).select_related("event", "owner_organization"),
        pk=pk,
    )
    event = outcome.event
    if not permissions.can_follow_up_event(request.user, event):
        raise PermissionDenied
    form = OutcomeStatusForm(request.POST)
    error = ""
    if form.is_valid():
        outcome = services.set_outcome_status(request.user, outcome, form.cleaned_data["status"])
        outcome = Outcome.objects.select_related("owner_organization").get(pk=outcome.pk)
    else:
        error = _("Choose one of the listed statuses.")
    if is_htmx(request):
        return render(
            request, "events/partials/outcome_row.html",
            {"outcome": outcome, "event": event, "can_follow_up": True,
             "status_choices": Outcome.Status.choices, "error": error,
             "sees_people": True, "saved": not error},
        )  # fmt: skip
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The follow-up status has been updated."))
    return redirect(f"{event.get_absolute_url()}#outcomes")


# Exports: lists of people, for the event's staff only


def _participants(event: Event) -> QuerySet[Registration]:
    return (
        event.registrations.select_related("organization__province", "person")
        .annotate(
            organization_name=localized_expression(
                "organization__name_fr", "organization__name_ar"
            ),
            last_name=localized_expression("person__last_name_latin", "person__last_name_ar"),
            first_name=localized_expression("person__first_name_latin", "person__first_name_ar"),
        )
        .order_by("organization_name", "last_name", "first_name", "pk")
    )


@login_required
def participants_export(request: HttpRequest, pk: int) -> HttpResponse:
    event = _staffed_event(request, pk)
    content = exports.participants_workbook(event, list(_participants(event)))
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-participants.xlsx"'
    return response


@login_required
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    event = _staffed_event(request, pk)
    registrations = exports.in_role_order(list(_participants(event)))
    context = {
        "event": event,
        "registrations": registrations,
        "blank_rows": range(len(registrations) + 1, len(registrations) + 1 + exports.BLANK_ROWS),
        "pdf_language": current_language(),
    }
    pdf = render_pdf("events/pdf/sign_in_sheet.html", context)
    return pdf_response(pdf, f"event-{event.pk}-sign-in-sheet.pdf")
