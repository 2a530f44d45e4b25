"""Fixtures and helpers for the import tests: files built in memory, run through the
same service the upload page calls."""

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from tiwizi.accounts.models import Role, User
from tiwizi.imports import services
from tiwizi.imports.models import ImportJob
from tiwizi.registry.models import Organization


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


def run_import(
    user: User,
    kind: str,
    data: bytes,
    filename: str = "file.csv",
    update_existing: bool = False,
    language: str = "en",
) -> ImportJob:
    with translation.override(language):
        return services.start_import(
            user, kind, io.BytesIO(data), filename, len(data), update_existing
        )


def import_rows(user: User, kind: str, rows: list[list[Any]], **options: Any) -> ImportJob:
    """Check a CSV of `rows` (headers first) and, when it has no problem, import it."""
    job = run_import(user, kind, csv_bytes(rows), **options)
    if job.status == ImportJob.Status.READY:
        job = services.confirm_import(user, job)
    return job


def problems(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(p["row"], p["column"], p["message"]) for p in job.errors]


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.TIWIZI_IMPORT_ROOT = tmp_path / "imports"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def cooperative(make_organization: Callable[..., Organization], ngo: Organization) -> Organization:
    return make_organization(
        name_fr="Coopérative Tafoukt",
        name_ar="تعاونية تافوكت",
        odco_number="2019-1",
        stewards=[ngo],
    )


@pytest.fixture
def other_cooperative(make_organization: Callable[..., Organization]) -> Organization:
    return make_organization(name_fr="Coopérative Ailleurs", odco_number="2020-9")


@pytest.fixture
def cooperative_manager(make_user: Callable[..., User], cooperative: Organization) -> User:
    return make_user(Role.COOPERATIVE_MANAGER, cooperative)


@pytest.fixture
def manager(program_manager: User, cooperative: Organization) -> User:
    """A program manager of the NGO that stewards `cooperative`."""
    return program_manager
