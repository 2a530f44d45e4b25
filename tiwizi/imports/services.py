"""The verbs of an import: start (upload), check (preview), commit, undo.

Small files are checked and imported within the request; files of more than
TIWIZI_IMPORT_BACKGROUND_ROWS rows are handed to a background task (django-tasks, run by
`manage.py db_worker`), whose progress the job page polls. Committing checks the file
again (the data may have changed since the preview) and writes everything in ONE
transaction: one problem, or any database error, and nothing is written.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import DatabaseError, IntegrityError, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tiwizi.imports.kinds import get_kind
from tiwizi.imports.kinds.base import Context, ImportKind, Plan, chunked
from tiwizi.imports.models import ImportJob
from tiwizi.imports.readers import ImportFileError, Table, check_file, read_table

logger = logging.getLogger(__name__)

DEFAULT_BACKGROUND_ROWS = 2000
MAX_STORED_PROBLEMS = 500
# Undo deletes in this order: what points to other created rows goes first.
UNDO_ORDER = (
    "training.attendance",
    "training.enrollment",
    "registry.membership",
    "registry.organization_stewards",
    "market.product",
    "impact.periodicreport",
    "registry.person",
    "registry.organization",
)


def background_threshold() -> int:
    return int(getattr(settings, "TIWIZI_IMPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS))


def _kind(job: ImportJob) -> ImportKind:
    kind = get_kind(job.kind)
    if kind is None:
        raise ValidationError(_("This kind of import no longer exists."))
    return kind


def _read(job: ImportJob) -> Table:
    with job.file.open("rb") as stored:
        return read_table(stored, job.file_format)


def _progress(job: ImportJob) -> Callable[[int], None]:
    def report(done: int) -> None:
        # Outside the import's transaction, so that the page polling it sees it.
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    return report


def start_import(
    user: Any, kind_slug: str, upload: IO[bytes], filename: str, size: int, update_existing: bool
) -> ImportJob:
    """Check the file is safe, store it and check its rows (now, or in the background
    when it is large). Raises ImportFileError (a file we refuse) or PermissionDenied."""
    kind = get_kind(kind_slug)
    if kind is None or not kind.may_import(user):
        raise PermissionDenied
    file_format = check_file(upload, filename, size)
    table = read_table(upload, file_format)
    job = ImportJob(
        user=user,
        kind=kind_slug,
        file_name=filename[:255],
        file_format=file_format,
        token=secrets.token_hex(16),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        update_existing=update_existing,
        total_rows=len(table.rows),
        background=len(table.rows) > background_threshold(),
        created_at=timezone.now(),
    )
    upload.seek(0)
    job.file.save(filename, File(upload), save=False)
    job.save()
    if job.background:
        from tiwizi.imports.tasks import check_import_task

        check_import_task.enqueue(job.pk)
    else:
        check_import(job, table)
    return job


def _store_plan(job: ImportJob, plan: Plan) -> None:
    job.total_rows = plan.total
    job.created_count = plan.created
    job.updated_count = plan.updated
    job.unchanged_count = plan.unchanged
    job.skipped_count = plan.skipped
    job.error_count = len(plan.problems)
    job.errors = [problem.as_dict() for problem in plan.problems[:MAX_STORED_PROBLEMS]]
    job.ignored_headers = plan.ignored_headers


def _plan(job: ImportJob, table: Table | None = None) -> tuple[ImportKind, Plan]:
    kind = _kind(job)
    context = Context(job.user, job.update_existing, _progress(job))
    return kind, kind.plan(table if table is not None else _read(job), context)


def check_import(job: ImportJob, table: Table | None = None) -> ImportJob:
    """The preview: what importing would do, and every problem. Writes nothing else."""
    with translation.override(job.language):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING)
        try:
            _kind_used, plan = _plan(job, table)
        except ImportFileError as error:
            return _fail(job, str(error))
        _store_plan(job, plan)
        job.processed_rows = job.total_rows
        job.status = ImportJob.Status.READY if plan.ok else ImportJob.Status.INVALID
        job.checked_at = timezone.now()
        job.save()
    return job


def confirm_import(user: Any, job: ImportJob) -> ImportJob:
    """The user confirmed the preview: import now, or queue it when the file is large."""
    if job.user_id != user.pk:
        raise PermissionDenied
    if job.status != ImportJob.Status.READY:
        raise ValidationError(_("Only a checked file without problems can be imported."))
    if job.background:
        from tiwizi.imports.tasks import commit_import_task

        job.status = ImportJob.Status.IMPORTING
        job.processed_rows = 0
        job.save(update_fields=["status", "processed_rows", "updated_at"])
        commit_import_task.enqueue(job.pk)
        return job
    return commit_import(job)


def commit_import(job: ImportJob) -> ImportJob:
    """Check again and write everything in one transaction (all or nothing)."""
    with translation.override(job.language):
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.IMPORTING, processed_rows=0
        )
        try:
            kind, plan = _plan(job)
        except ImportFileError as error:
            return _fail(job, str(error))
        _store_plan(job, plan)
        if not plan.ok:
            # The data changed since the preview (or the file did): nothing is written.
            job.status = ImportJob.Status.INVALID
            job.save()
            return job
        try:
            with transaction.atomic():
                created = kind.write(plan, Context(job.user, job.update_existing))
        except (IntegrityError, DatabaseError) as error:
            logger.warning("Import %s refused by the database: %s", job.pk, error)
            return _fail(
                job,
                _(
                    "The database refused the import (another record may have taken the "
                    "same identifier meanwhile): nothing was imported. Check the file again."
                ),
            )
        job.created_ids = {label: ids for label, ids in created.items() if ids}
        job.processed_rows = job.total_rows
        job.status = ImportJob.Status.DONE
        job.imported_at = timezone.now()
        job.save()
    return job


def _fail(job: ImportJob, message: str) -> ImportJob:
    job.status = ImportJob.Status.FAILED
    job.message = message
    job.save()
    return job


# Undo


def undo_refusal(job: ImportJob) -> str | None:
    """Why this import cannot be undone (cheap checks only), or None."""
    if job.status != ImportJob.Status.DONE:
        return _("Only a finished import can be undone.")
    if job.updated_count:
        return _(
            "This import changed existing records: it cannot be undone, because what they "
            "held before is not kept."
        )
    if not job.created_ids:
        return _("This import created nothing: there is nothing to undo.")
    return None


def undo_import(user: Any, job: ImportJob) -> int:
    """Delete exactly the rows the import created, all or nothing; return how many.

    Refused when those rows changed since, or when anything else now refers to them
    (an enrollment, a product, a membership added by hand…): deleting would take other
    people's work with it.
    """
    if job.user_id != user.pk and not user.is_platform_admin:
        raise PermissionDenied
    refusal = undo_refusal(job)
    if refusal:
        raise ValidationError(refusal)
    created = {(label, pk) for label, ids in job.created_ids.items() for pk in ids}
    labels = sorted(
        job.created_ids, key=lambda label: UNDO_ORDER.index(label) if label in UNDO_ORDER else 0
    )
    with transaction.atomic():
        instances: dict[str, list[Any]] = {}
        for label in labels:
            model = apps.get_model(label)
            for batch in chunked(job.created_ids[label]):
                queryset = model._default_manager.filter(pk__in=batch)
                if (
                    hasattr(model, "updated_at")
                    and job.imported_at
                    and queryset.filter(updated_at__gt=job.imported_at).exists()
                ):
                    raise ValidationError(
                        _(
                            "Some of the imported records were changed since: the import "
                            "cannot be undone."
                        )
                    )
                instances.setdefault(label, []).extend(queryset)
        collector = NestedObjects(using=router.db_for_write(ImportJob))
        try:
            for objects in instances.values():  # one model per call, as Collector expects
                collector.collect(objects)
        except (ProtectedError, RestrictedError) as error:
            raise _referenced() from error
        outside = any(
            (model._meta.label_lower, obj.pk) not in created  # type: ignore[attr-defined]
            for model, objects in collector.model_objs.items()
            for obj in objects
        )
        if collector.protected or outside or collector.field_updates:
            raise _referenced()
        deleted = 0
        try:
            for label in labels:
                model = apps.get_model(label)
                for batch in chunked(job.created_ids[label]):
                    count, _by_model = model._default_manager.filter(pk__in=batch).delete()
                    deleted += count
        except (ProtectedError, RestrictedError, IntegrityError) as error:
            raise _referenced() from error
        job.status = ImportJob.Status.UNDONE
        job.undone_at = timezone.now()
        job.save(update_fields=["status", "undone_at", "updated_at"])
    return deleted


def _referenced() -> ValidationError:
    return ValidationError(
        _(
            "Other records now refer to what this import created (for example a membership, "
            "an enrollment or a product added since): the import cannot be undone."
        )
    )
