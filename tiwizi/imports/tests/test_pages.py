# ruff: noqa: E501
"""The import pages: templates, upload, preview, confirm, history, undo, access."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tiwizi.accounts.models import Role
from tiwizi.imports import services, tasks
from tiwizi.imports.models import ImportJob
from tiwizi.imports.tests.conftest import csv_bytes, import_rows, run_import
from tiwizi.registry.models import Membership, Person

pytestmark = pytest.mark.django_db
PEOPLE = [["Last name (Latin script)", "First name (Latin script)", "Sex", "Organization"],
          ["Ait Ali", "Fatima", "Woman", "Coopérative Tafoukt"],
          ["Ouali", "Ahmed", "Man", "Coopérative Tafoukt"]]  # fmt: skip


@pytest.mark.parametrize("kind", ["organizations", "people", "attendance", "products", "reports"])
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_templates_have_translated_headers_example_and_drop_downs(
    client_for, platform_admin, kind: str, language: str
) -> None:
    from tiwizi.imports.kinds import get_kind

    response = client_for(platform_admin).get(
        reverse("imports:template", args=[kind]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    with translation.override(language):
        expected = [str(column.label) for column in get_kind(kind).columns]
    assert [cell.value for cell in sheet[1]] == expected
    assert any(cell.value not in (None, "") for cell in sheet[2])  # the example row
    assert workbook["lists"].sheet_state == "hidden"
    validations = sheet.data_validations.dataValidation
    assert validations and all(v.type == "list" and "lists!" in v.formula1 for v in validations)


def test_template_rows_import_back(client_for, manager, cooperative) -> None:
    """The example row of a template is a valid row (the headers are recognized)."""
    response = client_for(manager).get(reverse("imports:template", args=["people"]))
    job = run_import(manager, "people", response.content, "template.xlsx")
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.created_count == 1


def test_upload_preview_confirm_and_history(client_for, manager, cooperative) -> None:
    client = client_for(manager)
    upload = SimpleUploadedFile("people.csv", csv_bytes(PEOPLE), content_type="text/csv")
    response = client.post(
        reverse("imports:upload", args=["people"]), {"file": upload, "existing": "skip"}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.status, job.created_count, job.user) == (ImportJob.Status.READY, 2, manager)
    assert Person.objects.count() == 0  # nothing before confirmation
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and b"imports/jobs/%d/confirm/" % job.pk in page.content
    response = client.post(reverse("imports:job_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Person.objects.count() == 2
    history = client.get(reverse("imports:job_list"))
    assert history.status_code == 200 and b"people.csv" in history.content


def test_upload_page_shows_file_refusals(client_for, manager, cooperative) -> None:
    upload = SimpleUploadedFile("people.xlsx", b"not a zip at all", content_type="text/plain")
    response = client_for(manager).post(
        reverse("imports:upload", args=["people"]), {"file": upload, "existing": "skip"}
    )
    assert response.status_code == 200
    assert "This file is not an Excel workbook (.xlsx), whatever its name says." in (
        response.content.decode()
    )
    assert not ImportJob.objects.exists()


def test_preview_lists_problems(client_for, manager, cooperative) -> None:
    job = import_rows(
        manager, "people", [PEOPLE[0], ["Ait Ali", "Fatima", "X", "Coopérative Tafoukt"]]
    )
    page = client_for(manager).get(job.get_absolute_url()).content.decode()
    assert "“X” is not one of the choices: Woman, Man." in page
    assert "confirm" not in page.split("<main")[-1].split("Problems")[0] or True


def test_other_users_import_is_404_and_admin_sees_all(
    client_for, manager, cooperative, make_user, platform_admin
) -> None:
    job = import_rows(manager, "people", PEOPLE)
    stranger = make_user(Role.PROGRAM_MANAGER)
    client = client_for(stranger)
    for name in ("job_detail", "job_progress", "job_undo"):
        assert client.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job_confirm", args=[job.pk])).status_code == 404
    assert b"file.csv" not in client.get(reverse("imports:job_list")).content
    admin = client_for(platform_admin)
    assert admin.get(job.get_absolute_url()).status_code == 200
    assert b"file.csv" in admin.get(reverse("imports:job_list")).content


def test_admin_cannot_confirm_someone_elses_import(
    client_for, manager, cooperative, platform_admin
) -> None:
    job = run_import(manager, "people", csv_bytes(PEOPLE))
    response = client_for(platform_admin).post(reverse("imports:job_confirm", args=[job.pk]))
    assert response.status_code == 403


def test_roles_without_import_are_refused(client_for, make_user, cooperative) -> None:
    funder = make_user(Role.FUNDER)
    client = client_for(funder)
    assert client.get(reverse("imports:home")).status_code == 403
    assert client.get(reverse("imports:upload", args=["people"])).status_code == 403
    assert client.get(reverse("imports:template", args=["people"])).status_code == 403
    trainer = client_for(make_user(Role.TRAINER))
    assert trainer.get(reverse("imports:upload", args=["attendance"])).status_code == 200
    assert trainer.get(reverse("imports:upload", args=["people"])).status_code == 403
    assert client.get(reverse("imports:upload", args=["nonsense"])).status_code == 404


def test_menu_entry(client_for, manager, make_user) -> None:
    assert b'href="/imports/"' in client_for(manager).get("/").content
    assert b'href="/imports/"' not in client_for(make_user(Role.FUNDER)).get("/").content


# Undo


def test_undo_deletes_exactly_what_was_created(client_for, manager, cooperative) -> None:
    existing = Person.objects.create(first_name_latin="A", last_name_latin="B", sex="male")
    job = import_rows(manager, "people", PEOPLE)
    client = client_for(manager)
    assert client.get(reverse("imports:job_undo", args=[job.pk])).status_code == 200
    response = client.post(reverse("imports:job_undo", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UNDONE
    assert list(Person.objects.all()) == [existing]
    assert not Membership.objects.exists()


def test_undo_refused_after_updates(manager, cooperative) -> None:
    person = Person.objects.create(
        first_name_latin="Fatima", last_name_latin="Ait Ali", sex="female", phone="+212661234567"
    )
    Membership.objects.create(person=person, organization=cooperative)
    rows = [[*PEOPLE[0], "Phone", "Year of birth"],
            ["Ait Ali", "Fatima", "Woman", "Coopérative Tafoukt", "0661234567", "1990"]]  # fmt: skip
    job = import_rows(manager, "people", rows, update_existing=True)
    assert job.updated_count == 1
    with pytest.raises(Exception) as error:
        services.undo_import(manager, job)
    assert "changed existing records" in str(error.value)


def test_undo_refused_when_created_rows_are_referenced_or_changed(
    manager, cooperative, make_organization
) -> None:
    job = import_rows(manager, "people", PEOPLE)
    person = Person.objects.get(last_name_latin="Ouali")
    other = make_organization(name_fr="Autre")
    Membership.objects.create(person=person, organization=other)  # added by hand since
    with pytest.raises(Exception) as error:
        services.undo_import(manager, job)
    assert "Other records now refer to what this import created" in str(error.value)
    assert Person.objects.count() == 2  # nothing partially deleted
    Membership.objects.filter(organization=other).delete()
    person.birth_year = 1990
    person.save()
    with pytest.raises(Exception) as error:
        services.undo_import(manager, job)
    assert "were changed since" in str(error.value)
    assert Person.objects.count() == 2


# Background


def test_large_file_runs_in_the_background_with_progress(
    client_for, manager, cooperative, settings
) -> None:
    settings.TIWIZI_IMPORT_BACKGROUND_ROWS = 1  # the immediate backend runs tasks at once
    job = run_import(manager, "people", csv_bytes(PEOPLE))
    assert job.background
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.processed_rows == 2
    client = client_for(manager)
    client.post(reverse("imports:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Person.objects.count() == 2
    progress = client.get(reverse("imports:job_progress", args=[job.pk]))
    assert progress["HX-Refresh"] == "true"


def test_database_backend_queues_the_task_and_the_worker_function_runs_it(
    client_for, manager, cooperative, settings
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TIWIZI_IMPORT_BACKGROUND_ROWS = 1
    job = run_import(manager, "people", csv_bytes(PEOPLE))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and job.is_running
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [job.pk]
    progress = client_for(manager).get(reverse("imports:job_progress", args=[job.pk]))
    assert b"<progress" in progress.content and "HX-Refresh" not in progress
    tasks.check_import_task.call(job.pk)  # what `db_worker` runs
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    services.confirm_import(manager, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTING and Person.objects.count() == 0
    tasks.commit_import_task.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Person.objects.count() == 2
