"""The events panel on a program manager's home page."""

import datetime

from django.urls import reverse

from tiwizi.events import panels, services
from tiwizi.events.models import Outcome

HOME = reverse("core:home")


def test_program_manager_sees_upcoming_events_and_overdue_outcomes(
    client_for, program_manager, event, past_event, make_event, other_ngo, platform_admin
):
    make_event(actor=platform_admin, organizers=[other_ngo], title_fr="Réunion d'une autre ONG")
    late = services.add_outcome(
        program_manager, past_event,
        {"text": "Déposer le dossier de label", "due_date": datetime.date(2020, 5, 1)},
    )  # fmt: skip
    done = services.add_outcome(
        program_manager, past_event,
        {"text": "Imprimer les étiquettes", "due_date": datetime.date(2020, 5, 1)},
    )  # fmt: skip
    services.set_outcome_status(program_manager, done, Outcome.Status.DONE)
    services.add_outcome(
        program_manager, past_event, {"text": "Plus tard", "due_date": datetime.date(2099, 1, 1)}
    )
    panel = panels.events_panel(program_manager)
    assert panel.context["upcoming"] == [event]
    assert panel.context["overdue"] == [late]
    assert panel.context["overdue_count"] == 1
    html = client_for(program_manager).get(HOME).content.decode()
    assert event.title in html
    assert "Déposer le dossier de label" in html
    assert "Imprimer les étiquettes" not in html
    assert "Réunion d&#x27;une autre ONG" not in html


def test_other_roles_get_no_events_panel(trainer, cooperative_manager, funder, buyer):
    for user in (trainer, cooperative_manager, funder, buyer):
        assert panels.events_panel(user) is None
