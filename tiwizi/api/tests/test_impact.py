"""Periodic reports, the indicator catalogue, targets and results (actual vs target)."""

from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from tiwizi.api.tests.conftest import ApiClient, World
from tiwizi.impact.models import Indicator, PeriodicReport, Target


def test_results_with_targets_for_staff(world: World, api: Callable[..., ApiClient]) -> None:
    year = timezone.localdate().year
    indicator = Indicator.objects.get(code="organizations_supported")
    Target.objects.create(program=world.program, indicator=indicator, year=year, value=10)
    response = api(world.program_manager).get(
        f"/programs/{world.program.pk}/results", period=str(year)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["suppressed_small_numbers"] is False
    result = next(r for r in body["results"] if r["indicator_code"] == indicator.code)
    assert Decimal(result["actual"]["value"]) == 2  # cooperatives A and B take part
    assert Decimal(result["target"]) == 10
    assert Decimal(result["achievement"]) == 20
    targets = api(world.program_manager).get(f"/programs/{world.program.pk}/targets").json()
    assert [t["indicator_code"] for t in targets["items"]] == [indicator.code]


def test_funders_get_suppressed_figures(world: World, api: Callable[..., ApiClient]) -> None:
    response = api(world.funder).get(f"/programs/{world.program.pk}/results", period="2026-Q2")
    assert response.status_code == 200
    assert response.json()["suppressed_small_numbers"] is True


def test_results_of_an_unseen_program_are_404(world: World, api: Callable[..., ApiClient]) -> None:
    response = api(world.buyer).get(f"/programs/{world.program.pk}/results", period="2026")
    assert response.status_code == 404


def test_bad_period_is_400(world: World, api: Callable[..., ApiClient]) -> None:
    response = api(world.program_manager).get(
        f"/programs/{world.program.pk}/results", period="soon"
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["loc"] == ["query", "period"]


def test_indicator_catalogue(world: World, api: Callable[..., ApiClient]) -> None:
    body = api(world.funder).get("/indicators", limit=200).json()
    assert {item["code"] for item in body["items"]} == set(
        Indicator.objects.values_list("code", flat=True)
    )


def test_periodic_reports_are_scoped(world: World, api: Callable[..., ApiClient]) -> None:
    report_a = PeriodicReport.objects.create(organization=world.coop_a, year=2025)
    PeriodicReport.objects.create(organization=world.coop_b, year=2025)
    body = api(world.manager_a).get("/periodic-reports").json()
    assert [item["id"] for item in body["items"]] == [report_a.pk]
    assert api(world.funder).get("/periodic-reports").json()["items"] == []
