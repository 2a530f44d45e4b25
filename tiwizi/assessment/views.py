"""Pages of the capacity assessment. Thin: look up within what the user may see
(missing: 404), check the named permission (refused: 403), parse with a form, call a
service, render. Each page runs a fixed number of queries whatever the data size.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tiwizi.assessment import charts, exports, permissions, results, services, support
from tiwizi.assessment.forms import (
    AnswerForm,
    AssessmentFilterForm,
    StartAssessmentForm,
    SubmitForm,
)
from tiwizi.assessment.history import assessment_history
from tiwizi.assessment.models import Answer, Assessment, Dimension, Level, Question
from tiwizi.assessment.querysets import COHORT_VIEWER_ROLES, AssessmentQuerySet
from tiwizi.programs.models import Cohort, Program
from tiwizi.registry.models import Organization
from tiwizi.registry.querysets import localized_expression

GET_POST = require_http_methods(["GET", "POST"])

# Sort keys offered by the column headers: key -> order_by fields (ascending).
SORTS = {
    "organization": ("organization_name", "-date", "pk"),
    "date": ("date", "pk"),
    "kind": ("kind", "-date", "pk"),
    "status": ("status", "-date", "pk"),
}
DEFAULT_SORT = "-date"
RECENT_COHORTS = 12


# Helpers


def _ordering(raw: str) -> tuple[str, list[str]]:
    descending = raw.startswith("-")
    key = raw.removeprefix("-")
    if key not in SORTS:
        key, descending = "date", True
    fields = [(f[1:] if f.startswith("-") else f"-{f}") if descending else f for f in SORTS[key]]
    return (f"-{key}" if descending else key), fields


def _service_errors(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _is_htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def _visible_assessment(request: HttpRequest, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(request.user)
        .with_successor()
        .select_related("organization__province", "version__framework", "assessor", "supersedes"),
        pk=pk,
    )


def _changeable_assessment(request: HttpRequest, pk: int) -> Assessment:
    assessment = _visible_assessment(request, pk)
    if not permissions.can_change_assessment(request.user, assessment):
        raise PermissionDenied
    return assessment


def _dimensions(assessment: Assessment) -> list[Dimension]:
    """The version's dimensions with their questions and levels (3 queries)."""
    questions = Question.objects.order_by("position", "pk").prefetch_related(
        Prefetch("levels", Level.objects.order_by("value"))
    )
    return list(
        Dimension.objects.filter(version_id=assessment.version_id)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("questions", questions))
    )


def _answers(assessment: Assessment) -> dict[int, Answer]:
    return {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}


def _progress(dimensions: list[Dimension], answers: dict[int, Answer]) -> list[dict[str, Any]]:
    steps = []
    for number, dimension in enumerate(dimensions, start=1):
        questions = list(dimension.questions.all())
        answered = sum(1 for q in questions if q.pk in answers)
        steps.append(
            {
                "number": number,
                "dimension": dimension,
                "answered": answered,
                "total": len(questions),
                "complete": answered == len(questions),
            }
        )
    return steps


def _step(raw: Any, count: int) -> int:
    try:
        step = int(str(raw))
    except ValueError:
        return 1
    return min(max(step, 1), max(count, 1))


# The assessment list (and the cohorts for funders)


def _filtered(user: Any, data: dict[str, Any]) -> AssessmentQuerySet:
    assessments = Assessment.objects.visible_to(user)
    if data.get("kind"):
        assessments = assessments.filter(kind=data["kind"])
    if data.get("status"):
        assessments = assessments.filter(status=data["status"])
    if data.get("author") == "staff":
        assessments = assessments.filter(is_self_assessment=False)
    elif data.get("author") == "self":
        assessments = assessments.filter(is_self_assessment=True)
    if data.get("cohort"):
        assessments = assessments.for_cohort(data["cohort"])
    if data.get("q"):
        assessments = assessments.filter(
            organization__in=Organization.objects.search(data["q"]).values("pk")
        )
    return assessments


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_see_assessment_pages(user):
        raise PermissionDenied
    cohorts = list(
        Cohort.objects.filter(
            program__in=Program.objects.partnered_with(user, *COHORT_VIEWER_ROLES)
        )
        .select_related("program")
        .order_by("-start_date", "-pk")[:RECENT_COHORTS]
    )
    context: dict[str, Any] = {"cohorts": cohorts, "sees_individual": False}
    if permissions.sees_individual_assessments(user):
        form = AssessmentFilterForm(request.GET)
        form.is_valid()
        data = form.cleaned_data
        sort, order_by = _ordering(data.get("sort") or DEFAULT_SORT)
        assessments = (
            _filtered(user, data)
            .annotate(
                organization_name=localized_expression(
                    "organization__name_fr", "organization__name_ar"
                )
            )
            .select_related("organization__province", "assessor")
            .order_by(*order_by)
        )
        page = Paginator(assessments, settings.TIWIZI_PAGE_SIZE).get_page(request.GET.get("page"))
        submitted = [a for a in page if a.is_submitted]
        context.update(
            {
                "sees_individual": True,
                "form": form,
                "page_obj": page,
                "scores": results.scores_for(submitted),
                "sort": sort,
                "default_sort": DEFAULT_SORT,
                "filtered": any(data.get(k) for k in ("q", "kind", "status", "author", "cohort")),
                "can_start": bool(_startable(user)),
                "export_query": request.GET.urlencode(),
            }
        )
        if _is_htmx(request) and request.htmx.target == "assessment-results":  # type: ignore[attr-defined]
            context["partial"] = True
            response = render(request, "assessment/partials/assessment_results.html", context)
            patch_vary_headers(response, ("HX-Request", "HX-Target"))
            return response
    response = render(request, "assessment/index.html", context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _startable(user: Any) -> bool:
    from tiwizi.assessment.forms import assessable_organizations

    return assessable_organizations(user).exists()


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Scores of the submitted assessments in the list (with its filters), as Excel."""
    user = request.user
    if not permissions.can_export(user):
        raise PermissionDenied
    form = AssessmentFilterForm(request.GET)
    form.is_valid()
    assessments = list(
        _filtered(user, form.cleaned_data)
        .submitted()
        .select_related("organization__province", "version")
        .order_by("organization__name_fr", "organization__name_ar", "date", "pk")
    )
    content = exports.scores_workbook(assessments)
    response = HttpResponse(
        content,
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    filename = f"assessment-scores-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Starting, filling in, submitting


@login_required
@GET_POST
def start(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial: dict[str, Any] = {}
    wanted = request.GET.get("organization", "")
    if wanted.isascii() and wanted.isdigit() and len(wanted) <= 18:
        initial["organization"] = int(wanted)
    kind = request.GET.get("kind", "")
    if kind in Assessment.Kind.values:
        initial["kind"] = kind
    form = StartAssessmentForm(request.POST or None, user=user, initial=initial)
    if not form.fields["organization"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        organization = data["organization"]
        staff = permissions.can_assess(user, organization)
        if not staff and not permissions.can_self_assess(user, organization):
            raise PermissionDenied
        try:
            assessment = services.start_assessment(
                user, organization, kind=data["kind"], date=data["date"],
                version=data["version"], is_self_assessment=not staff, notes=data["notes"],
            )  # fmt: skip
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(
                request,
                _("The assessment of %(organization)s has been started; answers are saved as "
                  "you go.") % {"organization": organization},
            )  # fmt: skip
            return redirect("assessment:fill", assessment.pk)
    return render(request, "assessment/start.html", {"form": form})


@login_required
@require_GET
def fill(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible_assessment(request, pk)
    if not assessment.is_draft:
        return redirect(assessment)
    if not permissions.can_change_assessment(request.user, assessment):
        raise PermissionDenied
    dimensions = _dimensions(assessment)
    answers = _answers(assessment)
    steps = _progress(dimensions, answers)
    number = _step(request.GET.get("step", 1), len(steps))
    current = steps[number - 1] if steps else None
    questions = []
    if current:
        for question in current["dimension"].questions.all():
            questions.append({"question": question, "answer": answers.get(question.pk)})
    context = {
        "assessment": assessment,
        "steps": steps,
        "step": current,
        "questions": questions,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < len(steps) else None,
        "answered": len(answers),
        "total": sum(s["total"] for s in steps),
    }
    return render(request, "assessment/fill.html", context)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Save one question's answer: the fragment for HTMX, a redirect otherwise."""
    assessment = _changeable_assessment(request, pk)
    question = get_object_or_404(
        Question.objects.filter(dimension__version_id=assessment.version_id)
        .select_related("dimension")
        .prefetch_related(Prefetch("levels", Level.objects.order_by("value"))),
        pk=question_pk,
    )
    form = AnswerForm(request.POST)
    error = ""
    if request.POST.get("clear"):
        services.clear_answer(request.user, assessment, question)
    elif form.is_valid():
        try:
            services.record_answer(
                request.user, assessment, question,
                form.cleaned_data["level"], form.cleaned_data["comment"].strip(),
            )  # fmt: skip
        except ValidationError as refused:
            error = " ".join(refused.messages)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    saved = not error
    if not _is_htmx(request):
        if error:
            messages.error(request, error)
        step = _step(request.POST.get("step", 1), 99)
        url = reverse("assessment:fill", args=[assessment.pk])
        return redirect(f"{url}?step={step}#question-{question.pk}")
    dimensions = _dimensions(assessment)
    answers = _answers(assessment)
    steps = _progress(dimensions, answers)
    number = next((s["number"] for s in steps if s["dimension"].pk == question.dimension_id), 1)
    position = next(
        (
            i
            for i, q in enumerate(steps[number - 1]["dimension"].questions.all(), start=1)
            if q.pk == question.pk
        ),
        1,
    )
    context = {
        "assessment": assessment,
        "item": {"question": question, "answer": answers.get(question.pk)},
        "position": position,
        "step_number": number,
        "question_number": f"{number}.{position}",
        "steps": steps,
        "answered": len(answers),
        "total": sum(s["total"] for s in steps),
        "saved": saved,
        "error": error,
        "sent_level": request.POST.get("level", ""),
        "sent_comment": request.POST.get("comment", ""),
        "oob": True,
    }
    return render(request, "assessment/partials/question_saved.html", context)


@login_required
@GET_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible_assessment(request, pk)
    if not assessment.is_draft:
        messages.info(request, _("This assessment has already been submitted."))
        return redirect(assessment)
    if not permissions.can_change_assessment(request.user, assessment):
        raise PermissionDenied
    form = SubmitForm(
        request.POST or None, initial={"date": assessment.date, "notes": assessment.notes}
    )
    if form.is_valid():
        try:
            services.submit_assessment(
                request.user, assessment,
                date=form.cleaned_data["date"], notes=form.cleaned_data["notes"],
            )  # fmt: skip
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(
                request,
                _("The assessment of %(organization)s has been submitted.")
                % {"organization": assessment.organization},
            )
            return redirect(assessment)
    dimensions = _dimensions(assessment)
    answers = _answers(assessment)
    steps = _progress(dimensions, answers)
    scores = results.scores_for([assessment])[assessment.pk]
    context = {
        "assessment": assessment,
        "form": form,
        "steps": steps,
        "incomplete": [s for s in steps if not s["complete"]],
        "scores": scores,
        "answered": scores.answered,
        "total": scores.total,
    }
    return render(request, "assessment/submit.html", context)


@login_required
@GET_POST
def supersede(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _visible_assessment(request, pk)
    has_successor = assessment.has_successor  # type: ignore[attr-defined]
    if not permissions.can_supersede(request.user, assessment, has_successor=has_successor):
        raise PermissionDenied
    if request.method == "POST":
        try:
            new = services.supersede(assessment, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(assessment)
        messages.success(
            request,
            _("A correction has been opened, with the answers of the submitted assessment. "
              "It replaces that assessment once you submit it."),
        )  # fmt: skip
        return redirect("assessment:fill", new.pk)
    return render(request, "assessment/supersede.html", {"assessment": assessment})


@login_required
@GET_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _changeable_assessment(request, pk)
    organization = assessment.organization
    if request.method == "POST":
        services.discard_draft(request.user, assessment)
        messages.success(request, _("The draft assessment has been deleted."))
        if permissions.can_see_results(request.user, organization):
            return redirect("assessment:organization", organization.pk)
        return redirect("assessment:index")
    answered = assessment.answers.count()
    return render(
        request, "assessment/discard.html", {"assessment": assessment, "answered": answered}
    )


# Reading


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assessment = _visible_assessment(request, pk)
    dimensions = _dimensions(assessment)
    answers = _answers(assessment)
    scores = results.scores_for([assessment])[assessment.pk]
    sections = []
    for dimension in dimensions:
        rows = []
        for question in dimension.questions.all():
            chosen = answers.get(question.pk)
            level = None
            if chosen is not None:
                level = next((lv for lv in question.levels.all() if lv.value == chosen.level), None)
            rows.append({"question": question, "answer": chosen, "level": level})
        sections.append(
            {"dimension": dimension, "rows": rows, "score": scores.dimensions.get(dimension.code)}
        )
    successor = (
        Assessment.objects.visible_to(user).filter(supersedes=assessment).first()
        if assessment.has_successor  # type: ignore[attr-defined]
        else None
    )
    context = {
        "assessment": assessment,
        "sections": sections,
        "scores": scores,
        "successor": successor,
        "can_change": permissions.can_change_assessment(user, assessment),
        "can_supersede": permissions.can_supersede(
            user,
            assessment,
            has_successor=assessment.has_successor,  # type: ignore[attr-defined]
        ),
        "sees_results": permissions.can_see_results(user, assessment.organization),
        "history": assessment_history(assessment),
    }
    return render(request, "assessment/detail.html", context)


@login_required
@require_GET
def organization_results(request: HttpRequest, pk: int) -> HttpResponse:
    """A cooperative's scores: baseline against latest (chart and table), the support it
    received in between, and every assessment it had."""
    user = request.user
    organization = get_object_or_404(Organization.objects.select_related("province"), pk=pk)
    if not permissions.can_see_results(user, organization):
        raise Http404
    listed = list(
        Assessment.objects.visible_to(user)
        .filter(organization=organization)
        .with_successor()
        .select_related("assessor", "version")
        .order_by("-date", "-pk")
    )
    submitted = [a for a in listed if a.is_submitted]
    structure = results.version_structures({a.version_id for a in listed})
    scores = results.scores_for(submitted, structure)
    counting = [
        a for a in submitted
        if not a.is_self_assessment and not _replaced(a, listed)
    ]  # fmt: skip
    comparison = results.compare(counting, scores, results.dimension_columns(structure))
    received = None
    if comparison.baseline_date and comparison.latest_date:
        received = support.support_between(
            organization, comparison.baseline_date, comparison.latest_date
        )
    context = {
        "organization": organization,
        "assessments": listed,
        "scores": scores,
        "comparison": comparison,
        "chart": charts.comparison_chart(comparison) if comparison.rows else None,
        "support": received,
        "can_start": permissions.can_assess(user, organization)
        or permissions.can_self_assess(user, organization),
        "has_baseline": comparison.baseline is not None,
    }
    return render(request, "assessment/organization_results.html", context)


def _replaced(assessment: Assessment, listed: list[Assessment]) -> bool:
    """Whether a submitted correction of `assessment` is among `listed`."""
    return any(a.supersedes_id == assessment.pk and a.is_submitted for a in listed)


@login_required
@require_GET
def cohort_results(request: HttpRequest, pk: int) -> HttpResponse:
    """A cohort's averages per dimension at baseline and latest, how many improved, and
    the weakest dimensions; the per-organization table for the program's staff only."""
    user = request.user
    cohort = get_object_or_404(
        Cohort.objects.select_related("program").filter(
            program__in=Program.objects.partnered_with(user, *COHORT_VIEWER_ROLES)
        ),
        pk=pk,
    )
    summary = results.cohort_summary(cohort)
    sees_members = permissions.sees_cohort_members(user, cohort.program)
    hidden = not sees_members and summary.assessed < results.MIN_GROUP
    comparison = results.Comparison(
        baseline_date=None, latest_date=None, rows=summary.rows, overall=summary.overall
    )
    context = {
        "cohort": cohort,
        "program": cohort.program,
        "summary": summary,
        "sees_members": sees_members,
        "hidden": hidden,
        "min_group": results.MIN_GROUP,
        "chart": None
        if hidden or not summary.rows
        else charts.comparison_chart(comparison, cohort=True),
    }
    return render(request, "assessment/cohort_results.html", context)
