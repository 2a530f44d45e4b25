"""Home page panel for trainers (see core.dashboards): their next sessions, and the
sessions they gave whose attendance is not recorded yet. Two queries."""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.core.dashboards import Panel
from tiwizi.training.models import Session

NEXT_SESSIONS = 5
ATTENTION_ROWS = 5


def trainer_panel(user: Any) -> Panel | None:
    if not user or not user.is_authenticated or Role.TRAINER not in user.roles:
        return None
    mine = Session.objects.filter(trainer=user).select_related("course", "commune", "cohort")
    upcoming = list(mine.upcoming().order_by("starts_at", "pk")[:NEXT_SESSIONS])
    missing = list(mine.without_attendance().order_by("-starts_at", "-pk")[:ATTENTION_ROWS])
    return Panel(
        template="training/panels/trainer.html",
        context={"upcoming": upcoming, "missing": missing},
        order=15,
    )
