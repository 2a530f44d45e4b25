"""Bar charts for the funder PDF, drawn on the server as inline SVG (no JavaScript).

Only the bars are SVG; the labels and figures beside them are HTML table cells. WeasyPrint
draws SVG text glyph by glyph, without Arabic shaping or bidi (an Arabic label comes out
as unjoined letters in the wrong order), while HTML text is shaped by Pango like the rest
of the page. A chart is therefore a table of rows: label | bar | figure, and the bar of a
right-to-left report grows from the right.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString

ACTUAL_COLOR = "#1f7a5a"
TARGET_COLOR = "#b8412c"
TRACK_COLOR = "#e9ecef"
BAR_WIDTH = 240
BAR_HEIGHT = 14
# Achievement bars stop at 150%: a far overshoot should not flatten every other bar.
ACHIEVEMENT_CAP = Decimal("1.5")


@dataclass(frozen=True)
class ChartRow:
    """One line of a chart: `label` and `figure` are plain text for the HTML cells."""

    label: str
    figure: str
    svg: SafeString


def bar_svg(
    share: float | None,
    *,
    marker: float | None = None,
    rtl: bool = False,
    width: int = BAR_WIDTH,
    height: int = BAR_HEIGHT,
    color: str = ACTUAL_COLOR,
) -> SafeString:
    """A horizontal bar filling `share` (0..1) of its track, with an optional target
    tick at `marker` (0..1). No bar is drawn for None (a suppressed or missing value)."""
    parts = [
        format_html(
            '<rect x="0" y="0" width="{}" height="{}" fill="{}"/>', width, height, TRACK_COLOR
        )
    ]
    if share is not None:
        length = round(max(0.0, min(share, 1.0)) * width, 1)
        x = round(width - length, 1) if rtl else 0
        parts.append(
            format_html(
                '<rect x="{}" y="0" width="{}" height="{}" fill="{}"/>', x, length, height, color
            )
        )
    if marker is not None:
        position = max(0.0, min(marker, 1.0)) * width
        tick = round(width - position if rtl else position, 1)
        parts.append(
            format_html(
                '<line x1="{}" y1="-2" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>',
                tick,
                tick,
                height + 2,
                TARGET_COLOR,
            )
        )
    body = SafeString("".join(parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar" width="{w}" height="{h}" '
        'viewBox="0 -2 {w} {h}" role="img" aria-hidden="true">{body}</svg>',
        w=width,
        h=height + 4,
        body=body,
    )


def achievement_chart(
    rows: Iterable[tuple[str, Decimal | None, str]], *, rtl: bool = False
) -> list[ChartRow]:
    """Actual against target, as a share of the target: rows of (label, ratio, figure),
    ratio = actual / target (None when either is missing or suppressed). The red tick
    marks 100%."""
    items = list(rows)
    ratios = [ratio for _label, ratio, _figure in items if ratio is not None]
    scale = min(max([Decimal(1), *ratios]), ACHIEVEMENT_CAP)
    target_at = float(Decimal(1) / scale)
    return [
        ChartRow(
            label=label,
            figure=figure,
            svg=bar_svg(
                None if ratio is None else float(min(ratio, scale) / scale),
                marker=target_at,
                rtl=rtl,
            ),
        )
        for label, ratio, figure in items
    ]


def amount_chart(
    rows: Iterable[tuple[str, Decimal | None, str]], *, rtl: bool = False
) -> list[ChartRow]:
    """Amounts on one scale (the largest fills the track): rows of (label, value, figure)."""
    items = list(rows)
    largest = max((value for _label, value, _figure in items if value), default=Decimal(0))
    return [
        ChartRow(
            label=label,
            figure=figure,
            svg=bar_svg(
                None if value is None else (float(value / largest) if largest else 0.0),
                rtl=rtl,
            ),
        )
        for label, value, figure in items
    ]
