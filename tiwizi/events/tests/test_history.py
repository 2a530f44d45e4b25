"""The event's history: its changes, its registrations' and outcomes', readable."""

from tiwizi.events import services
from tiwizi.events.history import event_history


def test_history_names_related_records_and_translates_values(
    client_for, program_manager, past_event, cooperative, member, commune_elsewhere, other_ngo,
    ngo,
):  # fmt: skip
    services.update_event(
        program_manager, past_event,
        {"commune": commune_elsewhere, "organizers": [ngo, other_ngo], "status": "held"},
    )  # fmt: skip
    registration = services.register(
        program_manager, past_event, organization=cooperative, person=member
    )
    services.record_attendance(program_manager, past_event, {registration.pk: True})
    outcome = services.add_outcome(program_manager, past_event, {"text": "Former les jeunes"})
    services.set_outcome_status(program_manager, outcome, "done")

    rows = event_history(past_event)
    changes = {
        (row.subject, c.label): (c.old, c.new) for row in reversed(rows) for c in row.changes
    }
    assert changes[("", "Commune")] == (past_event.commune.name, commune_elsewhere.name)
    assert other_ngo.name in changes[("", "Organizers")][1]
    assert changes[("", "Status")] == ("Planned", "Held")
    assert changes[(member.full_name, "Attended")] == ("", "Yes")
    assert changes[(member.full_name, "Person")] == ("", member.full_name)
    assert changes[("Former les jeunes", "Follow-up status")] == ("Open", "Done")

    html = client_for(program_manager).get(past_event.get_absolute_url()).content.decode()
    assert "History" in html
    assert "Former les jeunes" in html
