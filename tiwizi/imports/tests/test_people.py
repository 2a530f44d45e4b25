# ruff: noqa: RUF001
"""People with memberships: each bad input gives the exact (row, column, message)."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from tiwizi.imports import services
from tiwizi.imports.cells import list_separator
from tiwizi.imports.models import ImportJob
from tiwizi.imports.tests.conftest import csv_bytes, import_rows, problems, run_import
from tiwizi.registry.models import Membership, Person

HEADERS = ["Last name (Latin script)", "First name (Latin script)", "Sex", "Year of birth",
           "Phone", "National ID (CIN)", "Organization", "Role", "Since"]  # fmt: skip


def row(**changes: Any) -> list[Any]:
    values = {"last": "Ait Ali", "first": "Fatima", "sex": "Woman", "year": "1988",
              "phone": "0661234567", "cin": "JB123456", "org": "Coopérative Tafoukt",
              "role": "Member", "since": "01/09/2021"}  # fmt: skip
    values.update(changes)
    return list(values.values())


def check(user: Any, *rows: list[Any], **options: Any) -> ImportJob:
    return import_rows(user, "people", [HEADERS, *rows], **options)


pytestmark = pytest.mark.django_db


def test_valid_file_creates_people_and_memberships(manager, cooperative) -> None:
    job = check(manager, row(), row(cin="JB654321", phone="0661234568", first="Khadija"))
    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.updated_count, job.skipped_count) == (2, 0, 0)
    person = Person.objects.get(national_id="JB123456")
    assert person.phone == "+212661234567"
    assert person.search_text.strip()  # kept filled, as Person.save() does
    membership = Membership.objects.get(person=person)
    assert (membership.organization, membership.role, str(membership.since)) == (
        cooperative,
        "member",
        "2021-09-01",
    )


def test_bad_date(manager, cooperative) -> None:
    job = check(manager, row(since="31/02/2021"))
    assert problems(job) == [
        (2, "Since", "“31/02/2021” is not a date: write it as dd/mm/yyyy or yyyy-mm-dd.")
    ]


def test_iso_dates_and_arabic_indic_digits_are_accepted(manager, cooperative) -> None:
    job = check(
        manager,
        row(year="١٩٨٨", phone="٠٦٦١٢٣٤٥٦٧", since="٢٠٢١-٠٩-٠١"),
        row(year="۱۹۹۰", phone="۰۶۶۱۲۳۴۵۶۸", cin="JB654321", since="۰۱/۰۹/۲۰۲۱"),
    )
    assert job.status == ImportJob.Status.DONE, problems(job)
    assert sorted(Person.objects.values_list("birth_year", "phone")) == [
        (1988, "+212661234567"), (1990, "+212661234568"),
    ]  # fmt: skip


def test_bad_sex_value(manager, cooperative) -> None:
    job = check(manager, row(sex="X"))
    assert problems(job) == [(2, "Sex", "“X” is not one of the choices: Woman, Man.")]


def test_sex_in_french_and_arabic_is_understood(manager, cooperative) -> None:
    job = check(manager, row(sex="Femme"), row(sex="ذكر", cin="JB654321", phone="0661234568"))
    assert job.status == ImportJob.Status.DONE, problems(job)
    assert sorted(Person.objects.values_list("sex", flat=True)) == ["female", "male"]


def test_missing_required_value_and_column(manager, cooperative) -> None:
    assert problems(check(manager, row(sex=""))) == [(2, "Sex", "This value is required.")]
    without_sex = [HEADERS[:2] + HEADERS[3:], row()[:2] + row()[3:]]
    job = import_rows(manager, "people", without_sex)
    assert problems(job) == [(1, "Sex", "This column is missing.")]


def test_missing_name(manager, cooperative) -> None:
    job = check(manager, row(last=""))
    assert problems(job) == [
        (2, "Last name (Latin script)",
         "Give a first and last name in Latin script, in Arabic script, or both."),
    ]  # fmt: skip


def test_too_long_value(manager, cooperative) -> None:
    job = check(manager, row(last="A" * 81))
    assert problems(job) == [
        (2, "Last name (Latin script)",
         "This value is too long: at most 80 characters (it has 81)."),
    ]  # fmt: skip


def test_duplicate_in_file(manager, cooperative) -> None:
    job = check(manager, row(), row(first="Fatima"))
    assert problems(job) == [
        (3, "Organization", "This row repeats row 2 (same person and organization).")
    ]


def test_same_person_with_other_details_is_a_problem(manager, cooperative, ngo) -> None:
    job = check(manager, row(), row(first="Khadija"))
    assert problems(job) == [
        (3, "National ID (CIN)", "This person is on row 2 with other details.")
    ]


def test_bad_cin_and_phone(manager, cooperative) -> None:
    job = check(manager, row(cin="123", phone="12345"))
    assert problems(job) == [
        (2, "Phone", "“12345” is not a Moroccan phone number (for example 0661 23 45 67)."),
        (2, "National ID (CIN)",
         "A national ID (CIN) is one or two letters followed by up to 6 digits, e.g. JB123456."),
    ]  # fmt: skip


def test_one_bad_row_imports_nothing(manager, cooperative) -> None:
    good = [row(cin=f"JB{n:06d}", phone=f"06612300{n:02d}") for n in range(5)]
    job = check(manager, *good, row(cin="JB999999", phone="0661999999", sex="?"))
    assert job.status == ImportJob.Status.INVALID
    assert problems(job) == [(7, "Sex", "“?” is not one of the choices: Woman, Man.")]
    assert Person.objects.count() == 0
    with pytest.raises(ValidationError):
        services.confirm_import(manager, job)
    assert Person.objects.count() == 0


def test_a_database_error_while_writing_leaves_nothing(manager, cooperative, monkeypatch) -> None:
    job = run_import(
        manager, "people", csv_bytes([HEADERS, row(), row(cin="JB2", phone="0661000002")])
    )
    assert job.status == ImportJob.Status.READY

    def failing_insert(model: Any, rows: Any, batch_size: int = 0) -> None:
        if model is Membership:
            raise IntegrityError("simulated")
        return real_insert(model, rows)

    from tiwizi.imports.kinds import people

    real_insert = people.insert_rows
    monkeypatch.setattr(people, "insert_rows", failing_insert)
    job = services.confirm_import(manager, job)
    assert job.status == ImportJob.Status.FAILED
    assert "nothing was imported" in job.message
    assert Person.objects.count() == 0


def test_skip_or_update_existing_people(manager, cooperative) -> None:
    person = Person.objects.create(
        first_name_latin="Fatima", last_name_latin="Ait Ali", sex="female", national_id="JB123456",
        birth_year=1980,
    )  # fmt: skip
    Membership.objects.create(person=person, organization=cooperative)
    skipped = check(manager, row())
    assert (skipped.created_count, skipped.updated_count, skipped.skipped_count) == (0, 0, 1)
    person.refresh_from_db()
    assert person.birth_year == 1980
    updated = check(manager, row(), update_existing=True)
    assert (updated.created_count, updated.updated_count, updated.skipped_count) == (0, 1, 0)
    person.refresh_from_db()
    assert (person.birth_year, person.phone) == (1988, "+212661234567")
    assert Person.objects.count() == 1
    again = check(manager, row(), update_existing=True)
    assert (again.updated_count, again.unchanged_count) == (0, 1)


def test_existing_person_matched_by_phone_gets_a_new_membership(
    manager, cooperative, make_organization, ngo
) -> None:
    other = make_organization(name_fr="Coopérative Deux", stewards=[ngo])
    person = Person.objects.create(
        first_name_latin="Fatima", last_name_latin="Ait Ali", sex="female", phone="+212661234567"
    )
    Membership.objects.create(person=person, organization=cooperative)
    job = check(manager, row(cin="", org="Coopérative Deux"))
    assert job.created_count == 1
    assert set(person.memberships.values_list("organization", flat=True)) == {
        cooperative.pk,
        other.pk,
    }


def test_another_organizations_rows_are_refused(cooperative_manager, other_cooperative) -> None:
    job = check(cooperative_manager, row(org="Coopérative Ailleurs"))
    assert problems(job) == [
        (2, "Organization", "“Coopérative Ailleurs” is not an organization you may manage.")
    ]
    job = check(cooperative_manager, row(org=""))
    assert problems(job) == [
        (2, "Organization", "Give the organization this person belongs to (one that you manage).")
    ]


def test_person_of_another_organization_is_not_changed(
    cooperative_manager, other_cooperative
) -> None:
    person = Person.objects.create(
        first_name_latin="Fatima", last_name_latin="X", sex="female", national_id="JB123456"
    )
    Membership.objects.create(person=person, organization=other_cooperative)
    job = check(cooperative_manager, row(), update_existing=True)
    assert problems(job) == [
        (2, "National ID (CIN)", "This person is registered with organizations you do not manage.")
    ]


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_messages_come_through_gettext_in_each_language(manager, cooperative, language) -> None:
    job = check(manager, row(sex="X"), language=language)
    with translation.override(language):
        expected = translation.gettext("“%(value)s” is not one of the choices: %(choices)s.") % {
            "value": "X",
            "choices": list_separator().join(str(label) for _code, label in Person.Sex.choices),
        }
    assert problems(job) == [(2, "Sex", expected)]


def test_headers_in_french_and_arabic_are_recognized(manager, cooperative) -> None:
    def header(language: str, name: str) -> str:
        with translation.override(language):
            return str(Person._meta.get_field(name).verbose_name).capitalize()

    headers = [header("fr", "last_name_latin"), header("ar", "first_name_latin"),
               header("ar", "sex"), "first_name_ar", "Organization"]  # fmt: skip
    job = import_rows(
        manager, "people", [headers, ["Ait Ali", "Fatima", "F", "فاطمة", "Coopérative Tafoukt"]]
    )
    assert job.status == ImportJob.Status.DONE, problems(job)
    assert Person.objects.get().last_name_latin == "Ait Ali"
