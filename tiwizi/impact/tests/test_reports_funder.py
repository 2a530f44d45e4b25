"""The funder report of a program: PDF in the reader's language (Arabic right to left),
the same tables in Excel, suppression for funders, bounded queries, and access.

The demo is loaded once for the module, in a transaction rolled back at the end; each
test runs in a savepoint inside it.
"""

import datetime
import io
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from tiwizi.accounts.models import Role, User
from tiwizi.demo import activity_data
from tiwizi.demo.loader import load_demo
from tiwizi.impact.models import Indicator, Target
from tiwizi.impact.reports import content, excel, pdf
from tiwizi.impact.results import Audience, Cell, IndicatorResult, Period, program_results
from tiwizi.programs.models import Cohort, Participation, Program
from tiwizi.registry.models import Organization

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
YEAR = timezone.localdate().year
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
NAMES = {"fr": "Personnes formées", "en": "People trained", "ar": "المكوَّنون"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def program(demo: None, db: None) -> Program:
    program = Program.objects.get(name_fr=activity_data.PROGRAM_NAME["fr"])
    trained = Indicator.objects.get(code="people_trained")
    for dimension, key, value in (("", "", 120), ("sex", "female", 70)):
        Target.objects.update_or_create(
            program=program, indicator=trained, year=YEAR, quarter=None, dimension=dimension,
            dimension_value=key, defaults={"value": Decimal(value)},
        )  # fmt: skip
    return program


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def _url(name: str, program: Program, **params: str) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse(f"impact:{name}", args=[program.pk]) + (f"?{query}" if query else "")


# PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_pdf_is_in_the_readers_language(program, language):
    response = _client("funder@tiwizi.ma").get(
        _url("program_report_pdf", program, period=str(YEAR), lang=language)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response)
    name = activity_data.PROGRAM_NAME[language]
    # Arabic comes out of the PDF word by word: look for each word.
    assert all(word in text for word in name.split() if word != "—")
    assert NAMES[language] in text
    assert "120" in text  # the target of people trained
    assert str(YEAR) in text


def test_the_arabic_pdf_is_right_to_left(program):
    with translation.override("ar"):
        report = content.build_report(program, Period(YEAR), Audience.FUNDER)
    assert report.rtl
    from django.template.loader import render_to_string

    html = render_to_string(
        "impact/reports/funder_report.html", {"report": report, "program": program,
                                               "pdf_language": "ar"}
    )  # fmt: skip
    assert '<html lang="ar" dir="rtl">' in html


def test_the_active_language_is_the_default(program):
    client = _client("manager@tiwizi.ma")
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        response = client.get(_url("program_report_pdf", program), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "People trained" in _pdf_text(response)


def test_a_bad_period_is_refused_with_a_message(program):
    response = _client("funder@tiwizi.ma").get(
        _url("program_report_pdf", program, period="last-year")
    )
    assert response.status_code == 400
    assert "2026-Q2" in response.content.decode()


def test_the_pdf_has_the_charts_and_the_map(program):
    with translation.override("fr"):
        report = content.build_report(program, Period(YEAR), Audience.FUNDER)
    assert "Personnes formées" in [row.label for row in report.achievement_rows]
    assert report.map_svg.startswith("<svg")
    rendered = pdf.map_without_legend(report.map_svg)
    assert 'class="legend"' not in rendered and "<path" in rendered
    legend = pdf.map_legend(report)
    assert legend[-1].text == "no data"


def test_sales_by_channel_are_charted(program, monkeypatch):
    indicators = {i.code: i for i in Indicator.objects.filter(code__startswith="sales_")}
    amounts = {"sales_local": 1000, "sales_national": 3000, "sales_export": 500}

    def fake_results(*args, **kwargs):
        return [
            IndicatorResult(
                indicator=indicators[code],
                period=Period(YEAR),
                actual=Cell(Decimal(amount)),
                target=None,
                baseline=None,
                achievement=None,
            )
            for code, amount in amounts.items()
        ]

    monkeypatch.setattr(content, "program_results", fake_results)
    with translation.override("en"):
        report = content.build_report(program, Period(YEAR), Audience.FUNDER)
    assert [row.label for row in report.channel_rows] == [
        "Local sales", "National sales", "Export sales",
    ]  # fmt: skip
    # The largest channel fills the track; the others are in proportion.
    national = report.channel_rows[1].svg
    assert 'width="240.0"' in national
    assert 'width="80.0"' in report.channel_rows[0].svg


# Excel -----------------------------------------------------------------------------------


def _rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_holds_the_figures(program):
    response = _client("funder@tiwizi.ma").get(
        _url("program_report_xlsx", program, period=str(YEAR), lang="fr")
    )
    assert response.status_code == 200
    workbook = _workbook(response)
    assert workbook.sheetnames[0] == "Indicateurs" or workbook.sheetnames[0] == "Indicators"
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft in (None, False)
    rows = _rows(sheet)
    assert rows[0][0] == activity_data.PROGRAM_NAME["fr"]
    (trained,) = [row for row in rows if row[0] == "Personnes formées"]
    (expected,) = program_results(
        program,
        Period(YEAR),
        audience=Audience.FUNDER,
        indicators=Indicator.objects.filter(code="people_trained"),
    )
    assert trained[3] == 120  # the target, a number
    assert trained[4] == expected.actual.value
    assert isinstance(trained[4], int | float)
    breakdown = _rows(workbook.worksheets[1])
    women = [row for row in breakdown if row[0] == "Personnes formées" and row[3] == 70]
    assert len(women) == 1


def test_the_arabic_workbook_reads_right_to_left(program):
    response = _client("manager@tiwizi.ma").get(
        _url("program_report_xlsx", program, period=str(YEAR), lang="ar")
    )
    workbook = _workbook(response)
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    assert any(row[0] and "المكوَّنون" in str(row[0]) for row in _rows(workbook.worksheets[0]))


def test_formula_looking_text_is_neutralized(program):
    program.name_fr = '=HYPERLINK("http://example.org")'
    program.save()
    with translation.override("fr"):
        report = content.build_report(program, Period(YEAR), Audience.FUNDER)
        workbook = load_workbook(io.BytesIO(excel.report_workbook(report)))
    assert workbook.worksheets[0]["A1"].value == '\'=HYPERLINK("http://example.org")'


# Suppression ------------------------------------------------------------------------------


def _small_cell(program: Program) -> tuple[Period, str, str]:
    """A period, indicator name and category that funders see as "<5" in the demo."""
    today = timezone.localdate()
    periods = [Period(year, quarter) for year in (YEAR - 1, YEAR) for quarter in (1, 2, 3, 4)]
    for period in periods:
        if period.start > today:
            continue
        with translation.override("fr"):
            for result in program_results(program, period, audience=Audience.FUNDER):
                for item in result.breakdown:
                    if item.actual.suppressed:
                        return period, result.indicator.name, item.label
    raise AssertionError("the demo has no figure about fewer than 5 people")


def test_funders_see_small_numbers_suppressed_and_staff_see_them(program):
    period, indicator, category = _small_cell(program)

    def cell(email: str):
        response = _client(email).get(
            _url("program_report_xlsx", program, period=period.key, lang="fr")
        )
        rows = _rows(_workbook(response).worksheets[1])
        current = None
        for row in rows:
            current = row[0] or current
            if current == indicator and row[2] == category:
                return row[4]
        raise AssertionError(f"{indicator} / {category} not in the workbook")

    assert cell("funder@tiwizi.ma") == "<5"
    staff_value = cell("manager@tiwizi.ma")
    assert isinstance(staff_value, int | float)


# Queries ---------------------------------------------------------------------------------


def _add_participants(program: Program, count: int) -> None:
    cohort = Cohort.objects.filter(program=program).order_by("start_date").last()
    assert cohort is not None
    province = program.target_provinces.first()
    for n in range(count):
        organization = Organization.objects.create(
            kind=Organization.Kind.COOPERATIVE, name_fr=f"Coopérative ajoutée {n}",
            province=province,
        )  # fmt: skip
        Participation.objects.create(
            cohort=cohort, organization=organization, status=Participation.Status.ACTIVE,
            since=datetime.date(YEAR, 1, 1),
        )  # fmt: skip


@pytest.mark.parametrize("name", ["program_report_pdf", "program_report_xlsx"])
def test_queries_do_not_grow_with_the_number_of_organizations(program, name):
    client = _client("funder@tiwizi.ma")
    url = _url(name, program, period=str(YEAR), lang="fr")
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    _add_participants(program, 25)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) <= len(before)


# Access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["program_report_pdf", "program_report_xlsx"])
@pytest.mark.parametrize("email", ["cooperative@tiwizi.ma", "trainer@tiwizi.ma", "buyer@tiwizi.ma"])
def test_other_demo_users_get_404(program, name, email):
    assert _client(email).get(_url(name, program)).status_code == 404


@pytest.mark.parametrize("name", ["program_report_pdf", "program_report_xlsx"])
def test_a_funder_or_manager_of_another_organization_gets_404(program, name, make_user):
    for role in (Role.FUNDER, Role.PROGRAM_MANAGER):
        other = make_user(role, Organization.objects.create(kind="ngo", name_fr="Autre ONG"))
        client = Client()
        client.force_login(other)
        assert client.get(_url(name, program)).status_code == 404


def test_admins_download_the_report(program):
    response = _client("admin@tiwizi.ma").get(_url("program_report_xlsx", program))
    assert response.status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(program, client):
    assert client.get(_url("program_report_pdf", program)).status_code == 302


# The program page's card ---------------------------------------------------------------------


def test_the_program_page_links_to_the_reports_for_those_who_may_download_them(program):
    page = reverse("programs:program_detail", args=[program.pk])
    for email in ("funder@tiwizi.ma", "manager@tiwizi.ma"):
        html = _client(email).get(page).content.decode()
        assert reverse("impact:program_report_pdf", args=[program.pk]) in html
        assert reverse("impact:program_iati", args=[program.pk]) in html
    html = _client("trainer@tiwizi.ma").get(page).content.decode()
    assert reverse("impact:program_report_pdf", args=[program.pk]) not in html


# Screenshot --------------------------------------------------------------------------------


def test_the_first_page_of_the_arabic_report_is_saved_as_a_picture(program, tmp_path):
    """var/screenshots/impact-report-ar.png, for review (needs pdftoppm: poppler-utils)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    response = _client("funder@tiwizi.ma").get(
        _url("program_report_pdf", program, period=str(YEAR), lang="ar")
    )
    source = tmp_path / "report.pdf"
    source.write_bytes(response.content)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "impact-report-ar"
    subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", source, target],
        check=True,
    )
    assert (SCREENSHOTS / "impact-report-ar.png").stat().st_size > 10_000
