"""Who sees which program, and who may change it: not visible is 404, visible but not
allowed to change is 403, and funders never see a person."""

import pytest
from django.urls import reverse

from tiwizi.accounts.models import Role
from tiwizi.programs import permissions, services
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program


@pytest.fixture
def contribution(program, program_manager, fund):
    return services.record_contribution(
        program_manager, program,
        {"partner": fund, "kind": "cash", "amount_mad": 250000, "status": "received"},
    )  # fmt: skip


def _read_urls(program, cohort):
    return [program.get_absolute_url(), cohort.get_absolute_url()]


def _change_urls(program, cohort, participation, contribution):
    partner = program.partner_roles.get(role=PartnerRole.Role.FUNDER)
    return [
        reverse("programs:program_edit", args=[program.pk]),
        reverse("programs:partner_add", args=[program.pk]),
        reverse("programs:partner_remove", args=[partner.pk]),
        reverse("programs:cohort_add", args=[program.pk]),
        reverse("programs:cohort_edit", args=[cohort.pk]),
        reverse("programs:cohort_enroll", args=[cohort.pk]),
        reverse("programs:contribution_add", args=[program.pk]),
        reverse("programs:contribution_edit", args=[contribution.pk]),
        reverse("programs:contribution_delete", args=[contribution.pk]),
    ]


def test_manager_of_another_ngo_gets_404_everywhere(
    client_for, other_manager, program, cohort, participation, contribution
):
    client = client_for(other_manager)
    for url in [
        *_read_urls(program, cohort),
        *_change_urls(program, cohort, participation, contribution),
    ]:
        assert client.get(url).status_code == 404, url
    status_url = reverse("programs:participation_status", args=[participation.pk])
    assert client.post(status_url, {"status": "active"}).status_code == 404
    listing = client.get(reverse("programs:program_list")).content.decode()
    assert program.name_fr not in listing


def test_program_manager_of_the_implementer_may_change_everything(
    client_for, program_manager, program, cohort, participation, contribution
):
    client = client_for(program_manager)
    for url in [
        *_read_urls(program, cohort),
        *_change_urls(program, cohort, participation, contribution),
    ]:
        assert client.get(url).status_code == 200, url


def test_funder_sees_figures_partners_and_money_but_changes_nothing(
    client_for, funder, program, cohort, participation, contribution, program_manager
):
    client = client_for(funder)
    html = client.get(program.get_absolute_url()).content.decode()
    assert 'data-figure="participating_organizations"' in html
    assert "Fonds de développement" in html  # partners
    assert participation.organization.name_fr in html  # organizations, by name
    assert 'id="contributions"' in html
    assert "MAD\u00a0250,000.00" in html
    assert reverse("programs:program_edit", args=[program.pk]) not in html
    # Never a person: not the staff who made the changes, not a history.
    assert program_manager.full_name not in html
    assert "History" not in html
    cohort_html = client.get(cohort.get_absolute_url()).content.decode()
    assert participation.organization.name_fr in cohort_html
    assert program_manager.full_name not in cohort_html
    for url in _change_urls(program, cohort, participation, contribution):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    status_url = reverse("programs:participation_status", args=[participation.pk])
    assert client.post(status_url, {"status": "withdrawn"}).status_code == 403
    participation.refresh_from_db()
    assert participation.status == Participation.Status.SELECTED


def test_funder_does_not_see_programs_they_do_not_fund(
    client_for, make_user, make_organization, program
):
    other_fund = make_organization("institution", name_fr="Autre Fonds")
    stranger = make_user(Role.FUNDER, other_fund)
    assert client_for(stranger).get(program.get_absolute_url()).status_code == 404


def test_participant_names_link_to_the_registry_only_when_visible(
    client_for, funder, program_manager, program, participation
):
    url = participation.organization.get_absolute_url()
    assert url not in client_for(funder).get(program.get_absolute_url()).content.decode()
    assert url in client_for(program_manager).get(program.get_absolute_url()).content.decode()


def test_cooperative_manager_reads_their_programs_only(
    client_for, cooperative_manager, program, cohort, participation, contribution,
    make_organization, make_user,
):  # fmt: skip
    client = client_for(cooperative_manager)
    for url in _read_urls(program, cohort):
        assert client.get(url).status_code == 200
    html = client.get(program.get_absolute_url()).content.decode()
    assert 'id="contributions"' not in html  # the money is for partners
    assert reverse("programs:program_edit", args=[program.pk]) not in html
    for url in _change_urls(program, cohort, participation, contribution):
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("programs:cohort_edit", args=[cohort.pk])).status_code == 403
    # A cooperative that takes part in no program sees none.
    outsider = make_user(Role.COOPERATIVE_MANAGER, make_organization(name_fr="Coop Seule"))
    assert client_for(outsider).get(program.get_absolute_url()).status_code == 404


def test_trainer_of_the_implementer_reads_but_does_not_manage(
    client_for, trainer, program, cohort, participation, contribution
):
    client = client_for(trainer)
    assert client.get(program.get_absolute_url()).status_code == 200
    html = client.get(program.get_absolute_url()).content.decode()
    assert 'id="contributions"' not in html
    assert client.get(reverse("programs:program_edit", args=[program.pk])).status_code == 403


def test_platform_admin_sees_and_manages_everything(client_for, platform_admin, program, cohort):
    client = client_for(platform_admin)
    assert client.get(program.get_absolute_url()).status_code == 200
    assert client.get(reverse("programs:cohort_edit", args=[cohort.pk])).status_code == 200


def test_buyers_and_people_without_roles_have_no_programs(client_for, make_user, program):
    buyer = make_user(Role.BUYER)
    nobody = make_user()
    for user in (buyer, nobody):
        client = client_for(user)
        assert client.get(reverse("programs:program_list")).status_code == 403
        assert client.get(program.get_absolute_url()).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, program):
    response = client.get(program.get_absolute_url())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_permission_predicates(
    program, program_manager, trainer, funder, cooperative_manager, participation,
    other_manager, platform_admin,
):  # fmt: skip
    assert permissions.can_create_program(program_manager)
    assert permissions.can_create_program(platform_admin)
    assert not permissions.can_create_program(trainer)
    assert not permissions.can_create_program(funder)
    assert permissions.can_manage_program(program_manager, program)
    assert not permissions.can_manage_program(other_manager, program)
    assert not permissions.can_manage_program(trainer, program)
    assert not permissions.can_manage_program(funder, program)
    assert permissions.can_see_program_people(program_manager, program)
    assert permissions.can_see_program_people(trainer, program)
    assert permissions.can_see_program_people(platform_admin, program)
    assert not permissions.can_see_program_people(funder, program)
    assert not permissions.can_see_program_people(cooperative_manager, program)
    assert not permissions.can_see_program_people(other_manager, program)
    assert permissions.can_see_contributions(funder, program)
    assert not permissions.can_see_contributions(cooperative_manager, program)
    assert not permissions.can_see_contributions(trainer, program)


def test_a_funder_who_is_also_staff_elsewhere_sees_no_people_here(
    program, make_user, fund, make_organization
):
    user = make_user(Role.FUNDER, fund)
    from tiwizi.accounts.models import Grant

    Grant.objects.create(
        user=user, organization=make_organization("ngo", name_fr="ONG Tierce"),
        role=Role.PROGRAM_MANAGER,
    )  # fmt: skip
    user = type(user).objects.get(pk=user.pk)
    assert Program.objects.visible_to(user).filter(pk=program.pk).exists()
    assert not permissions.can_see_program_people(user, program)


def test_querysets_scope_every_record(
    cohort, participation, contribution, other_manager, funder, cooperative_manager, trainer
):
    for model in (Cohort, Participation):
        assert not model.objects.visible_to(other_manager).exists()
        assert model.objects.visible_to(funder).exists()
        assert model.objects.visible_to(cooperative_manager).exists()
    assert Contribution.objects.visible_to(funder).get() == contribution
    for user in (other_manager, cooperative_manager, trainer):
        assert not Contribution.objects.visible_to(user).exists()
