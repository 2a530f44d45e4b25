"""The attendance sheet as one write: all rows or none, same right as the page."""

import datetime
from collections.abc import Callable

from django.utils import timezone

from tiwizi.api.tests.conftest import ApiClient, World, add_person
from tiwizi.training.models import Attendance, Session


def test_staff_record_the_whole_sheet(world: World, api: Callable[..., ApiClient]) -> None:
    body = {"rows": [{"person": world.alice.pk, "status": "present"},
                     {"person": world.bob.pk, "status": "excused"}]}  # fmt: skip
    response = api(world.trainer).put(f"/sessions/{world.session.pk}/attendance", body)
    assert response.status_code == 200, response.content
    statuses = {row["person_id"]: row["status"] for row in response.json()["rows"]}
    assert statuses == {world.alice.pk: "present", world.bob.pk: "excused"}
    recorded = dict(Attendance.objects.values_list("enrollment__person_id", "status"))
    assert recorded == statuses
    world.session.refresh_from_db()
    assert world.session.status == Session.Status.HELD


def test_one_bad_row_writes_nothing_and_is_named(
    world: World, api: Callable[..., ApiClient]
) -> None:
    stranger = add_person(world.coop_a, first_name_latin="Not enrolled")
    body = {"rows": [{"person": world.alice.pk, "status": "present"},
                     {"person": stranger.pk, "status": "present"}]}  # fmt: skip
    response = api(world.trainer).put(f"/sessions/{world.session.pk}/attendance", body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["details"] == [
        {
            "loc": ["body", "rows", 1, "person"],
            "code": "not_enrolled",
            "message": f"Row 2: person {stranger.pk} is not enrolled in this session.",
        }
    ]
    assert not Attendance.objects.exists()


def test_bad_status_names_the_row(world: World, api: Callable[..., ApiClient]) -> None:
    body = {"rows": [{"person": world.alice.pk, "status": "present"},
                     {"person": world.bob.pk, "status": "asleep"}]}  # fmt: skip
    response = api(world.trainer).put(f"/sessions/{world.session.pk}/attendance", body)
    assert response.status_code == 400
    locs = [detail["loc"] for detail in response.json()["error"]["details"]]
    assert locs == [["body", "payload", "rows", 1, "status"]]
    assert not Attendance.objects.exists()


def test_duplicate_person_is_refused(world: World, api: Callable[..., ApiClient]) -> None:
    body = {"rows": [{"person": world.alice.pk, "status": "present"},
                     {"person": world.alice.pk, "status": "unexcused"}]}  # fmt: skip
    response = api(world.trainer).put(f"/sessions/{world.session.pk}/attendance", body)
    assert response.status_code == 400
    assert {d["code"] for d in response.json()["error"]["details"]} == {"duplicate"}
    assert not Attendance.objects.exists()


def test_service_refusal_is_400_and_writes_nothing(
    world: World, api: Callable[..., ApiClient]
) -> None:
    Session.objects.filter(pk=world.session.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=3),
        ends_at=timezone.now() + datetime.timedelta(days=3, hours=2),
    )
    body = {"rows": [{"person": world.alice.pk, "status": "present"}]}
    response = api(world.trainer).put(f"/sessions/{world.session.pk}/attendance", body)
    assert response.status_code == 400
    assert "not started yet" in response.json()["error"]["details"][0]["message"]
    assert not Attendance.objects.exists()


def test_cooperative_manager_cannot_record(world: World, api: Callable[..., ApiClient]) -> None:
    body = {"rows": [{"person": world.alice.pk, "status": "present"}]}
    response = api(world.manager_a).put(f"/sessions/{world.session.pk}/attendance", body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Attendance.objects.exists()


def test_other_organizations_get_404(
    world: World,
    api: Callable[..., ApiClient],
    make_user: Callable[..., object],
    make_organization: Callable[..., object],
) -> None:
    outsider = make_user("trainer", make_organization("ngo"))
    body = {"rows": [{"person": world.alice.pk, "status": "present"}]}
    response = api(outsider).put(f"/sessions/{world.session.pk}/attendance", body)
    assert response.status_code == 404
    assert (
        api(world.funder).put(f"/sessions/{world.session.pk}/attendance", body).status_code == 404
    )
    assert not Attendance.objects.exists()


def test_empty_sheet_is_400(world: World, api: Callable[..., ApiClient]) -> None:
    response = api(world.trainer).put(f"/sessions/{world.session.pk}/attendance", {"rows": []})
    assert response.status_code == 400
