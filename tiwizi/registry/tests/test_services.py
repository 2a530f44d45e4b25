"""Registry services: each change in one transaction, validated, with an audit record."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format

from tiwizi.accounts.models import Role
from tiwizi.core.models import AuditEntry
from tiwizi.registry import services
from tiwizi.registry.history import organization_history, person_history
from tiwizi.registry.models import Membership, Organization, Person


def test_program_manager_creating_an_organization_makes_their_ngo_a_steward(program_manager, ngo):
    organization = services.create_organization(
        program_manager, {"kind": "cooperative", "name_fr": "Coopérative Suivie"}
    )
    assert list(organization.stewards.all()) == [ngo]
    assert organization in Organization.objects.visible_to(program_manager)
    assert organization in Organization.objects.manageable_by(program_manager)


def test_admin_without_a_program_grant_adds_no_steward(make_user, make_organization):
    platform = make_organization(Organization.Kind.NGO, name_fr="Plateforme")
    admin = make_user(Role.PLATFORM_ADMIN, platform)
    organization = services.create_organization(
        admin, {"kind": "cooperative", "name_fr": "Coopérative Libre"}
    )
    assert not organization.stewards.exists()


def test_services_refuse_invalid_data_without_a_form(program_manager, cooperative):
    with pytest.raises(ValidationError) as refused:
        services.create_organization(
            program_manager, {"kind": "cooperative", "odco_number": cooperative.odco_number}
        )
    assert {"name_fr", "odco_number"} <= set(refused.value.message_dict)
    assert not AuditEntry.objects.exists()


def test_update_records_only_what_changed(program_manager, cooperative):
    services.update_organization(
        program_manager, cooperative, {"name_fr": cooperative.name_fr, "status": "dormant"}
    )
    entry = AuditEntry.objects.get()
    assert entry.action == "update"
    assert entry.changes == {"status": ["Active", "Dormant"]}
    services.update_organization(program_manager, cooperative, {"status": "dormant"})
    assert AuditEntry.objects.count() == 1  # no change, no entry


def test_related_records_are_stored_by_id_and_named_in_the_readers_language(
    program_manager, cooperative, commune_elsewhere
):
    from tiwizi.registry.models import Sector

    saffron, dates = Sector.objects.get(code="saffron"), Sector.objects.get(code="dates")
    old_commune = cooperative.commune
    services.update_organization(
        program_manager, cooperative, {"sectors": [dates, saffron], "commune": commune_elsewhere}
    )
    changes = AuditEntry.objects.get().changes
    assert changes["sectors"] == ["", ",".join(str(pk) for pk in sorted([saffron.pk, dates.pk]))]
    assert changes["commune"] == [str(old_commune.pk), str(commune_elsewhere.pk)]
    in_id_order = sorted([saffron, dates], key=lambda sector: sector.pk)
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            (row,) = organization_history(cooperative, with_members=False)
            news = {change.new for change in row.changes}
            separator = translation.pgettext("list separator", ", ")
            assert separator.join(sector.name for sector in in_id_order) in news
            assert commune_elsewhere.name in news
            assert old_commune.name in {change.old for change in row.changes}
    with translation.override("ar"):
        (row,) = organization_history(cooperative, with_members=False)
        assert commune_elsewhere.name_ar in {change.new for change in row.changes}


def test_history_of_a_membership_names_the_person_in_the_readers_script(
    program_manager, cooperative, membership
):
    with translation.override("ar"):
        (row,) = organization_history(cooperative, with_members=True)
    assert row.subject == "فاطمة آيت لحسن"
    assert "فاطمة آيت لحسن" in {change.new for change in row.changes}


def test_history_is_stored_in_source_text_and_read_in_the_readers_language(
    program_manager, cooperative
):
    with translation.override("fr"):
        services.update_organization(program_manager, cooperative, {"status": "dormant"})
    assert AuditEntry.objects.get().changes == {"status": ["Active", "Dormant"]}
    with translation.override("en"):
        (row,) = organization_history(cooperative, with_members=False)
    assert (row.changes[0].label, row.changes[0].old, row.changes[0].new) == (
        "Status", "Active", "Dormant",
    )  # fmt: skip


def test_archive_and_restore_are_recorded_once(program_manager, cooperative):
    services.archive_organization(program_manager, cooperative)
    services.archive_organization(program_manager, cooperative)
    services.restore_organization(program_manager, cooperative)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "archive", "restore",
    ]  # fmt: skip


def test_history_masks_the_national_id(program_manager, member):
    services.update_person(program_manager, member, {"national_id": "AB654321"})
    changes = [e.changes for e in AuditEntry.objects.filter(action__in=["create", "update"])]
    text = repr(changes)
    assert "JB123456" not in text and "AB654321" not in text
    assert AuditEntry.objects.get(action="update").changes == {
        "national_id": ["JB••••56", "AB••••21"]
    }


def test_person_with_membership_is_created_together_or_not_at_all(program_manager, cooperative):
    services.archive_organization(program_manager, cooperative)
    with pytest.raises(ValidationError):
        services.create_person_with_membership(
            program_manager,
            {"first_name_latin": "Ali", "last_name_latin": "Ouali", "sex": "male"},
            cooperative,
        )
    assert not Person.objects.exists()


def test_a_person_has_one_open_membership_per_organization(program_manager, cooperative, member):
    with pytest.raises(ValidationError):
        services.add_membership(program_manager, member, cooperative)
    assert Membership.objects.count() == 1


def test_ending_a_membership_keeps_it_as_past(program_manager, membership):
    services.end_membership(program_manager, membership, datetime.date(2024, 6, 30))
    membership.refresh_from_db()
    assert membership.until == datetime.date(2024, 6, 30)
    assert not membership.is_current
    assert Membership.objects.ended().get() == membership
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {"until": ["", "2024-06-30"]}
    with pytest.raises(ValidationError):
        services.end_membership(program_manager, membership)
    # A new membership in the same organization can start after the old one ended.
    services.add_membership(program_manager, membership.person, membership.organization)


def test_a_membership_cannot_end_before_it_started(program_manager, membership):
    with pytest.raises(ValidationError):
        services.end_membership(program_manager, membership, datetime.date(2000, 1, 1))


def test_person_history_includes_their_memberships(program_manager, membership, member):
    services.end_membership(program_manager, membership, datetime.date(2024, 6, 30))
    rows = person_history(member, Membership.objects.filter(person=member))
    assert [row.entry.action for row in rows] == ["update", "create", "create"]
    assert rows[0].subject == str(membership.organization)
    # Dates are shown in the reader's format.
    assert rows[0].changes[0].new == date_format(datetime.date(2024, 6, 30), "SHORT_DATE_FORMAT")
