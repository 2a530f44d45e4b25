"""Reads of programs, scoped to what a user may see (start every view from these)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from tiwizi.core.i18n import FALLBACKS, current_language
from tiwizi.registry.querysets import SearchableQuerySet

# Roles whose organization's partner roles make a program visible to them.
PARTNER_VIEWER_ROLES = ("program_manager", "trainer", "funder")
# Roles that see a program's money: its partners' program managers and funders (not
# field staff, not the participating cooperatives).
CONTRIBUTION_VIEWER_ROLES = ("program_manager", "funder")
# Kinds of organization a program follows closely (counted apart in its figures).
FOLLOWED_KINDS = ("cooperative", "gie")


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


class ProgramQuerySet(SearchableQuerySet):
    def visible_to(self, user: Any) -> ProgramQuerySet:
        """Partners' staff and funders see their programs; cooperatives the ones they join."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        partner_orgs = user.organization_ids(*PARTNER_VIEWER_ROLES)
        member_orgs = user.organization_ids("cooperative_manager")
        return self.filter(
            Q(id__in=_program_ids_with_partners(partner_orgs))
            | Q(id__in=_program_ids_with_participants(member_orgs))
        )

    def partnered_with(self, user: Any, *roles: str, as_role: str | None = None) -> ProgramQuerySet:
        """Programs in which an organization where `user` holds one of `roles` is a
        partner (in the partner role `as_role`, when given). Everything for admins."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(
            id__in=_program_ids_with_partners(user.organization_ids(*roles), as_role)
        )

    def manageable_by(self, user: Any) -> ProgramQuerySet:
        """Program managers of an implementing organization change their programs."""
        return self.partnered_with(user, "program_manager", as_role="implementer")

    def implemented_by_staff_of(self, user: Any) -> ProgramQuerySet:
        """Programs run by the organizations where `user` is program manager or trainer."""
        return self.partnered_with(user, "program_manager", "trainer", as_role="implementer")

    def funded_by(self, user: Any) -> ProgramQuerySet:
        """Programs funded by an organization where `user` holds the funder role."""
        if not _signed_in(user):
            return self.none()
        return self.filter(
            id__in=_program_ids_with_partners(user.organization_ids("funder"), "funder")
        )

    def with_display_name(self) -> ProgramQuerySet:
        """Annotate `display_name`, the name in the reader's language (with the usual
        fallbacks), to sort by."""
        order = FALLBACKS.get(current_language(), FALLBACKS["fr"])
        name = Coalesce(*(NullIf(f"name_{lang}", Value("")) for lang in order), Value(""))
        return self.annotate(display_name=name)

    def in_province(self, province_id: int) -> ProgramQuerySet:
        return self.filter(target_provinces=province_id)

    def with_participation_counts(self) -> ProgramQuerySet:
        """Annotate `participants` (organizations taking part, in any cohort),
        `participants_followed` (of which cooperatives and GIEs), `provinces_covered`
        (their distinct provinces) and `cohort_count`, with subqueries (no row explosion)."""
        from tiwizi.programs.models import Cohort, Participation

        taking_part = Participation.objects.participating().filter(cohort__program=OuterRef("pk"))

        def distinct_count(queryset: Any, field: str) -> Any:
            counted = (
                queryset.order_by()
                .values("cohort__program")
                .annotate(n=Count(field, distinct=True))
                .values("n")
            )
            return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

        cohorts = (
            Cohort.objects.filter(program=OuterRef("pk"))
            .order_by()
            .values("program")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            participants=distinct_count(taking_part, "organization"),
            participants_followed=distinct_count(
                taking_part.filter(organization__kind__in=FOLLOWED_KINDS), "organization"
            ),
            provinces_covered=distinct_count(
                taking_part.filter(organization__province__isnull=False),
                "organization__province",
            ),
            cohort_count=Coalesce(Subquery(cohorts, output_field=IntegerField()), 0),
        )


def _program_ids_with_partners(organization_ids: set[int], role: str | None = None) -> Any:
    from tiwizi.programs.models import PartnerRole

    partners = PartnerRole.objects.filter(organization_id__in=organization_ids)
    if role:
        partners = partners.filter(role=role)
    return partners.values("program_id")


def _program_ids_with_participants(organization_ids: set[int]) -> Any:
    from tiwizi.programs.models import Participation

    return Participation.objects.filter(organization_id__in=organization_ids).values(
        "cohort__program_id"
    )


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CohortQuerySet:
        from tiwizi.programs.models import Program

        return self.filter(program__in=Program.objects.visible_to(user))

    def with_participation_counts(self) -> CohortQuerySet:
        """Annotate `participants` (selected, active or graduated), `applicants`,
        `withdrawn` and `enrolled` (every participation)."""
        from tiwizi.programs.models import Participation

        status = "participations__status"
        return self.annotate(
            enrolled=Count("participations"),
            participants=Count(
                "participations", filter=Q(**{f"{status}__in": Participation.PARTICIPATING})
            ),
            applicants=Count("participations", filter=Q(**{status: Participation.Status.APPLIED})),
            withdrawn=Count("participations", filter=Q(**{status: Participation.Status.WITHDRAWN})),
        )


class ParticipationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ParticipationQuerySet:
        from tiwizi.programs.models import Program

        return self.filter(cohort__program__in=Program.objects.visible_to(user))

    def participating(self) -> ParticipationQuerySet:
        """Selected, active or graduated: the organizations that count as taking part."""
        from tiwizi.programs.models import Participation

        return self.filter(status__in=Participation.PARTICIPATING)

    def in_program(self, program: Any) -> ParticipationQuerySet:
        return self.filter(cohort__program=program)


class ContributionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ContributionQuerySet:
        """Money is for the program's partners (program managers, funders) and admins."""
        from tiwizi.programs.models import Program

        return self.filter(
            program__in=Program.objects.partnered_with(user, *CONTRIBUTION_VIEWER_ROLES)
        )

    def totals_by_partner(self) -> Any:
        """One row per partner: `partner`, `pledged` (promised, not yet received),
        `received` and `total`, summed in the database."""
        from tiwizi.programs.models import Contribution

        return (
            self.order_by()
            .values("partner")
            .annotate(**_sums(Contribution))
            .order_by("-total", "partner")
        )

    def totals(self) -> dict[str, Any]:
        from tiwizi.programs.models import Contribution

        return self.aggregate(**_sums(Contribution))


MONEY = DecimalField(max_digits=16, decimal_places=2)


def _sums(model: Any) -> dict[str, Any]:
    def total(condition: Q | None = None) -> Any:
        return Coalesce(
            Sum("amount_mad", filter=condition), Value(0, output_field=MONEY), output_field=MONEY
        )

    return {
        "pledged": total(Q(status=model.Status.PLEDGED)),
        "received": total(Q(status=model.Status.RECEIVED)),
        "total": total(),
    }
