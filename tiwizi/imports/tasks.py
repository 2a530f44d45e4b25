"""Background work for large imports (django-tasks; the worker is `manage.py db_worker`).

The functions take the job's id, not the job: arguments are stored as JSON in the queue.
"""

import logging
from collections.abc import Callable

from django.utils.translation import gettext as _
from django_tasks import task

from tiwizi.imports import services
from tiwizi.imports.models import ImportJob

logger = logging.getLogger(__name__)


def _run(job_id: int, step: Callable[[ImportJob], ImportJob]) -> str:
    job = ImportJob.objects.get(pk=job_id)
    try:
        return str(step(job).status)
    except Exception:
        # Never leave a job "being checked" forever: the page stops polling on failure.
        logger.exception("Import job %s failed", job_id)
        services._fail(job, _("The import failed unexpectedly: nothing was imported."))
        raise


@task()
def check_import_task(job_id: int) -> str:
    return _run(job_id, services.check_import)


@task()
def commit_import_task(job_id: int) -> str:
    return _run(job_id, services.commit_import)
