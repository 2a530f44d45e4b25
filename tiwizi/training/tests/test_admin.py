"""Training in the admin site, for platform administrators."""

import pytest
from django.urls import reverse

from tiwizi.training import services
from tiwizi.training.models import (
    Attendance,
    Certificate,
    Course,
    Enrollment,
    Session,
    TrainerCalendar,
)
from tiwizi.training.tests.helpers import enroll


@pytest.fixture
def records(past_session, trainer, program_manager, cooperative, fatima, course, cohort):
    (enrollment,) = enroll(past_session, [fatima], cooperative)
    services.record_attendance(trainer, past_session, {enrollment.pk: "present"})
    services.issue_certificates(program_manager, course, cohort)
    services.calendar_for(trainer)


@pytest.mark.parametrize(
    "model", [Course, Session, Enrollment, Attendance, Certificate, TrainerCalendar]
)
def test_admin_pages_open(model, client_for, make_user, records):
    admin = make_user(is_staff=True, is_superuser=True)
    client = client_for(admin)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist, {"q": "gestion"}).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert client.get(change).status_code == 200
