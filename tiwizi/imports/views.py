"""Pages of the import: choose a kind, download its template, upload, preview, confirm,
history, undo. Thin: the work is in services.py (and tasks.py for large files)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiwizi.core.listing import GET_POST, paginate
from tiwizi.core.spreadsheets import XLSX_TYPE
from tiwizi.imports import permissions, services
from tiwizi.imports.forms import UploadForm
from tiwizi.imports.kinds import get_kind, kind_titles, kinds_for
from tiwizi.imports.kinds.base import ImportKind
from tiwizi.imports.models import ImportJob
from tiwizi.imports.readers import ImportFileError
from tiwizi.imports.workbooks import template_workbook


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _kind_for(request: HttpRequest, slug: str) -> ImportKind:
    kind = get_kind(slug)
    if kind is None:
        raise Http404
    _refuse_unless(kind.may_import(request.user))
    return kind


def _visible_job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(
        ImportJob.objects.visible_to(request.user).select_related("user"), pk=pk
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _refuse_unless(permissions.can_import(request.user))
    recent = ImportJob.objects.visible_to(request.user).filter(user=request.user)[:5]
    context = {"kinds": kinds_for(request.user), "recent": recent}
    return render(request, "imports/home.html", context)


@login_required
def template(request: HttpRequest, kind: str) -> HttpResponse:
    import_kind = _kind_for(request, kind)
    response = HttpResponse(template_workbook(import_kind), content_type=XLSX_TYPE)
    filename = f"tiwizi-{slugify(str(import_kind.title)) or import_kind.slug}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@GET_POST
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    import_kind = _kind_for(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        sent = form.cleaned_data["file"]
        try:
            job = services.start_import(
                request.user, kind, sent, sent.name, sent.size, form.update_existing
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect(job)
    context = {"kind": import_kind, "form": form, "columns": import_kind.columns}
    return render(request, "imports/upload.html", context)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    _refuse_unless(permissions.can_import(request.user))
    jobs = ImportJob.objects.visible_to(request.user).select_related("user")
    page_obj = paginate(request, jobs)
    titles = kind_titles()
    for job in page_obj:
        job.kind_title = titles.get(job.kind, job.kind)
    user: Any = request.user
    context = {"page_obj": page_obj, "sees_everyone": user.is_platform_admin}
    return render(request, "imports/job_list.html", context)


def _job_context(request: HttpRequest, job: ImportJob) -> dict[str, Any]:
    kind = get_kind(job.kind)
    return {
        "job": job,
        "kind": kind,
        "can_confirm": permissions.can_confirm(request.user, job)
        and job.status == ImportJob.Status.READY,
        "can_undo": permissions.can_undo(request.user, job) and services.undo_refusal(job) is None,
        "undo_refusal": services.undo_refusal(job) if job.status == ImportJob.Status.DONE else None,
        "more_problems": max(0, job.error_count - len(job.errors)),
    }


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    return render(request, "imports/job_detail.html", _job_context(request, job))


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by HTMX while a worker has the job; once it is done,
    the whole page reloads to show the preview or the result."""
    job = _visible_job(request, pk)
    response = render(request, "imports/partials/progress.html", {"job": job})
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    _refuse_unless(permissions.can_confirm(request.user, job))
    try:
        job = services.confirm_import(request.user, job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(job)
    if job.status == ImportJob.Status.DONE:
        messages.success(request, _("The file has been imported."))
    elif job.status == ImportJob.Status.IMPORTING:
        messages.info(
            request, _("The import runs in the background: this page shows its progress.")
        )
    else:
        messages.error(request, _("Nothing was imported: see the problems below."))
    return redirect(job)


@login_required
@GET_POST
def job_undo(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    _refuse_unless(permissions.can_undo(request.user, job))
    refusal = services.undo_refusal(job)
    if request.method == "POST" and refusal is None:
        try:
            services.undo_import(request.user, job)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("The import has been undone: what it created is deleted."))
            return redirect(job)
    if request.method == "POST" and refusal:
        messages.error(request, refusal)
        return redirect(job)
    return render(request, "imports/job_undo.html", {"job": job, "refusal": refusal})
