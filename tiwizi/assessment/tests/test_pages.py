"""The assessment pages: the list, starting, filling in one dimension at a time with
HTMX, submitting, correcting, deleting a draft, an organization's results with its
radar chart, a cohort's averages, the Excel export."""

import datetime
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tiwizi.assessment import services
from tiwizi.assessment.models import Answer, Assessment
from tiwizi.assessment.tests.conftest import BASELINE_DAY, FOLLOW_UP_DAY


class _Scripts(HTMLParser):
    """Every <script>, style= and on*= of a page: what the CSP would have to allow."""

    def __init__(self):
        super().__init__()
        self.inline_scripts, self.data_blocks, self.sources, self.problems = [], [], [], []
        self._tag = None

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script":
            if names.get("src"):
                self.sources.append(names["src"])
            elif names.get("type") == "application/json":
                self.data_blocks.append(names.get("id"))
            else:
                self.inline_scripts.append(names)
        for name in names:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
        if tag == "style":
            self.problems.append("<style>")


def scripts(html):
    parser = _Scripts()
    parser.feed(html)
    return parser


def chart_data(html):
    match = re.search(
        r'<script id="assessment-chart-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "no chart data block"
    return json.loads(match.group(1))


@pytest.fixture
def assessed(participation, cooperative, make_assessment):
    """A baseline in March 2025 and a follow-up in March 2026 by the program staff."""
    before = {"governance": 1, "finance": 2, "production": 1, "marketing": 1, "skills": 2,
              "partnerships": 0}  # fmt: skip
    after = {"governance": 3, "finance": 3, "production": 2, "marketing": 2, "skills": 2,
             "partnerships": 1}  # fmt: skip
    baseline = make_assessment(cooperative, before)
    follow_up = make_assessment(
        cooperative, after, kind=Assessment.Kind.FOLLOW_UP, date=FOLLOW_UP_DAY
    )
    return baseline, follow_up


# The list


def test_the_list_shows_visible_assessments_with_their_overall_score(
    client_for, program_manager, assessed
):
    response = client_for(program_manager).get(reverse("assessment:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Coopérative Safran Taliouine" in html
    # baseline: dimensions 25, 50, 25, 25, 50, 0 -> overall 175 / 6 = 29.166… -> 29.2
    assert "29.2" in html
    assert "Promotion 2025" in html  # the cohort results link


def test_the_list_filters_with_htmx(client_for, program_manager, assessed):
    response = client_for(program_manager).get(
        reverse("assessment:index"), {"kind": "follow_up"},
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="assessment-results",
    )  # fmt: skip
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('href="/assessment/') == 1
    assert "Follow-up" in html


def test_a_funder_sees_cohorts_only_on_the_list(client_for, funder, assessed):
    html = client_for(funder).get(reverse("assessment:index")).content.decode()
    assert "Promotion 2025" in html
    assert "Coopérative Safran Taliouine" not in html
    assert reverse("assessment:export") not in html


# Starting


def test_staff_start_a_baseline_from_the_results_page_link(
    client_for, trainer, cooperative, participation, version
):
    client = client_for(trainer)
    form = client.get(
        reverse("assessment:start"), {"organization": cooperative.pk, "kind": "baseline"}
    )
    assert form.status_code == 200
    assert f'value="{cooperative.pk}" selected' in form.content.decode()
    response = client.post(
        reverse("assessment:start"),
        {"organization": cooperative.pk, "kind": "baseline", "date": "2025-03-10",
         "version": version.pk, "notes": ""},
    )  # fmt: skip
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessment:fill", args=[assessment.pk])
    assert not assessment.is_self_assessment
    assert assessment.assessor == trainer


def test_a_cooperative_manager_starts_a_self_assessment(
    client_for, cooperative_manager, cooperative, version
):
    client_for(cooperative_manager).post(
        reverse("assessment:start"),
        {"organization": cooperative.pk, "kind": "baseline", "date": "2025-03-10",
         "version": version.pk},
    )  # fmt: skip
    assert Assessment.objects.get().is_self_assessment


def test_starting_shows_refusals_beside_the_field(
    client_for, program_manager, cooperative, participation, version, make_assessment
):
    make_assessment(cooperative)
    response = client_for(program_manager).post(
        reverse("assessment:start"),
        {"organization": cooperative.pk, "kind": "baseline", "date": "2025-03-10",
         "version": version.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "already has a baseline" in response.content.decode()
    assert Assessment.objects.count() == 1


def test_starting_is_refused_for_an_organization_outside_the_programs(
    client_for, program_manager, other_cooperative, participation, version
):
    response = client_for(program_manager).post(
        reverse("assessment:start"),
        {"organization": other_cooperative.pk, "kind": "baseline", "date": "2025-03-10",
         "version": version.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_funder_cannot_start_an_assessment(client_for, funder, participation):
    assert client_for(funder).get(reverse("assessment:start")).status_code == 403


# Filling in


def test_the_fill_page_shows_one_dimension_with_keyboard_usable_radios(
    client_for, program_manager, cooperative, participation, make_assessment
):
    draft = make_assessment(cooperative, {"governance": [2]}, submit=False)
    response = client_for(program_manager).get(reverse("assessment:fill", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset>") == 5  # governance has five questions
    assert html.count('type="radio"') == 25
    # Each radio is labelled by its level's description.
    radio = re.search(r'<input[^>]*type="radio"[^>]*id="(q\d+-level-0)"', html).group(1)
    assert f'<label class="form-check-label" for="{radio}">' in html
    assert "No general assembly has been held in the last two years." in html
    assert 'aria-current="step"' in html
    assert "1 of 30 question answered" in html or "1 of 30 questions answered" in html
    assert scripts(html).inline_scripts == [] and scripts(html).problems == []


@pytest.mark.parametrize("step", ["3", "abc", "-1", "99", "1.5", "9" * 40])
def test_any_step_parameter_shows_a_step(
    client_for, program_manager, cooperative, participation, make_assessment, step
):
    draft = make_assessment(cooperative, submit=False)
    response = client_for(program_manager).get(
        reverse("assessment:fill", args=[draft.pk]), {"step": step}
    )
    assert response.status_code == 200


def test_choosing_a_level_saves_it_and_returns_the_updated_fragment(
    client_for, program_manager, cooperative, participation, make_assessment, questions
):
    draft = make_assessment(cooperative, {}, submit=False)
    question = questions["finance"][1]
    response = client_for(program_manager).post(
        reverse("assessment:answer", args=[draft.pk, question.pk]),
        {"level": "3", "comment": " Relevé de compte vu ", "step": "2"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert (
        html.startswith(f'<form id="question-{question.pk}"')
        or f'id="question-{question.pk}"' in html
    )
    assert f'id="q{question.pk}-level-3" checked' in html
    assert "Saved" in html
    assert 'id="assessment-progress"' in html and 'hx-swap-oob="true"' in html
    assert 'id="step-count-2"' in html  # finance is step 2: its count is refreshed
    answer = Answer.objects.get(assessment=draft)
    assert (answer.question, answer.level, answer.comment) == (question, 3, "Relevé de compte vu")


def test_without_javascript_an_answer_redirects_back_to_its_step(
    client_for, program_manager, cooperative, participation, make_assessment, questions
):
    draft = make_assessment(cooperative, {}, submit=False)
    question = questions["marketing"][0]
    response = client_for(program_manager).post(
        reverse("assessment:answer", args=[draft.pk, question.pk]), {"level": "1", "step": "4"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?step=4#question-{question.pk}")
    assert Answer.objects.get(assessment=draft).level == 1


@pytest.mark.parametrize(
    "data", [{"level": "7"}, {"level": "abc"}, {"level": ""}, {"comment": "sans niveau"},
             {"level": "2", "comment": "x" * 3000}, {"level": "-1"}],
)  # fmt: skip
def test_a_bad_answer_shows_an_error_and_saves_nothing(
    client_for, program_manager, cooperative, participation, make_assessment, questions, data
):
    draft = make_assessment(cooperative, {}, submit=False)
    question = questions["governance"][0]
    response = client_for(program_manager).post(
        reverse("assessment:answer", args=[draft.pk, question.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'class="text-danger"' in response.content.decode()
    assert not Answer.objects.exists()


def test_a_comment_without_a_level_is_kept_in_the_box(
    client_for, program_manager, cooperative, participation, make_assessment, questions
):
    draft = make_assessment(cooperative, {}, submit=False)
    question = questions["governance"][0]
    response = client_for(program_manager).post(
        reverse("assessment:answer", args=[draft.pk, question.pk]),
        {"comment": "PV introuvable"}, HTTP_HX_REQUEST="true",
    )  # fmt: skip
    html = response.content.decode()
    assert "Choose a level before adding a comment." in html
    assert ">PV introuvable</textarea>" in html


def test_an_answer_can_be_cleared(
    client_for, program_manager, cooperative, participation, make_assessment, questions
):
    draft = make_assessment(cooperative, {"governance": [3]}, submit=False)
    question = questions["governance"][0]
    client_for(program_manager).post(
        reverse("assessment:answer", args=[draft.pk, question.pk]),
        {"level": "3", "clear": "1"}, HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert not Answer.objects.exists()


def test_a_question_of_another_version_is_404(
    client_for, program_manager, cooperative, participation, make_assessment, version
):
    draft = make_assessment(cooperative, submit=False)
    foreign = services.draft_new_version(version).dimensions.first().questions.first()
    response = client_for(program_manager).post(
        reverse("assessment:answer", args=[draft.pk, foreign.pk]), {"level": "1"}
    )
    assert response.status_code == 404


def test_answering_a_submitted_assessment_is_forbidden(
    client_for, program_manager, assessed, questions
):
    baseline, _follow_up = assessed
    question = questions["governance"][0]
    response = client_for(program_manager).post(
        reverse("assessment:answer", args=[baseline.pk, question.pk]), {"level": "4"}
    )
    assert response.status_code == 403
    assert baseline.answers.get(question=question).level == 1
    fill = client_for(program_manager).get(reverse("assessment:fill", args=[baseline.pk]))
    assert fill["Location"] == baseline.get_absolute_url()


# Submitting


def test_the_submit_page_warns_about_unanswered_questions(
    client_for, program_manager, cooperative, participation, make_assessment
):
    draft = make_assessment(cooperative, {"governance": 2}, submit=False)
    html = (
        client_for(program_manager)
        .get(reverse("assessment:submit", args=[draft.pk]))
        .content.decode()
    )
    assert "25 questions are still unanswered." in html
    assert "left out of the scores" in html
    assert "Submit with unanswered questions" in html
    assert f"{reverse('assessment:fill', args=[draft.pk])}?step=2" in html


def test_submitting_locks_and_redirects_to_the_assessment(
    client_for, program_manager, cooperative, participation, make_assessment
):
    draft = make_assessment(cooperative, 4, submit=False)
    client = client_for(program_manager)
    page = client.get(reverse("assessment:submit", args=[draft.pk])).content.decode()
    assert "Every question has been answered." in page
    response = client.post(
        reverse("assessment:submit", args=[draft.pk]), {"date": "2025-03-11", "notes": ""}
    )
    assert response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.is_submitted and draft.date == datetime.date(2025, 3, 11)
    again = client.post(reverse("assessment:submit", args=[draft.pk]), {"date": "2025-03-12"})
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.date == datetime.date(2025, 3, 11)


@pytest.mark.parametrize("date", ["", "garbage", "2025-02-30", "9999999-01-01", "2999-01-01"])
def test_a_bad_submit_date_shows_an_error(
    client_for, program_manager, cooperative, participation, make_assessment, date
):
    draft = make_assessment(cooperative, 2, submit=False)
    response = client_for(program_manager).post(
        reverse("assessment:submit", args=[draft.pk]), {"date": date}
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_an_empty_draft_cannot_be_submitted(
    client_for, program_manager, cooperative, participation, make_assessment
):
    draft = make_assessment(cooperative, {}, submit=False)
    response = client_for(program_manager).post(
        reverse("assessment:submit", args=[draft.pk]), {"date": "2025-03-10"}
    )
    assert "Answer at least one question before submitting." in response.content.decode()


# Correcting and deleting


def test_a_submitted_assessment_is_corrected_by_a_new_one(client_for, program_manager, assessed):
    baseline, _follow_up = assessed
    client = client_for(program_manager)
    detail = client.get(baseline.get_absolute_url()).content.decode()
    assert reverse("assessment:supersede", args=[baseline.pk]) in detail
    assert (
        "Correct this assessment?"
        in client.get(reverse("assessment:supersede", args=[baseline.pk])).content.decode()
    )
    response = client.post(reverse("assessment:supersede", args=[baseline.pk]))
    correction = Assessment.objects.get(supersedes=baseline)
    assert response["Location"] == reverse("assessment:fill", args=[correction.pk])
    assert correction.answers.count() == baseline.answers.count()
    detail = client.get(baseline.get_absolute_url()).content.decode()
    assert "A correction of this assessment is being filled in" in detail
    assert client.post(reverse("assessment:supersede", args=[baseline.pk])).status_code == 403


def test_a_draft_is_deleted_after_confirmation(
    client_for, program_manager, cooperative, participation, make_assessment
):
    draft = make_assessment(cooperative, {"governance": [1, 2]}, submit=False)
    client = client_for(program_manager)
    page = client.get(reverse("assessment:discard", args=[draft.pk])).content.decode()
    assert "The draft and its 2 answers will be deleted." in page
    response = client.post(reverse("assessment:discard", args=[draft.pk]))
    assert response["Location"] == reverse("assessment:organization", args=[cooperative.pk])
    assert not Assessment.objects.exists()


def test_a_submitted_assessment_cannot_be_deleted(client_for, program_manager, assessed):
    baseline, _follow_up = assessed
    assert (
        client_for(program_manager)
        .post(reverse("assessment:discard", args=[baseline.pk]))
        .status_code
        == 403
    )
    assert Assessment.objects.filter(pk=baseline.pk).exists()


def test_the_detail_page_shows_answers_scores_and_history(client_for, program_manager, assessed):
    baseline, _follow_up = assessed
    html = client_for(program_manager).get(baseline.get_absolute_url()).content.decode()
    assert "Submitted on" in html
    assert "29.2" in html  # overall
    assert "Not answered" not in html
    assert "History" in html and "Started" in html and "Overall score" in html


# Results of one organization


def test_the_results_page_compares_baseline_and_latest_in_a_chart_and_a_table(
    client_for, program_manager, assessed
):
    baseline, _follow_up = assessed
    response = client_for(program_manager).get(
        reverse("assessment:organization", args=[baseline.organization_id])
    )
    html = response.content.decode()
    assert response.status_code == 200
    data = chart_data(html)
    assert data["dir"] == "ltr"
    governance = data["indicators"][0]["name"]
    assert governance == "Governance and legal compliance (law 112-12)"
    assert [s["role"] for s in data["series"]] == ["baseline", "latest"]
    assert data["series"][0]["values"] == [25.0, 50.0, 25.0, 25.0, 50.0, 0.0]
    assert data["series"][1]["values"] == [75.0, 75.0, 50.0, 50.0, 50.0, 25.0]
    # Overall: baseline 175 / 6 = 29.2; latest 325 / 6 = 54.2; change 25.0
    assert "29.2" in html and "54.2" in html and "+25.0" in html
    assert "+50.0" in html  # governance 25 -> 75
    found = scripts(html)
    assert found.inline_scripts == [] and found.problems == []
    assert found.data_blocks == ["assessment-chart-data"]
    assert "/static/vendor/charts/echarts.min.js" in found.sources
    assert "/static/assessment/radar.js" in found.sources
    assert "To strengthen first" in html


def test_the_chart_reads_right_to_left_in_arabic(client_for, make_user, cooperative, assessed):
    from tiwizi.accounts.models import Role

    manager = make_user(Role.COOPERATIVE_MANAGER, cooperative, language="ar")
    html = (
        client_for(manager, "ar")
        .get(reverse("assessment:organization", args=[cooperative.pk]))
        .content.decode()
    )
    data = chart_data(html)
    assert data["dir"] == "rtl"
    assert data["indicators"][0]["name"] == "الحكامة والمطابقة القانونية (القانون رقم 112.12)"
    assert 'dir="rtl"' in html


def test_self_assessments_are_listed_but_not_compared(
    client_for, cooperative_manager, cooperative, assessed, make_assessment
):
    make_assessment(cooperative, 4, actor=cooperative_manager, is_self_assessment=True,
                    kind=Assessment.Kind.FOLLOW_UP, date=datetime.date(2026, 4, 1))  # fmt: skip
    html = (
        client_for(cooperative_manager)
        .get(reverse("assessment:organization", args=[cooperative.pk]))
        .content.decode()
    )
    data = chart_data(html)
    assert data["series"][1]["values"] == [75.0, 75.0, 50.0, 50.0, 50.0, 25.0]
    assert "Self-assessment" in html and "100.0" in html


def test_results_without_a_later_assessment_show_the_baseline_only(
    client_for, program_manager, cooperative, participation, make_assessment
):
    make_assessment(cooperative, 2)
    html = (
        client_for(program_manager)
        .get(reverse("assessment:organization", args=[cooperative.pk]))
        .content.decode()
    )
    assert [s["role"] for s in chart_data(html)["series"]] == ["baseline"]
    assert "shown once the cooperative has been assessed again" in html
    assert "Start a follow-up assessment" in html


def test_results_without_any_assessment_invite_to_start_the_baseline(
    client_for, program_manager, cooperative, participation
):
    html = (
        client_for(program_manager)
        .get(reverse("assessment:organization", args=[cooperative.pk]))
        .content.decode()
    )
    assert "no submitted assessment by program staff yet" in html
    assert "Start the baseline" in html
    assert "assessment-chart-data" not in html


# A cohort


def test_the_cohort_page_shows_averages_improvement_and_weakest_dimensions(
    client_for, program_manager, cohort, enroll, make_organization, make_assessment
):
    first, second, third = (make_organization() for _ in range(3))
    enroll(first, second, third)
    make_assessment(first, 1)  # baseline 25 everywhere
    make_assessment(first, 3, kind=Assessment.Kind.FOLLOW_UP, date=FOLLOW_UP_DAY)  # 75
    make_assessment(second, 2)  # 50
    make_assessment(second, 1, kind=Assessment.Kind.FOLLOW_UP, date=FOLLOW_UP_DAY)  # 25
    make_assessment(third, {"governance": 0, "finance": 4, "production": 2, "marketing": 2,
                            "skills": 2, "partnerships": 2})  # fmt: skip
    response = client_for(program_manager).get(reverse("assessment:cohort", args=[cohort.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.organizations, summary.assessed, summary.with_baseline) == (3, 3, 3)
    assert (summary.compared, summary.improved) == (2, 1)
    governance = summary.rows[0]
    # Baseline mean: (25 + 50 + 0) / 3 = 25.0; latest: (75 + 25 + 0) / 3 = 33.3
    assert (str(governance.baseline), str(governance.latest)) == ("25.0", "33.3")
    finance = summary.rows[1]
    # Baseline (25 + 50 + 100) / 3 = 58.3; latest (75 + 25 + 100) / 3 = 66.7
    assert (str(finance.baseline), str(finance.latest)) == ("58.3", "66.7")
    assert summary.weakest[0].code == "governance"
    assert "1 of the 2 organizations assessed again since their baseline improved" in html
    data = chart_data(html)
    assert [s["role"] for s in data["series"]] == ["baseline", "latest"]
    assert scripts(html).inline_scripts == []
    assert reverse("assessment:organization", args=[first.pk]) in html  # staff see the table


def test_a_funder_sees_cohort_averages_but_no_organization(
    client_for, funder, cohort, enroll, make_organization, make_assessment
):
    organizations = [make_organization() for _ in range(3)]
    enroll(*organizations)
    for organization in organizations:
        make_assessment(organization, 2)
    response = client_for(funder).get(reverse("assessment:cohort", args=[cohort.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "assessment-chart-data" in html
    for organization in organizations:
        assert reverse("assessment:organization", args=[organization.pk]) not in html
        assert organization.name not in html


def test_a_funder_sees_no_average_of_fewer_than_three_organizations(
    client_for, funder, cohort, enroll, cooperative, make_assessment
):
    enroll(cooperative)
    make_assessment(cooperative, 2)
    html = client_for(funder).get(reverse("assessment:cohort", args=[cohort.pk])).content.decode()
    assert "Averages are shown once at least 3 organizations have been assessed" in html
    assert "assessment-chart-data" not in html
    assert "50.0" not in html


# Export


def test_the_export_has_one_row_per_submitted_assessment(client_for, program_manager, assessed):
    response = client_for(program_manager).get(reverse("assessment:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Organization",
        "Province",
        "Kind",
        "Date",
        "Self-assessment",
        "Overall score",
    )
    assert rows[0][6] == "Governance and legal compliance (law 112-12)"
    assert len(rows[0]) == 6 + 6 + 1
    assert len(rows) == 3
    baseline = rows[1]
    assert baseline[0] == "Coopérative Safran Taliouine" and baseline[1] == "Ouarzazate"
    assert baseline[2] == "Baseline"
    assert baseline[3].date() == BASELINE_DAY
    assert baseline[5] == pytest.approx(29.2)
    assert baseline[6:12] == (25.0, 50.0, 25.0, 25.0, 50.0, 0.0)
    assert sheet.sheet_view.rightToLeft in (None, False)


def test_the_export_reads_right_to_left_in_arabic(client_for, make_user, ngo, assessed):
    from tiwizi.accounts.models import Role

    manager = make_user(Role.PROGRAM_MANAGER, ngo, language="ar")
    response = client_for(manager, "ar").get(reverse("assessment:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.cell(row=1, column=7).value == "الحكامة والمطابقة القانونية (القانون رقم 112.12)"


def test_the_export_follows_the_filters(client_for, program_manager, assessed):
    response = client_for(program_manager).get(reverse("assessment:export"), {"kind": "follow_up"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "Follow-up"


def test_a_funder_cannot_export(client_for, funder, assessed):
    assert client_for(funder).get(reverse("assessment:export")).status_code == 403
