# ruff: noqa: F811, E501
"""Attendance, products and periodic reports; session and attendance exports."""

from typing import Any

import pytest
from django.urls import reverse

from tiwizi.imports.models import ImportJob
from tiwizi.imports.tests.conftest import import_rows, problems, run_import
from tiwizi.registry.models import Sector
from tiwizi.training.models import Attendance, Enrollment, SessionStatus
from tiwizi.training.tests.conftest import (  # noqa: F401  (fixtures)
    cohort,
    commune,
    cooperative,
    course,
    fatima,
    make_session,
    past_session,
    program,
    trainer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(past_session: Any, fatima: Any, cooperative: Any) -> Enrollment:
    return Enrollment.objects.create(session=past_session, person=fatima, organization=cooperative)


def _download(client: Any, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_attendance_import_records_and_marks_the_session_held(
    trainer, past_session, enrolled, fatima
) -> None:
    job = import_rows(trainer, "attendance", [["Session", "Tiwizi ID", "Attendance"],
                                               [past_session.pk, fatima.pk, "Present"]])  # fmt: skip
    assert job.status == ImportJob.Status.DONE, problems(job)
    assert Attendance.objects.get(enrollment=enrolled).status == "present"
    past_session.refresh_from_db()
    assert past_session.status == SessionStatus.HELD


def test_attendance_problems(trainer, past_session, enrolled, fatima, make_user) -> None:
    job = import_rows(trainer, "attendance", [
        ["Session", "Tiwizi ID", "Attendance"],
        [past_session.pk, fatima.pk, "Maybe"],
        [999999, fatima.pk, "Present"],
        [past_session.pk, fatima.pk, "Present"],
        [past_session.pk, fatima.pk, "Excused absence"],
    ])  # fmt: skip
    assert problems(job) == [
        (
            2,
            "Attendance",
            "“Maybe” is not one of the choices: Present, Excused absence, Unexcused absence.",
        ),
        (3, "Session", "There is no session with this ID whose attendance you may record."),
        (5, "Tiwizi ID", "This row repeats row 4 (same session and person)."),
    ]


def test_attendance_of_a_session_of_another_program_is_refused(
    past_session, enrolled, fatima, make_user
) -> None:
    from tiwizi.accounts.models import Role

    stranger = make_user(Role.TRAINER)
    job = import_rows(stranger, "attendance", [["Session", "Tiwizi ID", "Attendance"],
                                                [past_session.pk, fatima.pk, "Present"]])  # fmt: skip
    assert problems(job) == [
        (2, "Session", "There is no session with this ID whose attendance you may record.")
    ]


def test_attendance_export_imports_back_unchanged(
    client_for, trainer, past_session, enrolled
) -> None:
    Attendance.objects.create(enrollment=enrolled, status="excused")
    url = reverse("training:attendance", args=[past_session.pk]) + "?export=xlsx"
    data = _download(client_for(trainer), url)
    job = run_import(trainer, "attendance", data, "sheet.xlsx", update_existing=True)
    assert job.status == ImportJob.Status.READY, problems(job)
    assert (job.created_count, job.updated_count, job.unchanged_count, job.ignored_headers) == (
        0,
        0,
        1,
        [],
    )


def test_session_export_keeps_filters(
    client_for, program_manager, past_session, make_session
) -> None:
    make_session(days=5, venue="Ailleurs")
    client = client_for(program_manager)
    data = _download(client, reverse("training:session_list") + "?export=csv&status=planned")
    text = data.decode("utf-8-sig")
    assert text.count("\n") == 3  # header and two planned sessions
    data = _download(
        client,
        reverse("training:session_list") + f"?export=csv&date_to={past_session.starts_at.date()}",
    )
    assert data.decode("utf-8-sig").count("\n") == 2


def test_products_and_reports(program_manager, cooperative, ngo) -> None:
    cooperative.stewards.add(ngo)
    sector = Sector.objects.first() or Sector.objects.create(
        code="argan", name_fr="Argan", name_ar="أركان", name_en="Argan"
    )
    rows = [["Organization", "Name in French", "Category", "Unit", "Price per unit (MAD)"],
            [cooperative.name_fr, "Huile d'argan", sector.name_fr, "litre", "180,50"],
            [cooperative.name_fr, "Huile d'argan", sector.name_fr, "litre", "190"],
            ["Inconnue", "Savon", sector.name_fr, "gallon", ""]]  # fmt: skip
    job = import_rows(program_manager, "products", rows)
    assert problems(job) == [
        (3, "Name in French", "This row repeats row 2 (same organization and product name)."),
        (4, "Organization", "“Inconnue” is not an organization you may manage."),
        (
            4,
            "Unit",
            "“gallon” is not one of the choices: kilogram, gram, litre, millilitre, piece, square metre.",
        ),
    ]
    job = import_rows(program_manager, "products", rows[:2])
    assert job.status == ImportJob.Status.DONE, problems(job)
    product = cooperative.products.get()
    assert (str(product.price_mad), product.published, product.slug) == (
        "180.50",
        False,
        "huile-dargan",
    )

    rows = [["Organization", "Year", "Quarter", "Women members", "Men members", "Members under 35",
             "Revenue (MAD)", "Local sales (MAD)"],
            [cooperative.name_fr, "2025", "1", "10", "5", "20", "1000", "2000"],
            [cooperative.name_fr, "2025", "", "10", "5", "3", "1000", "200"]]  # fmt: skip
    job = import_rows(program_manager, "reports", rows)
    assert problems(job) == [
        (2, "Members under 35", "Members under 35 cannot outnumber all members (women and men)."),
        (2, "Revenue (MAD)", "The revenue cannot be less than the sales of all channels together."),
    ]
    job = import_rows(program_manager, "reports", [rows[0], rows[2]])
    assert job.status == ImportJob.Status.DONE, problems(job)
    assert cooperative.periodic_reports.get().quarter is None
    again = import_rows(program_manager, "reports", [rows[0], rows[2]], update_existing=True)
    assert (again.created_count, again.unchanged_count) == (0, 1)
