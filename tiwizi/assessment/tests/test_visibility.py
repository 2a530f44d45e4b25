"""Who sees which assessment, per role: missing rights are a 404, never a leak; visible
but not allowed to change is a 403."""

import pytest
from django.urls import reverse

from tiwizi.accounts.models import Role
from tiwizi.assessment import permissions
from tiwizi.assessment.models import Assessment


@pytest.fixture
def baseline(participation, cooperative, make_assessment):
    return make_assessment(cooperative, 2)


@pytest.fixture
def staff_draft(participation, cooperative, make_assessment, trainer):
    return make_assessment(
        cooperative,
        {"governance": [1]},
        kind=Assessment.Kind.FOLLOW_UP,
        submit=False,
        actor=trainer,
    )


@pytest.fixture
def self_draft(cooperative, make_assessment, cooperative_manager):
    return make_assessment(
        cooperative, {"governance": [3]}, submit=False, actor=cooperative_manager,
        is_self_assessment=True,
    )  # fmt: skip


@pytest.fixture
def elsewhere(other_cooperative, make_assessment, platform_admin):
    """An assessment of a cooperative outside the NGO's programs (by an admin)."""
    return make_assessment(other_cooperative, 3, actor=platform_admin)


def visible(user):
    return set(Assessment.objects.visible_to(user))


def test_program_staff_see_their_programs_assessments_but_not_self_assessment_drafts(
    program_manager, trainer, baseline, staff_draft, self_draft, elsewhere
):
    for user in (program_manager, trainer):
        assert visible(user) == {baseline, staff_draft}


def test_staff_see_a_self_assessment_once_submitted(
    program_manager, cooperative_manager, baseline, self_draft
):
    from tiwizi.assessment import services

    services.submit_assessment(cooperative_manager, self_draft)
    assert visible(program_manager) == {baseline, self_draft}


def test_a_cooperative_manager_sees_submitted_ones_and_their_self_assessments(
    cooperative_manager, baseline, staff_draft, self_draft, elsewhere
):
    assert visible(cooperative_manager) == {baseline, self_draft}


def test_a_funder_sees_no_individual_assessment(funder, baseline, elsewhere):
    assert visible(funder) == set()


def test_staff_of_another_ngo_see_nothing(other_manager, baseline, elsewhere):
    assert visible(other_manager) == set()


def test_a_platform_admin_sees_everything(
    platform_admin, baseline, staff_draft, self_draft, elsewhere
):
    assert visible(platform_admin) == {baseline, staff_draft, self_draft, elsewhere}


def test_anonymous_sees_nothing(baseline):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


def test_withdrawn_organizations_stay_visible_but_cannot_be_assessed_anew(
    program_manager, participation, cooperative, baseline
):
    from tiwizi.programs import services as program_services
    from tiwizi.programs.models import Participation

    program_services.change_participation_status(
        program_manager, participation, Participation.Status.WITHDRAWN
    )
    assert visible(program_manager) == {baseline}
    assert permissions.can_see_results(program_manager, cooperative)
    assert not permissions.can_assess(program_manager, cooperative)


# Pages per role


def _pages(assessment):
    return [
        reverse("assessment:detail", args=[assessment.pk]),
        reverse("assessment:organization", args=[assessment.organization_id]),
    ]


def test_another_organizations_assessments_are_404_for_a_cooperative_manager(
    client_for, other_cooperative_manager, baseline
):
    client = client_for(other_cooperative_manager)
    for url in _pages(baseline):
        assert client.get(url).status_code == 404, url
    for name in ("fill", "submit", "supersede", "discard"):
        assert client.get(reverse(f"assessment:{name}", args=[baseline.pk])).status_code == 404


def test_a_funder_gets_404_on_any_individual_assessment(client_for, funder, baseline):
    client = client_for(funder)
    for url in _pages(baseline):
        assert client.get(url).status_code == 404, url


def test_staff_of_another_ngo_get_404(client_for, other_manager, baseline, staff_draft):
    client = client_for(other_manager)
    for url in [*_pages(baseline), reverse("assessment:fill", args=[staff_draft.pk])]:
        assert client.get(url).status_code == 404, url


def test_a_cooperative_manager_reads_their_results_but_cannot_fill_in_a_staff_draft(
    client_for, cooperative_manager, baseline, staff_draft, questions
):
    client = client_for(cooperative_manager)
    for url in _pages(baseline):
        assert client.get(url).status_code == 200, url
    # The staff draft is not even visible to them.
    assert client.get(reverse("assessment:fill", args=[staff_draft.pk])).status_code == 404
    # They cannot correct the staff's submitted baseline either.
    assert client.get(reverse("assessment:supersede", args=[baseline.pk])).status_code == 403


def test_a_cooperative_manager_fills_in_their_self_assessment(
    client_for, cooperative_manager, self_draft, questions
):
    client = client_for(cooperative_manager)
    assert client.get(reverse("assessment:fill", args=[self_draft.pk])).status_code == 200
    question = questions["finance"][0]
    response = client.post(
        reverse("assessment:answer", args=[self_draft.pk, question.pk]), {"level": "2"}
    )
    assert response.status_code == 302


def test_staff_cannot_change_a_submitted_self_assessment(
    client_for, program_manager, cooperative_manager, participation, self_draft
):
    from tiwizi.assessment import services

    services.submit_assessment(cooperative_manager, self_draft)
    client = client_for(program_manager)
    assert client.get(self_draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("assessment:supersede", args=[self_draft.pk])).status_code == 403


def test_the_cohort_page_is_404_for_cooperative_managers_and_strangers(
    client_for, cooperative_manager, other_manager, cohort, baseline
):
    for user in (cooperative_manager, other_manager):
        assert (
            client_for(user).get(reverse("assessment:cohort", args=[cohort.pk])).status_code == 404
        )


def test_the_cohort_page_opens_for_staff_funders_and_admins(
    client_for, program_manager, trainer, funder, platform_admin, cohort, baseline
):
    for user in (program_manager, trainer, funder, platform_admin):
        assert (
            client_for(user).get(reverse("assessment:cohort", args=[cohort.pk])).status_code == 200
        )


def test_the_menu_item_is_shown_to_the_roles_it_serves(
    client_for, program_manager, funder, cooperative_manager, make_user
):
    for user in (program_manager, funder, cooperative_manager):
        html = client_for(user).get(reverse("core:home")).content.decode()
        assert f'href="{reverse("assessment:index")}"' in html
    buyer = make_user(Role.BUYER)
    html = client_for(buyer).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("assessment:index")}"' not in html
    assert client_for(buyer).get(reverse("assessment:index")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, baseline):
    response = client.get(reverse("assessment:organization", args=[baseline.organization_id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
