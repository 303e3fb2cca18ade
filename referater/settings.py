"""Settings for Referatarkiv, driven by the environment with safe development defaults.

Environment variables (all optional in development):

- ``DEBUG``: "1"/"true" turns debug mode on. Default: on, unless ``DJANGO_ENV=production``.
- ``SECRET_KEY``: required when ``DEBUG`` is off; startup fails without it.
- ``DATABASE_URL``: e.g. ``postgres://postgres@127.0.0.1:5432/referater``.
  Default: SQLite file ``var/referater.sqlite3`` (created on first run).
- ``ALLOWED_HOSTS``: comma separated. Default in debug: localhost names only.
- ``MEDIA_ROOT``: where uploaded source files and bilag are stored. Default ``var/media``.
- ``REFERATER_MAX_UPLOAD_MB``: largest source file or bilag accepted (default 50).
- ``REFERATER_DEFAULT_MUNICIPALITY``: municipality of imported referater (default
  "Randers Kommune").
- ``ACCESSIBILITY_STATEMENT_URL``, ``SITE_OWNER_NAME``, ``SITE_OWNER_EMAIL``: footer content.
- ``CACHE_URL``/``REDIS_URL``, ``CONN_MAX_AGE``, ``REFERATER_MAX_REQUEST_MB``,
  ``DATA_UPLOAD_MAX_NUMBER_FIELDS``, ``AXES_*``, ``REFERATER_TRUSTED_PROXIES``, ``SECURE_*``,
  ``SESSION_COOKIE_HOURS``: see the README's settings table (section "Production").
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", os.environ.get("DJANGO_ENV", "development") != "production")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production (DEBUG off) set the SECRET_KEY environment "
            "variable to a long random string, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "councils.admin_apps.StaffAdminConfig",  # django.contrib.admin with the scoped site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "councils",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "councils.pagecache.PublicPageCacheMiddleware",  # anonymous public pages, after Locale
    # Before anything reads the body (CSRF reads POST data in process_view).
    "councils.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "referater.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "councils.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "referater.wsgi.application"

DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'referater.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_SQLITE_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A persistent connection that died (database restart) is replaced before use
        # instead of failing one request per worker.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the dev server read while an import writes.
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache every process shares (search counts must not be stale in another worker):
# Redis when CACHE_URL (or REDIS_URL) is set, e.g. redis://127.0.0.1:6379/0; otherwise
# Django's database cache in the table DATABASE_CACHE_TABLE (created by migration
# councils 0007_cache_table, so `migrate` is the only step).
DATABASE_CACHE_TABLE = "referater_cache"
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "referater")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL must be a Redis URL (redis://host:6379/0), not {CACHE_URL!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "councils.cache.RedisCache",  # one redis client per pool (councils/cache.py)
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": DATABASE_CACHE_TABLE,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# Whole public pages cached in that cache (councils/pagecache.py): keys are versioned, so a
# publish, edit, correction or harvest shows at once; the TTL is only a backstop. Browsers and
# a CDN may keep a page REFERATER_PAGE_MAX_AGE seconds, and serve it stale while revalidating
# for REFERATER_PAGE_STALE_SECONDS more.
REFERATER_PAGE_CACHE = os.environ.get("REFERATER_PAGE_CACHE", "1") != "0"
REFERATER_PAGE_CACHE_SECONDS = int(os.environ.get("REFERATER_PAGE_CACHE_SECONDS", "3600"))
REFERATER_PAGE_MAX_AGE = int(os.environ.get("REFERATER_PAGE_MAX_AGE", "60"))
REFERATER_PAGE_STALE_SECONDS = int(os.environ.get("REFERATER_PAGE_STALE_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Limits (named, so every error message can quote them).
REFERATER_MAX_UPLOAD_BYTES = int(os.environ.get("REFERATER_MAX_UPLOAD_MB", "50")) * 1024 * 1024
# The municipality imported referater belong to unless the caller says otherwise
# (slug: the name without "Kommune", e.g. "randers").
REFERATER_DEFAULT_MUNICIPALITY = os.environ.get(
    "REFERATER_DEFAULT_MUNICIPALITY", "Randers Kommune"
)
# The secretary's workflow (README, "Limits of the secretary's workflow"): reading an uploaded
# referat or a bilag's text runs in a child process of the task that may take at most this
# long and grow by at most this much memory; a referat may have at most this many points; the
# preview and its fix form show this many points per page.
REFERATER_READ_TIMEOUT_SECONDS = int(os.environ.get("REFERATER_READ_TIMEOUT_SECONDS", "120"))
REFERATER_READ_MEMORY_MB = int(os.environ.get("REFERATER_READ_MEMORY_MB", "1024"))
REFERATER_MAX_POINTS_PER_FILE = int(os.environ.get("REFERATER_MAX_POINTS_PER_FILE", "1000"))
REFERATER_PREVIEW_POINTS_PER_PAGE = 50
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads are streamed to a temporary file
REFERATER_PAGE_SIZE = 25

# Public-site footer.
ACCESSIBILITY_STATEMENT_URL = os.environ.get(
    "ACCESSIBILITY_STATEMENT_URL", "https://www.was.digst.dk/"
)
SITE_OWNER_NAME = os.environ.get("SITE_OWNER_NAME", "Referatarkiv")
SITE_OWNER_EMAIL = os.environ.get("SITE_OWNER_EMAIL", "kontakt@example.org")
SITE_NAME = os.environ.get("SITE_NAME", "Referatarkiv")

LOGIN_URL = "admin:login"

# Background work (parsing uploads, bilag text, harvests, alert mail) runs as tasks through
# Django's tasks API (the ``django-tasks`` backport). ``TASKS_BACKEND=immediate`` (the default,
# used by ``make run`` and the tests) runs a task at once in the calling process;
# ``TASKS_BACKEND=database`` stores it for the worker (``python manage.py db_worker``).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate").strip().lower()
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r} is unknown; use one of {', '.join(_TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}

# --- Request size (see councils/middleware.py; set the same on the proxy) ------------------
# Staff requests: one referat and its bilag (each at most REFERATER_MAX_UPLOAD_MB) in one POST.
REFERATER_MAX_REQUEST_BYTES = int(os.environ.get("REFERATER_MAX_REQUEST_MB", "200")) * 1024 * 1024
# Everyone else: the public site takes no uploads, the login form is a few hundred bytes.
REFERATER_MAX_ANONYMOUS_REQUEST_BYTES = 64 * 1024
# Form fields (not files) held in memory per request: the fix form of a large referat.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The preview's fix form sends 6 fields per point, a page of 50 points (REFERATER_PREVIEW_
# POINTS_PER_PAGE) about 310 fields with the meeting's and the conflicts' choices.
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", "5000"))
DATA_UPLOAD_MAX_NUMBER_FILES = 100  # a referat and its bilag

# --- Login throttling (django-axes) ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After AXES_FAILURE_LIMIT wrong passwords for one username, or from one address, further
# attempts are refused (429) for AXES_COOLOFF_MINUTES; a success resets the count. Unlock by
# hand: `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS` / `axes_reset`.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [
    [part.strip() for part in group.split("+")]
    for group in env_list("AXES_LOCKOUT_PARAMETERS", ["username", "ip_address"])
]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_CLIENT_IP_CALLABLE = "councils.middleware.client_ip"
AXES_VERBOSE = False
# Reverse proxies in front of the site that append to X-Forwarded-For (0: none, 1: nginx).
REFERATER_TRUSTED_PROXIES = int(os.environ.get("REFERATER_TRUSTED_PROXIES", "0"))

# --- Headers ---------------------------------------------------------------------------------
# Content-Security-Policy (django-csp): our pages and the admin load scripts, styles, images
# and fonts from this site only; no inline script or style is needed (and none runs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container's health check speaks plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the whole domain to HTTPS in every browser for months; that is
        # the site owner's decision (SECURE_HSTS_PRELOAD=1), not a default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_HOURS", "12")) * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Open data and alerts: feeds, calendars, sitemap, OParl API, exports, e-mail alerts -------
# (README "Open data and alerts"). Every limit is named here.
#
# SITE_URL: the public address, for links in e-mails and calendar UIDs (no request there).
# Default: https://<first ALLOWED_HOSTS entry> in production, http://127.0.0.1:8000 in debug.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/") or (
    f"https://{ALLOWED_HOSTS[0]}" if not DEBUG and ALLOWED_HOSTS else "http://127.0.0.1:8000"
)
# Mail: EMAIL_BACKEND=console (default in debug: mails are printed by `make run`) or smtp
# (default in production) with EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL, EMAIL_TIMEOUT (seconds); DEFAULT_FROM_EMAIL.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
_email_backend = os.environ.get("EMAIL_BACKEND", "").strip().lower() or (
    "console" if DEBUG else "smtp"
)
if _email_backend not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND={_email_backend!r} is unknown; use one of {', '.join(_EMAIL_BACKENDS)}."
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT") or "10")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or f"{SITE_NAME} <{SITE_OWNER_EMAIL}>"
# A confirmation link works this long; a "manage my subscriptions" link this long.
# Unsubscribe links never expire (every old mail must keep working).
ALERTS_CONFIRM_MAX_AGE = int(os.environ.get("ALERTS_CONFIRM_MAX_AGE_HOURS") or "72") * 3600
ALERTS_MANAGE_MAX_AGE = int(os.environ.get("ALERTS_MANAGE_MAX_AGE_DAYS") or "30") * 86400
# Subscription (and manage-link) requests: at most this many per hour per address and per
# client IP; more are refused with a clear message (counted in the default cache).
ALERTS_RATE_LIMIT_PER_HOUR = int(os.environ.get("ALERTS_RATE_LIMIT_PER_HOUR") or "5")
# An address may follow at most this many things; points listed per mail at most this many.
ALERTS_MAX_SUBSCRIPTIONS = 50
ALERTS_MAX_POINTS_PER_MAIL = 200
# Atom/RSS: the newest entries of a feed. iCalendar: the newest events of a calendar (all
# upcoming agendas included); a referat gives no end time, so events last this long.
FEED_MAX_ITEMS = 50
CALENDAR_MAX_EVENTS = 1000
CALENDAR_EVENT_MINUTES = 120
# OParl: objects per list page (`?elementsPerPage=` may ask for fewer or up to the maximum).
OPARL_PAGE_SIZE = 100
OPARL_MAX_PAGE_SIZE = 500
# Search exports (CSV, JSON): at most this many rows, streamed.
EXPORT_MAX_ROWS = 10_000
# sitemap.xml: URLs per sitemap file (the protocol's maximum); above it an index is served.
SITEMAP_MAX_URLS = 50_000

# --- Harvesting from portals (councils/harvest; README "Harvesting") ------------------------
# Who we are in the User-Agent of every request to a portal: an e-mail or URL to reach us.
REFERATER_HARVEST_CONTACT = os.environ.get("REFERATER_HARVEST_CONTACT", SITE_OWNER_EMAIL)
# Seconds between the starts of two requests to one portal (retries included).
REFERATER_HARVEST_MIN_INTERVAL_SECONDS = float(
    os.environ.get("REFERATER_HARVEST_MIN_INTERVAL_SECONDS", "1")
)
REFERATER_HARVEST_CONNECT_TIMEOUT = float(os.environ.get("REFERATER_HARVEST_CONNECT_TIMEOUT", "10"))
REFERATER_HARVEST_READ_TIMEOUT = float(os.environ.get("REFERATER_HARVEST_READ_TIMEOUT", "60"))
# Further attempts after a timeout, a failed connection, 429 or 5xx; the first waits
# REFERATER_HARVEST_BACKOFF_SECONDS, each next one twice as long, at most the maximum.
REFERATER_HARVEST_RETRIES = int(os.environ.get("REFERATER_HARVEST_RETRIES", "3"))
REFERATER_HARVEST_BACKOFF_SECONDS = float(os.environ.get("REFERATER_HARVEST_BACKOFF_SECONDS", "2"))
REFERATER_HARVEST_BACKOFF_MAX_SECONDS = float(
    os.environ.get("REFERATER_HARVEST_BACKOFF_MAX_SECONDS", "60")
)
# How often `run_harvest_schedule --loop` looks for sources that are due.
REFERATER_HARVEST_SCHEDULE_SECONDS = float(
    os.environ.get("REFERATER_HARVEST_SCHEDULE_SECONDS", "300")
)
