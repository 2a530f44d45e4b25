"""overall_scores() sums levels in the database and must give exactly what scoring.score()
gives from the individual answers, partial answers and uneven dimensions included."""

import random

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiwizi.assessment import results


def test_database_sums_give_the_same_overall_score_as_the_answers(
    make_assessment, make_organization, questions
):
    rng = random.Random(7)
    assessments = []
    for _ in range(12):
        levels = {
            code: [rng.randint(0, 4) for _ in range(rng.randint(0, len(dimension)))]
            for code, dimension in questions.items()
        }
        assessments.append(make_assessment(make_organization(), levels))
    assessments.append(make_assessment(make_organization(), {}, submit=False))  # no answer
    expected = {pk: s.overall for pk, s in results.scores_for(assessments).items()}

    with CaptureQueriesContext(connection) as queries:
        computed = results.overall_scores(a.pk for a in assessments)
    assert computed == expected
    assert any(value is None for value in computed.values())
    assert len(queries) == 1
