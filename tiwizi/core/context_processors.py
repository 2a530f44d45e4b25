from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from tiwizi.core.navigation import nav_menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Language direction for <html dir>, the switcher's choices and the role's menu."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    user = getattr(request, "user", None)
    return {
        "LANGUAGE_DIR": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
        "AVAILABLE_LANGUAGES": settings.LANGUAGES,
        "CURRENT_LANGUAGE": language,
        "nav_items": SimpleLazyObject(
            lambda: nav_menu_for(user, request.path) if user and user.is_authenticated else []
        ),
    }
