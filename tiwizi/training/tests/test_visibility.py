"""Who sees which sessions, people and documents: missing is 404, refused is 403."""

import pytest
from django.test import Client
from django.urls import reverse

from tiwizi.training.models import Attendance, Session
from tiwizi.training.tests.helpers import add_members, enroll

SESSION_PAGES = ["session_detail", "attendance", "sign_in_sheet", "session_enroll", "session_edit"]


@pytest.fixture
def enrolled(past_session, cooperative, other_cooperative, fatima):
    enroll(past_session, [fatima], cooperative)
    outsider = add_members(other_cooperative, 1, first_name_latin="Zineb")[0]
    enroll(past_session, [outsider], other_cooperative)
    return past_session


def _url(name, session):
    return reverse(f"training:{name}", args=[session.pk])


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_trainer_of_another_ngo_gets_404_on_session_pages(
    name, client_for, other_trainer, enrolled
):
    assert client_for(other_trainer).get(_url(name, enrolled)).status_code == 404


def test_trainer_of_another_ngo_gets_404_on_attendance_post(client_for, other_trainer, enrolled):
    response = client_for(other_trainer).post(_url("attendance", enrolled), {"all_present": "1"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_trainer_of_another_ngo_sees_the_sessions_they_give(
    client_for, other_trainer, make_session
):
    session = make_session(days=-1, trainer=other_trainer)
    client = client_for(other_trainer)
    assert client.get(_url("session_detail", session)).status_code == 200
    assert client.get(_url("attendance", session)).status_code == 200
    listed = client.get(reverse("training:session_list")).context["page_obj"]
    assert [s.pk for s in listed] == [session.pk]


@pytest.mark.parametrize("name", ["session_detail", "attendance", "sign_in_sheet"])
def test_trainer_of_the_implementing_ngo_sees_the_program_sessions(
    name, client_for, trainer, make_session, program_manager, enrolled
):
    # Another trainer of the same NGO gives it: colleagues still see it.
    colleague = make_session(days=-1, trainer=None)
    for session in (enrolled, colleague):
        assert client_for(trainer).get(_url(name, session)).status_code == 200


@pytest.mark.parametrize("name", ["session_enroll", "session_edit", "session_cancel"])
def test_trainer_cannot_manage_sessions(name, client_for, trainer, enrolled):
    assert client_for(trainer).get(_url(name, enrolled)).status_code == 403


def test_cooperative_manager_sees_only_their_people_read_only(
    client_for, cooperative_manager, enrolled, fatima
):
    client = client_for(cooperative_manager)
    response = client.get(_url("session_detail", enrolled))
    assert response.status_code == 200
    names = [e.person.first_name_latin for e in response.context["enrollments"]]
    assert names == ["Fatima"]
    assert "Zineb" not in response.text
    assert response.context["history"] is None
    assert client.get(_url("attendance", enrolled)).status_code == 403
    response = client.post(_url("attendance", enrolled), {"all_present": "1"})
    assert response.status_code == 403
    assert not Attendance.objects.exists()
    assert client.get(_url("sign_in_sheet", enrolled)).status_code == 403
    assert client.get(_url("session_enroll", enrolled)).status_code == 403


def test_cooperative_manager_does_not_see_sessions_without_their_people(
    client_for, other_manager, cooperative_manager, past_session, fatima, cooperative
):
    enroll(past_session, [fatima], cooperative)
    assert client_for(other_manager).get(_url("session_detail", past_session)).status_code == 404
    listed = client_for(other_manager).get(reverse("training:session_list"))
    assert listed.context["page_obj"].paginator.count == 0


@pytest.mark.parametrize("name", SESSION_PAGES)
def test_funder_gets_404_on_sessions(name, client_for, funder, enrolled):
    assert client_for(funder).get(_url(name, enrolled)).status_code == 404


def test_funder_has_no_training_pages(client_for, funder, enrolled):
    client = client_for(funder)
    assert client.get(reverse("training:session_list")).status_code == 403
    assert Session.objects.visible_to(funder).count() == 0


def test_platform_admin_sees_everything(client_for, platform_admin, enrolled):
    client = client_for(platform_admin)
    for name in [*SESSION_PAGES, "session_cancel"]:
        assert client.get(_url(name, enrolled)).status_code == 200, name


def test_anonymous_visitors_are_sent_to_sign_in(enrolled):
    response = Client().get(_url("session_detail", enrolled))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_menu_shows_training_to_the_roles_that_use_it(
    client_for, trainer, cooperative_manager, funder, program_manager
):
    url = reverse("training:session_list")
    for user in (trainer, cooperative_manager, program_manager):
        page = client_for(user).get(reverse("core:home")).text
        assert f'href="{url}"' in page
    assert f'href="{url}"' not in client_for(funder).get(reverse("core:home")).text
