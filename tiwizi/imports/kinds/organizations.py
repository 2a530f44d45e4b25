"""Organizations: cooperatives, GIEs, associations… with their legal identifiers.

A row matches an existing organization by its Tiwizi ID, else its ODCO number, ICE or
commercial register number (with the court). Those identifiers are unique across the
platform, so a match with an organization the user may not manage is a problem on the
row (creating it again would break the uniqueness), not a silent skip.

Sectors are several in one cell (";", "," or the Arabic "،" between them), each by code
or by name in any language; the country is an ISO code or a name in any language, and
an empty cell means Morocco. Without a "Sectors" column, an update keeps the sectors.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from tiwizi.accounts.models import Role
from tiwizi.core.text import search_document
from tiwizi.imports.cells import (
    CellError,
    Choices,
    Places,
    key,
    list_separator,
    parse_date,
    parse_decimal,
    parse_email,
    parse_int,
    parse_phone,
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
    label_of,
)
from tiwizi.imports.readers import Table
from tiwizi.registry.exports import ID_LABEL, ORGANIZATION_FIELDS, SECTOR_SEPARATOR
from tiwizi.registry.models import Organization, Sector

IDENTIFIERS = ("odco_number", "ice", "rc_number")
TEXT_FIELDS = (
    "name_fr", "name_ar", "odco_number", "local_register_number", "court", "rc_number",
    "address",
)  # fmt: skip


def _province_names() -> list[str]:
    from tiwizi.geo.models import Province

    return [province.name for province in Province.objects.order_by("name_fr")]


def _country_names() -> list[str]:
    return [str(country.name) for country in countries]


def _sector_names() -> list[str]:
    return [sector.name for sector in Sector.objects.order_by("position", "code")]


def _sectors_example() -> str:
    return SECTOR_SEPARATOR.join(_sector_names()[:2])


def _max_length(name: str) -> int:
    field: Any = Organization._meta.get_field(name)
    return int(field.max_length)


SECTOR_SEPARATORS = re.compile("[;,\u060c\n]")  # \u060c: the Arabic comma


def _matching_key(value: Any) -> str:
    # Spreadsheets turn the apostrophe into a typographic one (U+2019) as one types.
    return key(str(value).replace("\u2019", "'"))


class Sectors:
    """The sector taxonomy, matched by code or by name in Arabic, French or English."""

    def __init__(self) -> None:
        self.sectors = list(Sector.objects.order_by("position", "code"))
        self.by_key: dict[str, int] = {}
        for sector in self.sectors:
            self.by_key[_matching_key(sector.code)] = sector.pk
        for sector in self.sectors:
            for name in (sector.name_ar, sector.name_fr, sector.name_en):
                if name:
                    self.by_key.setdefault(_matching_key(name), sector.pk)

    def parse(self, value: Any) -> frozenset[int]:
        if value in ("", None):
            return frozenset()
        whole = self.by_key.get(_matching_key(value))
        if whole is not None:  # one sector, even if its name had a comma in it
            return frozenset({whole})
        found = set()
        for part in SECTOR_SEPARATORS.split(str(value)):
            if not part.strip():
                continue
            pk = self.by_key.get(_matching_key(part))
            if pk is None:
                raise CellError(
                    _("“%(value)s” is not one of the choices: %(choices)s.")
                    % {
                        "value": part.strip(),
                        "choices": list_separator().join(s.name for s in self.sectors),
                    }
                )
            found.add(pk)
        return frozenset(found)


def default_country() -> str:
    return str(Organization._meta.get_field("country").default)


@lru_cache(maxsize=1)
def _countries_by_key() -> dict[str, str]:
    """Country codes by ISO alpha-2 or alpha-3 code and by name in each language (built
    once per process: about 250 countries in three languages)."""
    found: dict[str, str] = {}
    for country in countries:
        found[_matching_key(country.code)] = country.code
        found.setdefault(_matching_key(countries.alpha3(country.code)), country.code)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for country in countries:
                found.setdefault(_matching_key(country.name), country.code)
    return found


def parse_country(value: Any) -> str:
    if value in ("", None):
        return default_country()
    code = _countries_by_key().get(_matching_key(value))
    if code is None:
        raise CellError(
            _(
                "Unknown country “%(value)s”: give its ISO code (for example MA or FR) or its "
                "name in Arabic, French or English."
            )
            % {"value": value}
        )
    return code


class OrganizationResolver:
    """The organizations a user may manage, found by Tiwizi ID, ODCO number, ICE, RC
    number or name (French or Arabic, normalized)."""

    def __init__(self, queryset: Any):
        self.by_id: dict[int, Organization] = {}
        self.by_key: dict[str, list[Organization]] = {}
        for organization in queryset.only(
            "id", "name_fr", "name_ar", "odco_number", "ice", "rc_number", "kind"
        ):
            self.by_id[organization.pk] = organization
            names = {organization.odco_number, organization.ice, organization.rc_number}
            names |= {key(organization.name_fr), key(organization.name_ar)}
            for name in names - {""}:
                self.by_key.setdefault(name, []).append(organization)

    def find(self, value: Any) -> Organization:
        raw = str(value).strip()
        found = self.by_key.get(raw) or self.by_key.get(key(raw), [])
        unique = {organization.pk: organization for organization in found}
        if not unique and raw.isdigit() and int(raw) in self.by_id:
            return self.by_id[int(raw)]
        if len(unique) > 1:
            raise CellError(
                _("Several organizations are named “%(value)s”: give its ODCO number or ICE.")
                % {"value": value}
            )
        if not unique:
            raise CellError(
                _("“%(value)s” is not an organization you may manage.") % {"value": value}
            )
        return next(iter(unique.values()))


class OrganizationsKind(ImportKind):
    slug = "organizations"
    title = gettext_lazy("Organizations")
    description = gettext_lazy(
        "Cooperatives, GIEs, associations and other organizations, with their legal "
        "identifiers and address."
    )

    def __init__(self) -> None:
        self.kinds = Choices(Organization.Kind.choices)
        self.statuses = Choices(Organization.Status.choices)

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        examples: dict[str, Any] = {
            "kind": Organization.Kind.COOPERATIVE.label,
            "name_fr": "Coopérative Tafoukt",
            "name_ar": "تعاونية تافوكت",
            "status": Organization.Status.ACTIVE.label,
            "odco_number": "2019-1234",
            "creation_date": "15/03/2019",
            "capital_mad": 10000,
            "province": "Tiznit",
            "phone": "0661234567",
            # Evaluated when the template is written, in the reader's language.
            "sectors": lazy(_sectors_example, str)(),
            "country": lazy(lambda: str(countries.name(default_country())), str)(),
        }
        choices: dict[str, Any] = {
            "kind": lambda: Choices(Organization.Kind.choices).labels(),
            "status": lambda: Choices(Organization.Status.choices).labels(),
            "province": _province_names,
            "sectors": _sector_names,
            "country": _country_names,
        }
        columns = [Column("id", ID_LABEL, as_text=True)]
        for name in ORGANIZATION_FIELDS:
            columns.append(
                Column(
                    name,
                    label_of(Organization, name),
                    required=name == "kind",
                    example=examples.get(name, ""),
                    choices=choices.get(name),
                    as_text=name in ("odco_number", "rc_number", "ice", "phone"),
                    multiple=name == "sectors",
                )
            )
        return columns

    def may_import(self, user: Any) -> bool:
        return bool(user.is_authenticated) and user.has_role(
            Role.PROGRAM_MANAGER, Role.COOPERATIVE_MANAGER
        )

    # Planning

    def plan(self, table: Table, context: Context) -> OrganizationPlan:
        plan = OrganizationPlan()
        user = context.user
        rows = list(self.rows(table, plan, context))
        places = (
            Places() if any(row.has("province") or row.has("commune") for row in rows) else None
        )
        manageable = visible = None
        if not user.is_platform_admin:
            manageable = set(Organization.objects.manageable_by(user).values_list("pk", flat=True))
            visible = set(Organization.objects.visible_to(user).values_list("pk", flat=True))
        existing = self._existing(rows)
        sectors = Sectors() if rows and rows[0].has("sectors") else None
        current_sectors = self._current_sectors(existing) if sectors is not None else {}
        may_create = user.has_role(Role.PROGRAM_MANAGER)
        seen: dict[tuple[Any, ...], int] = {}
        today = timezone.localdate()
        for row in rows:
            values = self._values(row, places, sectors, today)
            if values is None:
                continue
            match = self._match(row, values, existing)
            if match is False:
                continue
            if self._repeats(row, values, match, seen):
                continue
            if match is None:
                if not may_create:
                    row.error(
                        "kind", _("You may not register new organizations: only update your own.")
                    )
                    continue
                if not self._complete(row, values):
                    continue
                organization = Organization()
                self._assign(organization, values)
                if self._kind_fields_ok(row, organization):
                    plan.to_create.append(organization)
                    if values.get("sectors"):
                        plan.new_sectors.append((organization, values["sectors"]))
                    plan.created += 1
                continue
            if manageable is not None and visible is not None and match.pk not in manageable:
                # A row the user may see but not change is fine as long as it changes
                # nothing (a list exported and imported back); otherwise it is refused.
                changed = set()
                if context.update_existing:
                    changed = self._assign(match, values)
                    changed |= self._sector_change(match, values, current_sectors)
                if changed or match.pk not in visible:
                    row.error(
                        self._identifier_column(row, values),
                        _("This organization already exists and you may not change it."),
                    )
                elif context.update_existing:
                    plan.unchanged += 1
                else:
                    plan.skipped += 1
                continue
            if not context.update_existing:
                plan.skipped += 1
                continue
            changed = self._assign(match, values)
            changed |= self._sector_change(match, values, current_sectors)
            if not self._complete(row, self._current(match)) or not self._kind_fields_ok(
                row, match
            ):
                continue
            if changed:
                plan.to_update.append(match)
                if "sectors" in changed:
                    plan.replaced_sectors[match.pk] = values["sectors"]
                plan.changed_fields |= changed - {"sectors"}
                plan.updated += 1
            else:
                plan.unchanged += 1
        return plan

    def _values(
        self, row: Row, places: Places | None, sectors: Sectors | None, today: date
    ) -> dict[str, Any] | None:
        before = len(row.problems)
        values: dict[str, Any] = {}
        if row.has("id"):
            values["id"] = row.parse("id", parse_int, 1)
        if row.has("kind"):
            kind = row.parse("kind", self.kinds.parse)
            if kind == "":
                row.require("kind", kind)
            values["kind"] = kind
        if row.has("status"):
            values["status"] = (
                row.parse("status", self.statuses.parse) or Organization.Status.ACTIVE
            )
        for name in TEXT_FIELDS:
            if row.has(name):
                values[name] = row.parse(name, text, _max_length(name))
        if row.has("ice"):
            ice = row.parse("ice", text)
            if ice and not (len(ice) == 15 and ice.isdigit()):
                row.error("ice", _("The ICE must have exactly 15 digits."))
            values["ice"] = ice
        if row.has("creation_date"):
            created = row.parse("creation_date", parse_date)
            if created and created > today:
                row.error("creation_date", _("The creation date cannot be in the future."))
            values["creation_date"] = created
        if row.has("capital_mad"):
            values["capital_mad"] = row.parse("capital_mad", parse_decimal)
        if sectors is not None:
            values["sectors"] = row.parse("sectors", sectors.parse)
        if row.has("country"):
            values["country"] = row.parse("country", parse_country)
        if row.has("phone"):
            values["phone"] = row.parse("phone", parse_phone)
        if row.has("email"):
            values["email"] = row.parse("email", parse_email)
        if row.has("website"):
            values["website"] = row.parse("website", _parse_url)
        if places is not None:
            province = row.parse("province", places.province)
            commune = row.parse("commune", places.commune, province)
            if row.has("province") or row.has("commune"):
                values["province_id"] = (
                    commune.province_id if commune else (province.pk if province else None)
                )
            if row.has("commune"):
                values["commune_id"] = commune.pk if commune else None
        return values if len(row.problems) == before else None

    def _existing(self, rows: list[Row]) -> dict[str, dict[Any, list[Organization]]]:
        queryset = Organization.objects.all()
        found: dict[str, dict[Any, list[Organization]]] = {}
        ids = [row.raw("id") for row in rows if str(row.raw("id")).isdigit()]
        found["id"] = fetch_by(queryset, "id", [int(value) for value in ids])
        for name in IDENTIFIERS:
            found[name] = fetch_by(queryset, name, [str(row.raw(name)) for row in rows])
        return found

    def _current_sectors(
        self, existing: dict[str, dict[Any, list[Organization]]]
    ) -> dict[int, frozenset[int]]:
        """The sectors of every organization a row may update, by organization id."""
        pks = {
            organization.pk
            for by_value in existing.values()
            for found in by_value.values()
            for organization in found
        }
        through = Organization.sectors.through
        current: dict[int, set[int]] = {}
        for batch in chunked(sorted(pks)):
            links = through.objects.filter(organization_id__in=batch)
            for organization_id, sector_id in links.values_list("organization_id", "sector_id"):
                current.setdefault(organization_id, set()).add(sector_id)
        return {pk: frozenset(sectors) for pk, sectors in current.items()}

    def _sector_change(
        self, organization: Organization, values: dict[str, Any], current: dict[int, frozenset[int]]
    ) -> set[str]:
        wanted = values.get("sectors")
        if wanted is None or wanted == current.get(organization.pk, frozenset()):
            return set()
        return {"sectors"}

    def _match(
        self, row: Row, values: dict[str, Any], existing: dict[str, dict[Any, list[Organization]]]
    ) -> Any:
        """The existing organization this row is about; None for a new one; False when the
        row is refused (problem recorded)."""
        if values.get("id"):
            found = existing["id"].get(values["id"])
            if not found:
                row.error("id", _("There is no organization with this Tiwizi ID."))
                return False
            return found[0]
        for name in ("odco_number", "ice"):
            if values.get(name) and existing[name].get(values[name]):
                return existing[name][values[name]][0]
        if values.get("rc_number"):
            court = values.get("court", "")
            for organization in existing["rc_number"].get(values["rc_number"], []):
                if organization.court == court:
                    return organization
        return None

    def _identifier_column(self, row: Row, values: dict[str, Any]) -> str:
        for name in ("id", "odco_number", "ice", "rc_number"):
            if values.get(name):
                return name
        return "kind"

    def _repeats(
        self, row: Row, values: dict[str, Any], match: Any, seen: dict[tuple[Any, ...], int]
    ) -> bool:
        keys: list[tuple[tuple[Any, ...], str]] = []
        if match is not None:
            keys.append(
                (
                    ("id", str(match.pk)),
                    "id" if values.get("id") else self._identifier_column(row, values),
                )
            )
        for name in ("odco_number", "ice"):
            if values.get(name):
                keys.append(((name, values[name]), name))
        if values.get("rc_number"):
            keys.append((("rc_number", values["rc_number"], values.get("court", "")), "rc_number"))
        for seen_key, column in keys:
            if seen_key in seen:
                row.error(
                    column,
                    _("This row repeats row %(row)s (same organization).")
                    % {"row": seen[seen_key]},
                )
                return True
        for seen_key, _column in keys:
            seen[seen_key] = row.number
        return False

    def _complete(self, row: Row, values: dict[str, Any]) -> bool:
        ok = True
        if not values.get("kind"):
            ok = row.require("kind", "") and ok
        if not (values.get("name_fr") or values.get("name_ar")):
            row.error("name_fr", _("Give a name in French or in Arabic (or both)."))
            ok = False
        return ok

    def _current(self, organization: Organization) -> dict[str, Any]:
        return {
            "kind": organization.kind,
            "name_fr": organization.name_fr,
            "name_ar": organization.name_ar,
        }

    def _kind_fields_ok(self, row: Row, organization: Organization) -> bool:
        allowed = Organization.KIND_FIELDS.get(organization.kind, frozenset())
        ok = True
        for name in sorted(Organization.KIND_SPECIFIC_FIELDS - allowed):
            if getattr(organization, name) not in (None, "") and row.has(name):
                row.error(name, _("This kind of organization has no such detail."))
                ok = False
        return ok

    def _assign(self, organization: Organization, values: dict[str, Any]) -> set[str]:
        changed = set()
        for name, value in values.items():
            if name in ("id", "sectors"):  # sectors: see _sector_change
                continue
            if value is None and name not in (
                "creation_date",
                "capital_mad",
                "province_id",
                "commune_id",
            ):
                value = ""
            if getattr(organization, name) != value:
                setattr(organization, name, value)
                changed.add(name)
        return changed

    # Writing

    def write(self, plan: Plan, context: Context) -> dict[str, list[int]]:
        assert isinstance(plan, OrganizationPlan)
        now = timezone.now()
        for organization in plan.to_create + plan.to_update:
            organization.search_text = search_document(
                organization.name_fr, organization.name_ar, organization.odco_number,
                organization.ice, organization.rc_number,
            )  # fmt: skip
            organization.updated_at = now
        created = Organization.objects.bulk_create(plan.to_create, batch_size=BATCH_SIZE)
        if plan.to_update:
            fields = sorted(plan.changed_fields | {"search_text", "updated_at"})
            Organization.objects.bulk_update(plan.to_update, fields, batch_size=BATCH_SIZE)
        result = {"registry.organization": [organization.pk for organization in created]}
        stewards = context.user.organization_ids(Role.PROGRAM_MANAGER)
        if stewards and created:
            through = Organization.stewards.through
            links = through.objects.bulk_create(
                [
                    through(from_organization_id=organization.pk, to_organization_id=steward)
                    for organization in created
                    for steward in sorted(stewards)
                ],
                batch_size=BATCH_SIZE,
            )
            result[through._meta.label_lower] = [link.pk for link in links]
        sector_links = self._write_sectors(plan)
        if sector_links:
            result[Organization.sectors.through._meta.label_lower] = sector_links
        return result

    def _write_sectors(self, plan: OrganizationPlan) -> list[int]:
        """Link new organizations to their sectors and replace the sectors of updated
        ones by the file's (only the difference is deleted or added); the new links' ids."""
        through = Organization.sectors.through
        wanted = {organization.pk: sectors for organization, sectors in plan.new_sectors}
        wanted.update(plan.replaced_sectors)
        stale: list[int] = []
        kept: set[tuple[int, int]] = set()
        for batch in chunked(sorted(plan.replaced_sectors)):
            current = through.objects.filter(organization_id__in=batch)
            for pk, organization_id, sector_id in current.values_list(
                "pk", "organization_id", "sector_id"
            ):
                if sector_id in wanted[organization_id]:
                    kept.add((organization_id, sector_id))
                else:
                    stale.append(pk)
        for batch in chunked(stale):
            through.objects.filter(pk__in=batch).delete()
        created = through.objects.bulk_create(
            [
                through(organization_id=organization_id, sector_id=sector_id)
                for organization_id, sectors in wanted.items()
                for sector_id in sorted(sectors)
                if (organization_id, sector_id) not in kept
            ],
            batch_size=BATCH_SIZE,
        )
        return [link.pk for link in created]


class OrganizationPlan(Plan):
    def __init__(self) -> None:
        super().__init__()
        self.to_create: list[Organization] = []
        self.to_update: list[Organization] = []
        self.changed_fields: set[str] = set()
        # (new organization, its sector ids); sector ids by updated organization id.
        self.new_sectors: list[tuple[Organization, frozenset[int]]] = []
        self.replaced_sectors: dict[int, frozenset[int]] = {}


def _parse_url(value: Any) -> str:
    url = text(value, 200)
    if url:
        try:
            URLValidator()(url)
        except ValidationError as error:
            raise CellError(_("“%(value)s” is not a web address.") % {"value": value}) from error
    return url
