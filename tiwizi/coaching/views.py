"""Pages of coaching. Thin: look up within what the user may see (missing: 404), check
the named permission (refused: 403), parse with a form, call a service, render.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from tiwizi.coaching import permissions, services
from tiwizi.coaching.forms import (
    MAX_ACTION_ROWS,
    ActionItemForm,
    ActionItemFormSet,
    GoalForm,
    PlanFilterForm,
    PlanForm,
    StatusForm,
    VisitForm,
)
from tiwizi.coaching.history import plan_history
from tiwizi.coaching.models import ActionItem, CoachingPlan, Goal, Visit
from tiwizi.coaching.querysets import program_name_expression
from tiwizi.core.listing import (
    GET_POST,
    is_htmx,
    list_response,
    ordering,
    paginate,
    safe_next,
    service_errors,
)
from tiwizi.registry.models import Organization
from tiwizi.registry.querysets import localized_expression

# Sort keys offered by the column headers: key -> order_by fields (ascending).
PLAN_SORTS = {
    "organization": ("organization_name", "pk"),
    "program": ("program_name", "organization_name", "pk"),
    "coach": ("coach__full_name", "coach__email", "pk"),
    "start": ("start_date", "pk"),
    "end": ("end_date", "pk"),
    # Ascending puts the plans never visited first: the ones to worry about.
    "last_visit": ("last_visit", "pk"),
    "overdue": ("actions_overdue", "organization_name", "pk"),
}
DEFAULT_SORT = "organization"
PLAN_RELATED = ("program", "organization", "coach")


# Helpers


def _visible_plan(request: HttpRequest, pk: int) -> CoachingPlan:
    return get_object_or_404(
        CoachingPlan.objects.visible_to(request.user).select_related(*PLAN_RELATED), pk=pk
    )


def _plan_to_change(request: HttpRequest, pk: int) -> CoachingPlan:
    """A visible plan whose goals, visits and actions the user may record (else 403)."""
    plan = _visible_plan(request, pk)
    if not permissions.can_change_plan_content(request.user, plan):
        raise PermissionDenied
    return plan


def _plan_to_manage(request: HttpRequest, pk: int) -> CoachingPlan:
    plan = _visible_plan(request, pk)
    if not (plan.is_active and permissions.can_manage_plan(request.user, plan)):
        raise PermissionDenied
    return plan


def _plan_counts(plan: CoachingPlan) -> dict[str, int]:
    """Goals achieved and total, open and overdue actions: one query."""
    today = timezone.localdate()
    return CoachingPlan.objects.filter(pk=plan.pk).aggregate(
        goals_total=Count("goals", distinct=True),
        goals_achieved=Count("goals", filter=Q(goals__status="achieved"), distinct=True),
        actions_open=Count("action_items", filter=Q(action_items__status="open"), distinct=True),
        actions_overdue=Count(
            "action_items",
            filter=Q(action_items__status="open", action_items__due_date__lt=today),
            distinct=True,
        ),
    )


# Plans


@login_required
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_see_coaching(user):
        raise PermissionDenied
    visible = CoachingPlan.objects.visible_to(user)
    form = PlanFilterForm(request.GET, plans=visible)
    form.is_valid()
    data = form.cleaned_data

    plans = visible
    for name in ("program", "coach", "organization", "status"):
        if data.get(name):
            plans = plans.filter(**{name: data[name]})
    if data.get("q"):
        plans = plans.filter(organization__in=Organization.objects.search(data["q"]))
    plans = plans.with_progress()
    if data.get("overdue"):
        plans = plans.filter(actions_overdue__gt=0)
    sort, order_by = ordering(data.get("sort"), PLAN_SORTS, DEFAULT_SORT, nulls_lowest=True)
    plans = (
        plans.select_related(*PLAN_RELATED)
        .annotate(
            organization_name=localized_expression(
                "organization__name_fr", "organization__name_ar"
            ),
            program_name=program_name_expression("program__"),
        )
        .order_by(*order_by)
    )
    filtered = any(
        data.get(name) for name in ("q", "program", "coach", "organization", "status", "overdue")
    )
    context = {
        "form": form,
        "page_obj": paginate(request, plans),
        "filtered": filtered,
        "sort": sort,
        "default_sort": DEFAULT_SORT,
        "can_create": permissions.can_create_plan(user),
    }
    return list_response(
        request, "coaching/plan_list.html", "coaching/partials/plan_results.html",
        "plan-results", context,
    )  # fmt: skip


@login_required
@GET_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_plan(request.user):
        raise PermissionDenied
    # A link from elsewhere (a program, an organization) can preselect both.
    initial = {name: request.GET.get(name, "")[:20] for name in ("program", "organization")}
    form = PlanForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        try:
            plan = services.create_plan(request.user, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                _("The coaching plan of %(organization)s has been created.")
                % {"organization": plan.organization},
            )
            return redirect(plan)
    return render(request, "coaching/plan_form.html", {"form": form})


@login_required
@require_safe
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    plan = _visible_plan(request, pk)
    can_manage = permissions.can_manage_plan(user, plan)
    follows = permissions.is_coach_of(user, plan) or can_manage
    goals = list(plan.goals.order_by("target_date", "pk"))
    visits = list(plan.visits.select_related("recorded_by").order_by("-date", "-pk"))
    actions: list[Any] = list(
        plan.action_items.select_related("owner_user", "visit").order_by("due_date", "pk")
    )
    for item in actions:
        item.allowed = permissions.allowed_action_statuses(user, item, follows=follows)
    counts = {
        "goals_total": len(goals),
        "goals_achieved": sum(1 for g in goals if g.status == Goal.Status.ACHIEVED),
        "actions_open": sum(1 for a in actions if a.status == ActionItem.Status.OPEN),
        "actions_overdue": sum(1 for a in actions if a.is_overdue),
    }
    context = {
        "plan": plan,
        "goals": goals,
        "visits": visits,
        "open_actions": [a for a in actions if a.status == ActionItem.Status.OPEN],
        "closed_actions": [a for a in actions if a.status != ActionItem.Status.OPEN],
        "counts": counts,
        "can_manage": can_manage and plan.is_active,
        "can_change": follows and plan.is_active,
        "sees_notes": follows,
        "history": plan_history(plan, goals, visits, actions) if follows else None,
    }
    return render(request, "coaching/plan_detail.html", context)


@login_required
@GET_POST
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_to_manage(request, pk)
    form = PlanForm(request.POST or None, user=request.user, instance=plan)
    if form.is_valid():
        try:
            plan = services.update_plan(request.user, plan, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("Changes to the coaching plan have been saved."))
            return redirect(plan)
    # The bound form has changed the instance: show the stored plan in the headings.
    stored = CoachingPlan.objects.select_related(*PLAN_RELATED).get(pk=plan.pk)
    return render(request, "coaching/plan_form.html", {"form": form, "plan": stored})


@login_required
@GET_POST
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_to_manage(request, pk)
    if request.method == "POST":
        try:
            services.close_plan(request.user, plan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The coaching plan of %(organization)s has been closed.")
                % {"organization": plan.organization},
            )
        return redirect(plan)
    return render(request, "coaching/plan_close.html", {"plan": plan, "counts": _plan_counts(plan)})


# Goals


@login_required
@GET_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    form = GoalForm(request.POST or None, initial={"target_date": plan.end_date})
    form.instance.plan = plan
    if form.is_valid():
        try:
            services.add_goal(request.user, plan, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The goal has been added."))
            if "add_another" in request.POST:
                return redirect("coaching:goal_add", pk=plan.pk)
            return redirect(plan)
    return render(request, "coaching/goal_form.html", {"plan": plan, "form": form})


def _status_choices(choices: list[tuple[str, Any]], allowed: set[str]) -> list[tuple[str, Any]]:
    return [(value, label) for value, label in choices if value in allowed]


@login_required
@GET_POST
def goal_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a goal's status: inline with HTMX from the plan page, or on this page."""
    goal = get_object_or_404(
        Goal.objects.visible_to(request.user).select_related(
            *(f"plan__{name}" for name in PLAN_RELATED)
        ),
        pk=pk,
    )
    plan = goal.plan
    if not permissions.can_change_plan_content(request.user, plan):
        raise PermissionDenied
    allowed = set(Goal.Status.values) - {goal.status}
    form = StatusForm(request.POST or None, choices=_status_choices(Goal.Status.choices, allowed))
    if form.is_valid():
        try:
            goal = services.set_goal_status(
                request.user, goal, form.cleaned_data["status"], form.cleaned_data.get("on")
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            if is_htmx(request):
                return _goal_row(request, goal, plan)
            messages.success(
                request,
                _("The goal is now “%(status)s”.") % {"status": goal.get_status_display()},
            )
            return redirect(plan)
    if request.method == "POST" and is_htmx(request):
        return _goal_row(request, goal, plan, error=_("This change could not be made."))
    return render(
        request, "coaching/status_form.html",
        {"plan": plan, "record": goal, "form": form, "kind": "goal"},
    )  # fmt: skip


def _goal_row(
    request: HttpRequest, goal: Goal, plan: CoachingPlan, error: str = ""
) -> HttpResponse:
    context = {
        "goal": goal,
        "plan": plan,
        "can_change": True,
        "counts": _plan_counts(plan),
        "oob": True,
        "error": error,
    }
    return render(request, "coaching/partials/goal_row.html", context)


# Visits


@login_required
@GET_POST
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit and the action items decided at it, saved together or not at all."""
    plan = _plan_to_change(request, pk)
    if request.method == "POST" and "more_rows" in request.POST:
        form, formset = _redrawn_visit_forms(request, plan)
    else:
        form = VisitForm(
            request.POST or None, plan=plan,
            initial={"date": timezone.localdate(), "mode": Visit.Mode.ON_SITE,
                     "duration_minutes": 60},
        )  # fmt: skip
        formset = ActionItemFormSet(request.POST or None, plan=plan, prefix="actions")
        if request.method == "POST" and form.is_valid() & formset.is_valid():
            try:
                visit = services.record_visit(
                    request.user, plan, form.cleaned_data, formset.filled_rows()
                )
            except ValidationError as error:
                service_errors(form, error)
            else:
                count = visit.action_items.count()
                messages.success(
                    request,
                    ngettext(
                        "The visit has been recorded with %(count)s action item.",
                        "The visit has been recorded with %(count)s action items.",
                        count,
                    )
                    % {"count": count}
                    if count
                    else _("The visit has been recorded."),
                )
                return redirect(plan)
    context = {
        "plan": plan,
        "form": form,
        "formset": formset,
        "can_add_rows": formset.total_form_count() < MAX_ACTION_ROWS,
    }
    return render(request, "coaching/visit_form.html", context)


def _redrawn_visit_forms(request: HttpRequest, plan: CoachingPlan) -> tuple[VisitForm, Any]:
    """Without JavaScript, "more rows" sends the form back: redraw it, unvalidated, with
    what was typed and two more empty rows."""
    sent = VisitForm(request.POST, plan=plan)
    form = VisitForm(initial={name: sent[name].data for name in sent.fields}, plan=plan)
    sent_rows = ActionItemFormSet(request.POST, plan=plan, prefix="actions")
    rows = []
    if sent_rows.management_form.is_valid():
        rows = [{name: row[name].data for name in row.fields} for row in sent_rows.forms]
    formset = ActionItemFormSet(initial=rows, plan=plan, prefix="actions")
    return form, formset


@login_required
@require_safe
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    visit = get_object_or_404(
        Visit.objects.visible_to(user).select_related(
            "recorded_by", *(f"plan__{name}" for name in PLAN_RELATED)
        ),
        pk=pk,
    )
    plan = visit.plan
    follows = permissions.can_follow_plan(user, plan)
    actions: list[Any] = list(
        visit.action_items.select_related("owner_user").order_by("due_date", "pk")
    )
    for item in actions:
        item.plan = plan
        item.allowed = permissions.allowed_action_statuses(user, item, follows=follows)
    context = {"visit": visit, "plan": plan, "actions": actions, "sees_notes": follows}
    return render(request, "coaching/visit_detail.html", context)


# Action items


@login_required
@GET_POST
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    form = ActionItemForm(request.POST or None, plan=plan)
    if form.is_valid():
        try:
            services.add_action_item(request.user, plan, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The action item has been added."))
            if "add_another" in request.POST:
                return redirect("coaching:action_add", pk=plan.pk)
            return redirect(plan)
    return render(request, "coaching/action_form.html", {"plan": plan, "form": form})


@login_required
@GET_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an action item's status: inline with HTMX, or on this page. A cooperative
    manager may only mark the cooperative's own open items done (permissions.py)."""
    user = request.user
    item = get_object_or_404(
        ActionItem.objects.visible_to(user).select_related(
            "owner_user", "visit", *(f"plan__{name}" for name in PLAN_RELATED)
        ),
        pk=pk,
    )
    plan = item.plan
    allowed = permissions.allowed_action_statuses(user, item)
    if not allowed:
        raise PermissionDenied
    form = StatusForm(
        request.POST or None, choices=_status_choices(ActionItem.Status.choices, allowed)
    )
    if form.is_valid():
        try:
            item = services.set_action_status(
                user, item, form.cleaned_data["status"], form.cleaned_data.get("on")
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            if is_htmx(request):
                return _action_row(request, item, plan)
            messages.success(
                request,
                _("The action item is now “%(status)s”.") % {"status": item.get_status_display()},
            )
            if request.POST.get("from") == "visit" and item.visit is not None:
                return redirect(item.visit)
            # The cooperative's home panel sends a `next` with the form (not in the address).
            return redirect(safe_next(request, plan.get_absolute_url(), from_query=False))
    if request.method == "POST" and is_htmx(request):
        return _action_row(request, item, plan, error=_("This change could not be made."))
    return render(
        request, "coaching/status_form.html",
        {"plan": plan, "record": item, "form": form, "kind": "action"},
    )  # fmt: skip


def _action_row(
    request: HttpRequest, item: Any, plan: CoachingPlan, error: str = ""
) -> HttpResponse:
    item.plan = plan
    item.allowed = permissions.allowed_action_statuses(request.user, item)
    context = {
        "item": item,
        "plan": plan,
        "counts": _plan_counts(plan),
        "oob": True,
        "error": error,
        "from_visit": request.POST.get("from") == "visit",
    }
    return render(request, "coaching/partials/action_row.html", context)
