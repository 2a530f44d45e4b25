"""Periodic reports: checks, one per organization and period, prefill from the sales
ledger, history, and who may see and enter them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tiwizi.accounts.models import Role
from tiwizi.core.models import AuditEntry
from tiwizi.impact import services
from tiwizi.impact.models import PeriodicReport
from tiwizi.impact.tests.conftest import YEAR
from tiwizi.market.models import Sale
from tiwizi.registry.models import Organization

pytestmark = pytest.mark.django_db


def _form_data(organization, **changes):
    data = {
        "organization": organization.pk,
        "year": YEAR,
        "quarter": "2",
        "members_women": 8,
        "members_men": 5,
        "members_under_35": 4,
        "jobs_permanent": 6,
        "jobs_seasonal": 3,
        "jobs_women": 5,
        "jobs_under_35": 2,
        "revenue_mad": "50000",
        "sales_local_mad": "10000",
        "sales_national_mad": "20000",
        "sales_export_mad": "5000",
        "notes": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def cooperative(make_cooperative):
    return make_cooperative(name_fr="Coopérative Tighza")


@pytest.fixture
def manager(make_user, cooperative):
    return make_user(Role.COOPERATIVE_MANAGER, cooperative)


@pytest.fixture
def other_manager(make_user, make_organization):
    return make_user(Role.COOPERATIVE_MANAGER, make_organization(name_fr="Autre coopérative"))


def test_a_manager_enters_a_report_and_its_history_is_kept(client_for, manager, cooperative):
    client = client_for(manager)
    response = client.post(reverse("impact:report_create"), _form_data(cooperative))
    report = PeriodicReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.submitted_by == manager and report.quarter == 2
    response = client.post(
        reverse("impact:report_edit", args=[report.pk]), _form_data(cooperative, jobs_seasonal=7)
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.jobs_seasonal == 7
    entries = AuditEntry.objects.filter(object_id=str(report.pk)).order_by("id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes == {"jobs_seasonal": ["3", "7"]}
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and "jobs_seasonal" not in page.content.decode()
    assert len(page.context["history"]) == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"members_under_35": 20}, "members_under_35"),
        ({"jobs_women": 10}, "jobs_women"),
        ({"jobs_under_35": 10}, "jobs_under_35"),
        ({"revenue_mad": "1000"}, "revenue_mad"),
        ({"members_women": -1}, "members_women"),
        ({"revenue_mad": "-5"}, "revenue_mad"),
        ({"quarter": "5"}, "quarter"),
    ],
)
def test_inconsistent_figures_are_refused_with_an_error_on_the_field(
    client_for, manager, cooperative, changes, field
):
    response = client_for(manager).post(
        reverse("impact:report_create"), _form_data(cooperative, **changes)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not PeriodicReport.objects.exists()


def test_one_report_per_organization_and_period(client_for, manager, cooperative, make_report):
    make_report(cooperative, quarter=2)
    response = client_for(manager).post(reverse("impact:report_create"), _form_data(cooperative))
    assert response.status_code == 200
    assert "already has a report" in str(response.context["form"].errors["quarter"])
    # A yearly report of the same year is another period.
    response = client_for(manager).post(
        reverse("impact:report_create"), _form_data(cooperative, quarter="")
    )
    assert response.status_code == 302
    assert PeriodicReport.objects.filter(quarter__isnull=True).count() == 1


def test_the_service_refuses_bad_figures_without_saving(manager, cooperative):
    data = {
        "organization": cooperative,
        "year": YEAR,
        "quarter": 1,
        "members_women": 1,
        "members_under_35": 3,
    }
    with pytest.raises(ValidationError) as refused:
        services.save_report(manager, data)
    assert "members_under_35" in refused.value.message_dict
    assert not PeriodicReport.objects.exists() and not AuditEntry.objects.exists()


def test_sales_are_prefilled_from_the_ledger(client_for, manager, cooperative):
    for day, channel, country, amount in (
        (datetime.date(YEAR, 4, 10), "local", "MA", "1200"),
        (datetime.date(YEAR, 5, 2), "local", "MA", "300"),
        (datetime.date(YEAR, 6, 20), "export", "FR", "4000"),
        (datetime.date(YEAR, 7, 1), "national", "MA", "999"),  # next quarter
    ):
        Sale.objects.create(
            organization=cooperative,
            date=day,
            channel=channel,
            country=country,
            amount_mad=Decimal(amount),
        )
    url = reverse("impact:report_create") + f"?organization={cooperative.pk}&year={YEAR}&quarter=2"
    form = client_for(manager).get(url).context["form"]
    assert form.initial["sales_local_mad"] == Decimal("1500")
    assert form.initial["sales_national_mad"] == Decimal(0)
    assert form.initial["sales_export_mad"] == Decimal("4000")
    assert form.initial["revenue_mad"] == Decimal("5500")
    # The button does the same with what the form holds, without saving.
    response = client_for(manager).post(
        reverse("impact:report_create"), {**_form_data(cooperative), "prefill": "1"}
    )
    assert response.context["form"].initial["sales_export_mad"] == Decimal("4000")
    assert not PeriodicReport.objects.exists()


def test_another_organizations_reports_are_not_found(
    client_for, other_manager, cooperative, make_report
):
    report = make_report(cooperative)
    client = client_for(other_manager)
    for name in ("impact:report_detail", "impact:report_edit"):
        assert client.get(reverse(name, args=[report.pk])).status_code == 404
    assert (
        client.get(reverse("impact:organization_figures", args=[cooperative.pk])).status_code == 404
    )
    assert client.get(reverse("impact:report_list")).context["page_obj"].paginator.count == 0
    response = client.post(reverse("impact:report_create"), _form_data(cooperative))
    assert "organization" in response.context["form"].errors


def test_program_staff_enter_reports_for_the_cooperatives_they_support(
    client_for, program_manager, cooperative, make_user, ngo, make_report
):
    trainer = make_user(Role.TRAINER, ngo)
    report = make_report(cooperative)
    for user in (program_manager, trainer):
        assert client_for(user).get(report.get_absolute_url()).status_code == 200
    response = client_for(trainer).post(reverse("impact:report_create"), _form_data(cooperative))
    assert response.status_code == 302


def test_funders_never_see_a_cooperatives_report(client_for, funder, cooperative, make_report):
    report = make_report(cooperative)
    client = client_for(funder)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("impact:report_list")).status_code == 403


def test_the_list_filters_and_pages_in_a_bounded_number_of_queries(
    client_for, platform_admin, make_cooperative, make_report, django_assert_max_num_queries
):
    def queries(count: int) -> int:
        for _ in range(count):
            make_report(make_cooperative())
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client_for(platform_admin).get(reverse("impact:report_list"))
        assert response.status_code == 200
        return len(captured.captured_queries)

    few = queries(3)
    many = queries(27)
    assert many == few
    organization = Organization.objects.filter(periodic_reports__isnull=False).first()
    response = client_for(platform_admin).get(
        reverse("impact:report_list"), {"organization": organization.pk, "year": YEAR, "quarter": 1}
    )
    assert response.context["page_obj"].paginator.count == 1
    export = client_for(platform_admin).get(reverse("impact:report_list"), {"export": "csv"})
    assert export.status_code == 200


def test_the_organization_page_shows_its_latest_reports(
    client_for, manager, cooperative, make_report
):
    make_report(cooperative, quarter=1)
    make_report(cooperative, quarter=2)
    page = client_for(manager).get(cooperative.get_absolute_url()).content.decode()
    assert reverse("impact:organization_figures", args=[cooperative.pk]) in page
    figures = client_for(manager).get(reverse("impact:organization_figures", args=[cooperative.pk]))
    assert figures.status_code == 200 and len(figures.context["reports"]) == 2
