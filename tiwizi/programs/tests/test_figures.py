"""Live figures: the program's own, and whatever the registered providers return."""

from decimal import Decimal

import pytest

from tiwizi.programs import services
from tiwizi.programs.figures import (
    Figure,
    participation_figures,
    program_figures,
    register_figure_provider,
    unregister_figure_provider,
)
from tiwizi.registry.models import Organization


@pytest.fixture
def fake_provider():
    calls = []

    def provider(program):
        calls.append(program.pk)
        return [
            Figure("fake_hours", "Fake training hours", Decimal("12.5"), "Counted by a test."),
            Figure("fake_sessions", "Fake sessions held", 7),
        ]

    register_figure_provider(provider, order=50)
    yield calls
    unregister_figure_provider(provider)


def test_providers_are_called_and_rendered(client_for, funder, program, fake_provider):
    response = client_for(funder).get(program.get_absolute_url())
    assert fake_provider == [program.pk]
    keys = [figure.key for figure in response.context["figures"]]
    assert keys[:3] == [
        "participating_organizations", "participating_cooperatives_and_gies", "provinces_covered",
    ]  # fmt: skip
    at = keys.index("fake_hours")
    assert keys[at : at + 2] == ["fake_hours", "fake_sessions"]
    html = response.content.decode()
    assert 'data-figure="fake_hours"' in html
    assert "Fake training hours" in html
    assert "Counted by a test." in html


def test_unregistered_providers_are_not_called(program, fake_provider):
    def other(program):
        raise AssertionError("not registered any more")

    register_figure_provider(other)
    unregister_figure_provider(other)
    program_figures(program)
    assert fake_provider == [program.pk]


def test_a_provider_is_registered_once(program, fake_provider):
    from tiwizi.programs import figures

    before = len(figures._providers)
    register_figure_provider(figures._providers[-1][1])
    assert len(figures._providers) == before


def test_own_figures_count_participating_organizations(
    program, cohort, program_manager, make_organization, ouarzazate, zagora
):
    cooperative = make_organization(name_fr="Coop A", province=ouarzazate)
    gie = make_organization(Organization.Kind.GIE, name_fr="GIE B", province=zagora)
    association = make_organization(Organization.Kind.ASSOCIATION, name_fr="Asso C")
    applicant = make_organization(name_fr="Coop D", province=ouarzazate)
    withdrawn = make_organization(name_fr="Coop E", province=ouarzazate)
    services.enroll_organization(program_manager, cohort, [cooperative, gie, association], "active")
    services.enroll_organization(program_manager, cohort, applicant, "applied")
    services.enroll_organization(program_manager, cohort, withdrawn, "withdrawn")
    # The same organization in a second cohort counts once.
    second = services.add_cohort(
        program_manager, program,
        {"name": "Promotion 2026", "start_date": cohort.start_date, "end_date": cohort.end_date},
    )  # fmt: skip
    services.enroll_organization(program_manager, second, cooperative, "graduated")
    figures = {f.key: f.value for f in participation_figures(program)}
    assert figures == {
        "participating_organizations": 3,
        "participating_cooperatives_and_gies": 2,
        "provinces_covered": 2,
    }
