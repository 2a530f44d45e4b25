"""Choropleth maps of Morocco's provinces, drawn without a tile server.

Two renderings of the same simplified boundaries
(static/impact/geo/provinces.geojson, see the README beside it):
- `province_map_svg(values)`: an inline SVG drawn in Python, for PDFs (WeasyPrint runs
  no JavaScript) and anywhere a static picture will do;
- the GeoJSON file itself, served as a static file and registered with ECharts
  (`echarts.registerMap`) by static/impact/dashboard.js on dashboards.

Features carry the HCP code of their province or prefecture (`hcp_code`). The eight
Casablanca prefectures of arrondissements (06.141.01.xx) have no polygon of their own:
their values are folded into Casablanca (06.141), see `map_code`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

from tiwizi.core.i18n import current_language
from tiwizi.impact.results import MIN_PEOPLE, Cell

GEOJSON_PATH = Path(__file__).parent / "static" / "impact" / "geo" / "provinces.geojson"
# The static path of the GeoJSON, for {% static %} and ECharts.
GEOJSON_STATIC = "impact/geo/provinces.geojson"

# Sequential palette, light to dark (ColorBrewer "Greens", colour-blind safe).
PALETTE = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"]
NO_DATA = "#f1f1f1"
SUPPRESSED = "#d9d9d9"
STROKE = "#7a7a7a"

WIDTH = 600
MAP_HEIGHT = 560
LEGEND_HEIGHT = 130


def map_code(code: str) -> str:
    """The code of the map feature a province belongs to (its first two levels)."""
    return ".".join(code.split(".")[:2])


@cache
def features() -> tuple[dict[str, Any], ...]:
    with GEOJSON_PATH.open(encoding="utf-8") as handle:
        return tuple(json.load(handle)["features"])


def _as_cell(value: Cell | Decimal | int | float | None) -> Cell:
    if isinstance(value, Cell):
        return value
    return Cell(None if value is None else Decimal(str(value)))


def fold(values: Mapping[str, Cell | Decimal | int | float | None]) -> dict[str, Cell]:
    """Values keyed by map feature code: provinces sharing a feature are added up, and
    the sum is suppressed when any part is (a part's value must not leak)."""
    folded: dict[str, Cell] = {}
    for code, raw in values.items():
        cell = _as_cell(raw)
        key = map_code(code)
        previous = folded.get(key)
        if previous is None:
            folded[key] = cell
        elif previous.suppressed or cell.suppressed:
            folded[key] = Cell(None, suppressed=True)
        elif previous.value is None or cell.value is None:
            folded[key] = Cell(previous.value if cell.value is None else cell.value)
        else:
            folded[key] = Cell(previous.value + cell.value)
    return folded


def class_breaks(values: Iterable[Decimal], classes: int = len(PALETTE)) -> list[Decimal]:
    """Upper bounds of equal-width classes from 0 to the largest value."""
    top = max((v for v in values), default=Decimal(0))
    if top <= 0:
        return []
    step = top / classes
    return [step * (i + 1) for i in range(classes)]


def colour_for(cell: Cell | None, breaks: list[Decimal]) -> str:
    if cell is None or (cell.value is None and not cell.suppressed):
        return NO_DATA
    if cell.suppressed:
        return SUPPRESSED
    assert cell.value is not None
    for colour, upper in zip(PALETTE, breaks, strict=False):
        if cell.value <= upper:
            return colour
    return PALETTE[-1] if breaks else PALETTE[0]


class _Projection:
    """Equirectangular projection scaled by the cosine of the middle latitude, fitted
    to the drawing area (Morocco spans too little latitude for distortion to matter)."""

    def __init__(self, width: float, height: float, margin: float = 8) -> None:
        xs: list[float] = []
        ys: list[float] = []
        for feature in features():
            for ring in _rings(feature["geometry"]):
                xs.extend(point[0] for point in ring)
                ys.extend(point[1] for point in ring)
        self.west, self.east = min(xs), max(xs)
        self.south, self.north = min(ys), max(ys)
        self.kx = math.cos(math.radians((self.south + self.north) / 2))
        span_x = (self.east - self.west) * self.kx
        span_y = self.north - self.south
        self.scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        self.offset_x = margin + ((width - 2 * margin) - span_x * self.scale) / 2
        self.offset_y = margin + ((height - 2 * margin) - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.offset_x + (lon - self.west) * self.kx * self.scale
        y = self.offset_y + (self.north - lat) * self.scale
        return x, y


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _path(geometry: dict[str, Any], project: _Projection) -> str:
    parts = []
    for ring in _rings(geometry):
        points = [project(lon, lat) for lon, lat in ring]
        head, *tail = points
        parts.append(
            f"M{head[0]:.1f} {head[1]:.1f}" + "".join(f"L{x:.1f} {y:.1f}" for x, y in tail) + "Z"
        )
    return "".join(parts)


def _number(value: Decimal) -> str:
    places = 0 if value == value.to_integral_value() else 1
    return number_format(value.quantize(Decimal(1).scaleb(-places)), places, force_grouping=True)


def province_map_svg(values: dict[str, Cell | Decimal | None], *, title: str = "") -> str:
    """An SVG choropleth of the provinces: `values` maps province HCP codes to a Cell
    (suppressed cells are drawn in grey, "<5" in the legend) or a plain number. Names
    come in the active language; the legend reads right to left in Arabic."""
    cells = fold(values)
    shown = [c.value for c in cells.values() if c.value is not None and not c.suppressed]
    breaks = class_breaks(shown)
    project = _Projection(WIDTH, MAP_HEIGHT)
    arabic = current_language() == "ar"
    name_field = "name_ar" if arabic else "name_fr"
    title_height = 30 if title else 0
    height = title_height + MAP_HEIGHT + LEGEND_HEIGHT
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="province-map" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-label="{escape(title or gettext("Map of the provinces"))}">'
    ]
    if title:
        anchor = "end" if arabic else "start"
        x = WIDTH - 8 if arabic else 8
        out.append(
            f'<text x="{x}" y="20" font-size="16" font-weight="bold" text-anchor="{anchor}">'
            f"{escape(title)}</text>"
        )
    out.append(f'<g transform="translate(0 {title_height})">')
    for feature in features():
        properties = feature["properties"]
        code = properties["hcp_code"]
        cell = cells.get(code)
        label = properties.get(name_field) or properties.get("name_fr", code)
        tooltip = f"{label}: {cell.display}" if cell is not None else label
        out.append(
            f'<path d="{_path(feature["geometry"], project)}" fill="{colour_for(cell, breaks)}" '
            f'stroke="{STROKE}" stroke-width="0.4" data-code="{escape(code)}">'
            f"<title>{escape(tooltip)}</title></path>"
        )
    out.append("</g>")
    out.append(_legend(breaks, title_height + MAP_HEIGHT, arabic))
    out.append("</svg>")
    return "".join(out)


def _legend(breaks: list[Decimal], top: int, arabic: bool) -> str:
    entries: list[tuple[str, str]] = []
    lower = Decimal(0)
    for colour, upper in zip(PALETTE, breaks, strict=False):
        entries.append((colour, f"{_number(lower)} \u2013 {_number(upper)}"))
        lower = upper
    entries.append((SUPPRESSED, gettext("fewer than %(count)s people") % {"count": MIN_PEOPLE}))
    entries.append((NO_DATA, gettext("no data")))
    out = [f'<g class="legend" transform="translate(0 {top})" font-size="12">']
    columns = 2
    column_width = WIDTH / columns
    for index, (colour, text) in enumerate(entries):
        row, column = divmod(index, columns)
        y = 8 + row * 22
        if arabic:
            x = WIDTH - 8 - column * column_width
            out.append(
                f'<rect x="{x - 16:.0f}" y="{y}" width="16" height="14" fill="{colour}" '
                f'stroke="{STROKE}" stroke-width="0.5"/>'
                f'<text x="{x - 22:.0f}" y="{y + 11}" text-anchor="end">{escape(text)}</text>'
            )
        else:
            x = 8 + column * column_width
            out.append(
                f'<rect x="{x:.0f}" y="{y}" width="16" height="14" fill="{colour}" '
                f'stroke="{STROKE}" stroke-width="0.5"/>'
                f'<text x="{x + 22:.0f}" y="{y + 11}">{escape(text)}</text>'
            )
    out.append("</g>")
    return "".join(out)


def echarts_series_data(rows: Iterable[tuple[str, str, Cell]]) -> list[dict[str, Any]]:
    """province_values() rows as ECharts map data ({name: feature code, value, label}),
    folded to the map's features; suppressed provinces get no value but a "<5" label."""
    names = {code: name for code, name, _cell in rows}
    folded = fold({code: cell for code, _name, cell in rows})
    data = []
    for code, cell in folded.items():
        data.append(
            {
                "name": code,
                "value": None if cell.value is None else float(cell.value),
                "display": cell.display,
                "suppressed": cell.suppressed,
                "province": names.get(code, code),
            }
        )
    return data
