"""The bulk attendance sheet: one request, one transaction, everything or nothing."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiwizi.core.models import AuditEntry
from tiwizi.training import services
from tiwizi.training.models import Attendance, Session
from tiwizi.training.tests.helpers import add_members, enroll


def _sheet_url(session):
    return reverse("training:attendance", args=[session.pk])


def _enrolled(session, organization, count):
    return enroll(session, add_members(organization, count), organization)


def _statuses():
    return dict(Attendance.objects.values_list("enrollment_id", "status"))


def test_sheet_lists_everyone_enrolled_with_present_by_default(
    client_for, trainer, past_session, cooperative
):
    enrollments = _enrolled(past_session, cooperative, 3)
    response = client_for(trainer).get(_sheet_url(past_session))
    assert response.status_code == 200
    page = response.text
    for enrollment in enrollments:
        assert (
            f'name="status_{enrollment.pk}" id="status_{enrollment.pk}_present" '
            f'value="present" autocomplete="off" checked'
        ) in page
    assert 'name="all_present"' in page
    assert "training/attendance.js" in page


def test_sheet_shows_what_was_recorded(client_for, trainer, past_session, cooperative):
    first, second = _enrolled(past_session, cooperative, 2)
    services.record_attendance(trainer, past_session, {first.pk: "excused"})
    page = client_for(trainer).get(_sheet_url(past_session)).text
    assert f'id="status_{first.pk}_excused" value="excused" autocomplete="off" checked' in page
    assert f'id="status_{second.pk}_present" value="present" autocomplete="off" checked' in page


def test_trainer_saves_the_sheet_in_one_request(client_for, trainer, past_session, cooperative):
    first, second, third = _enrolled(past_session, cooperative, 3)
    response = client_for(trainer).post(
        _sheet_url(past_session),
        {f"status_{first.pk}": "present", f"status_{second.pk}": "excused",
         f"status_{third.pk}": "unexcused"},
        follow=True,
    )  # fmt: skip
    assert response.redirect_chain[-1][0] == past_session.get_absolute_url()
    assert "Attendance has been saved for 3 people." in response.text
    assert _statuses() == {first.pk: "present", second.pk: "excused", third.pk: "unexcused"}
    assert Attendance.objects.filter(recorded_by=trainer).count() == 3
    past_session.refresh_from_db()
    assert past_session.status == Session.Status.HELD  # recorded after it started: held


def test_mark_all_present_without_javascript(client_for, trainer, past_session, cooperative):
    enrollments = _enrolled(past_session, cooperative, 4)
    # The radios say otherwise; the button wins (it is what a no-JS browser sends).
    data = {f"status_{e.pk}": "unexcused" for e in enrollments}
    response = client_for(trainer).post(_sheet_url(past_session), {**data, "all_present": "1"})
    assert response.status_code == 302
    assert _statuses() == {e.pk: "present" for e in enrollments}


def test_a_forty_person_sheet_is_one_request_with_a_fixed_number_of_queries(
    client_for, trainer, past_session, make_session, cooperative
):
    def save(session, count):
        enrollments = _enrolled(session, cooperative, count)
        data = {f"status_{e.pk}": ("present" if i % 4 else "excused") for i, e in
                enumerate(enrollments)}  # fmt: skip
        client = client_for(trainer)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(_sheet_url(session), data)
        assert response.status_code == 302
        assert len(_statuses_of(session)) == count
        return len(queries.captured_queries)

    few = save(past_session, 5)
    many = save(make_session(days=-3), 40)
    assert few == many
    assert many <= 25


def _statuses_of(session):
    return dict(
        Attendance.objects.filter(enrollment__session=session).values_list(
            "enrollment_id", "status"
        )
    )


def test_sheet_page_query_count_does_not_grow_with_people(
    client_for, trainer, past_session, make_session, cooperative
):
    def count(session):
        client = client_for(trainer)
        client.get(_sheet_url(session))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_sheet_url(session)).status_code == 200
        return len(queries.captured_queries)

    _enrolled(past_session, cooperative, 5)
    other = make_session(days=-3)
    _enrolled(other, cooperative, 40)
    services.record_attendance(trainer, other, {e.pk: "present" for e in other.enrollments.all()})
    assert count(past_session) == count(other)
    assert count(other) <= 15


def test_an_invalid_last_row_saves_nothing(client_for, trainer, past_session, cooperative):
    enrollments = _enrolled(past_session, cooperative, 5)
    services.record_attendance(trainer, past_session, {enrollments[0].pk: "excused"})
    before, audit_before = _statuses(), AuditEntry.objects.count()
    data = {f"status_{e.pk}": "unexcused" for e in enrollments}
    data[f"status_{enrollments[-1].pk}"] = "sleeping"
    response = client_for(trainer).post(_sheet_url(past_session), data)
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert f'id="status_{enrollments[-1].pk}_error"' in response.text
    assert _statuses() == before
    assert AuditEntry.objects.count() == audit_before


def test_the_service_checks_every_row_before_writing(trainer, past_session, cooperative):
    enrollments = _enrolled(past_session, cooperative, 4)
    statuses = {e.pk: "present" for e in enrollments}
    statuses[enrollments[-1].pk] = "maybe"
    with pytest.raises(ValidationError):
        services.record_attendance(trainer, past_session, statuses)
    assert not Attendance.objects.exists()
    past_session.refresh_from_db()
    assert past_session.status == Session.Status.PLANNED


def test_a_failure_while_writing_leaves_nothing_half_saved(trainer, past_session, cooperative):
    enrollments = _enrolled(past_session, cooperative, 4)
    services.record_attendance(trainer, past_session, {enrollments[0].pk: "excused"})
    before = _statuses()
    statuses = {e.pk: "present" for e in enrollments}
    # The last step of the sheet (its audit record) fails: the rows written before it
    # and the session's new status must be rolled back with it.
    with (
        mock.patch.object(services.audit, "record_change", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.record_attendance(trainer, past_session, statuses)
    assert _statuses() == before
    past_session.refresh_from_db()
    assert past_session.status == Session.Status.HELD  # from the first, successful sheet


def test_a_failure_on_the_last_row_of_a_first_sheet_keeps_the_session_planned(
    trainer, past_session, cooperative
):
    enrollments = _enrolled(past_session, cooperative, 3)
    real_bulk_create = Attendance.objects.bulk_create

    def fail_on_last_row(rows, *args, **kwargs):
        rows = list(rows)
        rows[-1].status = "not-a-status"  # the check constraint refuses it in the database
        return real_bulk_create(rows, *args, **kwargs)

    with (
        mock.patch.object(Attendance.objects, "bulk_create", side_effect=fail_on_last_row),
        pytest.raises(Exception, match=r"(?i)constraint"),
    ):
        services.record_attendance(trainer, past_session, {e.pk: "present" for e in enrollments})
    assert not Attendance.objects.exists()
    past_session.refresh_from_db()
    assert past_session.status == Session.Status.PLANNED


def test_rows_of_another_session_are_refused(trainer, past_session, make_session, cooperative):
    other = make_session(days=-4)
    stranger = _enrolled(other, cooperative, 1)[0]
    mine = _enrolled(past_session, cooperative, 1)[0]
    with pytest.raises(ValidationError, match="not part of this session"):
        services.record_attendance(
            trainer, past_session, {mine.pk: "present", stranger.pk: "present"}
        )
    assert not Attendance.objects.exists()


def test_attendance_waits_for_the_session_to_start(
    client_for, trainer, future_session, cooperative
):
    enrollment = _enrolled(future_session, cooperative, 1)[0]
    with pytest.raises(ValidationError, match="not started"):
        services.record_attendance(trainer, future_session, {enrollment.pk: "present"})
    response = client_for(trainer).post(_sheet_url(future_session), {"all_present": "1"})
    assert response.status_code == 200
    assert "has not started yet" in response.text
    assert not Attendance.objects.exists()


def test_cancelled_sessions_take_no_attendance(client_for, trainer, program_manager, past_session,
                                               cooperative):  # fmt: skip
    _enrolled(past_session, cooperative, 1)
    services.cancel_session(program_manager, past_session)
    response = client_for(trainer).post(_sheet_url(past_session), {"all_present": "1"})
    assert response.status_code == 302
    assert not Attendance.objects.exists()


def test_recording_attendance_is_in_the_session_history(
    client_for, program_manager, trainer, past_session, cooperative
):
    enrollments = _enrolled(past_session, cooperative, 2)
    services.record_attendance(
        trainer, past_session, {enrollments[0].pk: "present", enrollments[1].pk: "excused"}
    )
    page = client_for(program_manager).get(past_session.get_absolute_url()).text
    assert "Present: 1" in page
    assert "Excused absence: 1" in page
    assert "Held" in page


def test_a_session_that_has_attendance_cannot_be_cancelled(
    client_for, program_manager, trainer, past_session, cooperative
):
    enrollment = _enrolled(past_session, cooperative, 1)[0]
    services.record_attendance(trainer, past_session, {enrollment.pk: "present"})
    with pytest.raises(ValidationError):
        services.cancel_session(program_manager, past_session)
    response = client_for(program_manager).post(
        reverse("training:session_cancel", args=[past_session.pk])
    )
    assert response.status_code == 200
    past_session.refresh_from_db()
    assert past_session.status == Session.Status.HELD
