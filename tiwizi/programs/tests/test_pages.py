"""The program pages: list, forms, the program page, cohorts, partners, contributions."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tiwizi.accounts.models import Role
from tiwizi.programs import services
from tiwizi.programs.models import Cohort, Contribution, Participation, PartnerRole, Program
from tiwizi.programs.tests.conftest import END, START
from tiwizi.registry.models import Organization

LIST = reverse("programs:program_list")


def _program(manager, **fields):
    data = {"start_date": START, "end_date": END, **fields}
    return services.create_program(manager, data)


# The list


def test_list_searches_names_in_every_language(client_for, program_manager, program):
    _program(program_manager, name_fr="Programme Artisanat")
    client = client_for(program_manager)
    for query in ("الواحات", "oasis", "SOLIDAIRES", "Oasis solidaire"):
        page = client.get(LIST, {"q": query}).context["page_obj"]
        assert [p.pk for p in page] == [program.pk], query
    english = _program(program_manager, name_en="Women in saffron")
    assert [p.pk for p in client.get(LIST, {"q": "saffron"}).context["page_obj"]] == [english.pk]


def test_list_filters_by_status_and_province(client_for, program_manager, program, zagora):
    draft = _program(program_manager, name_fr="Brouillon", target_provinces=[zagora])
    client = client_for(program_manager)
    assert [p.pk for p in client.get(LIST, {"status": "draft"}).context["page_obj"]] == [draft.pk]
    assert [p.pk for p in client.get(LIST, {"province": zagora.pk}).context["page_obj"]] == [
        draft.pk
    ]


def test_list_sorts_by_name_and_dates(client_for, program_manager, program):
    later = _program(program_manager, name_fr="Aaa premier", start_date=datetime.date(2025, 6, 1))
    client = client_for(program_manager)
    assert [p.pk for p in client.get(LIST, {"sort": "name"}).context["page_obj"]] == [
        later.pk, program.pk,
    ]  # fmt: skip
    assert [p.pk for p in client.get(LIST, {"sort": "start"}).context["page_obj"]] == [
        program.pk, later.pk,
    ]  # fmt: skip
    # The default: the most recent start first.
    assert [p.pk for p in client.get(LIST).context["page_obj"]] == [later.pk, program.pk]


def test_list_shows_counts_and_implementers(client_for, program_manager, program, participation):
    html = client_for(program_manager).get(LIST).content.decode()
    assert "Association Tiwizi Test" in html
    (row,) = client_for(program_manager).get(LIST).context["page_obj"]
    assert (row.cohort_count, row.participants) == (1, 1)


def test_list_empty_states(client_for, program_manager, program):
    client = client_for(program_manager)
    filtered = client.get(LIST, {"q": "nothing like this"}).content.decode()
    assert "No program matches these filters." in filtered
    program.delete()
    empty = client.get(LIST).content.decode()
    assert "There are no programs to show yet." in empty
    assert reverse("programs:program_create") in empty


def test_list_answers_htmx_with_the_results_only(client_for, program_manager, program):
    response = client_for(program_manager).get(
        LIST, {"q": "oasis"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="program-results"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert program.name_fr in html


def test_list_paginates(client_for, program_manager, settings):
    settings.TIWIZI_PAGE_SIZE = 2
    for n in range(5):
        _program(program_manager, name_fr=f"Programme {n}")
    page = client_for(program_manager).get(LIST, {"page": 3}).context["page_obj"]
    assert (page.number, len(page), page.paginator.count) == (3, 1, 5)


# Creating and editing a program


def test_program_manager_creates_a_program(client_for, program_manager, ngo, ouarzazate):
    response = client_for(program_manager).post(
        reverse("programs:program_create"),
        {"name_ar": "برنامج جديد", "status": "draft", "start_date": "2025-01-01",
         "end_date": "2025-12-31", "budget_mad": "250000.50",
         "target_provinces": [ouarzazate.pk]},
    )  # fmt: skip
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == program.get_absolute_url()
    assert program.budget_mad == Decimal("250000.50")
    assert list(program.target_provinces.all()) == [ouarzazate]
    assert program.partner_roles.get().organization == ngo


def test_program_form_errors_save_nothing(client_for, program_manager):
    response = client_for(program_manager).post(
        reverse("programs:program_create"),
        {"status": "draft", "start_date": "2025-12-31", "end_date": "2025-01-01"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "Give the program a name in at least one language." in form.errors["name_fr"]
    assert not Program.objects.exists()


def test_program_manager_of_several_ngos_chooses_the_implementer(
    client_for, program_manager, other_ngo
):
    from tiwizi.accounts.models import Grant

    Grant.objects.create(user=program_manager, organization=other_ngo, role=Role.PROGRAM_MANAGER)
    client = client_for(program_manager)
    data = {"name_fr": "X", "status": "draft", "start_date": "2025-01-01",
            "end_date": "2025-12-31"}  # fmt: skip
    response = client.post(reverse("programs:program_create"), data)
    assert "implementer" in response.context["form"].errors
    client.post(reverse("programs:program_create"), {**data, "implementer": other_ngo.pk})
    assert Program.objects.get().partner_roles.get().organization == other_ngo


def test_editing_a_program_keeps_its_cohorts_inside(client_for, program_manager, program, cohort):
    response = client_for(program_manager).post(
        reverse("programs:program_edit", args=[program.pk]),
        {"name_fr": program.name_fr, "status": "active", "start_date": "2025-06-01",
         "end_date": "2026-12-31"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    program.refresh_from_db()
    assert program.start_date == START


def test_editing_a_program_saves_and_says_so(client_for, program_manager, program):
    client = client_for(program_manager)
    response = client.post(
        reverse("programs:program_edit", args=[program.pk]),
        {"name_fr": "Oasis 2", "status": "closed", "start_date": "2025-01-01",
         "end_date": "2026-12-31"},
        follow=True,
    )  # fmt: skip
    assert "Changes to Oasis 2 have been saved." in response.content.decode()
    program.refresh_from_db()
    assert program.status == Program.Status.CLOSED


# Cohorts


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("2024-12-01", "2025-06-01", "start_date"), ("2025-06-01", "2027-02-01", "end_date")],
)
def test_cohort_dates_outside_the_program_are_a_form_error(
    client_for, program_manager, program, start, end, field
):
    response = client_for(program_manager).post(
        reverse("programs:cohort_add", args=[program.pk]),
        {"name": "Promotion hors cadre", "start_date": start, "end_date": end},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any("its program" in error for error in errors)
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert not Cohort.objects.exists()


def test_cohort_is_added_and_edited(client_for, program_manager, program):
    client = client_for(program_manager)
    response = client.post(
        reverse("programs:cohort_add", args=[program.pk]),
        {"name": "Promotion 1", "start_date": "2025-02-01", "end_date": "2025-10-31"},
    )
    cohort = Cohort.objects.get()
    assert response["Location"] == cohort.get_absolute_url()
    duplicate = client.post(
        reverse("programs:cohort_add", args=[program.pk]),
        {"name": "Promotion 1", "start_date": "2025-02-01", "end_date": "2025-10-31"},
    )
    assert "name" in duplicate.context["form"].errors
    client.post(
        reverse("programs:cohort_edit", args=[cohort.pk]),
        {"name": "Promotion A", "start_date": "2025-02-01", "end_date": "2025-11-30"},
    )
    cohort.refresh_from_db()
    assert (cohort.name, cohort.end_date) == ("Promotion A", datetime.date(2025, 11, 30))


def test_cohort_page_lists_participants_and_offers_the_rest(
    client_for, program_manager, cohort, participation, make_organization, ngo
):
    gie = make_organization(Organization.Kind.GIE, name_fr="GIE Dattes", stewards=[ngo])
    association = make_organization(
        Organization.Kind.ASSOCIATION, name_fr="Association Amis", stewards=[ngo]
    )
    make_organization(name_fr="Coopérative Inconnue")  # not followed by the NGO
    response = client_for(program_manager).get(cohort.get_absolute_url())
    html = response.content.decode()
    assert participation.organization.name_fr in html
    form = response.context["enroll_form"]
    offered = [pk for _group, options in form.fields["organizations"].widget.choices
               for pk, _label in options]  # fmt: skip
    # Followed organizations not yet in the cohort, cooperatives and GIEs first.
    assert offered == [gie.pk, association.pk]
    assert "Coopérative Inconnue" not in html


def test_enrolling_several_organizations_from_the_page(
    client_for, program_manager, cohort, make_organization, ngo
):
    organizations = [
        make_organization(name_fr=f"Coopérative {n}", stewards=[ngo]) for n in range(3)
    ]
    response = client_for(program_manager).post(
        reverse("programs:cohort_enroll", args=[cohort.pk]),
        {"organizations": [o.pk for o in organizations], "status": "selected",
         "since": "2025-03-01"},
        follow=True,
    )  # fmt: skip
    assert "3 organizations have been enrolled in Promotion 2025." in response.content.decode()
    assert Participation.objects.filter(cohort=cohort, status="selected").count() == 3


def test_enrolling_an_organization_the_user_cannot_see_is_refused(
    client_for, program_manager, cohort, make_organization
):
    hidden = make_organization(name_fr="Coopérative Cachée")
    response = client_for(program_manager).post(
        reverse("programs:cohort_enroll", args=[cohort.pk]),
        {"organizations": [hidden.pk], "status": "selected", "since": "2025-03-01"},
    )
    assert response.status_code == 200
    assert "organizations" in response.context["form"].errors
    assert not Participation.objects.exists()


def test_a_failed_enrollment_from_the_page_enrolls_none(
    client_for, program_manager, cohort, participation, make_organization, ngo
):
    newcomer = make_organization(name_fr="Coopérative Nouvelle", stewards=[ngo])
    response = client_for(program_manager).post(
        reverse("programs:cohort_enroll", args=[cohort.pk]),
        {"organizations": [newcomer.pk, participation.organization_id], "status": "active",
         "since": "2025-03-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "organizations" in response.context["form"].errors
    assert not Participation.objects.filter(organization=newcomer).exists()


def test_status_changes_inline_with_htmx(client_for, program_manager, participation):
    url = reverse("programs:participation_status", args=[participation.pk])
    response = client_for(program_manager).post(
        url,
        {"status": "active"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"participation-{participation.pk}",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<tr")
    assert f'id="participation-{participation.pk}"' in html
    assert "Saved." in html
    participation.refresh_from_db()
    assert participation.status == Participation.Status.ACTIVE


def test_status_change_without_javascript_redirects(client_for, program_manager, participation):
    url = reverse("programs:participation_status", args=[participation.pk])
    response = client_for(program_manager).post(url, {"status": "graduated"}, follow=True)
    assert "is now “Graduated”" in response.content.decode()


def test_a_bad_status_shows_an_error_in_the_row(client_for, program_manager, participation):
    url = reverse("programs:participation_status", args=[participation.pk])
    response = client_for(program_manager).post(url, {"status": "expelled"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    participation.refresh_from_db()
    assert participation.status == Participation.Status.SELECTED
    assert client_for(program_manager).get(url).status_code == 405


# Partners


def test_partner_is_added_and_removed_after_confirmation(
    client_for, program_manager, program, other_ngo
):
    client = client_for(program_manager)
    client.post(
        reverse("programs:partner_add", args=[program.pk]),
        {"organization": other_ngo.pk, "role": "technical"},
    )
    partner = PartnerRole.objects.get(organization=other_ngo)
    url = reverse("programs:partner_remove", args=[partner.pk])
    confirm = client.get(url)
    assert "Remove Autre Association as Technical partner?" in confirm.content.decode()
    assert PartnerRole.objects.filter(pk=partner.pk).exists()
    response = client.post(url, follow=True)
    assert "Autre Association is no longer Technical partner of this program." in (
        response.content.decode()
    )
    assert not PartnerRole.objects.filter(pk=partner.pk).exists()


def test_refused_partner_removal_says_why(client_for, program_manager, program):
    implementer = program.partner_roles.get(role="implementer")
    response = client_for(program_manager).post(
        reverse("programs:partner_remove", args=[implementer.pk])
    )
    assert response.status_code == 200
    assert "at least one implementing organization" in response.content.decode()


def test_duplicate_partner_role_is_a_form_error(client_for, program_manager, program, fund):
    response = client_for(program_manager).post(
        reverse("programs:partner_add", args=[program.pk]),
        {"organization": fund.pk, "role": "funder"},
    )
    assert "organization" in response.context["form"].errors


# Contributions


def test_contributions_are_added_edited_and_deleted_after_confirmation(
    client_for, program_manager, program, fund
):
    client = client_for(program_manager)
    response = client.post(
        reverse("programs:contribution_add", args=[program.pk]),
        {"partner": fund.pk, "kind": "cash", "amount_mad": "125000.75", "status": "pledged",
         "date": "2025-02-01", "description": "Première tranche"},
    )  # fmt: skip
    assert response["Location"].endswith("#contributions")
    contribution = Contribution.objects.get()
    assert contribution.amount_mad == Decimal("125000.75")
    client.post(
        reverse("programs:contribution_edit", args=[contribution.pk]),
        {"partner": fund.pk, "kind": "cash", "amount_mad": "125000.75", "status": "received",
         "date": "2025-03-01"},
    )  # fmt: skip
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.RECEIVED
    url = reverse("programs:contribution_delete", args=[contribution.pk])
    assert "Delete this contribution?" in client.get(url).content.decode()
    assert Contribution.objects.exists()
    client.post(url)
    assert not Contribution.objects.exists()
    history = client.get(program.get_absolute_url()).content.decode()
    assert "Contribution deleted" in history


def test_contribution_partner_must_be_a_partner(client_for, program_manager, program, other_ngo):
    response = client_for(program_manager).post(
        reverse("programs:contribution_add", args=[program.pk]),
        {"partner": other_ngo.pk, "kind": "cash", "amount_mad": "10", "status": "pledged",
         "date": "2025-02-01"},
    )  # fmt: skip
    assert "partner" in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_program_page_shows_pledged_and_received_per_partner(
    client_for, program_manager, program, fund, other_ngo
):
    services.add_partner(program_manager, program, other_ngo, PartnerRole.Role.TECHNICAL)
    for partner, amount, status in [
        (fund, "100000.10", "pledged"), (fund, "50000.20", "received"),
        (other_ngo, "7000", "in_kind_received"),
    ]:  # fmt: skip
        kind, status = ("in_kind", "received") if status == "in_kind_received" else ("cash", status)
        services.record_contribution(
            program_manager, program,
            {"partner": partner, "kind": kind, "amount_mad": Decimal(amount), "status": status},
        )  # fmt: skip
    response = client_for(program_manager).get(program.get_absolute_url())
    money = response.context["money"]
    rows = {row["partner"]: row for row in money["by_partner"]}
    assert rows[fund.pk]["pledged"] == Decimal("100000.10")
    assert rows[fund.pk]["received"] == Decimal("50000.20")
    assert rows[other_ngo.pk]["received"] == Decimal("7000.00")
    assert money["totals"]["total"] == Decimal("157000.30")
    html = response.content.decode()
    assert "MAD\u00a0157,000.30" in html
    assert "MAD\u00a0100,000.10" in html


def test_program_page_groups_participants_by_province(
    client_for, program_manager, program, cohort, participation, make_organization, zagora, ngo
):
    elsewhere = make_organization(Organization.Kind.GIE, name_fr="GIE Zagora", province=zagora)
    applicant = make_organization(name_fr="Coopérative Candidate")
    services.enroll_organization(program_manager, cohort, elsewhere, "active")
    services.enroll_organization(program_manager, cohort, applicant, "applied")
    response = client_for(program_manager).get(program.get_absolute_url())
    groups = response.context["participant_groups"]
    assert [g["province"] for g in groups] == sorted(
        [participation.organization.province, zagora], key=lambda p: p.name_fr
    )
    html = response.content.decode()
    assert (
        "Coopérative Candidate"
        not in html.split('id="participants-heading"')[1].split("</section>")[0]
    )
    figures = {f.key: f.value for f in response.context["figures"]}
    assert figures["participating_organizations"] == 2
    assert figures["participating_cooperatives_and_gies"] == 2
    assert figures["provinces_covered"] == 2
    (row,) = response.context["cohorts"]
    assert (row.participants, row.applicants, row.enrolled) == (2, 1, 3)


def test_program_page_empty_states(client_for, program_manager, program):
    html = client_for(program_manager).get(program.get_absolute_url()).content.decode()
    assert "This program has no cohort yet." in html
    assert "No organization is taking part yet" in html
    assert "No contribution has been recorded yet." in html


def test_the_last_implementer_offers_no_remove_link(
    client_for, program_manager, program, other_ngo
):
    client = client_for(program_manager)
    implementer = program.partner_roles.get(role="implementer")
    url = reverse("programs:partner_remove", args=[implementer.pk])
    assert url not in client.get(program.get_absolute_url()).content.decode()
    services.add_partner(program_manager, program, other_ngo, PartnerRole.Role.IMPLEMENTER)
    assert url in client.get(program.get_absolute_url()).content.decode()


def test_program_page_reads_right_to_left_in_arabic(client_for, program_manager, program):
    program_manager.language = "ar"
    program_manager.save()
    html = client_for(program_manager, language="ar").get(program.get_absolute_url()).content
    html = html.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 class="h3 mb-1">برنامج الواحات المتضامنة</h1>' in html
    assert "1.500.000,00\u00a0درهم" in html  # noqa: RUF001


def test_partner_form_offers_partner_kinds_not_cooperatives(
    client_for, program_manager, program, cooperative, other_ngo, fund
):
    form = (
        client_for(program_manager)
        .get(reverse("programs:partner_add", args=[program.pk]))
        .context["form"]
    )
    offered = set(form.fields["organization"].queryset)
    assert {other_ngo, fund} <= offered
    assert cooperative not in offered
