"""doingoai settings. Every value comes from an environment variable with a safe default
(see README "Cấu hình"); the production profile passes ``manage.py check --deploy``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from doingoai.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "doingoai"

ENV = env_str("DOINGOAI_ENV", "development")
if ENV not in {"development", "production"}:
    raise RuntimeError("DOINGOAI_ENV must be 'development' or 'production'")
PRODUCTION = ENV == "production"

_DEV_SECRET = "dev-insecure-doingoai-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("DOINGOAI_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and not SECRET_KEY:
    raise RuntimeError("DOINGOAI_SECRET_KEY is required when DOINGOAI_ENV=production")
DEBUG = env_bool("DOINGOAI_DEBUG", False)
ALLOWED_HOSTS = env_list(
    "DOINGOAI_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("DOINGOAI_CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(env_str("DOINGOAI_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and attachments live here
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "/files/"  # never served directly: attachments go through a permission-checked view
STATIC_ROOT = DATA_DIR / "static"
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
_VENDOR_DIR = BASE_DIR / "build" / "vendor"
if _VENDOR_DIR.is_dir():
    STATICFILES_DIRS.append(("vendor", _VENDOR_DIR))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_countries",
    "leaflet",
    "django_tasks_db",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "doingoai.core",
    "doingoai.delegations",
    "doingoai.partners",
    "doingoai.border",
    "doingoai.conferences",
    "doingoai.outreach",
    "doingoai.aid",
    "doingoai.consular",
    "doingoai.diaspora",
    "doingoai.reports",
]

MIDDLEWARE = [
    "doingoai.core.resolving.RememberResolutionsMiddleware",  # loads nothing per request
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "doingoai.core.middleware.SessionRefreshMiddleware",  # idle expiry, saved once a minute
    "doingoai.core.middleware.LanguageMiddleware",  # Vietnamese unless the user chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "doingoai.core.two_factor.AccountSecurityMiddleware",  # 2FA step, forced password change
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "doingoai.core.page_cache.PageCacheMiddleware",  # last: a user's pages served again
]
#: A signed-in user's pages kept by each worker and served again while no table they read has
#: been written (doingoai/core/page_cache.py).
PAGE_CACHE = env_bool("DOINGOAI_PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("DOINGOAI_PAGE_CACHE_SECONDS", 60)
PAGE_CACHE_ENTRIES = env_int("DOINGOAI_PAGE_CACHE_ENTRIES", 500)
PAGE_CACHE_BYTES = env_int("DOINGOAI_PAGE_CACHE_BYTES", 16 * 1024 * 1024)

ROOT_URLCONF = "doingoai.config.urls"
WSGI_APPLICATION = "doingoai.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "doingoai.core.context_processors.shell",
            ],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'doingoai.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DOINGOAI_DATABASE_URL", _default_db), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A worker keeps its connection between requests: opening one reads the schema (over a
    # thousand tables, indexes and triggers) and runs the pragmas, 7-9 ms per request.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "doingoai.core.permissions.KeptPermissionsBackend",  # Django's, kept per user
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "doingoai.core.two_factor.NotTheOldPasswordValidator"},
]
# Reads of sensitive personal data are logged (core AccessLog) and kept this many months
# (``manage.py prune_access_log``); TCVN 11930 level 3 asks for at least 3.
ACCESS_LOG_RETENTION_MONTHS = env_int("DOINGOAI_ACCESS_LOG_MONTHS", 12)
# Two-factor authentication (django-otp, TOTP + recovery codes; TCVN 11930 level 3): required
# for these roles, optional for the others.
TWO_FACTOR_ROLES = env_list("DOINGOAI_TWO_FACTOR_ROLES", ["admin", "leader"])
OTP_TOTP_ISSUER = env_str("DOINGOAI_TOTP_ISSUER", "doingoai")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Session expiry: an idle session ends after DOINGOAI_SESSION_MINUTES (TCVN 11930 level 3).
SESSION_COOKIE_AGE = env_int("DOINGOAI_SESSION_MINUTES", 30) * 60
# saved again at most once a minute by core.middleware.SessionRefreshMiddleware, not per request
SESSION_SAVE_EVERY_REQUEST = False
#: Django's database sessions, each kept by a worker while the table is unwritten.
SESSION_ENGINE = "doingoai.core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("DOINGOAI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DOINGOAI_LOCKOUT_MINUTES", 15))
# By user name only: an address is shared by a whole department behind the reverse proxy;
# the address has its own, much higher limit (doingoai.core.lockout.LockoutHandler).
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_HANDLER = "doingoai.core.lockout.LockoutHandler"
DOINGOAI_LOGIN_FAILURE_LIMIT_IP = env_int("DOINGOAI_LOGIN_FAILURE_LIMIT_IP", 50)
# axes.W006 asks for "ip_address" in the parameters: the handler applies the address limit.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("DOINGOAI_AXES_ENABLED", True)

# Internationalisation: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the language switch's choice is kept for a year
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]  # Vietnamese for Django/DRF gaps (kept by hand)
FORMAT_MODULE_PATH = ["doingoai.formats"]
TIME_ZONE = env_str("DOINGOAI_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# Background jobs (long imports): Django's tasks framework with its database backend; the job
# worker (`manage.py db_worker`) runs beside gunicorn (`make run`). Another backend of the
# framework can replace it when a site outgrows one machine.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: Files with more data rows than this are checked and imported as background jobs.
IMPORT_JOB_ROWS = env_int("DOINGOAI_IMPORT_JOB_ROWS", 300)
#: A running job with no progress for this long is marked failed (its worker was killed).
IMPORT_JOB_STALE_MINUTES = env_int("DOINGOAI_IMPORT_JOB_STALE_MINUTES", 10)

# Maps: Leaflet is served by the application; tiles only from a configured server (an
# intranet tile server, e.g. https://tiles.example.gov.vn/{z}/{x}/{y}.png); without one, maps
# draw the points on a plain background (no request leaves the server).
MAP_TILES_URL = env_str("DOINGOAI_MAP_TILES_URL", "")
MAP_TILES_ATTRIBUTION = env_str("DOINGOAI_MAP_TILES_ATTRIBUTION", "")
#: A GeoJSON file with the province's outline, drawn under the points (useful without tiles).
#: Empty: none on the generic maps; the border map then uses its shipped approximate outline
#: of the demo province (doingoai/border/geo/).
MAP_OUTLINE_PATH = env_str("DOINGOAI_MAP_OUTLINE", "")
_MAP_TILE_ORIGINS = (
    ["/".join(MAP_TILES_URL.split("/")[:3]).replace("{s}.", "*.")] if MAP_TILES_URL else []
)

# Border module: only border provinces use it; off, its menu, report section, dashboard
# figures and inbox items are hidden (records already entered stay reachable).
BORDER_ENABLED = env_bool("DOINGOAI_BORDER", True)

# Security headers and CSP (Django's built-in CSP).
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *_MAP_TILE_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DOINGOAI_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DOINGOAI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION or env_bool("DOINGOAI_MANIFEST_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Uploads: attachments and imports.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ATTACHMENT_MAX_BYTES = env_int("DOINGOAI_ATTACHMENT_MAX_MB", 20) * 1024 * 1024
IMPORT_MAX_BYTES = env_int("DOINGOAI_IMPORT_MAX_MB", 20) * 1024 * 1024
# Hostile workbooks (doingoai/core/io_safety.py): limits checked before any parser runs.
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("DOINGOAI_IMPORT_MAX_UNCOMPRESSED_MB", 200) * 1024 * 1024
IMPORT_MAX_COMPRESSION_RATIO = env_int("DOINGOAI_IMPORT_MAX_RATIO", 100)
IMPORT_MAX_ROWS = env_int("DOINGOAI_IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = 200
#: Staged import files (DATA_DIR/imports) older than this are deleted (each upload prunes).
IMPORT_STAGING_HOURS = env_int("DOINGOAI_IMPORT_STAGING_HOURS", 24)
ATTACHMENT_EXTENSIONS = [
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".odt",
    ".ods",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
    ".txt",
]

# The province this installation serves (code from vietnam-provinces, after 1/7/2025).
PROVINCE_CODE = env_int("DOINGOAI_PROVINCE_CODE", 40)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["doingoai.core.permissions.RecordPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "doingoai.core.paging.FastCountPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "doingoai.core.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "doingoai API",
    "DESCRIPTION": "API của hệ thống thông tin công tác đối ngoại (doingoai).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    # one name for a choice set several fields share (currencies; a person's sex written out)
    "ENUM_NAME_OVERRIDES": {
        "CurrencyEnum": "doingoai.core.numbers.currency_choices",
        "SexWrittenOutEnum": "doingoai.diaspora.models.Sex",
    },
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

SIMPLE_HISTORY_REVERT_DISABLED = True
DJANGO_TABLES2_TEMPLATE = "core/tables/table.html"
#: Selects written in Python (core/renderers.py): the same markup, no template per option.
FORM_RENDERER = "doingoai.core.renderers.FormRenderer"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DOINGOAI_LOG_LEVEL", "WARNING")},
}

# Notifications are e-mailed only when an SMTP server is configured (none by default: they stay
# in the app, with the unread count in the header).
DOINGOAI_EMAIL_HOST = env_str("DOINGOAI_EMAIL_HOST", "")
if DOINGOAI_EMAIL_HOST:
    EMAIL_HOST = DOINGOAI_EMAIL_HOST
    EMAIL_PORT = env_int("DOINGOAI_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("DOINGOAI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("DOINGOAI_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DOINGOAI_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DOINGOAI_EMAIL_FROM", "doingoai@localhost")
#: The address users reach the site at, for links in e-mails (e.g. https://doingoai.gov.vn).
DOINGOAI_SITE_URL = env_str("DOINGOAI_SITE_URL", "")
