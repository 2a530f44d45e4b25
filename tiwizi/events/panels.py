"""Home page panel of events for program managers (see core.dashboards).

Upcoming events they work on, and recommendations past their due date that nobody has
closed. A fixed number of queries, whatever the number of events.
"""

from typing import Any

from tiwizi.accounts.models import Role
from tiwizi.core.dashboards import Panel
from tiwizi.events.models import Event, Outcome

UPCOMING_ROWS = 5
OVERDUE_ROWS = 8


def events_panel(user: Any) -> Panel | None:
    if not user or not user.is_authenticated:
        return None
    if not (user.is_platform_admin or Role.PROGRAM_MANAGER in user.roles):
        return None
    events = Event.objects.staffed_by(user)
    upcoming = list(
        events.upcoming().select_related("commune").order_by("start", "pk")[:UPCOMING_ROWS]
    )
    overdue = Outcome.objects.filter(event__in=events.values("pk")).overdue()
    late = list(
        overdue.select_related("event", "owner_organization").order_by("due_date", "pk")[
            :OVERDUE_ROWS
        ]
    )
    return Panel(
        template="events/panels/events.html",
        context={"upcoming": upcoming, "overdue": late, "overdue_count": overdue.count()},
        order=40,
    )
