"""One settings file, read from the environment (documented in .env.example).

With nothing configured the portal runs on SQLite with Celery eager and console e-mail,
so `make run` works on a fresh checkout. DATABASE_URL and REDIS_URL switch to the real
services. With DEBUG off a missing secret fails fast.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = [h.strip() for h in (env("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]") or "").split(",") if h.strip()]
if DEBUG:
    ALLOWED_HOSTS += ["testserver"]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in (env("CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o.strip()]
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    # The portal's apps, bottom layer first (docs/architecture.md; pyproject's import-linter contract).
    "schools",
    "audit",
    "yearcalendar",
    "notifications",
    "surveys",
    "roadmaps",
    "curators",
    "monitoring",
    "outcomes",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "medk.middleware.PermissionsPolicyMiddleware",  # camera, microphone, geolocation and the rest off
    "medk.lib.memo.RequestMemoMiddleware",  # the current year etc. asked once per GET (medk/lib/memo.py)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.AuditContextMiddleware",  # who and from where, for audit records made in services
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "schools.middleware.RequireMfaMiddleware",  # coordinators and administrators must have TOTP
    "schools.middleware.YearMiddleware",  # the year a coordinator browses; past years read-only
]

ROOT_URLCONF = "medk.urls"
WSGI_APPLICATION = "medk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "medk.context_processors.portal",
                "schools.context_processors.year_switcher",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery -----------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")


def _no_retry():
    # A cache miss is cheap; waiting through redis-py's default retries with back-off is not.
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return Retry(NoBackoff(), 0)


# Processes that share one Redis database keep their cache keys apart: two installations (CACHE_KEY_PREFIX), or
# the parallel processes of the test suite (pytest-xdist names each one in PYTEST_XDIST_WORKER).
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX") or env("PYTEST_XDIST_WORKER", "") or ""

if REDIS_URL:
    # Counters only; while Redis is down they fail open and log errors instead of breaking login (medk/lib/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "medk.lib.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "retry": _no_retry()},
        }
    }
else:
    # A real cache even without Redis: allauth's rate limits need one that counts.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# A task taken by a worker that then dies (acks_late) goes back to the queue once this many seconds have passed
# since it was delivered. Kombu's default is one hour; slightly above the hard time limit, so a task that is
# still running legitimately is never handed to a second worker.
_VISIBILITY_TIMEOUT = int(env("CELERY_VISIBILITY_TIMEOUT", str(CELERY_TASK_TIME_LIMIT + 5 * 60)) or 0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    # The lock a worker holds while it puts overdue tasks back; a worker killed while holding it must not
    # delay the restore longer than the visibility timeout itself (kombu's default is 300 s).
    "unacked_mutex_expire": min(300, _VISIBILITY_TIMEOUT),
    # The sweep that puts them back runs about every interval × throttle seconds (kombu: 10 × 10 = 100 s);
    # with a short timeout (the worker-kill test's 3 s) it must run every second.
    "unacked_restore_interval": min(10, max(1, _VISIBILITY_TIMEOUT // 3)),
    "unacked_restore_throttle": 10 if _VISIBILITY_TIMEOUT >= 600 else 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Moscow"
# Periodic jobs are declared here and nowhere else.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE: dict = {
    # monitoring: reminders and escalation (idempotent — a second beat or a rerun sends nothing twice)
    "monitoring-reminders": {"task": "monitoring.tasks.reminders_send", "schedule": crontab(hour=8, minute=0)},
    "notifications-digest": {
        "task": "notifications.tasks.notification_digest_send",
        "schedule": crontab(hour=7, minute=30),
    },
    "monitoring-indicator-snapshots": {
        "task": "monitoring.tasks.indicator_snapshots_record",
        "schedule": crontab(hour=23, minute=50),
    },
    # the dashboards' read model from the live data (catches any bulk write that announced nothing)
    "monitoring-indicator-states": {
        "task": "monitoring.tasks.indicator_states_rebuild",
        "schedule": crontab(hour=3, minute=20),
    },
    "monitoring-plan-monitoring": {
        "task": "monitoring.tasks.plan_monitoring_record",
        "schedule": crontab(hour=6, minute=0),
    },
    # curators' work: overdue visits to the curator and the municipal coordinator (idempotent per due date)
    "curators-visits-overdue": {
        "task": "curators.tasks.visits_overdue_notify",
        "schedule": crontab(hour=8, minute=15),
    },
}

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "schools.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "medk.errors.csrf_failure"  # in Russian, in the portal's layout, like every error page
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "schools.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# Failed logins are limited per client address (behind the proxy: the forwarded one, TRUSTED_PROXY_COUNT)
# and per account (the e-mail tried), so a password cannot be guessed by rotating addresses either.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_FAILED_RATE", "5/5m/ip,5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
# The client's address behind our own TLS proxies (medk/lib/net.py): how many proxies append to
# X-Forwarded-For in front of gunicorn (0 = none, use REMOTE_ADDR), or a header our proxy sets instead.
# The same values drive allauth's own reading of the address (its adapter uses medk.lib.net too).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0") or 0)
TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER") or None
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ИС МЭДК] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ИС МЭДК"
# Coordinators and administrators without an activated TOTP authenticator are sent to its activation page.
# On by default in production (DEBUG=0) and in the whole test suite (tests/conftest.py); off by default for
# `make run` so the demo logins work without a phone — set MFA_REQUIRED_FOR_COORDINATORS=1 to try it there.
MFA_REQUIRED_FOR_COORDINATORS = env_bool("MFA_REQUIRED_FOR_COORDINATORS", not DEBUG)

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)) or 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AUDIT_EXPORT_MAX_ROWS = int(env("AUDIT_EXPORT_MAX_ROWS", "100000") or 100000)

# --- I18N -----------------------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
# Our overrides of allauth's and Django's stock Russian (locale/ru/LC_MESSAGES/django.po; the .mo is committed).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Static and uploads ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads live outside any public URL; they are served only through permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "uploads")) or "")
MEDIA_URL = None
UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(50 * 1024 * 1024)) or 0)
IMPORT_MAX_BYTES = int(env("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)) or 0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
CLAMD_SOCKET = env("CLAMD_SOCKET")

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_URL = env("EMAIL_HOST")
if EMAIL_URL:
    EMAIL_BACKEND = "medk.lib.mail.SmtpBackend"  # 8bit text, not base64 (medk/lib/mail.py)
    EMAIL_HOST = EMAIL_URL
    EMAIL_PORT = int(env("EMAIL_PORT", "587") or 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "medk.lib.mail.ConsoleBackend"
# Letters written as files into a folder (a test reads what a Celery worker sent); overrides the above.
if env("EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ИС МЭДК <noreply@medk.local>")

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Browser features no page of the portal uses: all switched off (medk.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = [
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "battery",
    "bluetooth",
    "camera",
    "display-capture",
    "document-domain",
    "encrypted-media",
    "fullscreen",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "web-share",
    "xr-spatial-tracking",
]
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000") or 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}

# nulls_distinct=False is enforced on PostgreSQL (production, CI); SQLite only skips it.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
