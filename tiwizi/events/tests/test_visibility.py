"""Who sees which event and whom: missing visibility is a 404, missing rights a 403."""

import pytest
from django.urls import reverse

from tiwizi.core.navigation import nav_items_for
from tiwizi.events import services
from tiwizi.events.models import Event, Outcome, Registration
from tiwizi.programs.models import PartnerRole


@pytest.fixture
def registered(event, program_manager, cooperative, member, other_cooperative, other_member):
    """The cooperative as a whole, one of its members, and another cooperative's member."""
    return {
        "organization": services.register(program_manager, event, organization=cooperative),
        "member": services.register(
            program_manager, event, organization=cooperative, person=member
        ),
        "other": services.register(
            program_manager, event, organization=other_cooperative, person=other_member
        ),
    }


@pytest.fixture
def outcome(event, program_manager):
    return services.add_outcome(program_manager, event, {"text": "Étudier une marque commune"})


def _event_pages(event, registration, outcome):
    return [
        ("GET", reverse("events:event_detail", args=[event.pk])),
        ("GET", reverse("events:event_edit", args=[event.pk])),
        ("GET", reverse("events:event_cancel", args=[event.pk])),
        ("GET", reverse("events:registration_add", args=[event.pk])),
        ("GET", reverse("events:registration_member_options", args=[event.pk])),
        ("GET", reverse("events:participants_export", args=[event.pk])),
        ("GET", reverse("events:sign_in_sheet", args=[event.pk])),
        ("GET", reverse("events:outcome_add", args=[event.pk])),
        ("GET", reverse("events:registration_remove", args=[registration.pk])),
        ("POST", reverse("events:attendance", args=[event.pk])),
        ("POST", reverse("events:registration_remove", args=[registration.pk])),
        ("POST", reverse("events:outcome_status", args=[outcome.pk])),
    ]


def test_querysets_per_role(
    event, registered, platform_admin, program_manager, trainer, other_program_manager,
    cooperative_manager, funder, buyer, make_event, other_ngo,
):  # fmt: skip
    outside = make_event(actor=platform_admin, organizers=[other_ngo])
    assert set(Event.objects.visible_to(platform_admin)) == {event, outside}
    assert list(Event.objects.visible_to(program_manager)) == [event]
    assert list(Event.objects.visible_to(trainer)) == [event]
    assert list(Event.objects.visible_to(other_program_manager)) == [outside]
    assert list(Event.objects.visible_to(cooperative_manager)) == [event]
    assert list(Event.objects.visible_to(funder)) == [event]
    assert not Event.objects.visible_to(buyer).exists()
    assert list(Event.objects.manageable_by(trainer)) == []
    assert list(Event.objects.staffed_by(trainer)) == [event]


def test_registrations_each_role_sees(
    registered, program_manager, cooperative_manager, funder, buyer
):
    everyone = set(registered.values())
    assert set(Registration.objects.visible_to(program_manager)) == everyone
    # Their own organization's registrations, and other organizations without people.
    assert set(Registration.objects.visible_to(cooperative_manager)) == {
        registered["organization"], registered["member"],
    }  # fmt: skip
    assert set(Registration.objects.visible_to(funder)) == {registered["organization"]}
    assert not Registration.objects.visible_to(buyer).exists()


def test_program_manager_of_another_ngo_gets_404_everywhere(
    event, registered, outcome, client_for, other_program_manager
):
    client = client_for(other_program_manager)
    for method, url in _event_pages(event, registered["member"], outcome):
        response = client.get(url) if method == "GET" else client.post(url, {"status": "done"})
        assert response.status_code == 404, url
    assert event.registrations.count() == 3
    assert Outcome.objects.get().status == Outcome.Status.OPEN


def test_buyer_gets_403_on_the_list_and_404_on_an_event(event, client_for, buyer):
    client = client_for(buyer)
    assert client.get(reverse("events:event_list")).status_code == 403
    assert client.get(event.get_absolute_url()).status_code == 404


def test_funder_sees_the_event_without_any_person(
    event, registered, client_for, funder, member, other_member, cooperative
):
    client = client_for(funder)
    html = client.get(event.get_absolute_url()).content.decode()
    assert event.title_fr in html
    assert cooperative.name_fr in html  # registered as an organization
    for person in (member, other_member):
        for name in (person.last_name_latin, person.last_name_ar, person.full_name_latin):
            assert name not in html
    assert "History" not in html
    # The totals are figures, not names: all three registrations are counted.
    assert ">3</span>" in html
    assert event.title_fr in client.get(reverse("events:event_list")).content.decode()


def test_funder_gets_404_on_the_person_level_exports(event, registered, client_for, funder):
    client = client_for(funder)
    for name in ("participants_export", "sign_in_sheet"):
        assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code == 404


def test_funder_gets_403_on_changes_to_a_visible_event(
    event, registered, outcome, client_for, funder
):
    client = client_for(funder)
    for name in ("event_edit", "event_cancel", "registration_add", "outcome_add"):
        assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code == 403
    assert client.post(reverse("events:attendance", args=[event.pk])).status_code == 403
    status_url = reverse("events:outcome_status", args=[outcome.pk])
    assert client.post(status_url, {"status": "done"}).status_code == 403


def test_funder_of_another_program_sees_nothing(event, registered, client_for, make_user, fund):
    other_fund_user = make_user("funder")
    assert client_for(other_fund_user).get(event.get_absolute_url()).status_code == 404
    PartnerRole.objects.filter(organization=fund).update(role=PartnerRole.Role.TECHNICAL)
    funder_by_name = make_user("funder", fund)
    assert client_for(funder_by_name).get(event.get_absolute_url()).status_code == 404


def test_cooperative_manager_sees_own_people_not_others(
    event, registered, client_for, cooperative_manager, member, other_member
):
    client = client_for(cooperative_manager)
    html = client.get(event.get_absolute_url()).content.decode()
    assert member.last_name_latin in html
    assert other_member.last_name_latin not in html
    assert client.get(reverse("events:participants_export", args=[event.pk])).status_code == 404
    assert client.get(reverse("events:sign_in_sheet", args=[event.pk])).status_code == 404


def test_cooperative_manager_does_not_see_events_they_are_not_registered_to(
    event, client_for, cooperative_manager
):
    assert client_for(cooperative_manager).get(event.get_absolute_url()).status_code == 404


def test_trainer_follows_up_but_cannot_edit_or_cancel(event, registered, client_for, trainer):
    client = client_for(trainer)
    assert client.get(event.get_absolute_url()).status_code == 200
    assert client.get(reverse("events:participants_export", args=[event.pk])).status_code == 200
    assert client.get(reverse("events:event_edit", args=[event.pk])).status_code == 403
    assert client.get(reverse("events:event_cancel", args=[event.pk])).status_code == 403


def test_program_staff_see_events_of_the_program_organized_by_others(
    client_for, program, make_event, platform_admin, other_ngo, trainer
):
    event = make_event(actor=platform_admin, organizers=[other_ngo], program=program)
    assert client_for(trainer).get(event.get_absolute_url()).status_code == 200


def test_menu_shows_events_to_staff_and_cooperatives_only(
    program_manager, trainer, cooperative_manager, funder, buyer, platform_admin
):
    def labels(user):
        return [str(item["label"]) for item in nav_items_for(user, "/")]

    for user in (program_manager, trainer, cooperative_manager, platform_admin):
        assert "Events" in labels(user)
    for user in (funder, buyer):
        assert "Events" not in labels(user)


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    response = client.get(event.get_absolute_url())
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.fixture
def cooperative_in_program(program, cooperative):
    """The cooperative takes part in a cohort of the event's program."""
    import datetime

    from tiwizi.programs.models import Cohort, Participation

    cohort = Cohort.objects.create(
        program=program, name="Cohorte 1",
        start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2026, 12, 31),
    )  # fmt: skip
    return Participation.objects.create(
        cohort=cohort, organization=cooperative, status=Participation.Status.ACTIVE
    )


def test_cooperative_manager_sees_and_registers_to_their_programs_events(
    event, cooperative_in_program, client_for, cooperative_manager, cooperative, other_cooperative
):
    client = client_for(cooperative_manager)
    assert client.get(event.get_absolute_url()).status_code == 200
    url = reverse("events:registration_add", args=[event.pk])
    refused = client.post(url, {"organization": other_cooperative.pk, "role": "participant"})
    assert refused.status_code == 200  # the form shows the error
    assert not Registration.objects.filter(organization=other_cooperative).exists()
    client.post(url, {"organization": cooperative.pk, "role": "participant"})
    assert Registration.objects.filter(event=event, organization=cooperative).exists()


def test_withdrawn_cooperative_does_not_see_the_programs_events(
    event, cooperative_in_program, client_for, cooperative_manager
):
    cooperative_in_program.status = "withdrawn"
    cooperative_in_program.save()
    assert client_for(cooperative_manager).get(event.get_absolute_url()).status_code == 404
