"""Tiwizi settings: one module, environment variables only (see .env.example).

SQLite under var/ is the embedded default; DATABASE_URL selects PostgreSQL.
DEBUG is off unless asked for, and with it off the secure defaults below hold.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from tiwizi.core.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfiguredEnv("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG-1"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_htmx",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "tiwizi.core",
    "tiwizi.accounts",
    "tiwizi.geo",
    "tiwizi.registry",
    "tiwizi.programs",
    "tiwizi.training",
    "tiwizi.coaching",
    "tiwizi.events",
    "tiwizi.assessment",
    "tiwizi.market",
    "tiwizi.impact",
    "tiwizi.imports",
    "tiwizi.api",
    "tiwizi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in user's profile language wins over cookie/header.
    "tiwizi.accounts.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tiwizi.urls"
WSGI_APPLICATION = "tiwizi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tiwizi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tiwizi.core.context_processors.navigation",
            ],
            "string_if_invalid": "",
        },
    }
]

VAR_DIR.mkdir(exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tiwizi.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the dev server read while a background task writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failed logins, per account and per address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Count `A@x.org` and `a@x.org` as one account (addresses are stored lower-case).
AXES_USERNAME_CALLABLE = "tiwizi.accounts.lockout.username_for_lockout"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Languages: profile, then the switcher's cookie, then Accept-Language, then French.
LANGUAGE_CODE = "fr"
LANGUAGES = [("ar", "العربية"), ("fr", "Français"), ("en", "English")]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "tiwizi" / "locale"]
FORMAT_MODULE_PATH = ["tiwizi.formats"]
LANGUAGE_COOKIE_NAME = "tiwizi_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "tiwizi" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email: the console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tiwizi <no-reply@tiwizi.localhost>")

# Security. Outside DEBUG the secure choices are the defaults; a deployment behind
# a TLS-terminating proxy keeps them and sets SECURE_PROXY_SSL_HEADER.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preload is on outside DEBUG (check --deploy warns otherwise); the domain is only
# preloaded once someone submits it at hstspreload.org. Set 0 to opt out.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS", [])

# Content-Security-Policy: our pages load nothing but our own files, and no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

TIWIZI_PAGE_SIZE = env_int("TIWIZI_PAGE_SIZE", 25)
# Share of a course's held sessions a person must attend to earn its certificate.
TIWIZI_CERTIFICATE_MIN_ATTENDANCE = env_int("TIWIZI_CERTIFICATE_MIN_ATTENDANCE_PERCENT", 75) / 100
if not 0 < TIWIZI_CERTIFICATE_MIN_ATTENDANCE <= 1:
    raise ImproperlyConfiguredEnv("TIWIZI_CERTIFICATE_MIN_ATTENDANCE_PERCENT must be 1 to 100")

# REST API: requests a minute per token (per address without one); more get 429. The
# counts live in CACHES: give several workers a shared cache so that the limit holds.
TIWIZI_API_RATE_LIMIT = env_int("TIWIZI_API_RATE_LIMIT", 120)
if TIWIZI_API_RATE_LIMIT < 1:
    raise ImproperlyConfiguredEnv("TIWIZI_API_RATE_LIMIT must be at least 1")

# Shown in the admin and the page titles.
TIWIZI_SITE_NAME = _("Tiwizi")

# Background work (large imports, reports): Django's task framework through the
# django-tasks backport, queued in the database and run by `manage.py db_worker`.
# TIWIZI_TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs tasks at once.
TASKS = {
    "default": {
        "BACKEND": env_str("TIWIZI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Uploads. Product photos and label evidence: size and decoded pixels (a small file that
# decodes to a huge bitmap is refused). Spreadsheet imports: file size, the uncompressed
# size and compression ratio of an .xlsx (zip bombs), the row count above which an import
# runs as a background task, and where uploaded files are kept (never served).
TIWIZI_UPLOAD_MAX_BYTES = env_int("TIWIZI_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
TIWIZI_UPLOAD_MAX_PIXELS = env_int("TIWIZI_UPLOAD_MAX_PIXELS", 40_000_000)
TIWIZI_IMPORT_MAX_BYTES = env_int("TIWIZI_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
TIWIZI_IMPORT_MAX_UNCOMPRESSED = env_int("TIWIZI_IMPORT_MAX_UNCOMPRESSED", 300 * 1024 * 1024)
TIWIZI_IMPORT_MAX_RATIO = env_int("TIWIZI_IMPORT_MAX_RATIO", 200)
TIWIZI_IMPORT_BACKGROUND_ROWS = env_int("TIWIZI_IMPORT_BACKGROUND_ROWS", 2000)
TIWIZI_IMPORT_ROOT = Path(env_str("TIWIZI_IMPORT_ROOT", str(VAR_DIR / "imports")))
for _name in ("TIWIZI_UPLOAD_MAX_BYTES", "TIWIZI_UPLOAD_MAX_PIXELS", "TIWIZI_IMPORT_MAX_BYTES",
              "TIWIZI_IMPORT_MAX_UNCOMPRESSED", "TIWIZI_IMPORT_MAX_RATIO",
              "TIWIZI_IMPORT_BACKGROUND_ROWS"):  # fmt: skip
    if globals()[_name] < 1:
        raise ImproperlyConfiguredEnv(f"{_name} must be at least 1")
