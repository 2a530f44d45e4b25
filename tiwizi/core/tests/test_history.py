"""Audit entries become history rows in the reader's language: field labels, choice labels,
related records named by id (one query per kind), booleans, dates and moments formatted;
apps add what only they store by subclassing the reader."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tiwizi.accounts.models import User
from tiwizi.core.audit import record_change
from tiwizi.core.history import (
    HISTORY_LENGTH,
    Change,
    HistoryReader,
    among,
    field_of,
    label_of,
    latest_entries,
    object_ids,
    own,
    stored_ids,
)
from tiwizi.core.models import AuditEntry
from tiwizi.geo.models import Province
from tiwizi.registry.models import Membership, Organization, Person, Sector

READER = HistoryReader()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _field(model, name):
    return model._meta.get_field(name)


# Fields and ids


def test_field_of_finds_the_models_own_fields_only():
    assert field_of(Organization, "kind") is _field(Organization, "kind")
    assert field_of(Organization, "sectors") is _field(Organization, "sectors")
    assert field_of(Organization, "no_such_field") is None
    assert field_of(Organization, "memberships") is None  # a reverse relation
    assert field_of(None, "kind") is None


def test_label_is_the_fields_verbose_name_or_the_key():
    assert label_of(_field(Organization, "creation_date"), "creation_date") == "Creation date"
    assert label_of(None, "removed_partner") == "removed_partner"


@pytest.mark.parametrize(
    ("value", "ids"),
    [("12", [12]), ("3,5", [3, 5]), ("", []), ("Casablanca", None), ("١٢", None), ("3,x", None)],
)
def test_stored_ids_reads_ids_and_refuses_older_text(value, ids):
    assert stored_ids(value) == ids


# Values


def test_empty_values_and_unknown_fields_are_shown_as_stored():
    assert READER.readable(_field(Organization, "kind"), "", {}) == ""
    assert READER.readable(None, "anything", {}) == "anything"


def test_a_choice_stored_as_its_source_label_is_shown_in_the_readers_language():
    kind = _field(Organization, "kind")
    with translation.override("fr"):
        expected = str(Organization.Kind.COOPERATIVE.label)
        assert READER.readable(kind, "Cooperative", {}) == expected
    assert READER.readable(kind, "Something else", {}) == "Something else"


def test_a_choice_stored_as_its_code_is_read_by_a_reader_that_says_so():
    class CodeReader(HistoryReader):
        choices_stored_as = "code"

    kind = _field(Organization, "kind")
    with translation.override("fr"):
        expected = str(Organization.Kind.COOPERATIVE.label)
        assert CodeReader().readable(kind, "cooperative", {}) == expected
    assert CodeReader().readable(kind, "unknown", {}) == "unknown"


@pytest.mark.parametrize(
    ("value", "shown"),
    [("True", "Yes"), ("true", "Yes"), ("False", "No"), ("false", "No"), ("maybe", "maybe")],
)
def test_booleans_read_yes_or_no(value, shown):
    assert READER.readable(_field(User, "is_active"), value, {}) == shown


def test_dates_are_formatted_for_the_reader():
    creation_date = _field(Organization, "creation_date")
    expected = date_format(datetime.date(2024, 3, 5), "SHORT_DATE_FORMAT")
    assert READER.readable(creation_date, "2024-03-05", {}) == expected
    assert READER.readable(creation_date, "5 March", {}) == "5 March"


def test_moments_are_shown_in_local_time():
    archived_at = _field(Organization, "archived_at")
    moment = datetime.datetime(2024, 3, 5, 23, 30, tzinfo=datetime.UTC)
    expected = date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    assert READER.readable(archived_at, "2024-03-05 23:30:00+00:00", {}) == expected
    assert READER.readable(archived_at, moment.isoformat(), {}) == expected
    # Without a time zone, or not a moment at all: as stored, never an error.
    assert READER.readable(archived_at, "2024-03-05T23:30:00", {}) == "2024-03-05T23:30:00"
    assert READER.readable(archived_at, "yesterday", {}) == "yesterday"


def test_plain_values_are_shown_as_stored():
    assert READER.readable(_field(Organization, "ice"), "001234567000089", {}) == (
        "001234567000089"
    )


@pytest.mark.django_db
def test_related_records_are_named_and_deleted_ones_said_so():
    sectors = list(Sector.objects.order_by("pk")[:2])
    related = {Sector: {s.pk: s for s in sectors}}
    field = _field(Organization, "sectors")
    value = f"{sectors[0].pk},{sectors[1].pk},999999"
    assert READER.readable(field, value, related) == f"{sectors[0]}, {sectors[1]}, (deleted)"
    assert READER.readable(field, "saffron, dates", related) == "saffron, dates"


@pytest.mark.django_db
def test_a_reader_may_name_missing_records_its_own_way():
    class IdReader(HistoryReader):
        def missing(self, pk):
            return str(pk)

    assert IdReader().readable(_field(Organization, "province"), "999999", {}) == "999999"


# Entries and rows


@pytest.fixture
def people(db):
    make = Person.objects.create
    return [
        make(first_name_latin="Fatima", last_name_latin="Aït Ali", sex="female"),
        make(first_name_latin="Ahmed", last_name_latin="Idrissi", sex="male"),
    ]


def test_latest_entries_are_those_of_the_record_newest_first(make_organization):
    organization, other = make_organization(), make_organization()
    first = record_change(None, organization, AuditEntry.Action.CREATE, {"ice": ["", "1"]})
    record_change(None, other, AuditEntry.Action.CREATE, {"ice": ["", "2"]})
    second = record_change(None, organization, AuditEntry.Action.UPDATE, {"ice": ["1", "3"]})
    assert latest_entries(own(organization)) == [second, first]
    assert latest_entries(own(organization), length=1) == [second]


def test_latest_entries_stop_at_the_history_length(make_organization):
    organization = make_organization()
    for n in range(HISTORY_LENGTH + 3):
        record_change(None, organization, AuditEntry.Action.UPDATE, {"ice": [str(n), ""]})
    assert len(latest_entries(own(organization))) == HISTORY_LENGTH


def test_among_finds_the_entries_of_the_records_in_a_queryset(make_organization, people):
    organization = make_organization()
    memberships = [
        Membership.objects.create(
            person=person, organization=organization, role="member", since=datetime.date.today()
        )
        for person in people
    ]
    entries = [
        record_change(None, membership, AuditEntry.Action.CREATE, {"role": ["", "Member"]})
        for membership in memberships
    ]
    record_change(None, organization, AuditEntry.Action.CREATE, {})
    condition = among(Membership, Membership.objects.filter(pk=memberships[0].pk))
    assert latest_entries(condition) == [entries[0]]
    found = latest_entries(among(Membership, Membership.objects.all()))
    assert object_ids(found, Membership) == [memberships[1].pk, memberships[0].pk]
    assert object_ids(found, Organization) == []


def test_rows_read_each_entry_with_one_query_per_kind_of_related_record(
    make_organization, people, django_assert_num_queries
):
    organization = make_organization()
    provinces = list(Province.objects.order_by("pk")[:2])
    sectors = list(Sector.objects.order_by("pk")[:2])
    record_change(
        people[0],
        organization,
        AuditEntry.Action.UPDATE,
        {
            "province": [str(provinces[0].pk), str(provinces[1].pk)],
            "sectors": ["", f"{sectors[0].pk},{sectors[1].pk}"],
            "kind": ["Cooperative", "Association"],
            "removed_partner": ["{}", ""],
        },
    )
    record_change(
        None, organization, AuditEntry.Action.UPDATE, {"province": ["", str(provinces[0].pk)]}
    )
    entries = latest_entries(own(organization))

    with django_assert_num_queries(2):  # provinces, sectors
        rows = READER.rows(entries, subject=lambda entry: f"about {entry.object_id}")

    newest, oldest = rows
    assert newest.entry == entries[0]
    assert newest.changes == [Change("Province", "", str(provinces[0]))]
    assert oldest.action == entries[1].get_action_display()
    assert oldest.subject == f"about {organization.pk}"
    # The model's field order, then other keys: the same on SQLite and PostgreSQL.
    assert oldest.changes == [
        Change("Kind", "Cooperative", "Association"),
        Change("Province", str(provinces[0]), str(provinces[1])),
        Change("Sectors", "", f"{sectors[0]}, {sectors[1]}"),
        Change("removed_partner", "{}", ""),
    ]


def test_rows_have_no_subject_unless_asked(make_organization):
    organization = make_organization()
    record_change(None, organization, AuditEntry.Action.CREATE, {})
    (row,) = READER.rows(latest_entries(own(organization)))
    assert row.subject == ""
    assert row.changes == []


def test_a_reader_subclass_reads_keys_that_are_not_fields(make_organization):
    class RemovalReader(HistoryReader):
        def mentions(self, entry):
            yield from super().mentions(entry)
            for value in (entry.changes or {}).get("removed_province", []):
                yield _field(Organization, "province"), value

        def change(self, model, name, old, new, related):
            if name == "removed_province":
                return Change(
                    "Removed", self.readable(field_of(model, "province"), old, related), ""
                )
            return super().change(model, name, old, new, related)

    organization = make_organization()
    province = Province.objects.order_by("pk").first()
    record_change(
        None, organization, AuditEntry.Action.UPDATE, {"removed_province": [str(province.pk), ""]}
    )
    (row,) = RemovalReader().rows(latest_entries(own(organization)))
    assert row.changes == [Change("Removed", str(province), "")]
