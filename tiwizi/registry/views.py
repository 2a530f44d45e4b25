"""Pages of the registry. Thin: look up within what the user may see (missing: 404),
check the named permission (refused: 403), parse with a form, call a service, render.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tiwizi.core.listing import (
    GET_POST,
    list_response,
    ordering,
    paginate,
    safe_next,
    service_errors,
)
from tiwizi.core.spreadsheets import export_response, requested_format
from tiwizi.registry import permissions, services
from tiwizi.registry.exports import organization_columns, person_columns, person_rows
from tiwizi.registry.forms import (
    EndMembershipForm,
    MembershipForm,
    OrganizationFilterForm,
    OrganizationForm,
    PersonFilterForm,
    PersonForm,
    PersonMembershipForm,
)
from tiwizi.registry.history import organization_history, person_history
from tiwizi.registry.models import Membership, Organization, Person
from tiwizi.registry.querysets import localized_expression
from tiwizi.registry.sections import organization_sections

# Sort keys offered by the column headers: key -> order_by fields (ascending).
ORGANIZATION_SORTS = {
    "name": ("display_name", "pk"),
    "kind": ("kind", "display_name", "pk"),
    "province": ("province_name", "display_name", "pk"),
    "created": ("created_at", "pk"),
}
PERSON_SORTS = {
    "name": ("display_last_name", "display_first_name", "pk"),
    "birth_year": ("birth_year", "display_last_name", "pk"),
    "created": ("created_at", "pk"),
}
DEFAULT_SORT = "name"


# Helpers


def _refreshing_communes(request: HttpRequest) -> bool:
    # Without JavaScript, the province select cannot reload the communes: a <noscript>
    # button sends the form back to be redrawn with the chosen province's communes.
    return request.method == "POST" and "refresh_communes" in request.POST


def _redrawn(
    form_class: type[OrganizationForm], request: HttpRequest, **kwargs: Any
) -> OrganizationForm:
    sent = form_class(request.POST, **kwargs)
    initial = {name: sent[name].data for name in sent.fields}
    return form_class(initial=initial, **kwargs)


def _visible_organization(request: HttpRequest, pk: int) -> Organization:
    return get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("province__region", "commune"),
        pk=pk,
    )


def _manageable_organization(request: HttpRequest, pk: int) -> Organization:
    organization = _visible_organization(request, pk)
    if not permissions.can_manage_organization(request.user, organization):
        raise PermissionDenied
    return organization


def _refuse_if_archived(request: HttpRequest, organization: Organization) -> HttpResponse | None:
    if organization.is_archived:
        messages.warning(
            request, _("This organization is archived: restore it before changing it.")
        )
        return redirect(organization)
    return None


def _visible_person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user), pk=pk)


# Organizations


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_see_organizations(user):
        raise PermissionDenied
    form = OrganizationFilterForm(request.GET)
    form.is_valid()  # invalid values are left out of cleaned_data, hence ignored
    data = form.cleaned_data

    organizations = Organization.objects.visible_to(user)
    if not data.get("archived"):
        organizations = organizations.active()
    if data.get("kind"):
        organizations = organizations.filter(kind=data["kind"])
    if data.get("region"):
        organizations = organizations.in_region(data["region"].pk)
    if data.get("province"):
        organizations = organizations.filter(province=data["province"])
    if data.get("sector"):
        organizations = organizations.filter(sectors=data["sector"])
    if data.get("status"):
        organizations = organizations.filter(status=data["status"])
    organizations = organizations.search(data.get("q", ""))

    sort, order_by = ordering(data.get("sort"), ORGANIZATION_SORTS, DEFAULT_SORT)
    organizations = (
        organizations.with_display_name()
        .annotate(province_name=localized_expression("province__name_fr", "province__name_ar"))
        .select_related("province__region", "commune")
        .prefetch_related("sectors")
        .order_by(*order_by)
    )
    file_format = requested_format(request)
    if file_format:
        rows = organizations.iterator(chunk_size=2000)
        return export_response(rows, organization_columns(), "organizations", file_format)  # type: ignore[return-value]
    filtered = any(
        data.get(name)
        for name in ("q", "kind", "region", "province", "sector", "status", "archived")
    )
    context = {
        "form": form,
        "page_obj": paginate(request, organizations),
        "filtered": filtered,
        "sort": sort,
        "default_sort": DEFAULT_SORT,
        "can_create": permissions.can_create_organization(user),
    }
    return list_response(
        request, "registry/organization_list.html",
        "registry/partials/organization_results.html", "organization-results", context,
    )  # fmt: skip


@login_required
@GET_POST
def organization_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_organization(request.user):
        raise PermissionDenied
    if _refreshing_communes(request):
        form = _redrawn(OrganizationForm, request)
    else:
        form = OrganizationForm(request.POST or None)
        if form.is_valid():
            try:
                organization = services.create_organization(request.user, form.cleaned_data)
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s has been registered.") % {"name": organization.name}
                )
                return redirect(organization)
    return render(request, "registry/organization_form.html", {"form": form})


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organization = _visible_organization(request, pk)
    sees_members = permissions.can_see_members(user, organization)
    current: list[Membership] = []
    past: list[Membership] = []
    if sees_members:
        for membership in organization.memberships.select_related("person").order_by(
            "-since", "pk"
        ):
            (current if membership.is_current else past).append(membership)
    can_manage = permissions.can_manage_organization(user, organization)
    context = {
        "organization": organization,
        "sectors": list(organization.sectors.all()),
        "sees_members": sees_members,
        "current_members": current,
        "past_members": past,
        "counts": _member_counts(current),
        "can_manage": can_manage and not organization.is_archived,
        "can_archive": permissions.can_archive_organization(user, organization),
        "history": organization_history(organization, with_members=sees_members),
        "sections": organization_sections(request, organization),
    }
    return render(request, "registry/organization_detail.html", context)


def _member_counts(current: list[Membership]) -> dict[str, int]:
    people = {m.person_id: m.person for m in current}.values()
    return {
        "total": len(people),
        "women": sum(1 for p in people if p.sex == Person.Sex.FEMALE),
        "men": sum(1 for p in people if p.sex == Person.Sex.MALE),
        "youth": sum(1 for p in people if p.is_youth),
    }


@login_required
@GET_POST
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _manageable_organization(request, pk)
    if refused := _refuse_if_archived(request, organization):
        return refused
    if _refreshing_communes(request):
        form = _redrawn(OrganizationForm, request, instance=organization)
    else:
        form = OrganizationForm(request.POST or None, instance=organization)
        if form.is_valid():
            try:
                organization = services.update_organization(
                    request.user, organization, form.cleaned_data
                )
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(
                    request, _("Changes to %(name)s have been saved.") % {"name": organization}
                )
                return redirect(organization)
    return render(
        request, "registry/organization_form.html",
        {"form": form, "organization": Organization.objects.get(pk=organization.pk)},
    )  # fmt: skip


def _archive_or_restore(request: HttpRequest, pk: int, archive: bool) -> HttpResponse:
    organization = _visible_organization(request, pk)
    if not permissions.can_archive_organization(request.user, organization):
        raise PermissionDenied
    if organization.is_archived == archive:  # nothing to do: already in that state
        return redirect(organization)
    if request.method == "POST":
        if archive:
            services.archive_organization(request.user, organization)
            message = _("%(name)s has been archived.")
        else:
            services.restore_organization(request.user, organization)
            message = _("%(name)s has been restored.")
        messages.success(request, message % {"name": organization.name})
        return redirect(organization)
    return render(
        request, "registry/organization_confirm.html",
        {"organization": organization, "archive": archive},
    )  # fmt: skip


@login_required
@GET_POST
def organization_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _archive_or_restore(request, pk, archive=True)


@login_required
@GET_POST
def organization_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _archive_or_restore(request, pk, archive=False)


# Members


@login_required
@GET_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a new person as a member of this organization, in one form."""
    organization = _manageable_organization(request, pk)
    if refused := _refuse_if_archived(request, organization):
        return refused
    data = request.POST or None
    person_form = PersonForm(data)
    membership_form = MembershipForm(data, initial={"since": timezone.localdate()})
    if person_form.is_valid() & membership_form.is_valid():  # both, to show all errors
        try:
            membership = services.create_person_with_membership(
                request.user, person_form.cleaned_data, organization,
                role=membership_form.cleaned_data["role"],
                since=membership_form.cleaned_data["since"],
                until=membership_form.cleaned_data.get("until"),
            )  # fmt: skip
        except ValidationError as error:
            service_errors(person_form, error)
        else:
            messages.success(
                request,
                _("%(person)s has been added to the members of %(organization)s.")
                % {"person": membership.person, "organization": organization},
            )
            return redirect(organization)
    return render(
        request, "registry/member_form.html",
        {"organization": organization, "person_form": person_form,
         "membership_form": membership_form},
    )  # fmt: skip


@login_required
@GET_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("person", "organization"),
        pk=pk,
    )
    if not permissions.can_manage_membership(request.user, membership):
        raise PermissionDenied
    back = safe_next(request, membership.organization.get_absolute_url())
    if not membership.is_current:
        messages.info(request, _("This membership has already ended."))
        return redirect(back)
    form = EndMembershipForm(
        request.POST or None, membership=membership, initial={"until": timezone.localdate()}
    )
    if form.is_valid():
        try:
            services.end_membership(request.user, membership, form.cleaned_data["until"])
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                _("The membership of %(person)s in %(organization)s has ended.")
                % {"person": membership.person, "organization": membership.organization},
            )
            return redirect(back)
    return render(
        request, "registry/membership_end.html",
        {"membership": membership, "form": form, "next": back},
    )  # fmt: skip


# People


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_see_people(user):
        raise PermissionDenied
    form = PersonFilterForm(request.GET, user=user)
    form.is_valid()
    data = form.cleaned_data

    people = Person.objects.visible_to(user).active()
    if data.get("sex"):
        people = people.filter(sex=data["sex"])
    if data.get("organization"):
        members = Membership.objects.filter(organization=data["organization"])
        people = people.filter(id__in=members.values("person_id"))
    people = people.search(data.get("q", ""))
    sort, order_by = ordering(data.get("sort"), PERSON_SORTS, DEFAULT_SORT)
    memberships = (
        Membership.objects.visible_to(user).current().select_related("organization")
        .order_by("organization__name_fr", "organization__name_ar", "pk")
    )  # fmt: skip
    people = (
        people.with_display_name()
        .prefetch_related(Prefetch("memberships", memberships, to_attr="visible_memberships"))
        .order_by(*order_by)
    )
    file_format = requested_format(request)
    if file_format:
        rows = person_rows(people.iterator(chunk_size=2000))
        return export_response(rows, person_columns(), "people", file_format)  # type: ignore[return-value]
    context = {
        "form": form,
        "page_obj": paginate(request, people),
        "filtered": any(data.get(name) for name in ("q", "sex", "organization")),
        "sort": sort,
        "default_sort": DEFAULT_SORT,
    }
    return list_response(
        request, "registry/person_list.html", "registry/partials/person_results.html",
        "person-results", context,
    )  # fmt: skip


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = _visible_person(request, pk)
    visible = Membership.objects.visible_to(user).filter(person=person)
    memberships = list(visible.select_related("organization").order_by("-since", "pk"))
    manageable = set(
        Organization.objects.manageable_by(user)
        .filter(id__in=[m.organization_id for m in memberships])
        .values_list("id", flat=True)
    )
    for membership in memberships:
        membership.can_end = membership.is_current and membership.organization_id in manageable
    context = {
        "person": person,
        "memberships": memberships,
        "can_manage": permissions.can_manage_person(user, person),
        "can_add_membership": permissions.can_add_memberships(user),
        "history": person_history(person, visible),
    }
    return render(request, "registry/person_detail.html", context)


@login_required
@GET_POST
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk)
    if not permissions.can_manage_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    if form.is_valid():
        try:
            person = services.update_person(request.user, person, form.cleaned_data)
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, _("Changes to %(name)s have been saved.") % {"name": person})
            return redirect(person)
    return render(
        request, "registry/person_form.html",
        {"form": form, "person": Person.objects.get(pk=person.pk)},
    )  # fmt: skip


@login_required
@GET_POST
def person_membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that an existing person is also a member of another organization."""
    person = _visible_person(request, pk)
    if not permissions.can_add_memberships(request.user):
        raise PermissionDenied
    form = PersonMembershipForm(
        request.POST or None, person=person, user=request.user,
        initial={"since": timezone.localdate()},
    )  # fmt: skip
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.add_membership(
                request.user, person, data["organization"], data["role"], data["since"],
                data.get("until"),
            )  # fmt: skip
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s has been added to the members of %(organization)s.")
                % {"person": person, "organization": membership.organization},
            )
            return redirect(person)
    return render(request, "registry/person_membership_form.html", {"person": person, "form": form})
