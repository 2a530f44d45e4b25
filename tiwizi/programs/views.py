"""Pages of programs. Thin: look up within what the user may see (missing: 404), check
the named permission (refused: 403), parse with a form, call a service, render.
"""

from itertools import groupby
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tiwizi.core.i18n import localized
from tiwizi.core.listing import (
    GET_POST,
    is_htmx,
    list_response,
    ordering,
    paginate,
    service_errors,
)
from tiwizi.geo.models import Province
from tiwizi.programs import permissions, services
from tiwizi.programs.figures import program_figures
from tiwizi.programs.forms import (
    CohortForm,
    ContributionForm,
    EnrollForm,
    ParticipationStatusForm,
    PartnerForm,
    ProgramFilterForm,
    ProgramForm,
)
from tiwizi.programs.history import cohort_history, program_history
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program
from tiwizi.registry.models import Organization
from tiwizi.registry.querysets import localized_expression

# Sort keys offered by the column headers: key -> order_by fields (ascending).
PROGRAM_SORTS = {
    "name": ("display_name", "pk"),
    "status": ("status", "display_name", "pk"),
    "start": ("start_date", "display_name", "pk"),
    "end": ("end_date", "display_name", "pk"),
    "participants": ("participants", "display_name", "pk"),
}
DEFAULT_SORT = "-start"


# Helpers


def _visible_program(request: HttpRequest, pk: int) -> Program:
    return get_object_or_404(
        Program.objects.visible_to(request.user).prefetch_related("target_provinces"), pk=pk
    )


def _manageable_program(request: HttpRequest, pk: int) -> Program:
    program = _visible_program(request, pk)
    if not permissions.can_manage_program(request.user, program):
        raise PermissionDenied
    return program


def _visible_cohort(request: HttpRequest, pk: int) -> Cohort:
    return get_object_or_404(
        Cohort.objects.visible_to(request.user).select_related("program"), pk=pk
    )


def _manageable_cohort(request: HttpRequest, pk: int) -> Cohort:
    cohort = _visible_cohort(request, pk)
    if not permissions.can_manage_program(request.user, cohort.program):
        raise PermissionDenied
    return cohort


def _manageable_contribution(request: HttpRequest, pk: int) -> Contribution:
    contribution = get_object_or_404(
        Contribution.objects.visible_to(request.user).select_related("program", "partner"),
        pk=pk,
    )
    if not permissions.can_manage_program(request.user, contribution.program):
        raise PermissionDenied
    return contribution


def _linkable(user: Any, *organization_ids: Any) -> set[int]:
    """The organizations among these (lists or subqueries of ids) whose registry page the
    user may open, in one query."""
    among = Q()
    for ids in organization_ids:
        among |= Q(pk__in=ids)
    return set(Organization.objects.visible_to(user).filter(among).values_list("pk", flat=True))


def _sees_history(user: Any, program: Program, can_manage: bool) -> bool:
    # The history names the people who made each change: staff only, never funders.
    return can_manage or permissions.can_see_program_people(user, program)


# Programs


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_see_programs(user):
        raise PermissionDenied
    form = ProgramFilterForm(request.GET)
    form.is_valid()  # invalid values are left out of cleaned_data, hence ignored
    data = form.cleaned_data

    programs = Program.objects.visible_to(user)
    if data.get("status"):
        programs = programs.filter(status=data["status"])
    if data.get("province"):
        programs = programs.in_province(data["province"].pk)
    programs = programs.search(data.get("q", ""))
    sort, order_by = ordering(data.get("sort"), PROGRAM_SORTS, DEFAULT_SORT)
    implementers = PartnerRole.objects.filter(role=PartnerRole.Role.IMPLEMENTER).select_related(
        "organization"
    )
    provinces = localized_expression("name_fr", "name_ar")
    programs = (
        programs.with_participation_counts()
        .with_display_name()
        .prefetch_related(
            Prefetch("partner_roles", implementers, to_attr="implementers"),
            Prefetch(
                "target_provinces",
                Province.objects.order_by(provinces, "pk"),
                to_attr="provinces",
            ),
        )
        .order_by(*order_by)
    )
    context = {
        "form": form,
        "page_obj": paginate(request, programs),
        "filtered": any(data.get(name) for name in ("q", "status", "province")),
        "sort": sort,
        "default_sort": DEFAULT_SORT,
        "can_create": permissions.can_create_program(user),
    }
    return list_response(
        request, "programs/program_list.html", "programs/partials/program_results.html",
        "program-results", context,
    )  # fmt: skip


@login_required
@GET_POST
def program_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_program(request.user):
        raise PermissionDenied
    form = ProgramForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            program = services.create_program(request.user, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been created.") % {"name": program.name})
            return redirect(program)
    return render(request, "programs/program_form.html", {"form": form})


@login_required
@GET_POST
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = _manageable_program(request, pk)
    form = ProgramForm(request.POST or None, instance=program, user=request.user)
    if form.is_valid():
        try:
            program = services.update_program(request.user, program, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, _("Changes to %(name)s have been saved.") % {"name": program.name}
            )
            return redirect(program)
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "program": Program.objects.get(pk=program.pk)},
    )


def _partners_by_role(program: Program) -> list[dict[str, Any]]:
    partners = list(
        PartnerRole.objects.filter(program=program)
        .select_related("organization")
        .annotate(
            display_name=localized_expression("organization__name_fr", "organization__name_ar")
        )
        .order_by("display_name", "pk")
    )
    implementers = sum(1 for p in partners if p.role == PartnerRole.Role.IMPLEMENTER)
    for partner in partners:
        # The last implementer cannot be removed (services.remove_partner says why).
        partner.removable = partner.role != PartnerRole.Role.IMPLEMENTER or implementers > 1  # type: ignore[attr-defined]
    return [
        {
            "role": role,
            "label": label,
            "partners": [p for p in partners if p.role == role],
        }
        for role, label in PartnerRole.Role.choices
    ]


def _participants_by_province(program: Program) -> list[dict[str, Any]]:
    taking_part = Participation.objects.participating().in_program(program)
    organizations = list(
        Organization.objects.filter(pk__in=taking_part.values("organization_id"))
        .select_related("province")
        .with_display_name()
        .annotate(province_name=localized_expression("province__name_fr", "province__name_ar"))
        .order_by("province_name", "display_name", "pk")
    )
    groups = []
    for _name, members in groupby(organizations, key=lambda o: o.province_id):
        members_list = list(members)
        groups.append({"province": members_list[0].province, "organizations": members_list})
    # Organizations without a province come last.
    groups.sort(key=lambda g: g["province"] is None)
    return groups


def _contribution_summary(program: Program) -> dict[str, Any]:
    contributions = Contribution.objects.filter(program=program)
    rows = list(
        contributions.totals_by_partner().values(
            "partner", "partner__name_fr", "partner__name_ar", "pledged", "received", "total"
        )
    )
    for row in rows:
        names = SimpleNamespace(name_fr=row["partner__name_fr"], name_ar=row["partner__name_ar"])
        row["name"] = localized(names, "name")
    return {
        "by_partner": rows,
        "totals": contributions.totals(),
        "items": list(contributions.select_related("partner").order_by("-date", "-pk")),
    }


@login_required
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The program page: partners, cohorts, participants, money and live figures."""
    user = request.user
    program = _visible_program(request, pk)
    can_manage = permissions.can_manage_program(user, program)
    sees_money = permissions.can_see_contributions(user, program)
    participants = _participants_by_province(program)
    participant_count = sum(len(group["organizations"]) for group in participants)
    context = {
        "program": program,
        "can_manage": can_manage,
        "partner_groups": _partners_by_role(program),
        "cohorts": list(
            Cohort.objects.filter(program=program)
            .with_participation_counts()
            .order_by("start_date", "pk")
        ),
        "participant_groups": participants,
        "participant_count": participant_count,
        "linkable": _linkable(
            user,
            Participation.objects.in_program(program).values("organization_id"),
            PartnerRole.objects.filter(program=program).values("organization_id"),
        ),
        "sees_money": sees_money,
        "money": _contribution_summary(program) if sees_money else None,
        "figures": program_figures(program),
        "history": (program_history(program) if _sees_history(user, program, can_manage) else None),
    }
    return render(request, "programs/program_detail.html", context)


# Partners


@login_required
@GET_POST
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = _manageable_program(request, pk)
    form = PartnerForm(request.POST or None, user=request.user, program=program)
    if form.is_valid():
        data = form.cleaned_data
        try:
            partner = services.add_partner(
                request.user, program, data["organization"], data["role"]
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organization)s has been added to the partners as %(role)s.")
                % {"organization": partner.organization, "role": partner.get_role_display()},
            )
            return redirect(program)
    return render(request, "programs/partner_form.html", {"program": program, "form": form})


@login_required
@GET_POST
def partner_remove(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(
        PartnerRole.objects.filter(
            program__in=Program.objects.visible_to(request.user)
        ).select_related("program", "organization"),
        pk=pk,
    )
    program = partner.program
    if not permissions.can_manage_program(request.user, program):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        try:
            services.remove_partner(request.user, partner)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                _("%(organization)s is no longer %(role)s of this program.")
                % {"organization": partner.organization, "role": partner.get_role_display()},
            )
            return redirect(program)
    return render(
        request,
        "programs/partner_remove.html",
        {"program": program, "partner": partner, "error": error},
    )


# Cohorts


@login_required
@GET_POST
def cohort_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = _manageable_program(request, pk)
    form = CohortForm(request.POST or None, instance=Cohort(program=program))
    if form.is_valid():
        try:
            cohort = services.add_cohort(request.user, program, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The cohort %(name)s has been added.") % {"name": cohort})
            return redirect(cohort)
    return render(request, "programs/cohort_form.html", {"program": program, "form": form})


@login_required
@GET_POST
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _manageable_cohort(request, pk)
    form = CohortForm(request.POST or None, instance=cohort)
    if form.is_valid():
        try:
            cohort = services.update_cohort(request.user, cohort, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request, _("Changes to the cohort %(name)s have been saved.") % {"name": cohort}
            )
            return redirect(cohort)
    stored = Cohort.objects.select_related("program").get(pk=cohort.pk)
    return render(
        request,
        "programs/cohort_form.html",
        {"program": stored.program, "cohort": stored, "form": form},
    )


def _participations(cohort: Cohort) -> list[Participation]:
    return list(
        Participation.objects.filter(cohort=cohort)
        .select_related("organization__province")
        .annotate(
            display_name=localized_expression("organization__name_fr", "organization__name_ar")
        )
        .order_by("display_name", "pk")
    )


@login_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cohort = _visible_cohort(request, pk)
    program = cohort.program
    can_manage = permissions.can_manage_program(user, program)
    participations = _participations(cohort)
    counts = {value: 0 for value in Participation.Status.values}
    for participation in participations:
        counts[participation.status] += 1
    context = {
        "program": program,
        "cohort": cohort,
        "can_manage": can_manage,
        "participations": participations,
        "status_counts": [
            {"label": label, "count": counts[value], "status": value}
            for value, label in Participation.Status.choices
        ],
        "statuses": Participation.Status.choices,
        "linkable": _linkable(
            user, Participation.objects.filter(cohort=cohort).values("organization_id")
        ),
        "enroll_form": EnrollForm(user=user, cohort=cohort) if can_manage else None,
        "history": cohort_history(cohort) if _sees_history(user, program, can_manage) else None,
    }
    return render(request, "programs/cohort_detail.html", context)


@login_required
@GET_POST
def cohort_enroll(request: HttpRequest, pk: int) -> HttpResponse:
    """Enroll one or several organizations in the cohort, all of them or none."""
    cohort = _manageable_cohort(request, pk)
    form = EnrollForm(request.POST or None, user=request.user, cohort=cohort)
    if form.is_valid():
        data = form.cleaned_data
        try:
            enrolled = services.enroll_organization(
                request.user, cohort, data["organizations"], data["status"], data["since"]
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d organization has been enrolled in %(cohort)s.",
                    "%(count)d organizations have been enrolled in %(cohort)s.",
                    len(enrolled),
                )
                % {"count": len(enrolled), "cohort": cohort},
            )
            return redirect(cohort)
    return render(
        request,
        "programs/cohort_enroll.html",
        {"program": cohort.program, "cohort": cohort, "form": form},
    )


@login_required
@require_POST
def participation_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a participant's status: the row again for HTMX, the cohort page otherwise."""
    participation = get_object_or_404(
        Participation.objects.visible_to(request.user).select_related(
            "cohort__program", "organization__province"
        ),
        pk=pk,
    )
    if not permissions.can_manage_program(request.user, participation.cohort.program):
        raise PermissionDenied
    form = ParticipationStatusForm(request.POST)
    error = None
    if form.is_valid():
        try:
            participation = services.change_participation_status(
                request.user,
                participation,
                form.cleaned_data["status"],
                form.cleaned_data.get("since"),
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if is_htmx(request):
        participation = (
            Participation.objects.select_related("organization__province", "cohort")
            .annotate(
                display_name=localized_expression("organization__name_fr", "organization__name_ar")
            )
            .get(pk=participation.pk)
        )
        context = {
            "participation": participation,
            "can_manage": True,
            "statuses": Participation.Status.choices,
            "linkable": _linkable(request.user, [participation.organization_id]),
            "error": error,
            "saved": error is None,
        }
        return render(request, "programs/partials/participation_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("The status of %(organization)s is now “%(status)s”.")
            % {
                "organization": participation.organization,
                "status": participation.get_status_display(),
            },
        )
    return redirect(participation.cohort)


# Contributions


@login_required
@GET_POST
def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = _manageable_program(request, pk)
    form = ContributionForm(request.POST or None, instance=Contribution(program=program))
    if form.is_valid():
        try:
            services.record_contribution(request.user, program, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("The contribution has been recorded."))
            return redirect(f"{program.get_absolute_url()}#contributions")
    return render(request, "programs/contribution_form.html", {"program": program, "form": form})


@login_required
@GET_POST
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _manageable_contribution(request, pk)
    program = contribution.program
    form = ContributionForm(request.POST or None, instance=contribution)
    if form.is_valid():
        try:
            services.update_contribution(request.user, contribution, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("Changes to the contribution have been saved."))
            return redirect(f"{program.get_absolute_url()}#contributions")
    return render(
        request,
        "programs/contribution_form.html",
        {"program": program, "form": form, "contribution": contribution},
    )


@login_required
@GET_POST
def contribution_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _manageable_contribution(request, pk)
    program = contribution.program
    if request.method == "POST":
        services.delete_contribution(request.user, contribution)
        messages.success(request, _("The contribution has been deleted."))
        return redirect(f"{program.get_absolute_url()}#contributions")
    return render(
        request,
        "programs/contribution_delete.html",
        {"program": program, "contribution": contribution},
    )
