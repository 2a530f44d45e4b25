"""Everything that changes programs: one verb per change, one transaction each, and an
audit record of who changed what (shown as the history on the program and cohort pages).

Views, the API, imports and tests all call these functions; none of them saves a
programs model directly. Each validates the model (`full_clean`), so a caller that
skipped a form still cannot store an invalid record, and raises `ValidationError` for a
refused change, keyed by the form field it concerns when there is one.

Visibility of participants for program staff goes through the registry's stewards: the
implementing organizations of a program become stewards of its participating
organizations, so their program managers and trainers see them in the registry.
"""

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext

from tiwizi.accounts.models import Role
from tiwizi.core import audit
from tiwizi.core.models import AuditEntry
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program
from tiwizi.registry.models import Organization

# Fields recorded in the history, in the order the history lists them.
PROGRAM_FIELDS = (
    "name_fr", "name_ar", "name_en", "description_fr", "description_ar", "description_en",
    "status", "start_date", "end_date", "budget_mad", "target_provinces",
)  # fmt: skip
PARTNER_FIELDS = ("organization", "role")
COHORT_FIELDS = ("name", "start_date", "end_date")
PARTICIPATION_FIELDS = ("cohort", "organization", "status", "since")
CONTRIBUTION_FIELDS = ("partner", "kind", "amount_mad", "status", "date", "description")

# Keys of the changes recorded on a program when one of its records is removed; the old
# value is the removed record's snapshot, as JSON (see history.py).
REMOVED_PARTNER = "removed_partner"
REMOVED_CONTRIBUTION = "removed_contribution"


def _record_created(actor: Any, instance: models.Model, fields: Iterable[str]) -> None:
    after = audit.source_snapshot(instance, fields)
    audit.record_change(actor, instance, AuditEntry.Action.CREATE, audit.diff({}, after))


def _record_updated(
    actor: Any, instance: models.Model, fields: Iterable[str], before: audit.Snapshot
) -> None:
    changes = audit.diff(before, audit.source_snapshot(instance, fields))
    if changes:
        audit.record_change(actor, instance, AuditEntry.Action.UPDATE, changes)


def _names(organizations: Iterable[Organization]) -> str:
    separator = pgettext("list separator", ", ")
    return separator.join(sorted(str(o) for o in organizations))


def _add_stewards(steward_ids: Iterable[int], organization_ids: Iterable[int]) -> None:
    """Make each steward a steward of each organization (existing pairs are kept)."""
    through = Organization.stewards.through
    through.objects.bulk_create(
        [
            through(from_organization_id=organization_id, to_organization_id=steward_id)
            for organization_id in set(organization_ids)
            for steward_id in set(steward_ids)
            if organization_id != steward_id
        ],
        ignore_conflicts=True,
    )


def _implementer_ids(program: Program) -> list[int]:
    return list(
        PartnerRole.objects.filter(program=program, role=PartnerRole.Role.IMPLEMENTER).values_list(
            "organization_id", flat=True
        )
    )


# Programs


def _implementers(actor: Any, chosen: Organization | None) -> list[Organization]:
    """The organizations that will implement a new program: the one chosen, or the
    creating program manager's organization."""
    own = actor.organization_ids(Role.PROGRAM_MANAGER) if actor.is_authenticated else set()
    if chosen is not None:
        if not (actor.is_platform_admin or chosen.pk in own):
            raise ValidationError(
                {
                    "implementer": _(
                        "You can only name an organization where you are a program manager."
                    )
                }
            )
        return [chosen]
    if len(own) != 1:
        raise ValidationError({"implementer": _("Choose the implementing organization.")})
    return list(Organization.objects.filter(pk__in=own))


def create_program(actor: Any, data: Mapping[str, Any]) -> Program:
    """Create a program from `data` (a form's cleaned_data or the like).

    `data["implementer"]`, when given, is the implementing organization; otherwise the
    creating program manager's organization implements it.
    """
    with transaction.atomic():
        implementers = _implementers(actor, data.get("implementer"))
        program = Program()
        many = audit.assign(program, data, PROGRAM_FIELDS)
        program.full_clean()
        program.save()
        for name in many:
            getattr(program, name).set(data[name] or [])
        _record_created(actor, program, PROGRAM_FIELDS)
        for organization in implementers:
            role = PartnerRole(
                program=program, organization=organization, role=PartnerRole.Role.IMPLEMENTER
            )
            role.full_clean()
            role.save()
            _record_created(actor, role, PARTNER_FIELDS)
    return program


def _check_cohorts_fit(program: Program) -> None:
    """A program's dates may not move past one of its cohorts' dates."""
    cohorts = Cohort.objects.filter(program=program)
    errors = {}
    early = cohorts.filter(start_date__lt=program.start_date).order_by("start_date").first()
    if early is not None:
        errors["start_date"] = ValidationError(
            _("The cohort %(cohort)s starts on %(date)s, before this date."),
            code="cohort_outside",
            params={"cohort": early.name, "date": date_format(early.start_date)},
        )
    late = cohorts.filter(end_date__gt=program.end_date).order_by("-end_date").first()
    if late is not None:
        errors["end_date"] = ValidationError(
            _("The cohort %(cohort)s ends on %(date)s, after this date."),
            code="cohort_outside",
            params={"cohort": late.name, "date": date_format(late.end_date)},
        )
    if errors:
        raise ValidationError(errors)


def update_program(actor: Any, program: Program, data: Mapping[str, Any]) -> Program:
    """Change the fields given in `data`; the program must still contain its cohorts."""
    with transaction.atomic():
        # Start from the stored row, not the caller's copy (a bound form has changed it).
        program = Program.objects.select_for_update().get(pk=program.pk)
        before = audit.source_snapshot(program, PROGRAM_FIELDS)
        many = audit.assign(program, data, PROGRAM_FIELDS)
        program.full_clean()
        _check_cohorts_fit(program)
        program.save()
        for name in many:
            getattr(program, name).set(data[name] or [])
        _record_updated(actor, program, PROGRAM_FIELDS, before)
    return program


# Partners


def add_partner(actor: Any, program: Program, organization: Organization, role: str) -> PartnerRole:
    """Give an organization a role in the program. An implementer becomes a steward of
    the organizations already taking part, so its staff see them in the registry."""
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        if PartnerRole.objects.filter(
            program=program, organization=organization, role=role
        ).exists():
            raise ValidationError(
                {"organization": _("This organization already has this role in the program.")}
            )
        partner = PartnerRole(program=program, organization=organization, role=role)
        partner.full_clean()
        partner.save()
        _record_created(actor, partner, PARTNER_FIELDS)
        if role == PartnerRole.Role.IMPLEMENTER:
            participants = Participation.objects.in_program(program).values_list(
                "organization_id", flat=True
            )
            _add_stewards([organization.pk], participants)
    return partner


def remove_partner(actor: Any, partner: PartnerRole) -> None:
    """Take a role away from an organization. A program keeps at least one implementer,
    and a partner's contributions are deleted before its last role is removed.

    The registry's stewardship is left as it is: it may come from other programs, and
    the staff who followed an organization keep its history.
    """
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=partner.program_id)
        partner = PartnerRole.objects.select_related("organization").get(pk=partner.pk)
        roles = PartnerRole.objects.filter(program=program)
        if (
            partner.role == PartnerRole.Role.IMPLEMENTER
            and not roles.filter(role=PartnerRole.Role.IMPLEMENTER).exclude(pk=partner.pk).exists()
        ):
            raise ValidationError(_("A program needs at least one implementing organization."))
        other_roles = roles.filter(organization_id=partner.organization_id).exclude(pk=partner.pk)
        if (
            not other_roles.exists()
            and Contribution.objects.filter(
                program=program, partner_id=partner.organization_id
            ).exists()
        ):
            raise ValidationError(
                _(
                    "%(organization)s has contributions recorded in this program: delete "
                    "them before removing it from the partners."
                ),
                params={"organization": partner.organization},
            )
        removed = json.dumps(audit.source_snapshot(partner, PARTNER_FIELDS), ensure_ascii=False)
        partner.delete()
        audit.record_change(
            actor, program, AuditEntry.Action.UPDATE, {REMOVED_PARTNER: [removed, ""]}
        )


# Cohorts


def _check_cohort_name(cohort: Cohort) -> None:
    same_name = Cohort.objects.filter(program_id=cohort.program_id, name=cohort.name)
    if cohort.pk:
        same_name = same_name.exclude(pk=cohort.pk)
    if same_name.exists():
        raise ValidationError({"name": _("This program already has a cohort with this name.")})


def add_cohort(actor: Any, program: Program, data: Mapping[str, Any]) -> Cohort:
    """Add a cohort; its dates must lie within the program's."""
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=program.pk)
        cohort = Cohort(program=program)
        audit.assign(cohort, data, COHORT_FIELDS)
        _check_cohort_name(cohort)
        cohort.full_clean()
        cohort.save()
        _record_created(actor, cohort, COHORT_FIELDS)
    return cohort


def update_cohort(actor: Any, cohort: Cohort, data: Mapping[str, Any]) -> Cohort:
    with transaction.atomic():
        Program.objects.select_for_update().get(pk=cohort.program_id)  # its dates hold still
        cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
        before = audit.source_snapshot(cohort, COHORT_FIELDS)
        audit.assign(cohort, data, COHORT_FIELDS)
        _check_cohort_name(cohort)
        cohort.full_clean()
        cohort.save()
        _record_updated(actor, cohort, COHORT_FIELDS, before)
    return cohort


# Participations


def enroll_organization(
    actor: Any,
    cohort: Cohort,
    organizations: Organization | Iterable[Organization],
    status: str = Participation.Status.APPLIED,
    since: date | None = None,
) -> list[Participation]:
    """Enroll one or several organizations in a cohort: all of them or none.

    The program's implementing organizations become stewards of each one, so that
    their program managers and trainers see it in the registry.
    """
    chosen = [organizations] if isinstance(organizations, Organization) else list(organizations)
    if not chosen:
        raise ValidationError({"organizations": _("Choose at least one organization.")})
    ids = {organization.pk for organization in chosen}
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
        archived = list(Organization.objects.archived().filter(pk__in=ids))
        if archived:
            raise ValidationError(
                {
                    "organizations": ValidationError(
                        ngettext_lazy(
                            "%(names)s is archived: restore it before enrolling it.",
                            "%(names)s are archived: restore them before enrolling them.",
                            "count",
                        ),
                        params={"names": _names(archived), "count": len(archived)},
                    )
                }
            )
        already = list(Organization.objects.filter(participations__cohort=cohort, pk__in=ids))
        if already:
            raise ValidationError(
                {
                    "organizations": ValidationError(
                        ngettext_lazy(
                            "%(names)s is already in this cohort.",
                            "%(names)s are already in this cohort.",
                            "count",
                        ),
                        params={"names": _names(already), "count": len(already)},
                    )
                }
            )
        since = since or timezone.localdate()
        participations = []
        for organization in sorted(chosen, key=lambda o: o.pk):
            participation = Participation(
                cohort=cohort, organization=organization, status=status, since=since
            )
            participation.full_clean()
            participation.save()
            _record_created(actor, participation, PARTICIPATION_FIELDS)
            participations.append(participation)
        _add_stewards(_implementer_ids(cohort.program), ids)
    return participations


def change_participation_status(
    actor: Any, participation: Participation, status: str, since: date | None = None
) -> Participation:
    """Move a participation to another status, from `since` (today by default)."""
    with transaction.atomic():
        participation = (
            Participation.objects.select_for_update()
            .select_related("organization", "cohort")
            .get(pk=participation.pk)
        )
        if participation.status == status and since in (None, participation.since):
            return participation
        before = audit.source_snapshot(participation, PARTICIPATION_FIELDS)
        participation.status = status
        participation.since = since or timezone.localdate()
        participation.full_clean()
        participation.save()
        _record_updated(actor, participation, PARTICIPATION_FIELDS, before)
    return participation


# Contributions


def record_contribution(actor: Any, program: Program, data: Mapping[str, Any]) -> Contribution:
    """Record a partner's contribution (pledged or received) to the program."""
    with transaction.atomic():
        contribution = Contribution(program=program)
        audit.assign(contribution, data, CONTRIBUTION_FIELDS)
        contribution.full_clean()
        contribution.save()
        _record_created(actor, contribution, CONTRIBUTION_FIELDS)
    return contribution


def update_contribution(
    actor: Any, contribution: Contribution, data: Mapping[str, Any]
) -> Contribution:
    with transaction.atomic():
        contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
        before = audit.source_snapshot(contribution, CONTRIBUTION_FIELDS)
        audit.assign(contribution, data, CONTRIBUTION_FIELDS)
        contribution.full_clean()
        contribution.save()
        _record_updated(actor, contribution, CONTRIBUTION_FIELDS, before)
    return contribution


def delete_contribution(actor: Any, contribution: Contribution) -> None:
    """Delete a contribution recorded by mistake; the program's history keeps a line."""
    with transaction.atomic():
        contribution = (
            Contribution.objects.select_for_update()
            .select_related("program", "partner")
            .get(pk=contribution.pk)
        )
        removed = json.dumps(
            audit.source_snapshot(contribution, CONTRIBUTION_FIELDS), ensure_ascii=False
        )
        program = contribution.program
        contribution.delete()
        audit.record_change(
            actor, program, AuditEntry.Action.UPDATE, {REMOVED_CONTRIBUTION: [removed, ""]}
        )
