"""Import jobs: one uploaded file, what checking it found, what importing it did."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tiwizi.core.models import TimeStampedModel


def private_storage() -> FileSystemStorage:
    """Uploaded files hold personal data: kept outside MEDIA_ROOT, never served."""
    root = getattr(settings, "TIWIZI_IMPORT_ROOT", None) or Path(settings.VAR_DIR) / "imports"
    return FileSystemStorage(location=str(root))


def upload_path(job: ImportJob, filename: str) -> str:
    # The stored name is ours (the sender's name is kept in file_name, for display).
    return f"{job.kind}/{job.created_at:%Y/%m}/{job.token}.{job.file_format}"


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ImportJobQuerySet:
        """Users see their own imports; platform administrators see everyone's."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_platform_admin:
            return self.all()
        return self.filter(user=user)


class ImportJob(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Being checked")
        READY = "ready", _("Ready to import")
        INVALID = "invalid", _("Has problems")
        IMPORTING = "importing", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        UNDONE = "undone", _("Undone")

    # Statuses in which a worker is busy with the job (the page polls for progress).
    RUNNING = (Status.QUEUED, Status.CHECKING, Status.IMPORTING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    kind = models.CharField(_("kind of data"), max_length=32)
    file_name = models.CharField(_("file"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8)
    file = models.FileField(
        _("stored file"), upload_to=upload_path, storage=private_storage, max_length=255
    )
    token = models.CharField(max_length=32, editable=False)
    language = models.CharField(_("language"), max_length=8, default="fr")
    update_existing = models.BooleanField(
        _("update existing records"),
        default=False,
        help_text=_(
            "Rows about records that already exist update them; otherwise they are skipped."
        ),
    )
    background = models.BooleanField(_("run in the background"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    # [{"row": 3, "column": "Sexe", "message": "…"}], in the job's language, capped.
    errors = models.JSONField(_("problems"), default=list, blank=True)
    ignored_headers = models.JSONField(default=list, blank=True)
    # {"registry.person": [ids…]}: exactly what an undo deletes.
    created_ids = models.JSONField(default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("imports:job_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def created_total(self) -> int:
        return sum(len(ids) for ids in (self.created_ids or {}).values())
