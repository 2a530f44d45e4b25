"""Training pages: lists with filters, sorting and paging, forms, enrollment, the home
panel; bounded queries; no 500 whatever the browser sends; no inline code."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiwizi.accounts.models import User
from tiwizi.core.dashboards import home_context
from tiwizi.core.tests.test_security import inline_code
from tiwizi.registry.models import Person
from tiwizi.training import services
from tiwizi.training.models import Course, Enrollment, Session
from tiwizi.training.tests.helpers import add_members, enroll, moment

SESSION_LIST = reverse("training:session_list")


def _queries(client, url, params=None, **headers):
    client.get(url, params or {}, **headers)  # warm the content-type cache up
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {}, **headers)
    assert response.status_code == 200
    return len(context.captured_queries)


def _listed(response):
    return [session.pk for session in response.context["page_obj"]]


# The session list


def _bulk_sessions(make_session, count, trainer, cooperative):
    template = make_session(days=-1)
    people = add_members(cooperative, 2)
    enroll(template, people, cooperative)
    sessions = Session.objects.bulk_create(
        Session(course=template.course, cohort=template.cohort, commune=template.commune,
                trainer=trainer, capacity=20, venue="Salle",
                starts_at=template.starts_at + datetime.timedelta(days=i % 20),
                ends_at=template.ends_at + datetime.timedelta(days=i % 20))
        for i in range(count - 1)
    )  # fmt: skip
    Enrollment.objects.bulk_create(
        Enrollment(session=s, person=p, organization=cooperative) for s in sessions for p in people
    )


@pytest.mark.parametrize("sort", ["-date", "course", "place", "-status"])
def test_session_list_query_count_is_constant(
    sort, client_for, program_manager, trainer, cooperative_manager, make_session, cooperative
):
    users = (program_manager, trainer, cooperative_manager)
    _bulk_sessions(make_session, 5, trainer, cooperative)
    few = {u.pk: _queries(client_for(u), SESSION_LIST, {"sort": sort}) for u in users}
    _bulk_sessions(make_session, 50, trainer, cooperative)
    many = {u.pk: _queries(client_for(u), SESSION_LIST, {"sort": sort}) for u in users}
    assert few == many
    assert max(many.values()) <= 15


def test_session_list_filters(client_for, program_manager, make_session, other_trainer, program,
                              cohort, course):  # fmt: skip
    early = make_session(days=-20)
    late = make_session(days=20, trainer=other_trainer)
    cancelled = make_session(days=-5)
    services.cancel_session(program_manager, cancelled)
    client = client_for(program_manager)
    assert set(_listed(client.get(SESSION_LIST))) == {early.pk, late.pk, cancelled.pk}
    assert _listed(client.get(SESSION_LIST, {"trainer": other_trainer.pk})) == [late.pk]
    assert _listed(client.get(SESSION_LIST, {"status": "cancelled"})) == [cancelled.pk]
    day = moment(0).date()
    assert _listed(client.get(SESSION_LIST, {"date_from": day.isoformat()})) == [late.pk]
    assert _listed(client.get(SESSION_LIST, {"date_to": day.isoformat(), "sort": "date"})) == [
        early.pk, cancelled.pk,
    ]  # fmt: skip
    for name, value in (("program", program.pk), ("cohort", cohort.pk), ("course", course.pk)):
        assert len(_listed(client.get(SESSION_LIST, {name: value}))) == 3


def test_session_list_sorts_and_pages(settings, client_for, program_manager, make_session):
    settings.TIWIZI_PAGE_SIZE = 2
    sessions = [make_session(days=d) for d in (-3, -2, -1)]
    client = client_for(program_manager)
    assert _listed(client.get(SESSION_LIST)) == [sessions[2].pk, sessions[1].pk]  # newest first
    assert _listed(client.get(SESSION_LIST, {"sort": "date", "page": "2"})) == [sessions[2].pk]


def test_trainer_filters_the_sessions_they_give(client_for, trainer, make_session, program_manager):
    mine = make_session(days=-1)
    colleague = make_session(days=-2, trainer=None)
    client = client_for(trainer)
    assert set(_listed(client.get(SESSION_LIST))) == {mine.pk, colleague.pk}
    assert _listed(client.get(SESSION_LIST, {"mine": "on"})) == [mine.pk]


def test_session_list_answers_htmx_with_the_results_only(client_for, program_manager, make_session):
    make_session()
    response = client_for(program_manager).get(
        SESSION_LIST, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="session-results"
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="id_sort"' in response.text


BAD_QUERIES = [
    {"page": "abc"}, {"page": "99999"}, {"page": "-1"}, {"page": "9" * 40}, {"sort": "bogus"},
    {"sort": "-"}, {"sort": "--date"}, {"program": "abc"}, {"program": "9" * 40},
    {"cohort": "-3"}, {"course": "1.5"}, {"trainer": "x"}, {"status": "party"},
    {"date_from": "2024-02-30"}, {"date_to": "yesterday"}, {"date_from": "9999999-01-01"},
    {"mine": "maybe"}, {"q": "\x00"},
]  # fmt: skip


@pytest.mark.parametrize("query", BAD_QUERIES, ids=lambda q: repr(q)[:40])
@pytest.mark.parametrize(
    "name", ["session_list", "course_list", "certificate_list", "certificate_issue"]
)
def test_bad_query_params_never_500(name, query, client_for, program_manager, make_session):
    make_session()
    client = client_for(program_manager)
    assert client.get(reverse(f"training:{name}"), query).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/training/sessions/99999999999999999999999/", "/training/courses/0/",
     "/training/sessions/99999999999999999999999/attendance/",
     "/training/certificates/99999999999999999999999.pdf",
     "/training/enrollments/99999999999999999999999/remove/"],
)  # fmt: skip
def test_unknown_or_huge_ids_are_404(path, client_for, platform_admin):
    assert client_for(platform_admin).get(path).status_code == 404


# Session detail and forms


def test_session_detail_query_count_is_bounded(client_for, program_manager, trainer, make_session,
                                               cooperative):  # fmt: skip
    few_session, many_session = make_session(days=-1), make_session(days=-2)
    for session, count in ((few_session, 5), (many_session, 40)):
        enrollments = enroll(session, add_members(cooperative, count), cooperative)
        services.record_attendance(trainer, session, {e.pk: "present" for e in enrollments})
    client = client_for(program_manager)
    few = _queries(client, few_session.get_absolute_url())
    assert _queries(client, many_session.get_absolute_url()) == few
    assert few <= 25


def test_session_detail_shows_people_and_attendance_summary(
    client_for, program_manager, trainer, past_session, cooperative, fatima
):
    first, _second = enroll(past_session, [fatima, *add_members(cooperative, 1)], cooperative)
    services.record_attendance(trainer, past_session, {first.pk: "present"})
    response = client_for(program_manager).get(past_session.get_absolute_url())
    assert response.context["counts"] == {"present": 1, "excused": 0, "unexcused": 0}
    assert response.context["unrecorded"] == 1
    assert "Fatima Aït Lahcen" in response.text
    assert "Coopérative Safran Taliouine" in response.text


def _session_form(course, cohort, commune, /, **changes):
    day = moment(3).date()
    data = {
        "course": course.pk, "cohort": cohort.pk, "date": day.isoformat(),
        "start_time": "09:00", "end_time": "12:30", "province": commune.province_id,
        "commune": commune.pk, "venue": "Salle communale", "trainer": "", "capacity": "20",
    }  # fmt: skip
    data.update(changes)
    return data


def test_program_manager_schedules_a_session(client_for, program_manager, course, cohort, commune,
                                             trainer):  # fmt: skip
    data = _session_form(course, cohort, commune, trainer=trainer.pk)
    response = client_for(program_manager).post(reverse("training:session_create"), data)
    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
    assert session.duration_hours == 3.5
    assert session.trainer == trainer
    assert session.status == Session.Status.PLANNED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": "08:00"}, "end_time"),
        ({"date": (moment(0).date() - datetime.timedelta(days=900)).isoformat()}, "date"),
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "lots"}, "capacity"),
        ({"date": "2024-02-30"}, "date"),
        ({"course": "99999999999999999999"}, "course"),
        ({"commune": ""}, "commune"),
        ({"trainer": "abc"}, "trainer"),
    ],
)
def test_session_form_shows_errors_beside_the_field(
    changes, field, client_for, program_manager, course, cohort, commune
):
    data = _session_form(course, cohort, commune, **changes)
    response = client_for(program_manager).post(reverse("training:session_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Session.objects.exists()


def test_session_form_offers_only_trainers_of_the_implementing_ngo(
    client_for, program_manager, trainer, other_trainer, cohort
):
    form = client_for(program_manager).get(reverse("training:session_create")).context["form"]
    assert list(form.fields["trainer"].queryset) == [trainer]


def test_session_form_redraws_communes_without_javascript(client_for, program_manager, course,
                                                          cohort, commune):  # fmt: skip
    data = _session_form(course, cohort, commune, commune="", refresh_communes="1")
    response = client_for(program_manager).post(reverse("training:session_create"), data)
    assert response.status_code == 200
    assert f'<option value="{commune.pk}">' in response.text
    assert not response.context["form"].errors
    assert not Session.objects.exists()


def test_program_manager_edits_a_session(client_for, program_manager, future_session, course,
                                         cohort, commune):  # fmt: skip
    url = reverse("training:session_edit", args=[future_session.pk])
    client = client_for(program_manager)
    form = client.get(url).context["form"]
    assert form["start_time"].value().strftime("%H:%M") == "09:00"
    data = _session_form(course, cohort, commune, capacity="35", venue="Nouvelle salle")
    assert client.post(url, data).status_code == 302
    future_session.refresh_from_db()
    assert (future_session.capacity, future_session.venue) == (35, "Nouvelle salle")


def test_cancelling_asks_first(client_for, program_manager, future_session):
    url = reverse("training:session_cancel", args=[future_session.pk])
    client = client_for(program_manager)
    assert client.get(url).status_code == 200
    future_session.refresh_from_db()
    assert future_session.status == Session.Status.PLANNED
    response = client.post(url, follow=True)
    assert "The session has been cancelled." in response.text
    future_session.refresh_from_db()
    assert future_session.status == Session.Status.CANCELLED


# Enrollment page


def test_enroll_page_lists_members_of_participating_organizations(
    client_for, program_manager, past_session, cooperative, make_organization, fatima
):
    outsider = make_organization(name_fr="Hors cohorte")
    add_members(outsider, 1, first_name_latin="Outsider")
    url = reverse("training:session_enroll", args=[past_session.pk])
    response = client_for(program_manager).get(url)
    people = [m.person_id for m in response.context["page_obj"]]
    assert people == [fatima.pk]
    assert "Outsider" not in response.text


def test_enroll_page_search_by_htmx(client_for, program_manager, past_session, cooperative, fatima):
    add_members(cooperative, 3, first_name_latin="Zahra")
    url = reverse("training:session_enroll", args=[past_session.pk])
    response = client_for(program_manager).get(
        url, {"q": "fatima"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="enroll-candidates"
    )
    assert "<html" not in response.text
    assert [m.person_id for m in response.context["page_obj"]] == [fatima.pk]


def test_program_manager_enrolls_several_people_at_once(
    client_for, program_manager, past_session, cooperative, fatima
):
    others = add_members(cooperative, 2)
    url = reverse("training:session_enroll", args=[past_session.pk])
    values = [f"{p.pk}:{cooperative.pk}" for p in (fatima, *others)]
    response = client_for(program_manager).post(url, {"member": values}, follow=True)
    assert "3 people have been enrolled." in response.text
    assert past_session.enrollments.count() == 3
    assert response.context["page_obj"].paginator.count == 0  # nobody left to enroll


@pytest.mark.parametrize("value", ["abc", "1", "1:", ":1", "99999999:99999999", "9" * 40 + ":1"])
def test_bad_enroll_values_never_500(value, client_for, program_manager, past_session):
    url = reverse("training:session_enroll", args=[past_session.pk])
    response = client_for(program_manager).post(url, {"member": [value]})
    assert response.status_code == 200
    assert response.context["errors"]
    assert not Enrollment.objects.exists()


def test_enrolling_past_capacity_shows_an_error_and_keeps_the_choice(
    client_for, program_manager, make_session, cooperative
):
    session = make_session(capacity=2)
    people = add_members(cooperative, 3)
    url = reverse("training:session_enroll", args=[session.pk])
    values = [f"{p.pk}:{cooperative.pk}" for p in people]
    response = client_for(program_manager).post(url, {"member": values})
    assert "Places left in this session: 2" in response.text
    assert response.text.count(" checked") == 3
    assert not Enrollment.objects.exists()


def test_enroll_page_query_count_is_constant(client_for, program_manager, past_session,
                                             cooperative):  # fmt: skip
    url = reverse("training:session_enroll", args=[past_session.pk])
    client = client_for(program_manager)
    add_members(cooperative, 5)
    few = _queries(client, url)
    add_members(cooperative, 80)
    assert _queries(client, url) == few


def test_taking_someone_off_a_session(client_for, program_manager, past_session, cooperative,
                                      fatima):  # fmt: skip
    (enrollment,) = enroll(past_session, [fatima], cooperative)
    url = reverse("training:enrollment_remove", args=[enrollment.pk])
    client = client_for(program_manager)
    assert client.get(url).status_code == 200
    assert Enrollment.objects.exists()
    client.post(url)
    assert not Enrollment.objects.exists()


# Courses


def test_course_pages(client_for, program_manager, course, past_session, future_session):
    client = client_for(program_manager)
    listed = client.get(reverse("training:course_list"))
    assert [c.pk for c in listed.context["page_obj"]] == [course.pk]
    assert listed.context["page_obj"][0].session_count == 2
    detail = client.get(course.get_absolute_url())
    assert detail.context["upcoming"] == [future_session]
    assert detail.context["recent"] == [past_session]
    assert "Livre de caisse" in detail.text


def test_course_list_filters(client_for, trainer, course, program_manager):
    other = services.create_course(
        program_manager,
        {"title_fr": "Hygiène alimentaire", "duration_hours": 4, "languages": ["fr"]},
    )
    services.update_course(program_manager, other, {"is_active": False})
    client = client_for(trainer)
    url = reverse("training:course_list")
    assert [c.pk for c in client.get(url).context["page_obj"]] == [course.pk]
    assert [c.pk for c in client.get(url, {"active": "inactive"}).context["page_obj"]] == [other.pk]
    assert len(client.get(url, {"active": "all"}).context["page_obj"]) == 2
    assert [c.pk for c in client.get(url, {"language": "ber"}).context["page_obj"]] == [course.pk]
    assert [c.pk for c in client.get(url, {"q": "محاسبي"}).context["page_obj"]] == [course.pk]


def test_program_manager_creates_and_edits_a_course(client_for, program_manager):
    client = client_for(program_manager)
    data = {"title_fr": "Marketing", "title_ar": "التسويق", "duration_hours": "6",
            "languages": ["ar", "fr"], "is_active": "on", "topics": "Prix\nEmballage"}  # fmt: skip
    response = client.post(reverse("training:course_create"), data)
    course = Course.objects.get()
    assert response["Location"] == course.get_absolute_url()
    assert course.languages == ["ar", "fr"]
    data["duration_hours"] = "7.5"
    client.post(reverse("training:course_edit", args=[course.pk]), data)
    course.refresh_from_db()
    assert str(course.duration_hours) == "7.5"


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"title_fr": ""}, "title_fr"), ({"duration_hours": "0"}, "duration_hours"),
     ({"duration_hours": "abc"}, "duration_hours"), ({"languages": ["xx"]}, "languages")],
)  # fmt: skip
def test_course_form_errors(changes, field, client_for, program_manager):
    data = {"title_fr": "Marketing", "duration_hours": "6", **changes}
    response = client_for(program_manager).post(reverse("training:course_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Course.objects.exists()


def test_trainers_and_cooperatives_read_courses_but_do_not_write(
    client_for, trainer, cooperative_manager, course
):
    for user in (trainer, cooperative_manager):
        client = client_for(user)
        assert client.get(course.get_absolute_url()).status_code == 200
        assert client.get(reverse("training:course_create")).status_code == 403
        assert client.get(reverse("training:course_edit", args=[course.pk])).status_code == 403


def test_course_list_query_count_is_constant(client_for, program_manager, course):
    client = client_for(program_manager)
    url = reverse("training:course_list")
    few = _queries(client, url)
    Course.objects.bulk_create(
        Course(title_fr=f"Cours {n}", duration_hours=3, languages=["fr"]) for n in range(40)
    )
    assert _queries(client, url) == few


# The trainer's home panel


def test_trainer_panel_shows_next_sessions_and_missing_attendance(
    client_for, trainer, make_session, cooperative, program_manager
):
    upcoming = make_session(days=2)
    forgotten = make_session(days=-3)
    enroll(forgotten, add_members(cooperative, 1), cooperative)
    make_session(days=-4)  # nobody enrolled: nothing to record
    page = client_for(trainer).get(reverse("core:home"))
    assert page.status_code == 200
    assert reverse("training:attendance", args=[upcoming.pk]) in page.text
    assert reverse("training:attendance", args=[forgotten.pk]) in page.text
    panel = next(p for p in page.context["panels"] if p.template == "training/panels/trainer.html")
    assert panel.context["upcoming"] == [upcoming]
    assert panel.context["missing"] == [forgotten]


def test_trainer_panel_query_count_is_constant(trainer, make_session, cooperative):
    def count():
        home_context(User.objects.get(pk=trainer.pk))
        with CaptureQueriesContext(connection) as queries:
            home_context(User.objects.get(pk=trainer.pk))
        return len(queries.captured_queries)

    make_session(days=2)
    few = count()
    for day in range(3, 12):
        make_session(days=day)
        enroll(make_session(days=-day), add_members(cooperative, 1), cooperative)
    assert count() == few


# Pages respect the Content-Security-Policy, in every language


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_training_pages_have_no_inline_code(language, client_for, program_manager, trainer,
                                            past_session, cooperative, fatima, course):  # fmt: skip
    enroll(past_session, [fatima], cooperative)
    pages = [
        (program_manager, SESSION_LIST),
        (program_manager, past_session.get_absolute_url()),
        (program_manager, reverse("training:session_create")),
        (program_manager, reverse("training:session_edit", args=[past_session.pk])),
        (program_manager, reverse("training:session_enroll", args=[past_session.pk])),
        (program_manager, reverse("training:session_cancel", args=[past_session.pk])),
        (trainer, reverse("training:attendance", args=[past_session.pk])),
        (trainer, reverse("training:calendar")),
        (program_manager, reverse("training:course_list")),
        (program_manager, course.get_absolute_url()),
        (program_manager, reverse("training:course_create")),
        (program_manager, reverse("training:certificate_list")),
        (program_manager, reverse("training:certificate_issue")),
        (trainer, reverse("core:home")),
        (None, reverse("training:verify", args=["ABCDEFGHJK"])),
    ]
    for user, url in pages:
        client = client_for(user, language) if user else client_for(program_manager, language)
        if user is None:
            client.logout()
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert inline_code(response.content.decode()) == [], url
        if language == "ar":
            assert 'dir="rtl"' in response.text


def test_person_search_on_the_enroll_page_uses_the_registry_search(
    client_for, program_manager, past_session, cooperative
):
    person = Person.objects.create(first_name_ar="خديجة", last_name_ar="العلوي", sex="female")
    person.memberships.create(organization=cooperative)
    url = reverse("training:session_enroll", args=[past_session.pk])
    response = client_for(program_manager).get(url, {"q": "خديجه"})  # ta marbuta typed as ha
    assert [m.person_id for m in response.context["page_obj"]] == [person.pk]
