"""Home page panels and the program page's capacity figures."""

import pytest
from django.urls import reverse

from tiwizi.assessment import figures, panels
from tiwizi.assessment.models import Assessment
from tiwizi.assessment.tests.conftest import FOLLOW_UP_DAY


def test_staff_see_drafts_in_progress_and_cooperatives_without_a_baseline(
    client_for, trainer, enroll, cooperative, make_organization, make_assessment
):
    waiting = make_organization(name_fr="Coopérative Dattes Zagora")
    enroll(cooperative, waiting)
    make_assessment(cooperative, {"governance": [2]}, submit=False, actor=trainer)
    panel = panels.staff_panel(trainer)
    assert [a.organization for a in panel.context["drafts"]] == [cooperative]
    assert panel.context["missing"] == [waiting]
    html = client_for(trainer).get(reverse("core:home")).content.decode()
    assert "Capacity assessments" in html
    assert "1 draft being filled in" in html
    assert "1 cooperative without a baseline" in html
    assert f"?organization={waiting.pk}&amp;kind=baseline" in html


def test_no_staff_panel_for_funders_or_cooperative_managers(
    funder, cooperative_manager, participation
):
    assert panels.staff_panel(funder) is None
    assert panels.staff_panel(cooperative_manager) is None


def test_a_cooperative_manager_sees_their_latest_scores(
    client_for, cooperative_manager, cooperative, participation, make_assessment
):
    make_assessment(cooperative, 1)
    make_assessment(cooperative, 3, kind=Assessment.Kind.FOLLOW_UP, date=FOLLOW_UP_DAY)
    (card,) = panels.cooperative_panel(cooperative_manager).context["cards"]
    assert card["assessment"].kind == Assessment.Kind.FOLLOW_UP
    assert str(card["scores"].overall) == "75.0"
    html = client_for(cooperative_manager).get(reverse("core:home")).content.decode()
    assert "Capacity of Coopérative Safran Taliouine" in html
    assert "75.0" in html


def test_a_cooperative_without_assessment_is_told_so(client_for, cooperative_manager):
    html = client_for(cooperative_manager).get(reverse("core:home")).content.decode()
    assert "Your cooperative has no submitted assessment yet." in html


def test_program_figures_count_baselines_and_hide_averages_of_one_or_two(
    program, cooperative, participation, make_assessment
):
    make_assessment(cooperative, 2)
    found = {f.key: f for f in figures.assessment_figures(program)}
    assert found["capacity_baselines"].value == 1
    assert "capacity_score" not in found and "capacity_improved" not in found


def test_program_figures_show_averages_and_improvement_from_three(
    program, enroll, make_organization, make_assessment
):
    organizations = [make_organization() for _ in range(3)]
    enroll(*organizations)
    for number, organization in enumerate(organizations):
        make_assessment(organization, 1)
        make_assessment(organization, 1 + number, kind=Assessment.Kind.FOLLOW_UP,
                        date=FOLLOW_UP_DAY)  # fmt: skip
    found = {f.key: f for f in figures.assessment_figures(program)}
    assert found["capacity_improved"].value == 2  # levels 2 and 3 beat 1; 1 does not
    # latest overalls 25, 50, 75 -> 50.0; baseline 25.0
    assert found["capacity_score"].value == "50.0"
    assert "25.0 at baseline" in found["capacity_score"].hint


def test_the_program_page_shows_the_capacity_figures(
    client_for, program_manager, program, cooperative, participation, make_assessment
):
    make_assessment(cooperative, 2)
    html = client_for(program_manager).get(program.get_absolute_url()).content.decode()
    assert 'data-figure="capacity_baselines"' in html


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_panels_render_in_every_language(
    client_for, make_user, cooperative, participation, make_assessment, language, trainer
):
    from tiwizi.accounts.models import Role

    make_assessment(cooperative, 2)
    manager = make_user(Role.COOPERATIVE_MANAGER, cooperative, language=language)
    assert client_for(manager, language).get(reverse("core:home")).status_code == 200
    assert client_for(trainer, language).get(reverse("core:home")).status_code == 200
