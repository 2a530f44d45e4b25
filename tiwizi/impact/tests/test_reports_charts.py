"""Server-side SVG bars of the funder PDF."""

import re
from decimal import Decimal

from tiwizi.impact.reports.charts import BAR_WIDTH, achievement_chart, amount_chart, bar_svg


def _rects(svg: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', rect)) for rect in re.findall(r"<rect [^>]*>", svg)]


def test_a_bar_grows_from_the_start_of_the_line():
    track, bar = _rects(bar_svg(0.25))
    assert track["width"] == str(BAR_WIDTH)
    assert (bar["x"], bar["width"]) == ("0", "60.0")


def test_a_right_to_left_bar_grows_from_the_right():
    _track, bar = _rects(bar_svg(0.25, rtl=True))
    assert (bar["x"], bar["width"]) == ("180.0", "60.0")


def test_no_bar_is_drawn_for_a_hidden_or_missing_value():
    assert len(_rects(bar_svg(None))) == 1


def test_the_target_mark_is_mirrored_too():
    ltr = re.search(r'<line x1="([\d.]+)"', str(bar_svg(0.5, marker=0.75)))
    rtl = re.search(r'<line x1="([\d.]+)"', str(bar_svg(0.5, marker=0.75, rtl=True)))
    assert ltr and rtl
    assert (ltr.group(1), rtl.group(1)) == ("180.0", "60.0")


def test_achievement_bars_stop_at_150_percent_with_the_target_mark_in_proportion():
    rows = achievement_chart(
        [("far over", Decimal(3), "300%"), ("half", Decimal("0.5"), "50%"), ("hidden", None, "—")]
    )
    over, half, hidden = (_rects(row.svg) for row in rows)
    assert over[1]["width"] == str(float(BAR_WIDTH))
    assert half[1]["width"] == "80.0"  # 0.5 / 1.5 of the track
    assert len(hidden) == 1
    assert 'x1="160.0"' in rows[0].svg  # 100% sits at 1 / 1.5 of the track


def test_amount_bars_share_one_scale():
    rows = amount_chart([("a", Decimal(50), "50"), ("b", Decimal(200), "200")])
    assert [_rects(row.svg)[1]["width"] for row in rows] == ["60.0", "240.0"]
    assert [row.label for row in rows] == ["a", "b"]
