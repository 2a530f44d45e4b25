"""The organization pages: list, filters, sorting, HTMX, detail, create, edit, archive."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tiwizi.core.models import AuditEntry
from tiwizi.registry import services
from tiwizi.registry.models import Organization, Sector

LIST = reverse("registry:organization_list")


def _names(response):
    return [o.name_fr for o in response.context["page_obj"]]


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_cooperative_manager_lists_only_own_cooperative(
    client_for, cooperative_manager, cooperative, other_cooperative
):
    response = client_for(cooperative_manager).get(LIST)
    assert _names(response) == [cooperative.name_fr]


def test_program_manager_lists_supported_organizations_and_their_own(
    client_for, program_manager, cooperative, other_cooperative, ngo
):
    names = _names(client_for(program_manager).get(LIST))
    assert cooperative.name_fr in names
    assert ngo.name_fr in names
    assert other_cooperative.name_fr not in names


def test_list_filters_by_kind_status_province_region_and_sector(
    client_for, platform_admin, make_organization, province, commune, commune_elsewhere
):
    saffron = Sector.objects.get(code="saffron")
    wanted = make_organization(name_fr="Cible", commune=commune, status="dormant")
    wanted.sectors.add(saffron)
    make_organization(name_fr="Autre province", commune=commune_elsewhere, status="dormant")
    make_organization(Organization.Kind.GIE, name_fr="Un GIE", commune=commune, status="dormant")
    client = client_for(platform_admin)
    query = {"kind": "cooperative", "status": "dormant", "province": province.pk}
    assert _names(client.get(LIST, query)) == ["Cible"]
    in_region = {"region": province.region_id, "kind": "cooperative", "status": "dormant"}
    assert _names(client.get(LIST, in_region)) == ["Cible"]
    assert _names(client.get(LIST, {"sector": saffron.pk})) == ["Cible"]


def test_archived_organizations_are_hidden_unless_asked_for(
    client_for, program_manager, cooperative
):
    services.archive_organization(program_manager, cooperative)
    client = client_for(program_manager)
    assert cooperative.name_fr not in _names(client.get(LIST))
    assert cooperative.name_fr in _names(client.get(LIST, {"archived": "on"}))


def test_sorting_by_name_follows_the_readers_script(client_for, platform_admin, make_organization):
    make_organization(name_fr="Alpha", name_ar="ياء")
    make_organization(name_fr="Zeta", name_ar="ألف")
    client = client_for(platform_admin)
    french = [n for n in _names(client.get(LIST, {"sort": "name"})) if n in ("Alpha", "Zeta")]
    arabic = [
        n
        for n in _names(client.get(LIST, {"sort": "name"}, HTTP_ACCEPT_LANGUAGE="ar"))
        if n in ("Alpha", "Zeta")
    ]
    assert french == ["Alpha", "Zeta"]
    assert arabic == ["Zeta", "Alpha"]
    descending = _names(client.get(LIST, {"sort": "-name"}))
    assert descending.index("Zeta") < descending.index("Alpha")


@pytest.mark.parametrize("sort", ["kind", "-kind", "province", "-province", "created", "-created"])
def test_every_sort_key_works(sort, client_for, platform_admin, cooperative):
    response = client_for(platform_admin).get(LIST, {"sort": sort})
    assert response.status_code == 200
    assert response.context["sort"] == sort


def test_htmx_filter_request_gets_only_the_results(client_for, program_manager, cooperative):
    response = client_for(program_manager).get(
        LIST, {"q": "safran"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="organization-results"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert cooperative.name_fr in html
    assert 'hx-swap-oob="true"' in html  # keeps the form's sort in step
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client_for, program_manager, cooperative):
    response = client_for(program_manager).get(
        LIST, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        HTTP_HX_TARGET="organization-results",
    )  # fmt: skip
    assert "<html" in response.content.decode()


def test_filter_form_is_wired_for_htmx(client_for, program_manager, cooperative):
    html = client_for(program_manager).get(LIST).content.decode()
    assert f'hx-get="{LIST}"' in html
    assert 'hx-target="#organization-results"' in html
    assert 'hx-push-url="true"' in html


def test_empty_registry_offers_to_register_an_organization(
    client_for, make_user, make_organization
):
    from tiwizi.accounts.models import Role

    ngo = make_organization(Organization.Kind.NGO, name_fr="ONG seule")
    manager = make_user(Role.PROGRAM_MANAGER, ngo)
    response = client_for(manager).get(LIST, {"kind": "ngo", "q": "introuvable"})
    html = response.content.decode()
    assert "No organization matches these filters." in html
    assert "Show all organizations" in html
    services.archive_organization(manager, ngo)
    html = client_for(manager).get(LIST).content.decode()
    assert "There are no organizations yet." in html
    assert reverse("registry:organization_create") in html


def test_detail_shows_identity_members_and_history(
    client_for, program_manager, cooperative, member
):
    services.update_organization(
        program_manager, cooperative,
        {"phone": "+212528123456", "capital_mad": Decimal("12500"), "ice": "001234567000089",
         "creation_date": datetime.date(2019, 3, 1)},
    )  # fmt: skip
    html = client_for(program_manager).get(cooperative.get_absolute_url()).content.decode()
    assert "+212 5 28 12 34 56" in html
    assert "MAD\u00a012,500.00" in html
    assert "001234567000089" in html
    assert "Fatima" in html
    assert "JB123456" not in html and "JB••••56" not in html  # no CIN in members lists
    assert "Edit" in html and "Archive" in html
    assert 'id="history-heading"' in html


def test_other_script_name_is_shown_muted(client_for, program_manager, cooperative):
    html = client_for(program_manager).get(LIST).content.decode()
    assert "تعاونية زعفران تالوين" in html
    arabic = client_for(program_manager, "ar").get(LIST)
    assert cooperative.name_ar in [o.name for o in arabic.context["page_obj"]]


def test_program_manager_registers_an_organization(client_for, program_manager, ngo, commune):
    saffron = Sector.objects.get(code="saffron")
    response = client_for(program_manager).post(
        reverse("registry:organization_create"),
        {"kind": "cooperative", "name_fr": "Coopérative Nouvelle", "status": "active",
         "odco_number": "ODCO-NEW-1", "province": commune.province_id, "commune": commune.pk,
         "phone": "0661 23 45 67", "sectors": [saffron.pk]},
    )  # fmt: skip
    organization = Organization.objects.get(name_fr="Coopérative Nouvelle")
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert organization.phone == "+212661234567"
    assert list(organization.stewards.all()) == [ngo]
    assert list(organization.sectors.all()) == [saffron]
    assert _messages(response) == ["Coopérative Nouvelle has been registered."]
    entry = AuditEntry.objects.get(object_id=str(organization.pk), action="create")
    assert entry.actor == program_manager
    assert entry.changes["name_fr"] == ["", "Coopérative Nouvelle"]


def test_editing_records_the_change_in_the_history(client_for, program_manager, cooperative):
    client = client_for(program_manager)
    edit = reverse("registry:organization_edit", args=[cooperative.pk])
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "sectors"}
    data.update({"name_fr": "Coopérative Safran d'Or", "commune": cooperative.commune_id,
                 "province": cooperative.province_id, "status": "dormant"})  # fmt: skip
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    assert _messages(response) == ["Changes to Coopérative Safran d'Or have been saved."]
    entry = AuditEntry.objects.filter(object_id=str(cooperative.pk), action="update").get()
    assert entry.changes == {
        "name_fr": ["Coopérative Safran Taliouine", "Coopérative Safran d'Or"],
        "status": ["Active", "Dormant"],
    }
    html = client.get(cooperative.get_absolute_url()).content.decode()
    assert "<del><bdi>Coopérative Safran Taliouine</bdi></del>" in html
    assert "<ins><bdi>Coopérative Safran d&#x27;Or</bdi></ins>" in html
    assert "<del><bdi>Active</bdi></del>" in html and "<ins><bdi>Dormant</bdi></ins>" in html


def test_archive_requires_post_and_records_audit(client_for, program_manager, cooperative):
    client = client_for(program_manager)
    url = reverse("registry:organization_archive", args=[cooperative.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    cooperative.refresh_from_db()
    assert not cooperative.is_archived
    assert not AuditEntry.objects.filter(action="archive").exists()

    response = client.post(url)
    assert response.status_code == 302
    cooperative.refresh_from_db()
    assert cooperative.is_archived
    entry = AuditEntry.objects.get(action="archive", object_id=str(cooperative.pk))
    assert entry.actor == program_manager
    assert _messages(response) == [f"{cooperative.name} has been archived."]


def test_archived_organization_shows_a_banner_and_cannot_be_changed(
    client_for, program_manager, cooperative
):
    services.archive_organization(program_manager, cooperative)
    client = client_for(program_manager)
    html = client.get(cooperative.get_absolute_url()).content.decode()
    assert "This organization was archived on" in html
    assert reverse("registry:organization_restore", args=[cooperative.pk]) in html
    assert reverse("registry:organization_edit", args=[cooperative.pk]) not in html
    for name in ("organization_edit", "member_add"):
        response = client.post(reverse(f"registry:{name}", args=[cooperative.pk]), {})
        assert response.status_code == 302
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["archive"]


def test_restore_brings_the_organization_back(client_for, program_manager, cooperative):
    services.archive_organization(program_manager, cooperative)
    client = client_for(program_manager)
    url = reverse("registry:organization_restore", args=[cooperative.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    cooperative.refresh_from_db()
    assert not cooperative.is_archived
    assert AuditEntry.objects.filter(action="restore", object_id=str(cooperative.pk)).exists()
    assert _messages(response) == [f"{cooperative.name} has been restored."]
    # Restoring what is not archived changes nothing.
    client.post(url)
    assert AuditEntry.objects.filter(action="restore").count() == 1


def test_member_is_added_with_a_new_person_in_one_form(
    client_for, cooperative_manager, cooperative
):
    response = client_for(cooperative_manager).post(
        reverse("registry:member_add", args=[cooperative.pk]),
        {"first_name_ar": "خديجة", "last_name_ar": "أوبلا", "sex": "female",
         "birth_year": "1995", "phone": "0612345678", "national_id": "jb 654321",
         "role": "member", "since": "2024-02-01"},
    )  # fmt: skip
    assert response.status_code == 302
    membership = cooperative.memberships.get(person__first_name_ar="خديجة")
    assert membership.person.national_id == "JB654321"
    assert membership.person.phone == "+212612345678"
    assert membership.since == datetime.date(2024, 2, 1)
    assert _messages(response) == [
        f"{membership.person} has been added to the members of {cooperative}."
    ]


def test_arabic_readers_see_place_names_in_arabic_in_the_history(
    client_for, program_manager, cooperative, commune_elsewhere
):
    old = cooperative.commune
    services.update_organization(program_manager, cooperative, {"commune": commune_elsewhere})
    html = client_for(program_manager, "ar").get(cooperative.get_absolute_url()).content.decode()
    for place in (old, commune_elsewhere, commune_elsewhere.province):
        assert place.name_ar in html
        assert place.name_fr not in html
