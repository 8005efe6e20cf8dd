"""Settings shared by every deployment.

Every value that differs between deployments is read from the environment
here (see README, "Configuration"); ``dev``, ``test`` and ``production`` only
choose defaults and hardening.
"""

import ipaddress
import json
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from portal.logging import configure_structlog
from portal.logging import formatter as structlog_formatter

from .env import env, env_bool, env_list

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("PORTAL_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Applications -----------------------------------------------------------

INSTALLED_APPS = [
    # ours
    "portal",
    "portal.twofactor",
    "portal.signing",
    "themes",
    "content",
    "search",
    "eforms",
    "eforms.formdefs",
    "eforms.dossiers",
    "eforms.processes",
    "eforms.payments",
    "eforms.outbox",
    "eforms.submission",
    "eforms.handoff",
    "eforms.notifications",
    "eforms.ratings",
    "eforms.postal",
    "eforms.feedback",
    "eforms.lobby",
    "eforms.appointments",
    "eforms.citizens",
    "eforms.national",
    "eforms.workspace",
    "eforms.demo",
    # wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # django-ninja's own static Swagger UI for /api/v1/docs/ (without it,
    # ninja loads Swagger from a CDN).
    "ninja",
    # two-factor authentication
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # the sandbox identity provider of citizen sign-in (OIDC server; URLs only with CITIZEN_OIDC_SANDBOX=1)
    "oauth2_provider",
    # django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    # Anonymous public pages: gzip, ETag/304, Cache-Control public (portal/caching.py).
    "portal.caching.PublicGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "portal.caching.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.middleware.PrivatePagesMiddleware",
    "portal.twofactor.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Page routes per catalogue version: one query instead of Wagtail's walk (content/routing.py).
    "content.routing.CachedRoutesMiddleware",
]

# Anonymous public pages (portal/caching.py): browsers keep them this many
# seconds, a shared cache (reverse proxy) PORTAL_CACHE_S_MAXAGE.
PORTAL_CACHE_MAX_AGE = int(env("PORTAL_CACHE_MAX_AGE", "60"))
PORTAL_CACHE_S_MAXAGE = int(env("PORTAL_CACHE_S_MAXAGE", "300"))

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

# --- Themes and templates ---------------------------------------------------

THEMES_DIR = BASE_DIR / "themes"
PORTAL_THEME = env("PORTAL_THEME", "base")
if not (THEMES_DIR / PORTAL_THEME).is_dir():
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"PORTAL_THEME={PORTAL_THEME!r}: no such theme under {THEMES_DIR}")
_THEME_CHAIN = [PORTAL_THEME] if PORTAL_THEME == "base" else [PORTAL_THEME, "base"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [THEMES_DIR / name / "templates" for name in _THEME_CHAIN],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

SQLITE_PATH = VAR_DIR / "portal.sqlite3"
# Connections are kept 60 s by web workers and Celery tasks alike, and checked
# before their first use in a request or task (CONN_HEALTH_CHECKS): after a
# database restart a kept connection is replaced instead of failing that
# request or hand-off message.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker share the file: wait for locks
    # instead of failing, take the write lock up front, and use WAL so that
    # readers never block the writer.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------

CACHE_URL = env("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "portal"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        },
        # Rate-limit counters must be shared by every web worker (gunicorn
        # runs several): on the embedded stack they live in files under var/.
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "ratelimit"),
        },
        # What every process must see (search's query-log counts and
        # catalogue version, search/querylog.py, search/memo.py): files too.
        "shared": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "shared"),
        },
    }

# --- Celery -----------------------------------------------------------------

QUEUE_DIR = VAR_DIR / "queue"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu's filesystem transport that treats a missing queue directory as
    # a broker outage (reconnect) instead of crashing the worker.
    CELERY_BROKER_TRANSPORT = "portal.kombu_filesystem:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(QUEUE_DIR / "messages"),
        "data_folder_out": str(QUEUE_DIR / "messages"),
        "control_folder": str(QUEUE_DIR / "control"),
        "processed_folder": str(QUEUE_DIR / "processed"),
        "store_processed": False,
        # kombu's default (1 s) caps a worker at about one task a second
        # whenever its prefetch window is full.
        "polling_interval": float(env("CELERY_FILESYSTEM_POLLING_INTERVAL", "0.1")),
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A task not acknowledged within this time is redelivered to another
    # worker; it must exceed the longest task.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}


def _default_result_backend(broker_url):
    if broker_url.startswith(("redis://", "rediss://")):
        return broker_url
    if broker_url.startswith(("amqp://", "amqps://", "pyamqp://")):
        return "rpc://"
    return f"file://{VAR_DIR / 'celery-results'}"


CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", _default_result_backend(CELERY_BROKER_URL))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _folder in ("messages", "control", "processed"):
        (QUEUE_DIR / _folder).mkdir(parents=True, exist_ok=True)
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND[len("file://") :]).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes the database connection after every task unless
# this is set; then only every N tasks, and in between portal/celery.py keeps
# a connection for CONN_MAX_AGE as a web request does (PostgreSQL: no new
# connection and server process per hand-off message).
CELERY_DB_REUSE_MAX = int(env("CELERY_DB_REUSE_MAX", "1000"))
# Periodic tasks (run by ``celery worker --beat`` in ``make run``); apps add
# their entries in ``portal/celery.py``.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# --- Hand-off to the departments' back-office queues (eforms.handoff) -------
# The only place these defaults live. Delivery tasks go to
# ``backoffice.<agency code>`` (explicit queue); the rest of the hand-off
# runs on ``default``. Seconds unless said otherwise.
# Failed deliveries before a branch goes to the dead letters.
HANDOFF_MAX_ATTEMPTS = int(env("HANDOFF_MAX_ATTEMPTS", "8"))
# A published branch not acknowledged within this time is published again.
HANDOFF_ACK_TIMEOUT = float(env("HANDOFF_ACK_TIMEOUT", "120"))
# Exponential back-off after the n-th failure: base * 2**(n-1), capped.
HANDOFF_BACKOFF_BASE = float(env("HANDOFF_BACKOFF_BASE", "30"))
HANDOFF_BACKOFF_MAX = float(env("HANDOFF_BACKOFF_MAX", "3600"))
# How long a worker owns a branch it delivers (longer than any backend timeout).
HANDOFF_DELIVERY_LEASE = float(env("HANDOFF_DELIVERY_LEASE", "300"))
HANDOFF_SWEEP_INTERVAL = float(env("HANDOFF_SWEEP_INTERVAL", "30"))
HANDOFF_SWEEP_BATCH = int(env("HANDOFF_SWEEP_BATCH", "500"))
HANDOFF_SWEEP_TIME_BUDGET = float(env("HANDOFF_SWEEP_TIME_BUDGET", "25"))
# Branches of one agency per message the sweep publishes (handoff.deliver_batch).
HANDOFF_PUBLISH_BATCH = int(env("HANDOFF_PUBLISH_BATCH", "100"))
# PostgreSQL: the hand-off's own records (a branch marked published, a
# workspace delivery) commit without waiting for the WAL flush; a database
# crash may forget the last fraction of a second of them, which the sweep
# then sends again (exactly once: the workspace delivery is that record).
HANDOFF_ASYNC_COMMIT = env_bool("HANDOFF_ASYNC_COMMIT", True)
HANDOFF_WEBHOOK_TIMEOUT = float(env("HANDOFF_WEBHOOK_TIMEOUT", "10"))
HANDOFF_WEBHOOK_ALLOW_HTTP = env_bool("HANDOFF_WEBHOOK_ALLOW_HTTP", DEBUG)
HANDOFF_LINK_MAX_AGE = int(env("HANDOFF_LINK_MAX_AGE", str(7 * 24 * 3600)))
# The e-mail hand-off attaches the dossier ZIP up to this size; above it the
# message carries a signed link (HANDOFF_LINK_MAX_AGE) to the ZIP instead.
HANDOFF_EMAIL_MAX_ATTACHMENT_BYTES = int(env("HANDOFF_EMAIL_MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024)))
HANDOFF_EXTRA_BACKENDS = env_list("HANDOFF_EXTRA_BACKENDS", [])
CELERY_TASK_ROUTES = [
    "eforms.handoff.routing.route_task",
    {"handoff.redispatch_due": {"queue": "default"}},
]
# The all-in-one worker of ``make run`` starts consuming the queue of an
# agency created after it started (see eforms.handoff.services).
HANDOFF_AUTO_CONSUME = env_bool("HANDOFF_AUTO_CONSUME", False)
CELERY_BEAT_SCHEDULE = {
    "eforms-expire-unpaid-dossiers": {
        "task": "eforms.expire_unpaid_dossiers",
        "schedule": 60.0,
        "options": {"queue": "default", "expires": 60.0},
    },
    "eforms-purge-stale-drafts": {
        "task": "eforms.purge_stale_drafts",
        "schedule": 3600.0,
        "options": {"queue": "default", "expires": 3600.0},
    },
    "handoff-redispatch-due": {
        "task": "handoff.redispatch_due",
        "schedule": HANDOFF_SWEEP_INTERVAL,
        "options": {"queue": env("HANDOFF_SWEEP_QUEUE", "default"), "expires": max(1.0, HANDOFF_SWEEP_INTERVAL)},
    },
}

# --- Appointments (đặt lịch hẹn; eforms/appointments) -----------------------
# Days ahead a citizen may book; the kiosk check-in window around a slot.
APPOINTMENT_HORIZON_DAYS = int(env("APPOINTMENT_HORIZON_DAYS", "30"))
APPOINTMENT_CHECKIN_BEFORE_MINUTES = int(env("APPOINTMENT_CHECKIN_BEFORE_MINUTES", "30"))
APPOINTMENT_CHECKIN_AFTER_MINUTES = int(env("APPOINTMENT_CHECKIN_AFTER_MINUTES", "15"))

# --- E-forms: submission, payments, uploads (eforms) -------------------------
# Unpaid full-online dossiers stop after this many minutes.
PAYMENT_EXPIRY_MINUTES = int(env("PAYMENT_EXPIRY_MINUTES", "30"))
# The citizen is warned once this many minutes before the window closes
# (SMS / e-mail), and may extend it once by PAYMENT_EXTENSION_MINUTES.
PAYMENT_WARNING_MINUTES = int(env("PAYMENT_WARNING_MINUTES", "10"))
PAYMENT_EXTENSION_MINUTES = int(env("PAYMENT_EXTENSION_MINUTES", str(PAYMENT_EXPIRY_MINUTES)))
# "vnpay_sandbox" (VNPAY protocol against the local simulated bank page) or
# "vnpay" (a real VNPAY merchant: PAYMENT_VNPAY_TMN_CODE/SECRET/URL).
PAYMENT_PROVIDER = env("PAYMENT_PROVIDER", "vnpay_sandbox")
PAYMENT_SANDBOX_TMN_CODE = env("PAYMENT_SANDBOX_TMN_CODE", "DVCSBX01")
PAYMENT_SANDBOX_SECRET = env("PAYMENT_SANDBOX_SECRET", "")
PAYMENT_VNPAY_TMN_CODE = env("PAYMENT_VNPAY_TMN_CODE", "")
PAYMENT_VNPAY_SECRET = env("PAYMENT_VNPAY_SECRET", "")
PAYMENT_VNPAY_URL = env("PAYMENT_VNPAY_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html")
# ClamAV daemon for uploads (INSTREAM); none set = no scan.
CLAMD_HOST = env("CLAMD_HOST", "")
CLAMD_PORT = int(env("CLAMD_PORT", "3310"))
CLAMD_SOCKET = env("CLAMD_SOCKET", "")
CLAMD_FAIL_OPEN = env_bool("CLAMD_FAIL_OPEN", False)
# Upload limits (eforms/submission/uploads.py), enforced while the body
# streams: per file (officer and supplement uploads; e-form fields carry
# their own max_size_mb), per request, per draft, per dossier (e-form files
# and supplements) and files per client address per hour (rate-limit scope
# "upload"); an image's width × height from its header, before any decoding.
EFORMS_UPLOAD_MAX_MB_PER_FILE = int(env("EFORMS_UPLOAD_MAX_MB_PER_FILE", "10"))
EFORMS_UPLOAD_MAX_FILES_PER_REQUEST = int(env("EFORMS_UPLOAD_MAX_FILES_PER_REQUEST", "20"))
EFORMS_UPLOAD_MAX_FILES_PER_DRAFT = int(env("EFORMS_UPLOAD_MAX_FILES_PER_DRAFT", "40"))
EFORMS_UPLOAD_MAX_MB_PER_DRAFT = int(env("EFORMS_UPLOAD_MAX_MB_PER_DRAFT", "100"))
EFORMS_UPLOAD_MAX_FILES_PER_DOSSIER = int(env("EFORMS_UPLOAD_MAX_FILES_PER_DOSSIER", "60"))
EFORMS_UPLOAD_MAX_MB_PER_DOSSIER = int(env("EFORMS_UPLOAD_MAX_MB_PER_DOSSIER", "150"))
EFORMS_UPLOADS_PER_ADDRESS_PER_HOUR = int(env("EFORMS_UPLOADS_PER_ADDRESS_PER_HOUR", "300"))
EFORMS_UPLOAD_MAX_IMAGE_PIXELS = int(env("EFORMS_UPLOAD_MAX_IMAGE_PIXELS", "50000000"))
# Unsubmitted drafts (and their uploads) are deleted after this many days.
EFORMS_DRAFT_RETENTION_DAYS = int(env("EFORMS_DRAFT_RETENTION_DAYS", "30"))

# --- Deadlines and the working calendar (eforms/dossiers/calendar.py) ------
# Office hours per weekday (0 = Monday … 6 = Sunday): the clock runs during
# them on working days. JSON, e.g. '{"0": [["07:00", "11:30"], ["13:30",
# "17:00"]], …}'. Default: Monday–Friday 07:00–11:30 and 13:30–17:00.
EFORMS_OFFICE_HOURS = {
    int(day): [tuple(segment) for segment in segments]
    for day, segments in json.loads(
        env("EFORMS_OFFICE_HOURS", "")
        or json.dumps({day: [["07:00", "11:30"], ["13:30", "17:00"]] for day in range(5)})
    ).items()
}
# Saturday-morning reception where the province has it, e.g. "07:30-11:30":
# dossiers are received then; the clock starts on the next working day
# (unless the Saturday is a make-up working day).
if env("EFORMS_SATURDAY_RECEPTION", ""):
    EFORMS_OFFICE_HOURS[5] = [tuple(env("EFORMS_SATURDAY_RECEPTION").split("-", 1))]
# An agency whose office hours differ from the province's: JSON, agency code
# → the same weekday mapping, e.g. '{"cat": {"0": [["07:30", "11:30"],
# ["13:30", "17:00"]], …}}'. Its dossiers' deadlines count in its own hours.
EFORMS_AGENCY_OFFICE_HOURS = {
    code: {int(day): [tuple(segment) for segment in segments] for day, segments in hours.items()}
    for code, hours in json.loads(env("EFORMS_AGENCY_OFFICE_HOURS", "") or "{}").items()
}
# Same-day procedures accepted at or after this time are due the next working day.
EFORMS_SAME_DAY_CUTOFF = env("EFORMS_SAME_DAY_CUTOFF", "15:00")
# Working days the citizen has to supplement a dossier (one request per
# dossier); after it the dossier may be refused. No general figure in the
# decrees: a configurable default.
EFORMS_SUPPLEMENT_DAYS = int(env("EFORMS_SUPPLEMENT_DAYS", "10"))

# --- Client address and rate limits (portal/clientaddress.py, ratelimit.py) --
# Reverse proxies whose X-Forwarded-For is believed: comma-separated IP
# addresses or CIDR networks (e.g. "127.0.0.1,::1" for a proxy on this host).
# Empty: the client is always REMOTE_ADDR.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# Deprecated alias: EFORMS_TRUST_X_FORWARDED_FOR=1 without TRUSTED_PROXIES
# means "the proxy is on this host" (loopback).
EFORMS_TRUST_X_FORWARDED_FOR = env_bool("EFORMS_TRUST_X_FORWARDED_FOR", False)
if EFORMS_TRUST_X_FORWARDED_FOR and not TRUSTED_PROXIES:
    TRUSTED_PROXIES = ["127.0.0.1", "::1"]
for _proxy in TRUSTED_PROXIES:  # fail at start-up, not on the first request
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or CIDR network.") from None
# Per-scope (limit, seconds) overrides of portal.ratelimit.DEFAULT_RATE_LIMITS.
RATE_LIMITS = {}
# The cache alias holding the counters (it must be shared by all web workers).
RATELIMIT_CACHE = env("RATELIMIT_CACHE", "ratelimit" if "ratelimit" in CACHES else "default")
# Part of every counter key; change it to start every counter from zero.
RATELIMIT_NAMESPACE = env("RATELIMIT_NAMESPACE", "v1")

# --- Kiosk, queue tickets and the lobby board (eforms.lobby) ----------------
# Seconds without a touch before the kiosk returns to its start screen.
KIOSK_IDLE_SECONDS = int(env("KIOSK_IDLE_SECONDS", "90"))
# Minutes per citizen for the estimated wait before today's first ticket is served.
LOBBY_DEFAULT_SERVICE_MINUTES = int(env("LOBBY_DEFAULT_SERVICE_MINUTES", "10"))
# How often the lobby board asks for new data, and after how long without an
# answer it says its data is stale.
LOBBY_BOARD_POLL_SECONDS = int(env("LOBBY_BOARD_POLL_SECONDS", "5"))
LOBBY_BOARD_STALE_SECONDS = int(env("LOBBY_BOARD_STALE_SECONDS", "60"))

# --- Search -----------------------------------------------------------------

SEARCH_BACKEND = env("SEARCH_BACKEND", "database")
# The cache alias shared by the web workers and the Celery worker: query-log
# counts until the periodic flush writes them, and the catalogue version when
# the default cache is per process (search/querylog.py, search/memo.py).
SEARCH_SHARED_CACHE = env("SEARCH_SHARED_CACHE", "shared" if "shared" in CACHES else "default")
SEARCH_QUERYLOG_FLUSH_SECONDS = float(env("SEARCH_QUERYLOG_FLUSH_SECONDS", "60"))
CELERY_BEAT_SCHEDULE["search-flush-query-log"] = {
    "task": "search.flush_query_log",
    "schedule": SEARCH_QUERYLOG_FLUSH_SECONDS,
    "options": {"queue": "default", "expires": SEARCH_QUERYLOG_FLUSH_SECONDS},
}
SEARCH_URL = env("SEARCH_URL")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", "portal")
# Only engines CI runs against a live server: the database backends and
# OpenSearch 2 (a real 2.19 node, opensearch/). Elasticsearch and OpenSearch 3
# were dropped: no server of theirs can be run in CI here.
SEARCH_BACKENDS = ("database", "opensearch2")


def _search_backends():
    if SEARCH_URL and SEARCH_BACKEND == "database":
        backend = "opensearch2"
    else:
        backend = SEARCH_BACKEND
    if backend not in SEARCH_BACKENDS:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={backend!r} is not one of {', '.join(SEARCH_BACKENDS)} "
            "(elasticsearch8, elasticsearch9 and opensearch3 were dropped: CI cannot run their servers)."
        )
    if backend == "database":
        # search.backends.database: Wagtail's database backend, on PostgreSQL
        # with our unaccent-aware text search configuration.
        return {"default": {"BACKEND": "search.backends.database"}}
    return {
        "default": {
            "BACKEND": f"search.backends.{backend}",
            "URLS": [SEARCH_URL or "http://127.0.0.1:9200"],
            "INDEX_PREFIX": f"{SEARCH_INDEX_PREFIX}_",
            "TIMEOUT": 10,
        }
    }


WAGTAILSEARCH_BACKENDS = _search_backends()

# --- Files ------------------------------------------------------------------

MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
PRIVATE_STORAGE_ROOT = VAR_DIR / "private"
STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
# The selected theme first, so that its files override the base theme's.
STATICFILES_DIRS = [THEMES_DIR / name / "static" for name in _THEME_CHAIN]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Dossiers and their attachments: never served from a public URL, only
    # through views that check permission and scope.
    "private": {
        "BACKEND": "eforms.dossiers.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail, SMS ------------------------------------------------------------

OUTBOX_DIR = VAR_DIR / "outbox"
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(OUTBOX_DIR / "email")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Cổng dịch vụ công <noreply@dichvucong.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Applicant notifications (eforms.notifications): SMS and Zalo gateways by
# name ("sandbox" writes JSON files under OUTBOX_DIR/sms and /zalo, "http"
# posts to the provider, "none" switches the channel off).
NOTIFICATION_SMS_BACKEND = env("NOTIFICATION_SMS_BACKEND", "sandbox")
NOTIFICATION_ZALO_BACKEND = env("NOTIFICATION_ZALO_BACKEND", "sandbox")
# The outbox of notifications (eforms.outbox): attempts, back-off
# base * 2**(n-1) capped at NOTIFICATION_BACKOFF_MAX, the lease of a worker
# sending one, and the grace after which a row whose enqueue was lost is swept.
NOTIFICATION_MAX_ATTEMPTS = int(env("NOTIFICATION_MAX_ATTEMPTS", "6"))
NOTIFICATION_RETRY_BASE_SECONDS = int(env("NOTIFICATION_RETRY_BASE_SECONDS", "60"))
NOTIFICATION_BACKOFF_MAX = int(env("NOTIFICATION_BACKOFF_MAX", "3600"))
NOTIFICATION_LEASE = int(env("NOTIFICATION_LEASE", "300"))
NOTIFICATION_SWEEP_GRACE = int(env("NOTIFICATION_SWEEP_GRACE", "60"))
NOTIFICATION_SWEEP_BATCH = int(env("NOTIFICATION_SWEEP_BATCH", "500"))
NOTIFICATION_HTTP_TIMEOUT = float(env("NOTIFICATION_HTTP_TIMEOUT", "10"))
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", "")
SMS_GATEWAY_KEY = env("SMS_GATEWAY_KEY", "")
SMS_BRANDNAME = env("SMS_BRANDNAME", "DVC LAMDONG")
ZALO_ZNS_URL = env("ZALO_ZNS_URL", "https://business.openapi.zalo.me/message/template")
ZALO_ZNS_ACCESS_TOKEN = env("ZALO_ZNS_ACCESS_TOKEN", "")
ZALO_ZNS_TEMPLATE_ID = env("ZALO_ZNS_TEMPLATE_ID", "")
# Re-sends failed notifications after their backoff, and any whose enqueue
# was lost (eforms.notifications.tasks.retry_due_notifications).
CELERY_BEAT_SCHEDULE["notifications-retry-due"] = {
    "task": "notifications.retry_due",
    "schedule": 60.0,
    "options": {"queue": "default", "expires": 60.0},
}
# Supplement requests past their deadline: flagged once, the agency e-mailed.
CELERY_BEAT_SCHEDULE["workspace-flag-overdue-supplements"] = {
    "task": "workspace.flag_overdue_supplements",
    "schedule": 900.0,
    "options": {"queue": "default", "expires": 900.0},
}
# Feedback and complaints (eforms.feedback): the working days an agency has
# to answer (Nghị định 20/2008/NĐ-CP as amended), the agency code standing for
# the service center (items with neither a dossier nor a procedure go there;
# empty: a leader assigns them), and the largest request the form reads.
FEEDBACK_ANSWER_DAYS = int(env("FEEDBACK_ANSWER_DAYS", "10"))
FEEDBACK_CENTER_AGENCY = env("FEEDBACK_CENTER_AGENCY", "")
FEEDBACK_MAX_REQUEST_BYTES = int(env("FEEDBACK_MAX_REQUEST_BYTES", str(2 * 1024 * 1024)))
# Public postal service (eforms.postal): the operator ("sandbox": the
# in-process sandbox speaking the operator's protocol; "http": a real
# operator at POSTAL_API_URL with POSTAL_API_KEY), the secret that signs its
# status callbacks (derived from SECRET_KEY when empty), the accepted clock
# skew of a callback (s), the province the center posts from, and the outbox
# of order creation (attempts, back-off base and cap, lease, sweep batch).
POSTAL_BACKEND = env("POSTAL_BACKEND", "sandbox")
POSTAL_API_URL = env("POSTAL_API_URL", "")
POSTAL_API_KEY = env("POSTAL_API_KEY", "")
POSTAL_CALLBACK_SECRET = env("POSTAL_CALLBACK_SECRET", "")
POSTAL_CALLBACK_MAX_AGE = int(env("POSTAL_CALLBACK_MAX_AGE", "300"))
POSTAL_CENTER_PROVINCE_CODE = int(env("POSTAL_CENTER_PROVINCE_CODE", "68"))
POSTAL_HTTP_TIMEOUT = float(env("POSTAL_HTTP_TIMEOUT", "10"))
POSTAL_MAX_ATTEMPTS = int(env("POSTAL_MAX_ATTEMPTS", "8"))
POSTAL_BACKOFF_BASE = int(env("POSTAL_BACKOFF_BASE", "60"))
POSTAL_BACKOFF_MAX = int(env("POSTAL_BACKOFF_MAX", "3600"))
POSTAL_LEASE = int(env("POSTAL_LEASE", "300"))
POSTAL_SWEEP_BATCH = int(env("POSTAL_SWEEP_BATCH", "200"))
CELERY_BEAT_SCHEDULE["postal-retry-due"] = {
    "task": "postal.retry_due",
    "schedule": 60.0,
    "options": {"queue": "default", "expires": 60.0},
}
# Wagtail's scheduled publishing (go-live / expiry dates of pages).
CELERY_BEAT_SCHEDULE["content-publish-scheduled"] = {
    "task": "content.publish_scheduled",
    "schedule": 60.0,
    "options": {"queue": "default", "expires": 60.0},
}

# --- Internationalisation ---------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

# --- Authentication ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "twofactor:login"
LOGIN_REDIRECT_URL = "/can-bo/"
WAGTAILADMIN_LOGIN_URL = "twofactor:login"
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Cổng dịch vụ công")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
# Staff whose path starts with one of these must have passed the second factor.
TWOFACTOR_PROTECTED_PATHS = ("/admin/", "/can-bo/", "/django-admin/")

# --- Security headers -------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Wagtail ----------------------------------------------------------------

WAGTAIL_SITE_NAME = env("PORTAL_SITE_NAME", "Cổng dịch vụ công")
WAGTAILADMIN_BASE_URL = env("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Nothing reaches the internet at run time: no update check from the admin.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "rtf", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Portal identity (defaults; editors override them in Wagtail settings) ---

PORTAL_BASE_URL = WAGTAILADMIN_BASE_URL
PORTAL_PROVINCE_NAME = env("PORTAL_PROVINCE_NAME", "tỉnh Lâm Đồng")
PORTAL_CENTER_NAME = env("PORTAL_CENTER_NAME", "Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng")
PORTAL_CENTER_ADDRESS = env("PORTAL_CENTER_ADDRESS", "Số 36 Trần Phú, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng")
PORTAL_PROVINCE_NAME_EN = env("PORTAL_PROVINCE_NAME_EN", "Lam Dong Province")
PORTAL_CENTER_NAME_EN = env("PORTAL_CENTER_NAME_EN", "Public Administrative Service Center of Lam Dong Province")
PORTAL_HOTLINE = env("PORTAL_HOTLINE", "1900 1234")
PORTAL_EMAIL = env("PORTAL_EMAIL", "dichvucong@lamdong.gov.vn")
# Identifier code of the receiving unit, first part of every dossier code
# (Circular 01/2018/TT-VPCP art. 19) when an agency has none. The default is a
# demo value (level-1 code H00 belongs to no province); ``check --deploy``
# warns while it is in use (eforms.dossiers.checks).
PORTAL_RECEIVING_UNIT_CODE = env("PORTAL_RECEIVING_UNIT_CODE", "000.00.00.H00")

# --- Logging ----------------------------------------------------------------

LOG_FORMAT = env("LOG_FORMAT", "console")  # "json" for a log collector
configure_structlog()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structured": structlog_formatter(LOG_FORMAT)},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail 8 runs index/reference updates as django-tasks; one INFO
        # line per page save drowns the logs of a catalogue import.
        "django_tasks": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# --- Citizen sign-in (OpenID Connect; VNeID through the national portal) ----
# portal/settings/citizens.py; the sandbox identity provider is off here and
# on in dev and test.
from .citizens import citizen_settings  # noqa: E402

globals().update(citizen_settings(VAR_DIR, PORTAL_BASE_URL, SECRET_KEY, sandbox_default=False))

# --- Digital signatures (PAdES; portal/signing/, portal/settings/signing.py) --
from .signing import *  # noqa: E402,F403

# isort: split
# --- National public-service portal (eforms.national; portal/settings/national.py)
# Status push on the shared outbox and the catalogue refresh; the sandbox
# receiver is off here and on in dev and test.
from .national import national_settings  # noqa: E402

_national = national_settings(PORTAL_BASE_URL, SECRET_KEY, sandbox_default=False)
globals().update(_national)
CELERY_BEAT_SCHEDULE["national-retry-due"] = {
    "task": "national.retry_due",
    "schedule": _national["NATIONAL_SYNC_SWEEP_INTERVAL"],
    "options": {"queue": "default", "expires": _national["NATIONAL_SYNC_SWEEP_INTERVAL"]},
}
CELERY_BEAT_SCHEDULE["national-refresh-catalogue"] = {
    "task": "national.refresh_catalogue",
    "schedule": _national["NATIONAL_CATALOGUE_REFRESH_SECONDS"],
    "options": {"queue": "default", "expires": 3600.0},
}
del _national
