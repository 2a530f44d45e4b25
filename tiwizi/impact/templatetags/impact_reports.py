"""The "Reports" card of a program's page (tiwizi/impact/reports): shown only to the
users who may download them (funders, the program's managers, admins)."""

from typing import Any

from django import template

from tiwizi.impact.reports import access
from tiwizi.impact.reports.views import default_period, period_choices

register = template.Library()


@register.inclusion_tag("impact/reports/program_reports_card.html", takes_context=True)
def program_reports_card(context: dict[str, Any], program: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not access.can_download_reports(user, program):
        return {"shown": False}
    return {
        "shown": True,
        "program": program,
        "periods": period_choices(program),
        "selected": default_period(program).key,
    }
