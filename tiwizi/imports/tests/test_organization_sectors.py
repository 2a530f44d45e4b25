"""Organizations: sectors (several per cell, by code or name) and country (code or name)."""

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django_countries import countries
from openpyxl import load_workbook

from tiwizi.imports import services
from tiwizi.imports.models import ImportJob
from tiwizi.imports.tests.conftest import import_rows, problems, run_import
from tiwizi.registry.models import Organization, Sector

pytestmark = pytest.mark.django_db
HEADERS = ["Kind", "Name in French", "ODCO registration number", "Sectors", "Country"]
SECTORS_OF = Organization.sectors.through


def check(user: Any, *rows: list[Any], headers: list[str] = HEADERS, **options: Any) -> ImportJob:
    return import_rows(user, "organizations", [headers, *rows], **options)


def cooperative_row(odco: str, sectors: str = "", country: str = "", name: str = "") -> list[Any]:
    return ["Cooperative", name or f"Coopérative {odco}", odco, sectors, country]


def sector_codes(odco: str) -> set[str]:
    organization = Organization.objects.get(odco_number=odco)
    return set(organization.sectors.values_list("code", flat=True))


def sector_names_in(language: str) -> str:
    with translation.override(language):
        return ", ".join(sector.name for sector in Sector.objects.order_by("position", "code"))


def test_sectors_by_code_and_by_name_in_any_language_accents_and_case(manager) -> None:
    job = check(
        manager,
        cooperative_row("S-1", "saffron"),
        cooperative_row("S-2", "الزعفران"),
        cooperative_row("S-3", "الاركان"),  # written without the hamza of الأركان
        cooperative_row("S-4", "HUILE D\u2019OLIVE"),  # capitals, typographic apostrophe
        cooperative_row("S-5", "henne"),  # Henné without its accent
        cooperative_row("S-6", "tapis ET   tissage"),
        cooperative_row("S-7", "Prickly pear (cactus)"),
        cooperative_row("S-8", ""),
    )
    assert job.status == ImportJob.Status.DONE, problems(job)
    assert [sector_codes(f"S-{n}") for n in range(1, 9)] == [
        {"saffron"}, {"saffron"}, {"argan"}, {"olive-oil"}, {"henna"}, {"carpets-weaving"},
        {"cactus"}, set(),
    ]  # fmt: skip


def test_several_sectors_with_each_separator(manager) -> None:
    job = check(
        manager,
        cooperative_row("M-1", "Safran; Miel"),
        cooperative_row("M-2", "saffron,honey"),
        cooperative_row("M-3", "الزعفران، العسل"),
        cooperative_row("M-4", "Saffron\nالعسل"),  # noqa: RUF001 (a line break in the cell)
        cooperative_row("M-5", " safran ;; Saffron ; miel ; "),  # repeats and empty parts
    )
    assert job.status == ImportJob.Status.DONE, problems(job)
    for n in range(1, 6):
        assert sector_codes(f"M-{n}") == {"saffron", "honey"}
    assert SECTORS_OF.objects.count() == 10


def test_unknown_sector_is_a_row_error_listing_the_choices(manager) -> None:
    job = check(
        manager,
        cooperative_row("U-1", "Safran"),
        cooperative_row("U-2", "Safran; Uranium"),
    )
    assert problems(job) == [
        (3, "Sectors", f"“Uranium” is not one of the choices: {sector_names_in('en')}."),
    ]
    french = run_import(
        manager,
        "organizations",
        b"Type,Nom en fran\xc3\xa7ais,Secteurs\nCoop\xc3\xa9rative,Coop X,Uranium\n",
        language="fr",
    )
    assert problems(french) == [
        (2, "Secteurs",
         f"«\xa0Uranium\xa0» ne fait pas partie des choix\xa0: {sector_names_in('fr')}."),
    ]  # fmt: skip


def test_country_by_iso_code_or_name_in_arabic_french_or_english(manager) -> None:
    names = ["ma", "FR", "DEU", "اسبانيا", "Allemagne", "senegal", "Côte d\u2019Ivoire",
                 "United States of America", "المغرب", ""]  # fmt: skip
    job = check(
        manager,
        *(["Buyer", f"Acheteur {n}", "", "", country] for n, country in enumerate(names, start=1)),
    )
    assert job.status == ImportJob.Status.DONE, problems(job)
    found = dict(
        Organization.objects.filter(name_fr__startswith="Acheteur ").values_list(
            "name_fr", "country"
        )
    )
    assert [found[f"Acheteur {n}"] for n in range(1, len(names) + 1)] == [
        "MA", "FR", "DE", "ES", "DE", "SN", "CI", "US", "MA", "MA",
    ]  # fmt: skip


def test_unknown_country_is_a_row_error(manager) -> None:
    job = check(manager, cooperative_row("C-1", country="Atlantide"))
    assert problems(job) == [
        (2, "Country",
         "Unknown country “Atlantide”: give its ISO code (for example MA or FR) or its name in "
         "Arabic, French or English."),
    ]  # fmt: skip


def test_one_bad_row_imports_nothing(manager) -> None:
    job = check(
        manager,
        cooperative_row("B-1", "Safran; Miel", "Maroc"),
        cooperative_row("B-2", "Dattes", "Narnia"),
        cooperative_row("B-3", "Miel"),
    )
    assert [(row, column) for row, column, _message in problems(job)] == [(3, "Country")]
    assert job.status == ImportJob.Status.INVALID
    assert not Organization.objects.filter(odco_number__startswith="B-").exists()
    assert not SECTORS_OF.objects.exists()


def test_update_replaces_sectors_only_when_the_column_is_there(manager, cooperative) -> None:
    cooperative.sectors.set(Sector.objects.filter(code__in=["saffron", "honey"]))
    name = cooperative.name_fr
    honey_link = SECTORS_OF.objects.get(organization=cooperative, sector__code="honey").pk

    same = check(
        manager, cooperative_row("2019-1", "العسل، الزعفران", name=name), update_existing=True
    )
    assert (same.updated_count, same.unchanged_count) == (0, 1), problems(same)

    job = check(
        manager, cooperative_row("2019-1", "Honey; Dates", "FR", name), update_existing=True
    )
    assert (job.status, job.updated_count) == (ImportJob.Status.DONE, 1), problems(job)
    cooperative.refresh_from_db()
    assert sector_codes("2019-1") == {"honey", "dates"}
    assert cooperative.country == "FR"
    # Only the difference was written: the link that stays is the same row.
    assert SECTORS_OF.objects.get(organization=cooperative, sector__code="honey").pk == honey_link

    without_column = check(
        manager,
        ["Cooperative", "Tafoukt", "2019-1"],
        headers=HEADERS[:3],
        update_existing=True,
    )
    assert without_column.status == ImportJob.Status.DONE, problems(without_column)
    assert sector_codes("2019-1") == {"honey", "dates"}
    cooperative.refresh_from_db()
    assert (cooperative.name_fr, cooperative.country) == ("Tafoukt", "FR")
    name = "Tafoukt"

    emptied = check(manager, cooperative_row("2019-1", name=name), update_existing=True)
    assert emptied.updated_count == 1, problems(emptied)
    assert sector_codes("2019-1") == set()
    cooperative.refresh_from_db()
    assert cooperative.country == "MA"  # an empty country cell means Morocco


def test_skipping_existing_organizations_leaves_their_sectors(manager, cooperative) -> None:
    cooperative.sectors.set(Sector.objects.filter(code="saffron"))
    job = check(manager, cooperative_row("2019-1", "Miel"))
    assert (job.status, job.skipped_count) == (ImportJob.Status.DONE, 1)
    assert sector_codes("2019-1") == {"saffron"}


def test_undo_removes_the_created_organizations_and_their_sectors(manager) -> None:
    job = check(manager, cooperative_row("D-1", "Safran; Miel"), cooperative_row("D-2", "Dattes"))
    assert job.status == ImportJob.Status.DONE, problems(job)
    assert len(job.created_ids["registry.organization_sectors"]) == 3
    services.undo_import(manager, job)
    assert not Organization.objects.filter(odco_number__startswith="D-").exists()
    assert not SECTORS_OF.objects.exists()


def test_planning_and_writing_sectors_take_a_bounded_number_of_queries(manager) -> None:
    # A first import loads what is then cached on the user (their grants): measure after it.
    # Sizes stay under one bulk-insert batch (SQLite takes 999 parameters a statement):
    # bulk writes grow by one statement per batch, never by one per row.
    check(manager, cooperative_row("Warm-up", "Safran"))
    counts = []
    for size in (3, 30):
        rows = [cooperative_row(f"Q{size}-{n}", "Safran; Miel; Dattes") for n in range(size)]
        with CaptureQueriesContext(connection) as queries:
            job = check(manager, *rows)
        assert job.status == ImportJob.Status.DONE, problems(job)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert SECTORS_OF.objects.count() == 1 + 3 * 33


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_template_has_sectors_and_country_with_drop_downs_and_imports_back(
    client_for, manager, language: str
) -> None:
    response = client_for(manager).get(
        reverse("imports:template", args=["organizations"]), HTTP_ACCEPT_LANGUAGE=language
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, lists = workbook.worksheets[0], workbook["lists"]
    headers = [cell.value for cell in sheet[1]]
    with translation.override(language):
        sectors_header = capfirst(str(Organization._meta.get_field("sectors").verbose_name))
        morocco = str(countries.name("MA"))
        sector_names = [sector.name for sector in Sector.objects.order_by("position", "code")]
    sectors_column, country_column = (
        headers.index(sectors_header) + 1,
        headers.index(capfirst(str(Organization._meta.get_field("country").verbose_name))) + 1,
    )
    assert sheet.cell(row=2, column=sectors_column).value == "; ".join(sector_names[:2])
    assert sheet.cell(row=2, column=country_column).value == morocco
    validations = {
        min(cells.min_col for cells in v.sqref.ranges): v
        for v in sheet.data_validations.dataValidation
    }
    # Several sectors go in one cell: their drop-down suggests, it does not refuse.
    assert not validations[sectors_column].showErrorMessage
    assert validations[country_column].showErrorMessage
    lists_columns = {
        column: [cell.value for cell in lists[column.split("$")[1]] if cell.value is not None]
        for column in (validations[sectors_column].formula1, validations[country_column].formula1)
    }
    assert lists_columns[validations[sectors_column].formula1] == sector_names
    assert morocco in lists_columns[validations[country_column].formula1]
    assert len(lists_columns[validations[country_column].formula1]) > 200

    job = run_import(manager, "organizations", response.content, "template.xlsx", language=language)
    assert job.status == ImportJob.Status.READY, problems(job)
    assert job.created_count == 1


def test_organization_export_with_sectors_takes_a_bounded_number_of_queries(
    client_for, manager, make_organization, ngo, django_assert_max_num_queries
) -> None:
    client = client_for(manager)
    sectors = list(Sector.objects.all()[:3])
    for count in (3, 30):
        for _n in range(count):
            organization = make_organization(stewards=[ngo], country="TN")
            organization.sectors.set(sectors)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("registry:organization_list") + "?export=csv")
            text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert text.count("Tunisia") == Organization.objects.filter(country="TN").count()
