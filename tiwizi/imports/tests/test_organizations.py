"""Organizations: places by code or name, identifiers, access."""

from typing import Any

import pytest

from tiwizi.geo.models import Commune, Province
from tiwizi.imports.models import ImportJob
from tiwizi.imports.tests.conftest import import_rows, problems
from tiwizi.registry.models import Organization

pytestmark = pytest.mark.django_db
HEADERS = ["Kind", "Name in French", "Name in Arabic", "ODCO registration number",
           "Creation date", "Province", "Commune"]  # fmt: skip


def row(**changes: Any) -> list[Any]:
    values = {"kind": "Cooperative", "fr": "Coopérative Nouvelle", "ar": "تعاونية جديدة",
              "odco": "2024-77", "date": "15/03/2019", "province": "", "commune": ""}  # fmt: skip
    values.update(changes)
    return list(values.values())


def check(user: Any, *rows: list[Any], **options: Any) -> ImportJob:
    return import_rows(user, "organizations", [HEADERS, *rows], **options)


def test_program_manager_registers_organizations_they_then_steward(manager, ngo) -> None:
    province = Province.objects.order_by("code").first()
    job = check(manager, row(province=province.code))
    assert job.status == ImportJob.Status.DONE, problems(job)
    created = Organization.objects.get(odco_number="2024-77")
    assert created.province == province
    assert list(created.stewards.all()) == [ngo]
    assert created.search_text.strip()
    assert Organization.objects.visible_to(manager).filter(pk=created.pk).exists()


def test_provinces_and_communes_by_name_in_arabic_or_french(manager) -> None:
    commune = Commune.objects.select_related("province").order_by("code").first()
    province = commune.province
    job = check(
        manager,
        row(province=province.name_ar, commune=commune.name_fr.upper()),
        row(odco="2024-78", fr="Autre", province=province.name_fr.lower(), commune=commune.code),
        row(odco="2024-79", fr="Troisième", province="", commune=commune.name_ar),
    )
    assert job.status == ImportJob.Status.DONE, problems(job)
    assert set(
        Organization.objects.filter(odco_number__startswith="2024-").values_list(
            "province", "commune"
        )
    ) == {(province.pk, commune.pk)}


def test_unknown_province(manager) -> None:
    assert problems(check(manager, row(province="Atlantis"))) == [
        (2, "Province",
         "Unknown province “Atlantis”: give its HCP code or its name in Arabic or French."),
    ]  # fmt: skip


def test_commune_outside_the_province(manager) -> None:
    first, second = Province.objects.order_by("code")[:2]
    commune = Commune.objects.filter(province=second).order_by("code").first()
    assert problems(check(manager, row(province=first.code, commune=commune.code))) == [
        (2, "Commune", f"There is no commune “{commune.code}” in the province {first.name}."),
    ]


def test_bad_kind_date_and_future_date(manager) -> None:
    job = check(
        manager,
        row(kind="Spaceship"),
        row(odco="2", date="2999-01-01"),
        row(odco="3", date="13/13/2020"),
    )
    kinds = ", ".join(str(label) for _code, label in Organization.Kind.choices)
    assert problems(job) == [
        (2, "Kind", f"“Spaceship” is not one of the choices: {kinds}."),
        (3, "Creation date", "The creation date cannot be in the future."),
        (4, "Creation date", "“13/13/2020” is not a date: write it as dd/mm/yyyy or yyyy-mm-dd."),
    ]


def test_duplicate_identifier_in_file(manager) -> None:
    job = check(manager, row(), row(fr="Même numéro"))
    assert problems(job) == [
        (3, "ODCO registration number", "This row repeats row 2 (same organization).")
    ]


def test_detail_that_the_kind_does_not_have(manager) -> None:
    job = check(manager, row(kind="NGO"))
    assert problems(job) == [
        (2, "ODCO registration number", "This kind of organization has no such detail.")
    ]


def test_update_or_skip_by_identifier(manager, cooperative) -> None:
    skipped = check(manager, row(odco="2019-1", fr="Nouveau nom"))
    assert (skipped.created_count, skipped.skipped_count) == (0, 1)
    updated = check(manager, row(odco="2019-1", fr="Nouveau nom"), update_existing=True)
    assert (updated.created_count, updated.updated_count) == (0, 1)
    cooperative.refresh_from_db()
    assert cooperative.name_fr == "Nouveau nom"
    assert "nouveau" in cooperative.search_text


def test_cooperative_manager_updates_own_but_not_others(
    cooperative_manager, cooperative, other_cooperative
) -> None:
    job = check(cooperative_manager, row(odco="2020-9"), update_existing=True)
    assert problems(job) == [
        (2, "ODCO registration number",
         "This organization already exists and you may not change it."),
    ]  # fmt: skip
    job = check(cooperative_manager, row())
    assert problems(job) == [
        (2, "Kind", "You may not register new organizations: only update your own.")
    ]
    job = check(cooperative_manager, row(odco="2019-1", fr="Tafoukt"), update_existing=True)
    assert job.status == ImportJob.Status.DONE, problems(job)
