"""Who may download a program's reports (PDF, Excel, IATI), and what they may read in them.

Funders of the program and the program managers of its implementing organization, and
platform admins. Everyone else gets a 404: the program is not in their queryset. Funders
read aggregates with small numbers suppressed; the program's own staff and admins read
the exact figures, as on the dashboards (tiwizi.impact.permissions.audience_for).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tiwizi.programs.models import Program


def _signed_in(user: Any) -> bool:
    return bool(user and user.is_authenticated)


def reportable_programs(user: Any) -> QuerySet[Program]:
    """Programs whose reports `user` may download."""
    if not _signed_in(user):
        return Program.objects.none()
    if user.is_platform_admin:
        return Program.objects.all()
    managed = Program.objects.manageable_by(user).values("pk")
    funded = Program.objects.funded_by(user).values("pk")
    return Program.objects.filter(Q(pk__in=managed) | Q(pk__in=funded))


def can_download_reports(user: Any, program: Program) -> bool:
    return reportable_programs(user).filter(pk=program.pk).exists()


def reportable_program_or_404(user: Any, pk: int) -> Program:
    program = reportable_programs(user).filter(pk=pk).first()
    if program is None:
        raise Http404
    return program
