"""Downloads of a program's reports: the funder report (PDF), its tables (Excel) and
the IATI activity file. Each starts from `access.reportable_program_or_404`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from tiwizi.core.i18n import current_language
from tiwizi.core.pdf import pdf_response
from tiwizi.impact.permissions import audience_for
from tiwizi.impact.reports import access, excel, iati, pdf
from tiwizi.impact.reports.content import build_report
from tiwizi.impact.results import Period
from tiwizi.programs.models import Program

REPORT_LANGUAGES = ("ar", "fr", "en")


def report_language(request: HttpRequest) -> str:
    """?lang=ar|fr|en, else the reader's active language."""
    wanted = request.GET.get("lang", "")
    return wanted if wanted in REPORT_LANGUAGES else current_language()


def default_period(program: Program) -> Period:
    """This year, kept within the program's years."""
    year = timezone.localdate().year
    year = min(max(year, program.start_date.year), program.end_date.year)
    return Period(year)


def period_choices(program: Program) -> list[Period]:
    """Each year of the program followed by its quarters, most recent year first."""
    years = range(program.end_date.year, program.start_date.year - 1, -1)
    return [period for year in years for period in (Period(year), *Period(year).quarters())]


def report_period(request: HttpRequest, program: Program) -> Period | None:
    """?period=2026 or 2026-Q2; None when the text is not a period."""
    text = request.GET.get("period", "").strip()
    if not text:
        return default_period(program)
    try:
        return Period.parse(text)
    except ValueError:
        return None


def _bad_period() -> HttpResponse:
    return HttpResponseBadRequest(
        gettext("The period must be a year such as 2026 or a quarter such as 2026-Q2."),
        content_type="text/plain; charset=utf-8",
    )


def _filename(program: Program, period: Period, language: str, extension: str) -> str:
    return f"program-{program.pk}-report-{period.key}-{language}.{extension}"


@login_required
@require_GET
def program_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    program = access.reportable_program_or_404(request.user, pk)
    period = report_period(request, program)
    if period is None:
        return _bad_period()
    language = report_language(request)
    with translation.override(language):
        report = build_report(program, period, audience_for(request.user, program))
        document = pdf.render_report(report)
    return pdf_response(document, _filename(program, period, language, "pdf"))


@login_required
@require_GET
def program_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    program = access.reportable_program_or_404(request.user, pk)
    period = report_period(request, program)
    if period is None:
        return _bad_period()
    language = report_language(request)
    with translation.override(language):
        report = build_report(program, period, audience_for(request.user, program))
        content = excel.report_workbook(report)
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    filename = _filename(program, period, language, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def program_iati(request: HttpRequest, pk: int) -> HttpResponse:
    program = access.reportable_program_or_404(request.user, pk)
    try:
        document = iati.program_iati_xml(program)
    except iati.NoReportingOrganization:
        return HttpResponse(
            gettext(
                "The program has no implementing organization: add one to its partners "
                "before exporting it to IATI."
            ),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(document, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-{program.pk}-iati.xml"'
    return response
