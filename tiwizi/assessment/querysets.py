"""Reads of frameworks and assessments, scoped to what a user may see.

Who sees an assessment (see ARCHITECTURE.md, "Who sees what"):
- platform admins: all of them;
- program managers and trainers of an organization that implements a program: the
  assessments of the organizations taking part (or having taken part) in a cohort of
  that program, drafts included, and the self-assessments those organizations submitted;
- cooperative managers: their own organization's submitted assessments, and its
  self-assessments, drafts included (staff drafts stay with staff until submitted);
- funders: none (they see cohort averages only, on the cohort page).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

# Roles of an implementing organization whose staff assess its programs' participants.
STAFF_ROLES = ("program_manager", "trainer")
# Roles whose organization's partner role in a program opens its cohort pages.
COHORT_VIEWER_ROLES = ("program_manager", "trainer", "funder")


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def followed_organization_ids(user: Any, *, participating_only: bool = False) -> Any:
    """Ids (a subquery) of the organizations in a cohort of a program implemented by an
    organization where `user` is program manager or trainer. With `participating_only`,
    only those currently selected, active or graduated (the ones staff may assess)."""
    from tiwizi.programs.models import Participation, Program

    participations = Participation.objects.filter(
        cohort__program__in=Program.objects.implemented_by_staff_of(user)
    )
    if participating_only:
        participations = participations.participating()
    return participations.values("organization_id")


class FrameworkVersionQuerySet(models.QuerySet):
    def published(self) -> FrameworkVersionQuerySet:
        return self.filter(status="published")

    def drafts(self) -> FrameworkVersionQuerySet:
        return self.filter(status="draft")

    def latest_published(self, framework_code: str | None = None) -> Any:
        """The newest published version (of one framework, when a code is given)."""
        versions = self.published()
        if framework_code:
            versions = versions.filter(framework__code=framework_code)
        return versions.order_by("-published_at", "-number", "-pk").first()

    def delete(self) -> Any:
        from tiwizi.assessment.models import PublishedVersionError

        if self.filter(status="published").exists():
            raise PublishedVersionError
        return super().delete()

    def update(self, **kwargs: Any) -> int:
        from tiwizi.assessment.models import PublishedVersionError

        if self.filter(status="published").exists():
            raise PublishedVersionError
        return super().update(**kwargs)


class FrameworkPartQuerySet(models.QuerySet):
    """Dimensions, questions and levels: bulk updates and deletes are refused, like
    save() and delete(), when any row belongs to a published version."""

    def _touches_published(self) -> bool:
        path = self.model.VERSION_PATH  # type: ignore[attr-defined]
        return self.filter(**{f"{path}__status": "published"}).exists()

    def delete(self) -> Any:
        from tiwizi.assessment.models import PublishedVersionError

        if self._touches_published():
            raise PublishedVersionError
        return super().delete()

    def update(self, **kwargs: Any) -> int:
        from tiwizi.assessment.models import PublishedVersionError

        if self._touches_published():
            raise PublishedVersionError
        return super().update(**kwargs)


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> AssessmentQuerySet:
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        submitted = Q(status="submitted")
        followed = Q(organization_id__in=followed_organization_ids(user)) & (
            Q(is_self_assessment=False) | submitted
        )
        own = Q(organization_id__in=user.organization_ids("cooperative_manager")) & (
            submitted | Q(is_self_assessment=True)
        )
        return self.filter(followed | own)

    def drafts(self) -> AssessmentQuerySet:
        return self.filter(status="draft")

    def submitted(self) -> AssessmentQuerySet:
        return self.filter(status="submitted")

    def external(self) -> AssessmentQuerySet:
        """Made by program staff (not self-assessments)."""
        return self.filter(is_self_assessment=False)

    def current(self) -> AssessmentQuerySet:
        """Submitted and not replaced by a submitted correction: the ones that count."""
        from tiwizi.assessment.models import Assessment

        corrected = Assessment.objects.filter(supersedes=OuterRef("pk"), status="submitted")
        return self.submitted().filter(~Exists(corrected))

    def with_successor(self) -> AssessmentQuerySet:
        """Annotate `has_successor`: a correction (draft or submitted) exists."""
        from tiwizi.assessment.models import Assessment

        return self.annotate(
            has_successor=Exists(Assessment.objects.filter(supersedes=OuterRef("pk")))
        )

    def for_cohort(self, cohort: Any) -> AssessmentQuerySet:
        from tiwizi.programs.models import Participation

        members = Participation.objects.filter(cohort=cohort).values("organization_id")
        return self.filter(organization_id__in=members)


class AnswerQuerySet(models.QuerySet):
    """Bulk updates and deletes of a submitted assessment's answers are refused."""

    def _touches_submitted(self) -> bool:
        return self.filter(assessment__status="submitted").exists()

    def delete(self) -> Any:
        from tiwizi.assessment.models import SubmittedAssessmentError

        if self._touches_submitted():
            raise SubmittedAssessmentError
        return super().delete()

    def update(self, **kwargs: Any) -> int:
        from tiwizi.assessment.models import SubmittedAssessmentError

        if self._touches_submitted():
            raise SubmittedAssessmentError
        return super().update(**kwargs)
