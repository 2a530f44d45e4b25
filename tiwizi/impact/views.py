"""Pages of the impact app. Thin: look up within what the user may see (missing: 404),
check the named permission (refused: 403), parse with a form, call a service, render.

Figures come from results.program_results (bounded queries, suppression by audience).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, IntegerField, Sum, Value
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiwizi.core.history import HistoryReader, latest_entries, own
from tiwizi.core.i18n import is_rtl, localized_expression
from tiwizi.core.listing import GET_POST, list_response, ordering, paginate, service_errors
from tiwizi.core.spreadsheets import Column, export_response, requested_format
from tiwizi.impact import maps, permissions, services
from tiwizi.impact.forms import (
    DashboardFilterForm,
    MeasurementForm,
    PeriodicReportForm,
    ReportFilterForm,
    TargetForm,
    disaggregation_labels,
)
from tiwizi.impact.models import Dimension, Indicator, Measurement, PeriodicReport, Target
from tiwizi.impact.querysets import reporting_organizations
from tiwizi.impact.results import (
    Audience,
    IndicatorResult,
    Period,
    program_results,
)
from tiwizi.market.models import Sale
from tiwizi.programs.models import Program
from tiwizi.registry.models import Organization

REPORT_SORTS = {
    "organization": ("display_name", "pk"),
    "period": ("year", "quarter_rank", "display_name", "pk"),
    "members": ("members", "pk"),
    "jobs": ("jobs", "pk"),
    "revenue": ("revenue_mad", "pk"),
}
DEFAULT_REPORT_SORT = "-period"

# Key figures shown as cards at the top of a dashboard, in this order.
KPI_CODES = (
    "organizations_supported",
    "people_trained",
    "jobs",
    "revenue",
    "sales_export",
    "women_share_trained",
)
COUNT_CHART_CODES = (
    "organizations_supported",
    "people_trained",
    "coaching_visits",
    "jobs",
    "jobs_created",
    "members",
)
CHANNEL_CODES = ("sales_local", "sales_national", "sales_export")
DEFAULT_MAP = "people_trained"


# Periodic reports


def _visible_report(request: HttpRequest, pk: int) -> PeriodicReport:
    return get_object_or_404(
        PeriodicReport.objects.visible_to(request.user).select_related(
            "organization", "submitted_by"
        ),
        pk=pk,
    )


def _report_columns() -> list[Column]:
    return [
        Column(gettext_lazy("Organization"), lambda r: r.organization.name),
        Column(gettext_lazy("Year"), lambda r: r.year),
        Column(gettext_lazy("Quarter"), lambda r: r.quarter),
        Column(gettext_lazy("Women members"), lambda r: r.members_women),
        Column(gettext_lazy("Men members"), lambda r: r.members_men),
        Column(gettext_lazy("Members under 35"), lambda r: r.members_under_35),
        Column(gettext_lazy("Permanent jobs"), lambda r: r.jobs_permanent),
        Column(gettext_lazy("Seasonal jobs"), lambda r: r.jobs_seasonal),
        Column(gettext_lazy("Jobs held by women"), lambda r: r.jobs_women),
        Column(gettext_lazy("Jobs held by people under 35"), lambda r: r.jobs_under_35),
        Column(gettext_lazy("Revenue (MAD)"), lambda r: r.revenue_mad),
        Column(gettext_lazy("Local sales (MAD)"), lambda r: r.sales_local_mad),
        Column(gettext_lazy("National sales (MAD)"), lambda r: r.sales_national_mad),
        Column(gettext_lazy("Export sales (MAD)"), lambda r: r.sales_export_mad),
    ]


@login_required
def report_list(request: HttpRequest) -> Any:
    user = request.user
    if not permissions.sees_reports(user):
        raise PermissionDenied
    form = ReportFilterForm(request.GET, user=user)
    form.is_valid()
    data = form.cleaned_data
    reports = PeriodicReport.objects.visible_to(user)
    if data.get("organization"):
        reports = reports.filter(organization=data["organization"])
    if data.get("year"):
        reports = reports.filter(year=data["year"])
    if data.get("quarter"):
        reports = reports.filter(quarter=data["quarter"])
    sort, order_by = ordering(data.get("sort"), REPORT_SORTS, DEFAULT_REPORT_SORT)
    reports = (
        reports.select_related("organization")
        .annotate(
            display_name=localized_expression("organization__name_fr", "organization__name_ar"),
            quarter_rank=Coalesce("quarter", Value(5), output_field=IntegerField()),
            members=F("members_women") + F("members_men"),
            jobs=F("jobs_permanent") + F("jobs_seasonal"),
        )
        .order_by(*order_by)
    )
    if file_format := requested_format(request):
        return export_response(
            reports.iterator(), _report_columns(), "periodic-reports", file_format
        )
    context = {
        "form": form,
        "page_obj": paginate(request, reports),
        "filtered": any(data.get(k) for k in ("organization", "year", "quarter")),
        "sort": sort,
        "default_sort": DEFAULT_REPORT_SORT,
    }
    return list_response(
        request, "impact/report_list.html", "impact/partials/report_results.html", "report-results",
        context,
    )  # fmt: skip


def _prefill_from_ledger(
    form_data: dict[str, Any], organization_id: Any, period: Period
) -> dict[str, Any]:
    """The report's sales set to the ledger's sums (revenue raised to their total if
    lower): the user then confirms or adjusts them."""
    sales = services.ledger_sales(int(organization_id), period)
    form_data["sales_local_mad"] = sales["local"]
    form_data["sales_national_mad"] = sales["national"]
    form_data["sales_export_mad"] = sales["export"]
    total = sum(sales.values())
    try:
        revenue = float(form_data.get("revenue_mad") or 0)
    except (TypeError, ValueError):
        revenue = 0
    if revenue < total:
        form_data["revenue_mad"] = total
    return form_data


def _period_from(data: Any) -> Period | None:
    try:
        year = int(data.get("year") or 0)
        quarter = int(data["quarter"]) if data.get("quarter") else None
        return Period(year, quarter)
    except (TypeError, ValueError):
        return None


@login_required
@GET_POST
def report_create(request: HttpRequest) -> HttpResponse:
    """New report. With an organization and period chosen (in the query string, or the
    "Fill sales from the ledger" button), the sales are prefilled from the ledger."""
    user = request.user
    if not permissions.sees_reports(user):
        raise PermissionDenied
    prefilled: dict[str, Any] | None = None
    if request.method == "POST" and "prefill" not in request.POST:
        form = PeriodicReportForm(request.POST, user=user)
        if form.is_valid():
            try:
                report = services.save_report(user, form.cleaned_data)
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("The periodic report has been saved."))
                return redirect(report)
    else:
        source = request.POST if request.method == "POST" else request.GET
        initial: dict[str, Any] = {k: v for k, v in source.items() if k != "csrfmiddlewaretoken"}
        organization_id, period = initial.get("organization"), _period_from(initial)
        if (
            organization_id
            and str(organization_id).isdigit()
            and period is not None
            and reporting_organizations(user).filter(pk=organization_id).exists()
        ):
            initial = _prefill_from_ledger(initial, organization_id, period)
            prefilled = services.ledger_sales(int(organization_id), period)
        form = PeriodicReportForm(initial=initial, user=user)
    return render(request, "impact/report_form.html", {"form": form, "prefilled": prefilled})


@login_required
@GET_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    user = request.user
    if request.method == "POST":
        form = PeriodicReportForm(request.POST, instance=report, user=user)
        if form.is_valid():
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("organization", "year", "quarter")
            }
            try:
                services.save_report(user, data, PeriodicReport.objects.get(pk=report.pk))
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(request, _("The periodic report has been saved."))
                return redirect(report)
    else:
        form = PeriodicReportForm(instance=report, user=user)
    ledger = services.ledger_sales(report.organization_id, report.period)
    return render(
        request, "impact/report_form.html", {"form": form, "report": report, "ledger": ledger}
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    entries = latest_entries(own(report))
    context = {
        "report": report,
        "ledger": services.ledger_sales(report.organization_id, report.period),
        "history": HistoryReader().rows(entries),
    }
    return render(request, "impact/report_detail.html", context)


@login_required
def organization_figures(request: HttpRequest, pk: int) -> HttpResponse:
    """A cooperative's own figures over time: its periodic reports and its sales ledger
    by quarter (a fixed number of queries)."""
    organization = get_object_or_404(reporting_organizations(request.user), pk=pk)
    reports = list(
        PeriodicReport.objects.filter(organization=organization).order_by("year", "quarter")
    )
    sales = (
        Sale.objects.filter(organization=organization)
        .annotate(y=ExtractYear("date"), q=ExtractQuarter("date"))
        .order_by()
        .values("y", "q", "channel")
        .annotate(total=Sum("amount_mad"))
        .order_by("y", "q")
    )
    by_quarter: dict[str, dict[str, float]] = {}
    for row in sales:
        key = str(Period(row["y"], row["q"]).label)
        by_quarter.setdefault(key, {})[row["channel"]] = float(row["total"] or 0)
    quarterly = [r for r in reports if r.quarter]
    chart = {
        "dir": "rtl" if is_rtl() else "ltr",
        "periods": [str(r.period_label) for r in quarterly],
        "series": [
            {"name": _("Members"), "data": [r.members_total for r in quarterly]},
            {"name": _("Jobs"), "data": [r.jobs_total for r in quarterly]},
        ],
        "sales_periods": list(by_quarter),
        "sales_series": [
            {"name": label, "data": [by_quarter[p].get(code, 0) for p in by_quarter]}
            for code, label in (
                ("local", _("Local")),
                ("national", _("National")),
                ("export", _("Export")),
            )
        ],
    }
    context = {"organization": organization, "reports": list(reversed(reports)), "chart": chart}
    return render(request, "impact/organization_figures.html", context)


# Dashboards


def _dashboard_context(
    request: HttpRequest, program: Program | None, audience: Audience
) -> dict[str, Any]:
    form = DashboardFilterForm(request.GET, program=program)
    form.is_valid()
    period = form.selected_period()
    province = form.cleaned_data.get("province")
    cohort = form.cleaned_data.get("cohort")
    results = program_results(
        program,
        period,
        audience=audience,
        province_id=province.pk if province else None,
        cohort_id=cohort.pk if cohort else None,
    )
    by_code = {r.indicator.code: r for r in results}
    mappable = [r for r in results if Dimension.PROVINCE in r.indicator.dimension_list]
    map_code = request.GET.get("map") or DEFAULT_MAP
    map_result = by_code.get(map_code) or by_code.get(DEFAULT_MAP)
    return {
        "form": form,
        "period": period,
        "program": program,
        "audience": audience,
        "suppressed": audience.suppresses,
        "results": results,
        "kpis": [by_code[c] for c in KPI_CODES if c in by_code],
        "mappable": mappable,
        "map_result": map_result,
        "map_items": _map_items(map_result),
        "chart": _chart_data(results, by_code, map_result, province),
    }


def _map_items(map_result: IndicatorResult | None) -> list[Any]:
    return map_result.by_dimension(Dimension.PROVINCE) if map_result else []


def _number(cell: Any) -> float | None:
    return None if cell.value is None or cell.suppressed else float(cell.value)


def _chart_data(
    results: list[IndicatorResult],
    by_code: dict[str, IndicatorResult],
    map_result: IndicatorResult | None,
    province: Any,
) -> dict[str, Any]:
    """What static/impact/dashboard.js draws (rendered with json_script)."""
    counts = [by_code[c] for c in COUNT_CHART_CODES if c in by_code]
    trained = by_code.get("people_trained")
    map_values: dict[str, Any] = {}
    if map_result is not None:
        if province is not None:
            map_values = {province.code: map_result.actual}
        else:
            map_values = {
                item.key: item.actual for item in map_result.by_dimension(Dimension.PROVINCE)
            }
    map_rows = [(code, "", cell) for code, cell in map_values.items()]
    return {
        "dir": "rtl" if is_rtl() else "ltr",
        "labels": {
            "actual": _("Actual"),
            "target": _("Target"),
            "suppressed": _("fewer than 5"),
            "noData": _("no data"),
        },
        "targets": {
            "indicators": [r.indicator.name for r in counts],
            "actual": [_number(r.actual) for r in counts],
            "target": [float(r.target) if r.target is not None else None for r in counts],
        },
        "channels": [
            {"name": by_code[c].indicator.name, "value": _number(by_code[c].actual)}
            for c in CHANNEL_CODES
            if c in by_code
        ],
        "trained": {
            "sex": [
                {"name": item.label, "value": _number(item.actual), "display": item.actual.display}
                for item in (trained.by_dimension(Dimension.SEX) if trained else [])
            ],
            "age": [
                {"name": item.label, "value": _number(item.actual), "display": item.actual.display}
                for item in (trained.by_dimension(Dimension.AGE_GROUP) if trained else [])
            ],
        },
        "map": {
            "geojson": static(maps.GEOJSON_STATIC),
            "title": map_result.indicator.name if map_result else "",
            "nameField": "name_ar" if is_rtl() else "name_fr",
            "data": maps.echarts_series_data(map_rows),
        },
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The Impact menu's page: the programs whose dashboard the user may open."""
    user = request.user
    if not permissions.sees_impact(user):
        raise PermissionDenied
    programs = (
        permissions.dashboard_programs(user).with_display_name().order_by("display_name", "pk")
    )
    context = {"programs": programs, "sees_reports": permissions.sees_reports(user)}
    return render(request, "impact/index.html", context)


@login_required
def program_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(permissions.dashboard_programs(request.user), pk=pk)
    context = _dashboard_context(request, program, permissions.audience_for(request.user, program))
    context["can_manage"] = permissions.can_manage_targets(request.user, program)
    return render(request, "impact/dashboard.html", context)


@login_required
def platform_dashboard(request: HttpRequest) -> HttpResponse:
    """Every program together: admins see every figure; program staff and funders see
    them with small numbers suppressed."""
    if not permissions.sees_impact(request.user):
        raise PermissionDenied
    context = _dashboard_context(request, None, permissions.audience_for(request.user, None))
    return render(request, "impact/dashboard.html", context)


def public(request: HttpRequest) -> HttpResponse:
    """The public impact page: the platform's public indicators, suppressed."""
    form = DashboardFilterForm(request.GET, program=None)
    form.is_valid()
    period = form.selected_period()
    indicators = Indicator.objects.filter(is_public=True)
    results = program_results(None, period, audience=Audience.PUBLIC, indicators=indicators)
    by_code = {r.indicator.code: r for r in results}
    map_result = by_code.get(DEFAULT_MAP)
    context = {
        "form": form,
        "period": period,
        "results": results,
        "map_result": map_result,
        "map_items": _map_items(map_result),
        "chart": _chart_data(results, by_code, map_result, None),
    }
    return render(request, "impact/public.html", context)


# Targets and measurements


def _visible_program(request: HttpRequest, pk: int) -> Program:
    return get_object_or_404(permissions.dashboard_programs(request.user), pk=pk)


def _manageable_program(request: HttpRequest, pk: int) -> Program:
    program = _visible_program(request, pk)
    if not permissions.can_manage_targets(request.user, program):
        raise PermissionDenied
    return program


VALUE_KINDS: dict[str, dict[str, Any]] = {
    "targets": {
        "model": Target,
        "form": TargetForm,
        "save": services.save_target,
        "delete": services.delete_target,
        "title": gettext_lazy("Targets"),
        "saved": gettext_lazy("The target has been saved."),
        "deleted": gettext_lazy("The target has been deleted."),
    },
    "measurements": {
        "model": Measurement,
        "form": MeasurementForm,
        "save": services.save_measurement,
        "delete": services.delete_measurement,
        "title": gettext_lazy("Values entered by hand"),
        "saved": gettext_lazy("The value has been saved."),
        "deleted": gettext_lazy("The value has been deleted."),
    },
}


def _value_list(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    program = _visible_program(request, pk)
    spec = VALUE_KINDS[kind]
    rows = spec["model"].objects.filter(program=program).select_related("indicator")
    rows = rows.order_by("indicator__position", "-year", "quarter", "dimension", "dimension_value")
    page = paginate(request, rows)
    labels = disaggregation_labels(program)
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row.dimension_label = labels.get((row.dimension, row.dimension_value), "")
    context = {
        "program": program,
        "kind": kind,
        "title": spec["title"],
        "page_obj": page,
        "can_manage": permissions.can_manage_targets(request.user, program),
    }
    return render(request, "impact/value_list.html", context)


def _value_form(
    request: HttpRequest, pk: int, kind: str, value_pk: int | None = None
) -> HttpResponse:
    program = _manageable_program(request, pk)
    spec = VALUE_KINDS[kind]
    instance = get_object_or_404(spec["model"], program=program, pk=value_pk) if value_pk else None
    list_url = reverse(f"impact:program_{kind}", args=[program.pk])
    if request.method == "POST":
        form = spec["form"](request.POST, instance=instance, program=program)
        if form.is_valid():
            try:
                spec["save"](request.user, program, form.cleaned_data, instance)
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(request, str(spec["saved"]))
                return redirect(list_url)
    else:
        form = spec["form"](instance=instance, program=program, initial=dict(request.GET.items()))
    context = {
        "program": program,
        "form": form,
        "kind": kind,
        "title": spec["title"],
        "list_url": list_url,
        "instance": instance,
    }
    return render(request, "impact/value_form.html", context)


def _value_delete(request: HttpRequest, pk: int, kind: str, value_pk: int) -> HttpResponse:
    program = _manageable_program(request, pk)
    spec = VALUE_KINDS[kind]
    instance = get_object_or_404(
        spec["model"].objects.select_related("indicator"), program=program, pk=value_pk
    )
    list_url = reverse(f"impact:program_{kind}", args=[program.pk])
    if request.method == "POST":
        spec["delete"](request.user, instance)
        messages.success(request, str(spec["deleted"]))
        return redirect(list_url)
    context = {
        "program": program,
        "instance": instance,
        "kind": kind,
        "title": spec["title"],
        "list_url": list_url,
    }
    return render(request, "impact/value_delete.html", context)


@login_required
def program_targets(request: HttpRequest, pk: int) -> HttpResponse:
    return _value_list(request, pk, "targets")


@login_required
@GET_POST
def target_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _value_form(request, pk, "targets")


@login_required
@GET_POST
def target_edit(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    return _value_form(request, pk, "targets", target_pk)


@login_required
@GET_POST
def target_delete(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    return _value_delete(request, pk, "targets", target_pk)


@login_required
def program_measurements(request: HttpRequest, pk: int) -> HttpResponse:
    return _value_list(request, pk, "measurements")


@login_required
@GET_POST
def measurement_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _value_form(request, pk, "measurements")


@login_required
@GET_POST
def measurement_edit(request: HttpRequest, pk: int, measurement_pk: int) -> HttpResponse:
    return _value_form(request, pk, "measurements", measurement_pk)


@login_required
@GET_POST
def measurement_delete(request: HttpRequest, pk: int, measurement_pk: int) -> HttpResponse:
    return _value_delete(request, pk, "measurements", measurement_pk)


def latest_reports_of(organization: Organization, count: int = 4) -> list[PeriodicReport]:
    return list(PeriodicReport.objects.filter(organization=organization)[:count])
