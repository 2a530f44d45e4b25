"""Content typed by people in several languages: pick the reader's, with fallbacks."""

from typing import Any, Literal, cast

from django.conf import settings
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpResponse
from django.utils.translation import get_language

# English readers get French before Arabic: programme staff write French first.
FALLBACKS = {"ar": ("ar", "fr", "en"), "fr": ("fr", "ar", "en"), "en": ("en", "fr", "ar")}


def current_language() -> str:
    return (get_language() or "fr")[:2]


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """`localized(org, "name")` reads name_ar / name_fr / name_en in the reader's order."""
    for lang in FALLBACKS.get(language or current_language(), FALLBACKS["fr"]):
        value = getattr(obj, f"{field}_{lang}", "")
        if value:
            return str(value)
    return ""


def is_rtl(language: str | None = None) -> bool:
    return (language or current_language()) == "ar"


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Remember a language on this browser (the switcher, and the profile on save)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=cast(Literal["Lax", "Strict", "None"], settings.LANGUAGE_COOKIE_SAMESITE),
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,  # read by nothing but the server; kept readable as Django does
    )


def localized_expression(*fields: str, language: str | None = None) -> Coalesce:
    """The first non-empty of `fields`, Arabic first for Arabic readers (for sorting).

    `localized_expression("name_fr", "name_ar")` sorts a French reader's list by the
    French name and an Arabic reader's by the Arabic one, each falling back to the other.
    """
    language = language or current_language()
    ordered = sorted(
        fields, key=lambda name: 0 if name.endswith("_ar") == (language == "ar") else 1
    )
    return Coalesce(*(NullIf(name, Value("")) for name in ordered), Value(""))
