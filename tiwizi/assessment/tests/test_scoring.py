"""The one scoring rule (scoring.py), on examples computed by hand."""

from decimal import Decimal

import pytest

from tiwizi.assessment.scoring import DimensionQuestions, change, mean_score, round_score, score

D = Decimal

# governance: questions 1, 2, 3; finance: 4, 5; production: 6.
FRAMEWORK = [
    DimensionQuestions("governance", [1, 2, 3]),
    DimensionQuestions("finance", [4, 5]),
    DimensionQuestions("production", [6]),
]


def test_dimension_score_is_the_mean_of_answered_levels_out_of_4_as_a_percentage():
    # governance: (2 + 3) / 2 = 2.5 -> 2.5 / 4 * 100 = 62.5 (question 3 unanswered)
    # finance: (4 + 0) / 2 = 2 -> 50.0
    scores = score(FRAMEWORK, {1: 2, 2: 3, 4: 4, 5: 0})
    assert scores.dimensions == {"governance": D("62.5"), "finance": D("50.0"), "production": None}


def test_unanswered_questions_count_neither_as_zero_nor_in_the_number_of_questions():
    # Only question 1 answered, at 4: the dimension scores 100, not 4 / 3 / 4 * 100.
    scores = score(FRAMEWORK, {1: 4})
    assert scores.dimensions["governance"] == D("100.0")
    assert (scores.answered, scores.total, scores.unanswered) == (1, 6, 5)


def test_overall_is_the_mean_of_scored_dimensions_rounded_half_up():
    # (62.5 + 50.0) / 2 = 56.25 -> 56.3 (half up, not half even); production has no
    # answer, so it is left out rather than counted as 0.
    scores = score(FRAMEWORK, {1: 2, 2: 3, 4: 4, 5: 0})
    assert scores.overall == D("56.3")


def test_every_dimension_weighs_the_same_whatever_its_number_of_questions():
    # governance 3 questions at 4 -> 100; production 1 question at 0 -> 0; overall 50,
    # not (4 + 4 + 4 + 0) / 4 / 4 * 100 = 75.
    scores = score(FRAMEWORK, {1: 4, 2: 4, 3: 4, 6: 0})
    assert scores.dimensions["governance"] == D("100.0")
    assert scores.dimensions["production"] == D("0.0")
    assert scores.overall == D("50.0")


def test_thirds_are_rounded_to_one_decimal():
    # governance (1 + 1 + 2) / 3 / 4 * 100 = 33.333… -> 33.3; finance (3 + 4) / 2 -> 87.5
    # overall (33.333… + 87.5) / 2 = 60.4166… -> 60.4
    scores = score(FRAMEWORK, {1: 1, 2: 1, 3: 2, 4: 3, 5: 4})
    assert scores.dimensions["governance"] == D("33.3")
    assert scores.dimensions["finance"] == D("87.5")
    assert scores.overall == D("60.4")


def test_overall_is_computed_from_exact_dimension_scores_not_rounded_ones():
    # governance (0 + 1 + 1) / 3 / 4 * 100 = 16.666… (shown 16.7); production 0 -> 0.0.
    # Exact: 16.666… / 2 = 8.333… -> 8.3. From the rounded scores it would be
    # (16.7 + 0) / 2 = 8.35 -> 8.4: the rule says 8.3.
    scores = score(FRAMEWORK, {1: 0, 2: 1, 3: 1, 6: 0})
    assert scores.dimensions["governance"] == D("16.7")
    assert scores.overall == D("8.3")


def test_no_answer_gives_no_score_at_all():
    scores = score(FRAMEWORK, {})
    assert scores.overall is None
    assert set(scores.dimensions.values()) == {None}
    assert (scores.answered, scores.total) == (0, 6)


def test_levels_of_questions_outside_the_framework_are_ignored():
    assert score(FRAMEWORK, {1: 4, 99: 0}).overall == D("100.0")


def test_dimensions_keep_the_framework_order():
    assert list(score(FRAMEWORK, {}).dimensions) == ["governance", "finance", "production"]


@pytest.mark.parametrize(
    ("latest", "baseline", "expected"),
    [(D("62.5"), D("50.0"), D("12.5")), (D("40.0"), D("41.7"), D("-1.7")),
     (D("50.0"), D("50.0"), D("0.0")), (None, D("50.0"), None), (D("50.0"), None, None)],
)  # fmt: skip
def test_change_is_the_difference_of_the_rounded_scores(latest, baseline, expected):
    assert change(latest, baseline) == expected


def test_mean_score_over_organizations_leaves_out_missing_scores_and_rounds_half_up():
    # (56.3 + 50.0) / 2 = 53.15 -> 53.2
    assert mean_score([D("56.3"), D("50.0"), None]) == D("53.2")
    assert mean_score([None, None]) is None
    assert mean_score([]) is None


def test_round_score_is_exact_half_up():
    from fractions import Fraction

    assert round_score(Fraction(12495, 200)) == D("62.5")  # 62.475 -> 62.5
    assert round_score(Fraction(1249, 20)) == D("62.5")  # 62.45 -> 62.5
    assert round_score(Fraction(12489, 200)) == D("62.4")  # 62.445 -> 62.4
    assert round_score(Fraction(100)) == D("100.0")
    assert str(round_score(Fraction(100))) == "100.0"
