"""Who reaches which registry page: missing visibility is a 404, missing rights a 403."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tiwizi.core.navigation import nav_items_for
from tiwizi.registry import permissions
from tiwizi.registry.models import Organization, Person

# Views about one cooperative, one of its memberships or one of its members.
OBJECT_VIEWS = [
    ("organization_detail", "organization"),
    ("organization_edit", "organization"),
    ("organization_archive", "organization"),
    ("organization_restore", "organization"),
    ("member_add", "organization"),
    ("membership_end", "membership"),
    ("person_detail", "person"),
    ("person_edit", "person"),
    ("person_membership_add", "person"),
]


def _url(name, target, cooperative, membership, member):
    obj = {"organization": cooperative, "membership": membership, "person": member}[target]
    return reverse(f"registry:{name}", args=[obj.pk])


@pytest.mark.parametrize(("name", "target"), OBJECT_VIEWS)
def test_cooperative_manager_gets_404_on_another_cooperative(
    name, target, client_for, other_manager, cooperative, membership, member
):
    client = client_for(other_manager)
    url = _url(name, target, cooperative, membership, member)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name_fr": "Piratée", "until": "2024-01-01"}).status_code == 404
    cooperative.refresh_from_db()
    assert cooperative.name_fr == "Coopérative Safran Taliouine"
    assert cooperative.archived_at is None


@pytest.mark.parametrize(("name", "target"), OBJECT_VIEWS)
def test_funder_gets_404_on_every_cooperative_page(
    name, target, client_for, funder, cooperative, membership, member
):
    url = _url(name, target, cooperative, membership, member)
    assert client_for(funder).get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["organization_edit", "organization_archive", "organization_restore", "member_add",
     "membership_end", "person_edit", "person_membership_add"],
)  # fmt: skip
def test_trainer_sees_but_cannot_change(name, client_for, trainer, cooperative, membership, member):
    target = dict(OBJECT_VIEWS)[name]
    url = _url(name, target, cooperative, membership, member)
    client = client_for(trainer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"until": "2024-01-01"}).status_code == 403


def test_trainer_reads_the_supported_cooperative_and_its_members(
    client_for, trainer, cooperative, member
):
    client = client_for(trainer)
    assert client.get(cooperative.get_absolute_url()).status_code == 200
    assert client.get(member.get_absolute_url()).status_code == 200


def test_cooperative_manager_edits_own_cooperative_but_cannot_archive_it(
    client_for, cooperative_manager, cooperative
):
    client = client_for(cooperative_manager)
    assert (
        client.get(reverse("registry:organization_edit", args=[cooperative.pk])).status_code == 200
    )
    archive = reverse("registry:organization_archive", args=[cooperative.pk])
    assert client.get(archive).status_code == 403
    assert client.post(archive).status_code == 403
    cooperative.refresh_from_db()
    assert not cooperative.is_archived


@pytest.mark.parametrize("role_fixture", ["cooperative_manager", "trainer", "funder", "buyer"])
def test_only_program_managers_and_admins_create_organizations(request, client_for, role_fixture):
    user = request.getfixturevalue(role_fixture)
    response = client_for(user).post(
        reverse("registry:organization_create"), {"kind": "cooperative", "name_fr": "Nouvelle"}
    )
    assert response.status_code == 403
    assert not Organization.objects.filter(name_fr="Nouvelle").exists()


def test_funder_never_sees_a_person(client_for, funder, cooperative, member):
    client = client_for(funder)
    assert client.get(reverse("registry:person_list")).status_code == 403
    assert client.get(member.get_absolute_url()).status_code == 404
    assert not Person.objects.visible_to(funder).exists()
    # Their own organization's page shows no members section.
    own = Organization.objects.visible_to(funder).get()
    page = client.get(own.get_absolute_url()).content.decode()
    assert "members-heading" not in page
    assert not permissions.can_see_people(funder)


def test_buyer_never_sees_a_person(client_for, buyer, member):
    client = client_for(buyer)
    assert client.get(reverse("registry:person_list")).status_code == 403
    assert client.get(member.get_absolute_url()).status_code == 404


def test_user_without_a_grant_sees_no_organization_list(client_for, make_user):
    assert client_for(make_user()).get(reverse("registry:organization_list")).status_code == 403


@pytest.mark.parametrize("name", ["organization_list", "organization_create", "person_list"])
def test_anonymous_visitors_are_sent_to_sign_in(name, db):
    response = Client().get(reverse(f"registry:{name}"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_anonymous_visitors_cannot_reach_a_record(cooperative, member):
    for url in (cooperative.get_absolute_url(), member.get_absolute_url()):
        assert Client().get(url).status_code == 302


def test_other_cooperatives_members_are_not_listed(client_for, other_manager, member):
    page = client_for(other_manager).get(reverse("registry:person_list")).content.decode()
    assert "Fatima" not in page


def test_a_membership_elsewhere_stays_hidden(
    client_for, program_manager, cooperative_manager, member, make_organization, ngo
):
    """A cooperative manager sees their member, not the member's other cooperatives."""
    from tiwizi.registry import services

    elsewhere = make_organization(name_fr="Coopérative Lointaine", stewards=[ngo])
    services.add_membership(program_manager, member, elsewhere)
    page = client_for(cooperative_manager).get(member.get_absolute_url()).content.decode()
    assert "Coopérative Lointaine" not in page
    assert (
        "Coopérative Lointaine"
        in client_for(program_manager).get(member.get_absolute_url()).content.decode()
    )


def test_people_menu_is_only_for_roles_that_see_members(
    program_manager, trainer, cooperative_manager, funder, buyer, platform_admin
):
    def labels(user):
        with translation.override("en"):
            return [str(item["label"]) for item in nav_items_for(user, "/")]

    for user in (program_manager, trainer, cooperative_manager, platform_admin):
        assert "People" in labels(user)
        assert "Organizations" in labels(user)
    for user in (funder, buyer):
        assert "People" not in labels(user)
        assert "Organizations" in labels(user)
