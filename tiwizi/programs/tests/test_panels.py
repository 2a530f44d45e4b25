"""Home page panels and the menu item."""

from decimal import Decimal

from django.urls import reverse

from tiwizi.accounts.models import Role
from tiwizi.programs import panels, services
from tiwizi.programs.models import Program

HOME = reverse("core:home")


def test_funder_sees_the_programs_they_fund_with_figures(
    client_for, funder, fund, program, participation, program_manager
):
    for amount, status in (("1000.50", "received"), ("250", "pledged")):
        services.record_contribution(
            program_manager, program,
            {"partner": fund, "kind": "cash", "amount_mad": Decimal(amount), "status": status},
        )  # fmt: skip
    (row,) = panels.funder_panel(funder).context["programs"]
    assert row == program
    assert (row.participants, row.participants_followed, row.provinces_covered) == (1, 1, 1)
    assert (row.received, row.pledged) == (Decimal("1000.50"), Decimal("250.00"))
    html = client_for(funder).get(HOME).content.decode()
    assert "Programs you fund" in html
    assert program.name_fr in html
    assert program_manager.full_name not in html


def test_funder_without_funded_programs_gets_no_panel(funder):
    assert panels.funder_panel(funder) is None


def test_program_manager_sees_their_programs_with_cohorts(
    client_for, program_manager, program, cohort, participation, other_manager
):
    panel = panels.manager_panel(program_manager)
    (row,) = panel.context["programs"]
    assert row == program
    (cohort_row,) = row.cohort_list
    assert (cohort_row.participants, cohort_row.applicants) == (1, 0)
    html = client_for(program_manager).get(HOME).content.decode()
    assert "Your programs" in html
    assert cohort.get_absolute_url() in html
    assert panels.manager_panel(other_manager).context["programs"] == []


def test_closed_programs_leave_the_manager_panel(program_manager, program):
    services.update_program(program_manager, program, {"status": Program.Status.CLOSED})
    assert panels.manager_panel(program_manager).context["programs"] == []


def test_panels_are_only_for_their_roles(cooperative_manager, trainer, funder, program_manager):
    assert panels.manager_panel(cooperative_manager) is None
    assert panels.manager_panel(trainer) is None
    assert panels.manager_panel(funder) is None
    assert panels.funder_panel(program_manager) is None


def test_menu_item_is_shown_to_the_roles_with_programs(
    client_for, make_user, program_manager, trainer, funder, cooperative_manager, platform_admin
):
    for user in (program_manager, trainer, funder, cooperative_manager, platform_admin):
        html = client_for(user).get(HOME).content.decode()
        assert f'href="{reverse("programs:program_list")}"' in html, user
    for user in (make_user(Role.BUYER), make_user()):
        html = client_for(user).get(HOME).content.decode()
        assert f'href="{reverse("programs:program_list")}"' not in html


def test_admin_pages_open(client_for, make_user, program, cohort, participation):
    client = client_for(make_user(is_staff=True, is_superuser=True))
    for model in ("program", "partnerrole", "cohort", "participation", "contribution"):
        assert client.get(reverse(f"admin:programs_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:programs_{model}_add")).status_code == 200
    assert (
        client.get(reverse("admin:programs_program_change", args=[program.pk])).status_code == 200
    )
    assert client.get(reverse("admin:programs_cohort_change", args=[cohort.pk])).status_code == 200
