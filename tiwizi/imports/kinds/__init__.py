"""The kinds of data a spreadsheet can import, by slug (in the order the menu shows)."""

from __future__ import annotations

from typing import Any

from tiwizi.imports.kinds.base import ImportKind

KIND_PATHS = {
    "organizations": "tiwizi.imports.kinds.organizations.OrganizationsKind",
    "people": "tiwizi.imports.kinds.people.PeopleKind",
    "attendance": "tiwizi.imports.kinds.attendance.AttendanceKind",
    "products": "tiwizi.imports.kinds.products.ProductsKind",
    "reports": "tiwizi.imports.kinds.reports.ReportsKind",
}


def get_kind(slug: str) -> ImportKind | None:
    """A fresh kind (its lookups are built in the active language), or None if unknown."""
    from django.utils.module_loading import import_string

    path = KIND_PATHS.get(slug)
    if path is None:
        return None
    try:
        kind_class = import_string(path)
    except ImportError:
        return None
    kind: ImportKind = kind_class()
    return kind


def kinds_for(user: Any) -> list[ImportKind]:
    kinds = [get_kind(slug) for slug in KIND_PATHS]
    return [kind for kind in kinds if kind is not None and kind.may_import(user)]


def kind_titles() -> dict[str, Any]:
    return {slug: kind.title for slug in KIND_PATHS if (kind := get_kind(slug)) is not None}
