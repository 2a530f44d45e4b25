"""People with their membership of an organization (one membership per row).

A row matches an existing person by Tiwizi ID, else national ID (CIN), else phone. A
person who belongs to two organizations takes two rows with the same details; the same
person and organization twice is a repeated row. Users other than administrators import
people into organizations they manage only, so for them the organization is required.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiwizi.accounts.models import Role
from tiwizi.imports.cells import (
    CellError,
    Choices,
    parse_date,
    parse_email,
    parse_int,
    parse_phone,
    search_document,
    text,
)
from tiwizi.imports.kinds.base import (
    BATCH_SIZE,
    Column,
    Context,
    ImportKind,
    Plan,
    Row,
    chunked,
    fetch_by,
    insert_rows,
    label_of,
)
from tiwizi.imports.kinds.organizations import OrganizationResolver
from tiwizi.imports.readers import Table
from tiwizi.registry.exports import ID_LABEL, ORGANIZATION_LABEL, PERSON_FIELDS
from tiwizi.registry.models import Membership, Organization, Person

NAME_FIELDS = ("last_name_latin", "first_name_latin", "last_name_ar", "first_name_ar")
PERSON_KEYS = (*PERSON_FIELDS, "national_id")
SEX_SYNONYMS: dict[str, str] = {
    "f": Person.Sex.FEMALE, "femme": Person.Sex.FEMALE, "woman": Person.Sex.FEMALE,
    "female": Person.Sex.FEMALE, "أنثى": Person.Sex.FEMALE, "امرأة": Person.Sex.FEMALE,
    "m": Person.Sex.MALE, "h": Person.Sex.MALE, "homme": Person.Sex.MALE,
    "man": Person.Sex.MALE, "male": Person.Sex.MALE, "ذكر": Person.Sex.MALE,
    "رجل": Person.Sex.MALE,
}  # fmt: skip


def _parse_cin(value: Any) -> str:
    cin = text(value).upper().replace(" ", "")
    if cin and not (
        len(cin) <= 8
        and cin[:1].isalpha()
        and cin.rstrip("0123456789").isalpha()
        and len(cin.rstrip("0123456789")) <= 2
        and 1 <= len(cin) - len(cin.rstrip("0123456789")) <= 6
        and cin.isascii()
    ):
        raise CellError(
            _(
                "A national ID (CIN) is one or two letters followed by up to 6 digits, "
                "e.g. JB123456."
            )
        )
    return cin


def _sex_labels() -> list[str]:
    return Choices(Person.Sex.choices).labels()


class PeopleKind(ImportKind):
    slug = "people"
    title = gettext_lazy("People and memberships")
    description = gettext_lazy(
        "Members, employees and board members, each with the organization they belong to."
    )

    def __init__(self) -> None:
        self.sexes = Choices(Person.Sex.choices, SEX_SYNONYMS)
        self.roles = Choices(Membership.Role.choices)
        self.phones: dict[Any, str] = {}
        self.max_lengths = {
            name: getattr(Person._meta.get_field(name), "max_length", None)
            for name in (*NAME_FIELDS, "email")
        }

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        examples = {
            "last_name_latin": "Aït Ali", "first_name_latin": "Fatima", "last_name_ar": "آيت علي",
            "first_name_ar": "فاطمة", "sex": Person.Sex.FEMALE.label, "birth_year": 1988,
            "phone": "0661234567", "national_id": "JB123456",
            "organization": "Coopérative Tafoukt", "role": Membership.Role.MEMBER.label,
            "since": "01/09/2021",
        }  # fmt: skip
        columns = [Column("id", ID_LABEL, as_text=True)]
        for name in PERSON_FIELDS:
            columns.append(
                Column(
                    name, label_of(Person, name), required=name == "sex",
                    example=examples.get(name, ""),
                    choices=_sex_labels if name == "sex" else None,
                    as_text=name == "phone",
                )
            )  # fmt: skip
        columns += [
            Column(
                "national_id", label_of(Person, "national_id"), example="JB123456", as_text=True
            ),
            Column("organization", ORGANIZATION_LABEL, example=examples["organization"]),
            Column(
                "role",
                label_of(Membership, "role"),
                example=examples["role"],
                choices=lambda: Choices(Membership.Role.choices).labels(),
            ),
            Column("since", label_of(Membership, "since"), example=examples["since"]),
        ]
        return columns

    def may_import(self, user: Any) -> bool:
        return bool(user.is_authenticated) and user.has_role(
            Role.PROGRAM_MANAGER, Role.COOPERATIVE_MANAGER
        )

    # Planning

    def plan(self, table: Table, context: Context) -> PeoplePlan:
        plan = PeoplePlan()
        user = context.user
        rows = list(self.rows(table, plan, context))
        organizations = OrganizationResolver(Organization.objects.manageable_by(user))
        people = self._existing(rows)
        manageable = self._manageable(user, people)
        memberships = self._open_memberships(people)
        today = timezone.localdate()
        this_year = today.year
        # Person identity (("cin", "JB1"), …) -> (first row, values, Person)
        seen: dict[tuple[str, Any], tuple[int, dict[str, Any], Any]] = {}
        seen_memberships: dict[tuple[int, int], int] = {}
        for row in rows:
            values = self._values(row, this_year, today)
            organization = (
                row.parse("organization", organizations.find)
                if row.raw("organization") != ""
                else None
            )
            if values is None or (row.raw("organization") != "" and organization is None):
                continue
            if organization is None and not user.is_platform_admin:
                row.error(
                    "organization",
                    _("Give the organization this person belongs to (one that you manage)."),
                )
                continue
            person: Any = self._match(row, values, people)
            if person is False:
                continue
            identity = self._identities(values, person)
            earlier = next((seen[i] for i in identity if i in seen), None)
            if earlier is not None:
                first_row, first_values, person = earlier
                if {k: v for k, v in values.items() if k != "id"} != {
                    k: v for k, v in first_values.items() if k != "id"
                }:
                    row.error(
                        identity[0][0] if identity[0][0] in row.cells else "sex",
                        _("This person is on row %(row)s with other details.") % {"row": first_row},
                    )
                    continue
                outcome = "unchanged"
            elif person is None:
                if not self._complete(row, values):
                    continue
                # New rows stay plain dicts until inserted: building 100,000 model
                # instances costs more than the whole insert.
                person = {
                    name: ("" if value is None and name != "birth_year" else value)
                    for name, value in values.items() if name != "id"
                }  # fmt: skip
                plan.new_people.append(person)
                outcome = "created"
            else:
                outcome = "skipped"
                if manageable is not None and person.pk not in manageable[0]:
                    # Seen but not changeable: fine while the row changes nothing.
                    changed = self._assign(person, values) if context.update_existing else set()
                    if changed or person.pk not in manageable[1]:
                        row.error(
                            self._identifier_column(row, values),
                            _("This person is registered with organizations you do not manage."),
                        )
                        continue
                    outcome = "unchanged" if context.update_existing else "skipped"
                elif context.update_existing:
                    changed = self._assign(person, values)
                    if changed:
                        if not self._complete(row, self._names(person)):
                            continue
                        plan.changed_fields |= changed
                        plan.changed_people[id(person)] = person
                        outcome = "updated"
                    else:
                        outcome = "unchanged"
            for item in identity:
                seen.setdefault(item, (row.number, values, person))
            if organization is not None:
                pair = (id(person), organization.pk)
                if pair in seen_memberships:
                    row.error(
                        "organization",
                        _("This row repeats row %(row)s (same person and organization).")
                        % {"row": seen_memberships[pair]},
                    )
                    continue
                seen_memberships[pair] = row.number
                outcome = self._membership(
                    plan, row, context, person, organization, memberships, outcome, today
                )
            self._count(plan, outcome)
        return plan

    def _count(self, plan: Plan, outcome: str) -> None:
        setattr(plan, outcome, getattr(plan, outcome) + 1)

    def _membership(
        self,
        plan: PeoplePlan,
        row: Row,
        context: Context,
        person: Any,
        organization: Organization,
        memberships: dict[tuple[int, int], Membership],
        outcome: str,
        today: date,
    ) -> str:
        role, since = row.membership  # type: ignore[attr-defined]
        existing = (
            None if isinstance(person, dict) else memberships.get((person.pk, organization.pk))
        )
        if existing is None:
            plan.new_memberships.append(
                {
                    "person": person, "organization_id": organization.pk,
                    "role": role or Membership.Role.MEMBER, "since": since or today,
                }
            )  # fmt: skip
            return "created" if outcome in ("created", "skipped", "unchanged") else outcome
        if not context.update_existing:
            return outcome
        changed = False
        if role and existing.role != role:
            existing.role = role
            changed = True
        if since and existing.since != since:
            existing.since = since
            changed = True
        if changed:
            plan.changed_memberships.append(existing)
            return "updated" if outcome != "created" else outcome
        return outcome

    def _values(self, row: Row, this_year: int, today: date) -> dict[str, Any] | None:
        before = len(row.problems)
        values: dict[str, Any] = {}
        if row.has("id"):
            values["id"] = row.parse("id", parse_int, 1)
        for name in NAME_FIELDS:
            if row.has(name):
                values[name] = row.parse(name, text, self.max_lengths[name])
        sex = row.parse("sex", self.sexes.parse)
        if sex == "":
            row.require("sex", sex)
        values["sex"] = sex
        if row.has("birth_year"):
            values["birth_year"] = row.parse(
                "birth_year", parse_int, this_year - 110, this_year - 10
            )
        if row.has("phone"):
            values["phone"] = row.parse("phone", self._phone)
        if row.has("email"):
            values["email"] = row.parse("email", parse_email, self.max_lengths["email"])
        if row.has("national_id"):
            values["national_id"] = row.parse("national_id", _parse_cin)
        since = row.parse("since", parse_date)
        if since and since > today:
            row.error("since", _("The start date cannot be in the future."))
        role = row.parse("role", self.roles.parse) or ""
        row.membership = (role, since)  # type: ignore[attr-defined]
        return values if len(row.problems) == before else None

    def _phone(self, value: Any) -> str:
        known = self.phones.get(value)
        return known if known is not None else parse_phone(value)

    def _names(self, person: Person) -> dict[str, Any]:
        return {name: getattr(person, name) for name in NAME_FIELDS}

    def _complete(self, row: Row, values: dict[str, Any]) -> bool:
        latin = values.get("first_name_latin") and values.get("last_name_latin")
        arabic = values.get("first_name_ar") and values.get("last_name_ar")
        if latin or arabic:
            return True
        column = next(
            (
                name
                for name in ("last_name_latin", "first_name_latin", "last_name_ar")
                if row.has(name)
            ),
            "last_name_latin",
        )
        row.error(
            column, _("Give a first and last name in Latin script, in Arabic script, or both.")
        )
        return False

    def _identities(self, values: dict[str, Any], person: Any) -> list[tuple[str, Any]]:
        identity: list[tuple[str, Any]] = []
        if person is not None and not isinstance(person, dict):
            identity.append(("id", person.pk))
        if values.get("national_id"):
            identity.append(("national_id", values["national_id"]))
        if values.get("phone"):
            identity.append(("phone", values["phone"]))
        return identity

    def _identifier_column(self, row: Row, values: dict[str, Any]) -> str:
        return next((n for n in ("id", "national_id", "phone") if values.get(n)), "sex")

    def _existing(self, rows: list[Row]) -> dict[str, dict[Any, list[Person]]]:
        queryset = Person.objects.only(
            "id", "sex", "birth_year", "phone", "email", "national_id", *NAME_FIELDS
        )
        ids = {int(row.raw("id")) for row in rows if str(row.raw("id")).isdigit()}
        cins = {str(row.raw("national_id")).upper().replace(" ", "") for row in rows}
        phones = set()
        for row in rows:
            raw = row.raw("phone")
            if raw != "":
                try:
                    self.phones[raw] = parse_phone(raw)
                except CellError:
                    continue
                phones.add(self.phones[raw])
        return {
            "id": fetch_by(queryset, "id", ids),
            "national_id": fetch_by(queryset, "national_id", cins),
            "phone": fetch_by(queryset, "phone", phones),
        }

    def _manageable(
        self, user: Any, people: dict[str, dict[Any, list[Person]]]
    ) -> tuple[set[int], set[int]] | None:
        """(manageable ids, visible ids) among the people the file refers to."""
        if user.is_platform_admin:
            return None
        ids = {
            person.pk for found in people.values() for group in found.values() for person in group
        }
        allowed: set[int] = set()
        visible: set[int] = set()
        for batch in chunked(sorted(ids)):
            allowed |= set(
                Person.objects.manageable_by(user).filter(pk__in=batch).values_list("pk", flat=True)
            )
            visible |= set(
                Person.objects.visible_to(user).filter(pk__in=batch).values_list("pk", flat=True)
            )
        return allowed, visible

    def _open_memberships(
        self, people: dict[str, dict[Any, list[Person]]]
    ) -> dict[tuple[int, int], Membership]:
        ids = {
            person.pk for found in people.values() for group in found.values() for person in group
        }
        found: dict[tuple[int, int], Membership] = {}
        for batch in chunked(sorted(ids)):
            for membership in Membership.objects.current().filter(person_id__in=batch):
                found[(membership.person_id, membership.organization_id)] = membership
        return found

    def _match(
        self, row: Row, values: dict[str, Any], people: dict[str, dict[Any, list[Person]]]
    ) -> Any:
        if values.get("id"):
            found = people["id"].get(values["id"])
            if not found:
                row.error("id", _("There is no person with this Tiwizi ID."))
                return False
            return found[0]
        if values.get("national_id") and people["national_id"].get(values["national_id"]):
            return people["national_id"][values["national_id"]][0]
        if values.get("phone"):
            found = people["phone"].get(values["phone"], [])
            if len(found) > 1:
                row.error(
                    "phone",
                    _("Several people share this phone number: add their national ID (CIN)."),
                )
                return False
            if found:
                return found[0]
        return None

    def _assign(self, person: Person, values: dict[str, Any]) -> set[str]:
        changed = set()
        for name, value in values.items():
            if name == "id":
                continue
            if value is None and name != "birth_year":
                value = ""
            if getattr(person, name) != value:
                setattr(person, name, value)
                changed.add(name)
        return changed

    # Writing

    def write(self, plan: Plan, context: Context) -> dict[str, list[int]]:
        assert isinstance(plan, PeoplePlan)
        now = timezone.now()
        changed = list(plan.changed_people.values())
        for person in changed:
            person.search_text = search_document(
                person.first_name_latin, person.last_name_latin,
                person.first_name_ar, person.last_name_ar,
            )  # fmt: skip
            person.updated_at = now
        for new in plan.new_people:
            new["national_id"] = new.get("national_id", "").upper()
            new["search_text"] = search_document(*(new.get(name, "") for name in NAME_FIELDS))
        insert_rows(Person, plan.new_people)
        if changed:
            fields = sorted(plan.changed_fields | {"search_text", "updated_at"})
            Person.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)
        for membership in plan.new_memberships:
            person = membership.pop("person")
            membership["person_id"] = person["id"] if isinstance(person, dict) else person.pk
        insert_rows(Membership, plan.new_memberships)
        for changed_membership in plan.changed_memberships:
            changed_membership.updated_at = now
        if plan.changed_memberships:
            Membership.objects.bulk_update(
                plan.changed_memberships, ["role", "since", "updated_at"], batch_size=BATCH_SIZE
            )
        return {
            "registry.person": [person["id"] for person in plan.new_people],
            "registry.membership": [membership["id"] for membership in plan.new_memberships],
        }


class PeoplePlan(Plan):
    def __init__(self) -> None:
        super().__init__()
        self.new_people: list[dict[str, Any]] = []
        self.changed_people: dict[int, Person] = {}
        self.changed_fields: set[str] = set()
        self.new_memberships: list[dict[str, Any]] = []
        self.changed_memberships: list[Membership] = []
