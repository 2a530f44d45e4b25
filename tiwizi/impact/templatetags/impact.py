"""Template filters of the impact app."""

from typing import Any

from django import template

from tiwizi.impact.results import Cell

register = template.Library()


@register.filter
def cell_unit(cell: Any, unit: str) -> str:
    """A result cell with its unit ("<5" when suppressed, "—" without data)."""
    if isinstance(cell, Cell):
        return cell.format(unit)
    return "—" if cell is None else str(cell)
