"""Turning one raw cell into a value, or a translated reason why not.

Parsers take the cleaned cell (see readers.clean_cell: text stripped, Eastern digits
made Western) and return a Python value or raise `CellError`. Lookups (choices, places,
organizations) are built once per import from the database and matched through
`tiwizi.core.text.normalize`, so `Tiznit`, `TIZNIT`, `تزنيت` and `تيزنيت`-like variants
with other hamza or ta marbuta forms all find the same row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tiwizi.core.phone import normalize_moroccan_phone
from tiwizi.core.text import normalize, search_terms

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_SPACES = re.compile(r"\s+")


class CellError(Exception):
    """A cell we cannot use; the message is already translated."""


def key(text: Any) -> str:
    """The matching key of a label, name or code: folded, single-spaced, no end dot."""
    return _key(str(text))


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    # Cached: the same few values (sexes, roles, organization names) fill whole columns.
    folded = normalize(str(text)).replace("ة", "ه").replace("_", " ")  # noqa: RUF001
    return _SPACES.sub(" ", folded).strip(" .")


def text(value: Any, max_length: int | None = None) -> str:
    result = value if isinstance(value, str) else _number_text(value)
    if max_length is not None and len(result) > max_length:
        raise CellError(
            _("This value is too long: at most %(limit)s characters (it has %(length)s).")
            % {"limit": max_length, "length": len(result)}
        )
    return result


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return "" if value is None else str(value)


def parse_date(value: Any) -> date | None:
    """dd/mm/yyyy (also with - or .), yyyy-mm-dd, or a date cell of a workbook."""
    if value in ("", None):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    try:
        if match := _DMY.match(raw):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _ISO.match(raw):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise CellError(
        _("“%(value)s” is not a date: write it as dd/mm/yyyy or yyyy-mm-dd.") % {"value": raw}
    )


def parse_int(value: Any, minimum: int | None = None, maximum: int | None = None) -> int | None:
    if value in ("", None):
        return None
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        raw = str(value).replace(" ", "")
        if not re.fullmatch(r"-?\d+", raw):
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
        number = int(raw)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise CellError(
            _("Enter a number between %(minimum)s and %(maximum)s.")
            % {"minimum": minimum, "maximum": maximum}
        )
    return number


def parse_decimal(value: Any, places: int = 2) -> Decimal | None:
    """A non-negative amount: 1500, 1 500,50 (French), 1500.5."""
    if value in ("", None):
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        raw = str(value).replace(" ", "").replace("\u202f", "")
        if raw.count(",") == 1 and "." not in raw:
            raw = raw.replace(",", ".")
        try:
            number = Decimal(raw)
        except InvalidOperation as error:
            raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from error
    if not number.is_finite() or number < 0:
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    return number.quantize(Decimal(1).scaleb(-places))


def parse_phone(value: Any) -> str:
    if value in ("", None):
        return ""
    raw = str(value)
    digits = re.sub(r"\D", "", raw)
    # A phone typed in a number cell loses its leading zero: 661234567.
    if len(digits) == 9 and digits[0] in "5678" and not raw.strip().startswith("+"):
        raw = "0" + digits
    phone = normalize_moroccan_phone(raw)
    if phone is None:
        raise CellError(
            _("“%(value)s” is not a Moroccan phone number (for example 0661 23 45 67).")
            % {"value": value}
        )
    return phone


def parse_email(value: Any, max_length: int = 254) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    result = text(value, max_length).lower()
    if result:
        try:
            validate_email(result)
        except ValidationError as error:
            raise CellError(_("“%(value)s” is not an email address.") % {"value": value}) from error
    return result


INCLUSIVE_ENDING = re.compile(r"\((\w{1,3})\)")


def gender_variants(label: str) -> list[str]:
    """A label written inclusively, "عضو(ة)" or "Président(e)", also matches each of its
    forms as people type them: "عضو", "عضوة", "Président", "Présidente"."""
    if not INCLUSIVE_ENDING.search(label):
        return [label]
    return [label, INCLUSIVE_ENDING.sub("", label), INCLUSIVE_ENDING.sub(r"\1", label)]


def list_separator() -> str:
    return pgettext("between the items of a list", ", ")


class Choices:
    """A fixed list (kind, sex, role…) matched by code or by label in any language."""

    def __init__(self, choices: Iterable[tuple[str, Any]], synonyms: dict[str, str] | None = None):
        self.choices = list(choices)
        self.by_key: dict[str, str] = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for code, label in self.choices:
                    for variant in gender_variants(str(label)):
                        self.by_key.setdefault(key(variant), code)
        for code, _label in self.choices:
            self.by_key[key(code)] = code
        for synonym, code in (synonyms or {}).items():
            self.by_key.setdefault(key(synonym), code)

    def labels(self) -> list[str]:
        return [str(label) for _code, label in self.choices]

    def label_of(self, code: str) -> str:
        return next((str(label) for value, label in self.choices if value == code), code)

    def parse(self, value: Any) -> str:
        if value in ("", None):
            return ""
        code = self.by_key.get(key(value))
        if code is None:
            raise CellError(
                _("“%(value)s” is not one of the choices: %(choices)s.")
                % {"value": value, "choices": list_separator().join(self.labels())}
            )
        return code


class Places:
    """Provinces and communes by HCP code or by Arabic or French name."""

    def __init__(self) -> None:
        from tiwizi.geo.models import Commune, Province

        self.provinces: dict[str, list[Any]] = {}
        for province in Province.objects.only("id", "code", "name_fr", "name_ar"):
            for name in {province.code, key(province.name_fr), key(province.name_ar)}:
                self.provinces.setdefault(name, []).append(province)
        self.communes: dict[str, list[Any]] = {}
        communes = Commune.objects.only("id", "code", "name_fr", "name_ar", "province_id")
        for commune in communes:
            for name in {commune.code, key(commune.name_fr), key(commune.name_ar)}:
                self.communes.setdefault(name, []).append(commune)

    def province(self, value: Any) -> Any:
        if value in ("", None):
            return None
        found = self.provinces.get(str(value).strip()) or self.provinces.get(key(value), [])
        if len(found) != 1:
            raise CellError(
                _(
                    "Unknown province “%(value)s”: give its HCP code or its name in Arabic or "
                    "French."
                )
                % {"value": value}
            )
        return found[0]

    def commune(self, value: Any, province: Any) -> Any:
        if value in ("", None):
            return None
        found = self.communes.get(str(value).strip()) or self.communes.get(key(value), [])
        if province is not None:
            found = [commune for commune in found if commune.province_id == province.pk]
        if not found:
            if province is not None:
                raise CellError(
                    _("There is no commune “%(value)s” in the province %(province)s.")
                    % {"value": value, "province": province.name}
                )
            raise CellError(
                _("Unknown commune “%(value)s”: give its HCP code or its name in Arabic or French.")
                % {"value": value}
            )
        if len(found) > 1:
            raise CellError(
                _("Several communes are named “%(value)s”: give the province or the HCP code.")
                % {"value": value}
            )
        return found[0]


def first_error(parsers: Iterable[Callable[[], Any]]) -> str | None:
    for parse in parsers:
        try:
            parse()
        except CellError as error:
            return str(error)
    return None


@lru_cache(maxsize=100_000)
def _stems(text: str) -> frozenset[str]:
    return frozenset(stem for variants in search_terms(text) for stem in variants)


def search_document(*texts: str | None) -> str:
    """Exactly tiwizi.core.text.search_document, with each text's stems cached: names
    repeat a lot in a membership list (Fatima, Mohamed…), so a bulk import of 100,000
    people stems a few thousand distinct names, not 400,000."""
    stems: set[str] = set()
    for text in texts:
        if text:
            stems |= _stems(text)
    return " " + " ".join(sorted(stems)) + " " if stems else ""
