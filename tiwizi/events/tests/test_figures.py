"""The program page's event figures, on a dataset built by hand."""

import datetime

from django.utils import timezone

from tiwizi.events import services
from tiwizi.events.figures import event_figures
from tiwizi.programs.figures import program_figures
from tiwizi.programs.models import Program


def _values(program):
    return {figure.key: figure.value for figure in event_figures(program)}


def test_figures_count_held_events_and_distinct_organizations(
    program, program_manager, make_event, make_organization, make_member, ngo, platform_admin
):
    a, b, c, d, e, f = (
        make_organization(name_fr=f"Coopérative {letter}", stewards=[ngo]) for letter in "ABCDEF"
    )
    now = timezone.now()
    ago = {
        "start": now - datetime.timedelta(days=5),
        "end": now - datetime.timedelta(days=5, hours=-3),
    }

    # Held: marked so. A as a whole and one of A's members count once; a person without
    # an organization adds no organization.
    held = make_event(program=program, **ago)
    services.update_event(program_manager, held, {"status": "held"})
    services.register(program_manager, held, organization=a)
    services.register(program_manager, held, organization=a, person=make_member(a))
    services.register(program_manager, held, person=make_member(b))
    # Over and never marked: counted as held. B and C come.
    over = make_event(program=program, **ago)
    services.register(program_manager, over, organization=b)
    services.register(program_manager, over, organization=c, person=make_member(c))
    # Cancelled, still to come, or in another program: not counted.
    cancelled = make_event(program=program, **ago)
    services.register(program_manager, cancelled, organization=d)
    services.cancel_event(program_manager, cancelled)
    upcoming = make_event(program=program)
    services.register(program_manager, upcoming, organization=e)
    other_program = Program.objects.create(
        name_fr="Autre programme", start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )  # fmt: skip
    elsewhere = make_event(actor=platform_admin, program=other_program, **ago)
    services.register(platform_admin, elsewhere, organization=f)
    make_event(**ago)  # outside any program

    assert _values(program) == {"events_held": 2, "event_participants": 3}
    assert _values(other_program) == {"events_held": 1, "event_participants": 1}


def test_a_program_without_events_shows_zeros(program):
    assert _values(program) == {"events_held": 0, "event_participants": 0}


def test_the_figures_are_registered_for_the_program_page(program):
    keys = [figure.key for figure in program_figures(program)]
    assert "events_held" in keys
    assert "event_participants" in keys
