"""Periodic reports: a cooperative's figures for a quarter or a year.

A row matches the report of the same organization and period (year, and quarter or
none for the whole year). Users import reports for organizations they manage only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiwizi.accounts.models import Role
from tiwizi.imports.cells import parse_decimal, parse_int, text
from tiwizi.imports.kinds.base import Column, Context, ImportKind, Plan, Row, label_of
from tiwizi.imports.kinds.organizations import OrganizationResolver
from tiwizi.imports.kinds.records import RecordPlan, settle, write_records
from tiwizi.imports.readers import Table
from tiwizi.registry.exports import ORGANIZATION_LABEL
from tiwizi.registry.models import Organization

COUNTS = (
    "members_women", "members_men", "members_under_35", "jobs_permanent", "jobs_seasonal",
    "jobs_women", "jobs_under_35",
)  # fmt: skip
AMOUNTS = ("revenue_mad", "sales_local_mad", "sales_national_mad", "sales_export_mad")


def _model() -> Any:
    from tiwizi.impact.models import PeriodicReport

    return PeriodicReport


class ReportsKind(ImportKind):
    slug = "reports"
    title = gettext_lazy("Periodic reports")
    description = gettext_lazy(
        "Members, jobs, revenue and sales by channel that cooperatives report each quarter or year."
    )

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        model = _model()
        examples = {"year": 2025, "quarter": 1, "members_women": 18, "members_men": 4,
                    "members_under_35": 7, "jobs_permanent": 3, "jobs_seasonal": 10,
                    "jobs_women": 11, "jobs_under_35": 5, "revenue_mad": 250000,
                    "sales_local_mad": 120000, "sales_national_mad": 90000,
                    "sales_export_mad": 40000}  # fmt: skip
        columns = [
            Column(
                "organization", ORGANIZATION_LABEL, required=True, example="Coopérative Tafoukt"
            ),
            Column("year", label_of(model, "year"), required=True, example=2025),
            Column("quarter", label_of(model, "quarter"), example=1,
                   choices=lambda: ["1", "2", "3", "4"]),
        ]  # fmt: skip
        columns += [
            Column(name, label_of(model, name), example=examples.get(name, ""))
            for name in (*COUNTS, *AMOUNTS)
        ]
        columns.append(Column("notes", label_of(model, "notes")))
        return columns

    def may_import(self, user: Any) -> bool:
        return bool(user.is_authenticated) and user.has_role(
            Role.PROGRAM_MANAGER, Role.COOPERATIVE_MANAGER
        )

    def plan(self, table: Table, context: Context) -> Plan:
        model = _model()
        plan = RecordPlan()
        rows = list(self.rows(table, plan, context))
        organizations = OrganizationResolver(Organization.objects.manageable_by(context.user))
        self._organizations = organizations
        existing = {
            (report.organization_id, report.year, report.quarter): report
            for report in model.objects.filter(organization_id__in=list(organizations.by_id))
        }
        seen: dict[tuple[int, int, int | None], int] = {}
        for row in rows:
            values = self._values(row)
            if values is None:
                continue
            period = (values["organization_id"], values["year"], values["quarter"])
            if period in seen:
                row.error(
                    "year",
                    _("This row repeats row %(row)s (same organization and period).")
                    % {"row": seen[period]},
                )
                continue
            seen[period] = row.number
            report = existing.get(period)
            target = report or model(submitted_by=context.user, **values)
            merged = {**{name: getattr(target, name) for name in (*COUNTS, *AMOUNTS)}, **values}
            if not self._consistent(row, merged):
                continue
            settle(plan, context, report, target, values)
        return plan

    def _values(self, row: Row) -> dict[str, Any] | None:
        before = len(row.problems)
        values: dict[str, Any] = {}
        organization = (
            row.parse("organization", self._find_organization)
            if row.raw("organization") != ""
            else None
        )
        if row.raw("organization") == "":
            row.require("organization", "")
        year = row.parse("year", parse_int, 2000, 2100)
        if row.raw("year") == "":
            row.require("year", "")
        values["quarter"] = row.parse("quarter", parse_int, 1, 4)
        for name in COUNTS:
            if row.has(name):
                values[name] = row.parse(name, parse_int, 0, 10_000_000) or 0
        for name in AMOUNTS:
            if row.has(name):
                values[name] = row.parse(name, parse_decimal) or Decimal("0.00")
        if row.has("notes"):
            values["notes"] = row.parse("notes", text, 5000)
        if len(row.problems) != before or organization is None or year is None:
            return None
        values["organization_id"] = organization.pk
        values["year"] = year
        return values

    _organizations: OrganizationResolver | None = None

    def _find_organization(self, value: Any) -> Organization:
        assert self._organizations is not None
        return self._organizations.find(value)

    def _consistent(self, row: Row, values: dict[str, Any]) -> bool:
        problems = []
        if values["members_under_35"] > values["members_women"] + values["members_men"]:
            problems.append(
                (
                    "members_under_35",
                    _("Members under 35 cannot outnumber all members (women and men)."),
                )
            )
        jobs = values["jobs_permanent"] + values["jobs_seasonal"]
        if values["jobs_women"] > jobs:
            problems.append(("jobs_women", _("Jobs held by women cannot outnumber all jobs.")))
        if values["jobs_under_35"] > jobs:
            problems.append(
                ("jobs_under_35", _("Jobs held by people under 35 cannot outnumber all jobs."))
            )
        sales = (
            values["sales_local_mad"] + values["sales_national_mad"] + values["sales_export_mad"]
        )
        if sales > values["revenue_mad"]:
            problems.append(
                (
                    "revenue_mad",
                    _("The revenue cannot be less than the sales of all channels together."),
                )
            )
        for name, message in problems:
            row.error(name, message)
        return not problems

    def write(self, plan: Plan, context: Context) -> dict[str, list[int]]:
        assert isinstance(plan, RecordPlan)
        model = _model()
        return {model._meta.label_lower: write_records(model, plan, set())}
