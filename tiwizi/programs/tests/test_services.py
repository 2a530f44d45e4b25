"""Services: what each change does, what it refuses, and the audit record it leaves."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from tiwizi.accounts.models import Role
from tiwizi.core.models import AuditEntry
from tiwizi.programs import services
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program
from tiwizi.programs.tests.conftest import END, START
from tiwizi.registry.models import Organization


def _entries(instance):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )


PROGRAM = {"name_en": "Oasis program", "start_date": START, "end_date": END}


def test_creating_program_makes_the_managers_organization_its_implementer(program_manager, ngo):
    program = services.create_program(program_manager, dict(PROGRAM))
    (implementer,) = program.partner_roles.all()
    assert (implementer.organization, implementer.role) == (ngo, PartnerRole.Role.IMPLEMENTER)
    assert _entries(program).get().action == AuditEntry.Action.CREATE
    assert _entries(implementer).get().changes["role"] == ["", "Implementer"]
    assert Program.objects.manageable_by(program_manager).filter(pk=program.pk).exists()


def test_program_search_text_covers_every_language(program):
    assert Program.objects.search("الواحات").get() == program
    assert Program.objects.search("oasis solidaire").get() == program


def test_program_needs_a_name_and_ordered_dates(program_manager):
    with pytest.raises(ValidationError) as error:
        services.create_program(
            program_manager, {"start_date": END, "end_date": START, "name_fr": " "}
        )
    assert {"name_fr", "end_date"} & set(error.value.message_dict)
    assert not Program.objects.exists()


def test_admin_must_name_an_implementer(platform_admin, other_ngo):
    with pytest.raises(ValidationError) as error:
        services.create_program(platform_admin, dict(PROGRAM))
    assert "implementer" in error.value.message_dict
    program = services.create_program(platform_admin, {**PROGRAM, "implementer": other_ngo})
    assert program.partner_roles.get().organization == other_ngo


def test_manager_cannot_name_another_organization_as_implementer(program_manager, other_ngo):
    with pytest.raises(ValidationError):
        services.create_program(program_manager, {**PROGRAM, "implementer": other_ngo})
    assert not Program.objects.exists()


def test_update_program_records_the_differences(program, program_manager, zagora):
    services.update_program(
        program_manager, program, {"status": Program.Status.CLOSED, "target_provinces": [zagora]}
    )
    entry = _entries(program).filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.changes["status"] == ["Active", "Closed"]
    assert entry.changes["target_provinces"][1] == str(zagora.pk)


def test_program_dates_cannot_move_past_a_cohort(program, cohort, program_manager):
    with pytest.raises(ValidationError) as error:
        services.update_program(
            program_manager,
            program,
            {"start_date": datetime.date(2025, 6, 1), "end_date": datetime.date(2025, 6, 30)},
        )
    assert set(error.value.message_dict) == {"start_date", "end_date"}
    program.refresh_from_db()
    assert program.start_date == START


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (datetime.date(2024, 12, 31), datetime.date(2025, 6, 1), "start_date"),
        (datetime.date(2026, 6, 1), datetime.date(2027, 1, 1), "end_date"),
        (datetime.date(2025, 6, 1), datetime.date(2025, 5, 1), "end_date"),
    ],
)
def test_cohort_dates_must_lie_within_the_program(program, program_manager, start, end, field):
    with pytest.raises(ValidationError) as error:
        services.add_cohort(
            program_manager, program, {"name": "Hors cadre", "start_date": start, "end_date": end}
        )
    assert field in error.value.message_dict
    assert not Cohort.objects.exists()


def test_cohort_model_clean_checks_the_program_dates(program):
    cohort = Cohort(program=program, name="X", start_date=START, end_date=END)
    cohort.full_clean()  # exactly the program's dates are fine
    cohort.end_date = END + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        cohort.full_clean()


def test_cohort_names_are_unique_in_a_program(program, cohort, program_manager):
    data = {"name": cohort.name, "start_date": START, "end_date": END}
    with pytest.raises(ValidationError) as error:
        services.add_cohort(program_manager, program, data)
    assert "name" in error.value.message_dict


def test_update_cohort_keeps_it_inside_the_program(cohort, program_manager):
    with pytest.raises(ValidationError):
        services.update_cohort(program_manager, cohort, {"end_date": datetime.date(2030, 1, 1)})
    services.update_cohort(program_manager, cohort, {"name": "Promotion A"})
    assert _entries(cohort).filter(action=AuditEntry.Action.UPDATE).get().changes == {
        "name": ["Promotion 2025", "Promotion A"]
    }


def test_enrolling_several_organizations_is_one_transaction(
    cohort, program_manager, make_organization, ngo
):
    organizations = [make_organization(name_fr=f"Coopérative {n}") for n in range(3)]
    participations = services.enroll_organization(
        program_manager, cohort, organizations, Participation.Status.SELECTED
    )
    assert len(participations) == 3
    assert all(p.status == Participation.Status.SELECTED for p in participations)
    assert (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Participation)
        ).count()
        == 3
    )


def test_a_failing_enrollment_enrolls_none(
    cohort, participation, program_manager, make_organization
):
    newcomers = [make_organization(name_fr=f"Nouvelle {n}") for n in range(2)]
    with pytest.raises(ValidationError) as error:
        services.enroll_organization(
            program_manager, cohort, [*newcomers, participation.organization]
        )
    assert "already in this cohort" in error.value.message_dict["organizations"][0]
    assert participation.organization.name in error.value.message_dict["organizations"][0]
    assert Participation.objects.filter(cohort=cohort).count() == 1
    for organization in newcomers:
        assert not organization.stewards.exists()


def test_archived_organizations_cannot_be_enrolled(cohort, program_manager, make_organization):
    from django.utils import timezone

    archived = make_organization(name_fr="Coopérative Fermée", archived_at=timezone.now())
    with pytest.raises(ValidationError):
        services.enroll_organization(program_manager, cohort, archived)
    assert not Participation.objects.exists()


def test_enrolling_needs_at_least_one_organization(cohort, program_manager):
    with pytest.raises(ValidationError):
        services.enroll_organization(program_manager, cohort, [])


def test_enrollment_makes_the_implementers_stewards(
    cohort, cooperative, program_manager, trainer, ngo
):
    assert not Organization.objects.visible_to(trainer).filter(pk=cooperative.pk).exists()
    services.enroll_organization(program_manager, cohort, cooperative)
    assert list(cooperative.stewards.all()) == [ngo]
    # Program managers and trainers of the implementer now see it in the registry.
    for user in (program_manager, trainer):
        fresh = type(user).objects.get(pk=user.pk)
        assert Organization.objects.visible_to(fresh).filter(pk=cooperative.pk).exists()


def test_enrollment_keeps_existing_stewards(cohort, program_manager, make_organization, ngo):
    other = make_organization(Organization.Kind.NGO, name_fr="Réseau")
    organization = make_organization(name_fr="Coopérative Suivie", stewards=[ngo, other])
    services.enroll_organization(program_manager, cohort, organization)
    assert set(organization.stewards.all()) == {ngo, other}


def test_a_new_implementer_becomes_steward_of_the_participants(
    program, participation, program_manager, other_ngo, make_user
):
    services.add_partner(program_manager, program, other_ngo, PartnerRole.Role.IMPLEMENTER)
    assert other_ngo in participation.organization.stewards.all()
    staff = make_user(Role.TRAINER, other_ngo)
    assert Organization.objects.visible_to(staff).filter(pk=participation.organization_id)


def test_other_partner_roles_do_not_become_stewards(
    program, participation, program_manager, other_ngo
):
    services.add_partner(program_manager, program, other_ngo, PartnerRole.Role.TECHNICAL)
    assert other_ngo not in participation.organization.stewards.all()


def test_a_partner_role_is_added_once(program, program_manager, fund):
    with pytest.raises(ValidationError) as error:
        services.add_partner(program_manager, program, fund, PartnerRole.Role.FUNDER)
    assert "organization" in error.value.message_dict
    # The same organization may hold another role.
    services.add_partner(program_manager, program, fund, PartnerRole.Role.INSTITUTIONAL)


def test_the_last_implementer_cannot_be_removed(program, program_manager):
    implementer = program.partner_roles.get(role=PartnerRole.Role.IMPLEMENTER)
    with pytest.raises(ValidationError):
        services.remove_partner(program_manager, implementer)
    assert PartnerRole.objects.filter(pk=implementer.pk).exists()


def test_a_contributing_partner_cannot_be_removed(program, program_manager, fund):
    services.record_contribution(
        program_manager, program, {"partner": fund, "kind": "cash", "amount_mad": 10}
    )
    role = program.partner_roles.get(organization=fund)
    with pytest.raises(ValidationError):
        services.remove_partner(program_manager, role)


def test_removing_a_partner_is_recorded_on_the_program(program, program_manager, fund):
    role = program.partner_roles.get(organization=fund)
    services.remove_partner(program_manager, role)
    assert not program.partner_roles.filter(organization=fund).exists()
    entry = _entries(program).filter(action=AuditEntry.Action.UPDATE).get()
    assert services.REMOVED_PARTNER in entry.changes


def test_changing_a_participation_status_is_recorded(participation, program_manager):
    day = datetime.date(2025, 4, 1)
    services.change_participation_status(
        program_manager, participation, Participation.Status.ACTIVE, day
    )
    participation.refresh_from_db()
    assert (participation.status, participation.since) == (Participation.Status.ACTIVE, day)
    entry = _entries(participation).get(action=AuditEntry.Action.UPDATE)
    assert entry.changes["status"] == ["Selected", "Active"]


def test_an_unknown_status_is_refused(participation, program_manager):
    with pytest.raises(ValidationError):
        services.change_participation_status(program_manager, participation, "expelled")
    participation.refresh_from_db()
    assert participation.status == Participation.Status.SELECTED


def test_only_partners_contribute(program, program_manager, other_ngo):
    with pytest.raises(ValidationError) as error:
        services.record_contribution(
            program_manager, program, {"partner": other_ngo, "kind": "cash", "amount_mad": 5}
        )
    assert "partner" in error.value.message_dict
    assert not Contribution.objects.exists()


def test_contributions_are_recorded_updated_and_deleted(program, program_manager, fund):
    contribution = services.record_contribution(
        program_manager,
        program,
        {"partner": fund, "kind": "cash", "amount_mad": Decimal("1000.50"), "status": "pledged"},
    )
    services.update_contribution(program_manager, contribution, {"status": "received"})
    update = _entries(contribution).get(action=AuditEntry.Action.UPDATE)
    assert update.changes == {"status": ["Pledged", "Received"]}
    services.delete_contribution(program_manager, contribution)
    assert not Contribution.objects.exists()
    removal = _entries(program).get(action=AuditEntry.Action.UPDATE)
    assert "1000.50" in removal.changes[services.REMOVED_CONTRIBUTION][0]


def test_negative_contributions_are_refused(program, program_manager, fund):
    with pytest.raises(ValidationError):
        services.record_contribution(
            program_manager, program, {"partner": fund, "kind": "cash", "amount_mad": -1}
        )


def test_sums_per_partner_are_exact(program, program_manager, fund, other_ngo):
    services.add_partner(program_manager, program, other_ngo, PartnerRole.Role.TECHNICAL)
    amounts = [
        (fund, "0.10", "pledged"), (fund, "0.20", "pledged"), (fund, "1000000.33", "received"),
        (fund, "0.01", "received"), (other_ngo, "2500.00", "received"),
        (other_ngo, "999999999.99", "pledged"),
    ]  # fmt: skip
    for partner, amount, status in amounts:
        services.record_contribution(
            program_manager,
            program,
            {"partner": partner, "kind": "in_kind", "amount_mad": Decimal(amount),
             "status": status},
        )  # fmt: skip
    contributions = Contribution.objects.filter(program=program)
    rows = {row["partner"]: row for row in contributions.totals_by_partner()}
    assert rows[fund.pk]["pledged"] == Decimal("0.30")
    assert rows[fund.pk]["received"] == Decimal("1000000.34")
    assert rows[fund.pk]["total"] == Decimal("1000000.64")
    assert rows[other_ngo.pk]["pledged"] == Decimal("999999999.99")
    assert rows[other_ngo.pk]["received"] == Decimal("2500.00")
    totals = contributions.totals()
    assert totals == {
        "pledged": Decimal("1000000000.29"),
        "received": Decimal("1002500.34"),
        "total": Decimal("1001002500.63"),
    }
