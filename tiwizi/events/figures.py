"""Event figures on a program's page (see programs.figures), computed in the database.

"Held" follows EventQuerySet.held(): an event marked as held, or one whose end has
passed and that nobody cancelled (field staff do not always come back to mark it).
Two queries, whatever the number of events and registrations.
"""

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tiwizi.events.models import Event, Registration
from tiwizi.programs.figures import Figure


def event_figures(program: Any) -> list[Figure]:
    held = Event.objects.filter(program=program).held()
    participants = Registration.objects.filter(
        event__in=held.values("pk"), organization__isnull=False
    ).aggregate(count=Count("organization", distinct=True))["count"]
    return [
        Figure(
            key="events_held",
            label=_("Events held"),
            value=held.count(),
            hint=_("Marked as held, or over and not cancelled."),
        ),
        Figure(
            key="event_participants",
            label=_("Organizations at events"),
            value=participants or 0,
            hint=_("Different organizations registered to the program's events held."),
        ),
    ]
