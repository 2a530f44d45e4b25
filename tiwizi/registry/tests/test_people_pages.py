"""People pages: list, detail, edit, memberships. A national ID is never shown whole."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse

from tiwizi.core.models import AuditEntry
from tiwizi.registry import services
from tiwizi.registry.models import Membership, Person

PEOPLE = reverse("registry:person_list")


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_list_shows_visible_people_without_national_id(client_for, cooperative_manager, member):
    response = client_for(cooperative_manager).get(PEOPLE)
    html = response.content.decode()
    assert list(response.context["page_obj"]) == [member]
    assert "Fatima" in html and "فاطمة" in html
    assert "JB123456" not in html and "••••" not in html


def test_list_filters_by_sex_and_organization(
    client_for, program_manager, member, make_organization, ngo
):
    elsewhere = make_organization(name_fr="Coopérative Deux", stewards=[ngo])
    services.create_person_with_membership(
        program_manager, {"first_name_latin": "Omar", "last_name_latin": "Bennani", "sex": "male"},
        elsewhere,
    )  # fmt: skip
    client = client_for(program_manager)

    def names(**query):
        return [p.first_name_latin for p in client.get(PEOPLE, query).context["page_obj"]]

    assert sorted(names()) == ["Fatima", "Omar"]
    assert names(sex="male") == ["Omar"]
    assert names(organization=elsewhere.pk) == ["Omar"]
    assert names(organization=member.memberships.get().organization_id, sex="male") == []


def test_empty_people_list_explains_how_people_are_added(client_for, cooperative_manager):
    html = client_for(cooperative_manager).get(PEOPLE).content.decode()
    assert "No person is registered yet." in html
    html = client_for(cooperative_manager).get(PEOPLE, {"q": "personne"}).content.decode()
    assert "No person matches these filters." in html


def test_person_list_htmx_request_gets_only_the_results(client_for, program_manager, member):
    response = client_for(program_manager).get(
        PEOPLE, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="person-results"
    )
    assert "<html" not in response.content.decode()
    assert "Fatima" in response.content.decode()


def test_detail_masks_the_national_id(client_for, program_manager, member):
    html = client_for(program_manager).get(member.get_absolute_url()).content.decode()
    assert "JB••••56" in html
    assert "JB123456" not in html
    assert "+212 6 61 23 45 67" in html


def test_edit_page_does_not_reveal_the_national_id(client_for, program_manager, member):
    html = (
        client_for(program_manager)
        .get(reverse("registry:person_edit", args=[member.pk]))
        .content.decode()
    )
    assert "JB123456" not in html


def test_editing_a_person_is_recorded(client_for, program_manager, member):
    response = client_for(program_manager).post(
        reverse("registry:person_edit", args=[member.pk]),
        {"first_name_latin": "Fatima-Zahra", "last_name_latin": "Aït Lahcen",
         "first_name_ar": "فاطمة", "last_name_ar": "آيت لحسن", "sex": "female",
         "birth_year": "1992", "phone": "0661234567", "consent_scope": "statistics",
         "consent_date": "2024-01-10"},
    )  # fmt: skip
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.first_name_latin == "Fatima-Zahra"
    assert member.national_id == "JB123456"  # left empty: kept
    assert _messages(response) == ["Changes to Fatima-Zahra Aït Lahcen have been saved."]
    changes = AuditEntry.objects.get(action="update").changes
    assert changes["first_name_latin"] == ["Fatima", "Fatima-Zahra"]
    assert "national_id" not in changes


def test_person_cannot_be_edited_by_a_trainer(client_for, trainer, member):
    response = client_for(trainer).post(
        reverse("registry:person_edit", args=[member.pk]),
        {"first_name_latin": "X", "last_name_latin": "Y", "sex": "male"},
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.first_name_latin == "Fatima"


def test_membership_is_added_in_another_managed_organization(
    client_for, program_manager, member, make_organization, ngo, other_cooperative
):
    second = make_organization(name_fr="Coopérative Seconde", stewards=[ngo])
    url = reverse("registry:person_membership_add", args=[member.pk])
    client = client_for(program_manager)
    choices = client.get(url).context["form"].fields["organization"].queryset
    assert second in choices
    assert other_cooperative not in choices  # not managed by this program manager
    assert member.memberships.get().organization not in choices  # already a member

    refused = client.post(url, {"organization": other_cooperative.pk, "role": "member",
                                "since": "2024-01-01"})  # fmt: skip
    assert refused.status_code == 200
    assert "organization" in refused.context["form"].errors

    response = client.post(url, {"organization": second.pk, "role": "treasurer",
                                 "since": "2024-01-01"})  # fmt: skip
    assert response.status_code == 302
    assert member.memberships.filter(organization=second, role="treasurer").exists()
    assert _messages(response) == [f"{member} has been added to the members of {second}."]


def test_membership_end_asks_then_ends_and_goes_back(client_for, program_manager, membership):
    url = reverse("registry:membership_end", args=[membership.pk])
    client = client_for(program_manager)
    person_page = membership.person.get_absolute_url()
    page = client.get(url, {"next": person_page})
    assert page.status_code == 200
    membership.refresh_from_db()
    assert membership.until is None

    early = client.post(url, {"until": "2019-01-01"})
    assert "until" in early.context["form"].errors

    response = client.post(url, {"until": "2024-06-30", "next": person_page})
    assert response.status_code == 302
    assert response["Location"] == person_page
    membership.refresh_from_db()
    assert membership.until == datetime.date(2024, 6, 30)
    assert _messages(response) == [
        f"The membership of {membership.person} in {membership.organization} has ended."
    ]
    # Ending it again only says so.
    again = client.post(url, {"until": "2024-07-01"})
    assert again.status_code == 302
    membership.refresh_from_db()
    assert membership.until == datetime.date(2024, 6, 30)


def test_membership_end_ignores_an_outside_next(client_for, program_manager, membership):
    response = client_for(program_manager).post(
        reverse("registry:membership_end", args=[membership.pk]),
        {"until": "2024-06-30", "next": "https://evil.example/"},
    )
    assert response["Location"] == membership.organization.get_absolute_url()


def test_organization_page_lists_current_and_past_members(
    client_for, program_manager, cooperative, membership
):
    services.end_membership(program_manager, membership, datetime.date(2024, 6, 30))
    services.create_person_with_membership(
        program_manager, {"first_name_latin": "Said", "last_name_latin": "Amrani", "sex": "male",
                          "birth_year": 1960}, cooperative,
    )  # fmt: skip
    response = client_for(program_manager).get(cooperative.get_absolute_url())
    assert [m.person.first_name_latin for m in response.context["current_members"]] == ["Said"]
    assert [m.person.first_name_latin for m in response.context["past_members"]] == ["Fatima"]
    assert response.context["counts"] == {"total": 1, "women": 0, "men": 1, "youth": 0}


def test_admin_sees_a_person_whose_memberships_were_all_removed(
    client_for, platform_admin, program_manager, member
):
    Membership.objects.filter(person=member).delete()
    assert client_for(platform_admin).get(member.get_absolute_url()).status_code == 200
    assert client_for(program_manager).get(member.get_absolute_url()).status_code == 404
    assert Person.objects.visible_to(platform_admin).count() == 1
