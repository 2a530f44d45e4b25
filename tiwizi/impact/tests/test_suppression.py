"""Small-number suppression: figures about fewer than 5 people are hidden from funders
and the public, and a total never gives a hidden cell back."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tiwizi.impact.results import Audience, Cell, Figure, suppress, suppress_breakdown


def people(n: int) -> Figure:
    return Figure(Decimal(n), people=n)


def test_staff_see_every_figure():
    assert suppress(people(3), Audience.STAFF) == Cell(Decimal(3))


def test_funders_and_the_public_see_small_figures_as_fewer_than_five():
    for audience in (Audience.FUNDER, Audience.PUBLIC):
        cell = suppress(people(4), audience)
        assert cell.suppressed and cell.value is None and cell.display == "<5"
        assert suppress(people(5), audience) == Cell(Decimal(5))


def test_zero_and_figures_not_about_people_are_shown():
    assert suppress(people(0), Audience.PUBLIC) == Cell(Decimal(0))
    assert suppress(Figure(Decimal(2)), Audience.PUBLIC) == Cell(Decimal(2))


def test_an_average_over_one_or_two_organizations_is_hidden():
    assert suppress(Figure(Decimal("12.5"), organizations=2), Audience.FUNDER).suppressed
    assert not suppress(Figure(Decimal("12.5"), organizations=3), Audience.FUNDER).suppressed


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it():
    cells = suppress_breakdown(
        {"female": people(3), "male": people(40)}, Audience.FUNDER, total_shown=True
    )
    assert cells["female"].suppressed and cells["male"].suppressed


def test_the_complement_is_the_smallest_other_non_zero_cell():
    figures = {"a": people(2), "b": people(0), "c": people(9), "d": people(30)}
    cells = suppress_breakdown(figures, Audience.PUBLIC)
    assert [k for k, c in cells.items() if c.suppressed] == ["a", "c"]
    assert cells["b"] == Cell(Decimal(0)) and cells["d"] == Cell(Decimal(30))


def test_two_hidden_cells_need_no_complement():
    figures = {"a": people(2), "b": people(3), "c": people(30)}
    cells = suppress_breakdown(figures, Audience.PUBLIC)
    assert [k for k, c in cells.items() if c.suppressed] == ["a", "b"]


def test_staff_breakdowns_are_left_whole():
    cells = suppress_breakdown({"a": people(1), "b": people(30)}, Audience.STAFF)
    assert not any(c.suppressed for c in cells.values())


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 40), min_size=1, max_size=8))
def test_total_minus_the_visible_cells_never_reveals_a_hidden_cell(counts):
    """Whatever the breakdown, when the total is shown, a reader who subtracts the visible
    cells from it learns at most the sum of two or more hidden cells, never one of them."""
    total = sum(counts.values())
    total_cell = suppress(people(total), Audience.PUBLIC)
    cells = suppress_breakdown(
        {k: people(v) for k, v in counts.items()},
        Audience.PUBLIC,
        total_shown=not total_cell.suppressed,
    )
    hidden = [k for k, c in cells.items() if c.suppressed]
    for key, cell in cells.items():
        if 0 < counts[key] < 5:
            assert cell.suppressed, "every small cell is hidden"
    if hidden and not total_cell.suppressed:
        assert len(hidden) >= 2, "one hidden cell would be the total minus the visible ones"
        visible = sum(c.value for c in cells.values() if not c.suppressed)
        remainder = total - visible
        # The remainder is the sum of several hidden cells: it equals none of them alone
        # unless the others are all zero, which a complement never is when it can avoid it.
        others_non_zero = [k for k in hidden if counts[k]]
        if len(others_non_zero) >= 2:
            assert all(remainder != counts[k] for k in others_non_zero)
