"""Reads of training records, scoped to what a user may see (start every view from these).

Who sees a session:
- platform administrators: every session;
- program managers and trainers of an organization implementing the cohort's program:
  the program's sessions, with everyone enrolled ("staff");
- a trainer: also the sessions they give, even for another organization's program;
- cooperative managers: the sessions their organization has people enrolled in, and in
  them only their own organization's people;
- funders and buyers: none (funders get figures on the program page).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

# Roles that work with training at all (the menu, the course catalogue).
TRAINING_ROLES = ("program_manager", "trainer", "cooperative_manager")


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def _staff_programs(user: Any) -> Any:
    from tiwizi.programs.models import Program

    return Program.objects.implemented_by_staff_of(user).values("id")


class CourseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CourseQuerySet:
        """The catalogue is shared: everyone who works with training reads all of it."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin or user.roles.intersection(TRAINING_ROLES):
            return self.all()
        return self.none()

    def active(self) -> CourseQuerySet:
        return self.filter(is_active=True)


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SessionQuerySet:
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.training.models import Enrollment

        cooperatives = user.organization_ids("cooperative_manager")
        enrolled = Enrollment.objects.filter(organization_id__in=cooperatives).values("session_id")
        return self.filter(
            Q(cohort__program__in=_staff_programs(user)) | Q(trainer=user) | Q(id__in=enrolled)
        )

    def with_full_view(self, user: Any) -> SessionQuerySet:
        """Sessions whose every enrolled person `user` may see (staff and their trainer)."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(Q(cohort__program__in=_staff_programs(user)) | Q(trainer=user))

    def manageable_by(self, user: Any) -> SessionQuerySet:
        """Sessions `user` may reschedule, cancel and enroll people in."""
        from tiwizi.programs.models import Program

        return self.filter(cohort__program__in=Program.objects.manageable_by(user).values("id"))

    def upcoming(self) -> SessionQuerySet:
        """Not cancelled and not over yet (a session under way is still upcoming)."""
        return self.exclude(status="cancelled").filter(ends_at__gte=timezone.now())

    def held(self) -> SessionQuerySet:
        return self.filter(status="held")

    def without_attendance(self) -> SessionQuerySet:
        """Over, not cancelled, with people enrolled, and no attendance recorded."""
        from tiwizi.training.models import Attendance, Enrollment

        return (
            self.exclude(status="cancelled")
            .filter(ends_at__lt=timezone.now())
            .filter(Exists(Enrollment.objects.filter(session=OuterRef("pk"))))
            .exclude(Exists(Attendance.objects.filter(enrollment__session=OuterRef("pk"))))
        )


class EnrollmentQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> EnrollmentQuerySet:
        """Staff see everyone enrolled; a cooperative manager, their organization's people."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.training.models import Session

        full = Session.objects.with_full_view(user).values("id")
        cooperatives = user.organization_ids("cooperative_manager")
        return self.filter(Q(session__in=full) | Q(organization_id__in=cooperatives))


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> AttendanceQuerySet:
        from tiwizi.training.models import Enrollment

        return self.filter(enrollment__in=Enrollment.objects.visible_to(user).values("id"))


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CertificateQuerySet:
        """Program staff see their programs' certificates; a cooperative manager, those of
        the people their organization sent to the course in that cohort."""
        if not _signed_in(user):
            return self.none()
        if user.is_platform_admin:
            return self.all()
        from tiwizi.training.models import Enrollment

        cooperatives = user.organization_ids("cooperative_manager")
        sent = Enrollment.objects.filter(
            organization_id__in=cooperatives,
            person=OuterRef("person"),
            session__course=OuterRef("course"),
            session__cohort=OuterRef("cohort"),
        )
        return self.filter(Q(cohort__program__in=_staff_programs(user)) | Exists(sent))
