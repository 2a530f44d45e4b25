"""The sign-in sheet PDF and the trainers' calendar feed."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from tiwizi.training import services
from tiwizi.training.models import TrainerCalendar
from tiwizi.training.tests.helpers import add_members, enroll, moment


def _text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_sign_in_sheet_lists_the_people_in_both_scripts(
    client_for, trainer, past_session, cooperative, fatima
):
    enroll(past_session, [fatima], cooperative)
    url = reverse("training:sign_in_sheet", args=[past_session.pk])
    reader, text = _text(client_for(trainer).get(url))
    assert "Fatima Aït Lahcen" in text
    assert "فاطمة آيت لحسن" in text
    assert "Coopérative Safran Taliouine" in text
    assert "Gestion comptable d'une coopérative" in text
    assert "Youssef Formateur" in text
    assert "Maison des jeunes" in text
    # A4 landscape: wider than tall.
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595


def test_sign_in_sheet_has_blank_rows_up_to_capacity(
    client_for, trainer, make_session, cooperative
):
    session = make_session(days=-1, capacity=12)
    enroll(session, add_members(cooperative, 3), cooperative)
    url = reverse("training:sign_in_sheet", args=[session.pk])
    _reader, text = _text(client_for(trainer).get(url))
    numbers = {line.strip() for line in text.splitlines()}
    assert {"10", "11", "12"} <= numbers
    assert "13" not in numbers


def test_sign_in_sheet_in_arabic(client_for, trainer, past_session, cooperative, fatima):
    enroll(past_session, [fatima], cooperative)
    url = reverse("training:sign_in_sheet", args=[past_session.pk])
    _reader, text = _text(client_for(trainer, "ar").get(url))
    assert "فاطمة آيت لحسن" in text


# The calendar feed


@pytest.fixture
def feed_url(trainer):
    calendar = services.calendar_for(trainer)
    return reverse("training:calendar_feed", args=[calendar.token])


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_calendar_feed_has_only_that_trainers_upcoming_sessions(
    feed_url, make_session, other_trainer, program_manager
):
    upcoming = make_session(days=3)
    later = make_session(days=10, hours=2)
    make_session(days=-3)  # past
    cancelled = make_session(days=4)
    services.cancel_session(program_manager, cancelled)
    make_session(days=5, trainer=other_trainer)  # someone else's
    events = _events(Client().get(feed_url))  # no login: the token is the key
    assert [str(e["uid"]).split("@")[0] for e in events] == [
        f"training-session-{upcoming.pk}",
        f"training-session-{later.pk}",
    ]
    first = events[0]
    assert first.decoded("dtstart") == upcoming.starts_at
    assert first.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert first.decoded("dtend") == upcoming.ends_at
    assert str(first["summary"]) == upcoming.course.title
    assert str(first["location"]) == "Maison des jeunes, Ouarzazate"


def test_calendar_feed_in_utc_text(feed_url, make_session):
    session = make_session(days=3)
    body = Client().get(feed_url).content.decode()
    utc = session.starts_at.astimezone(datetime.UTC)
    assert f"DTSTART:{utc:%Y%m%dT%H%M%S}Z" in body


def test_wrong_or_old_calendar_token_is_404(feed_url, trainer, make_session):
    make_session(days=3)
    assert (
        Client().get(reverse("training:calendar_feed", args=["not-the-token"])).status_code == 404
    )
    services.regenerate_calendar(trainer)
    assert Client().get(feed_url).status_code == 404
    fresh = reverse("training:calendar_feed", args=[TrainerCalendar.objects.get().token])
    assert len(_events(Client().get(fresh))) == 1


def test_a_deactivated_trainers_feed_is_404(feed_url, trainer):
    trainer.is_active = False
    trainer.save()
    assert Client().get(feed_url).status_code == 404


def test_trainer_creates_and_renews_the_calendar_link(client_for, trainer):
    client = client_for(trainer)
    url = reverse("training:calendar")
    assert client.get(url).context["calendar"] is None
    assert not TrainerCalendar.objects.exists()  # opening the page creates nothing
    client.post(url)
    token = TrainerCalendar.objects.get(user=trainer).token
    page = client.get(url)
    assert token in page.text
    assert page.context["webcal_url"].startswith("webcal://")
    client.post(url, {"action": "regenerate"})
    assert TrainerCalendar.objects.get(user=trainer).token != token


def test_only_trainers_have_a_calendar(client_for, cooperative_manager, funder):
    for user in (cooperative_manager, funder):
        assert client_for(user).get(reverse("training:calendar")).status_code == 403


def test_calendar_link_is_offered_on_the_trainers_session_list(
    client_for, trainer, program_manager
):
    url = reverse("training:calendar")
    assert url in client_for(trainer).get(reverse("training:session_list")).text
    assert url not in client_for(program_manager).get(reverse("training:session_list")).text


def test_the_feed_spans_a_year_ahead_not_forever(feed_url, make_session, cohort):
    make_session(days=3)
    cohort_end = moment(700)
    make_session(starts_at=cohort_end)
    assert len(_events(Client().get(feed_url))) == 1
