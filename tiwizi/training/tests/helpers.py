"""Builders shared by the training tests (plain functions, fast, bulk where it matters)."""

import datetime
import itertools
from typing import Any

from django.utils import timezone

from tiwizi.registry.models import Membership, Organization, Person
from tiwizi.training import services
from tiwizi.training.models import Enrollment, Session

_numbers = itertools.count(1)


def add_members(organization: Organization, count: int, **fields: Any) -> list[Person]:
    """`count` people, current members of `organization` (bulk: for query-count tests)."""
    people = Person.objects.bulk_create(
        Person(
            first_name_latin=fields.get("first_name_latin", "Membre"),
            last_name_latin=f"{fields.get('last_name_latin', 'N')}{next(_numbers)}",
            first_name_ar=fields.get("first_name_ar", "عضو"),
            last_name_ar=fields.get("last_name_ar", "رقم"),
            sex=fields.get("sex", Person.Sex.FEMALE),
            birth_year=fields.get("birth_year", 1990),
        )
        for _ in range(count)
    )
    Membership.objects.bulk_create(
        Membership(person=person, organization=organization, since=datetime.date(2020, 1, 1))
        for person in people
    )
    return people


def moment(days: float, hour: int = 9) -> datetime.datetime:
    """A local time `days` from today at `hour` o'clock."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def enroll(session: Session, people: list[Person], organization: Organization) -> list[Enrollment]:
    return services.enroll_people(None, session, [(person, organization) for person in people])
