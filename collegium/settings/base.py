"""Base settings, read from environment variables.

Every value that differs between machines comes from the environment; the
defaults give a working development setup with an SQLite file under ``var/``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("COLLEGIUM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "django-insecure-development-only-key-change-me-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "collegium.core",
    "collegium.accounts",
    "collegium.registry",
    "collegium.access",
    "collegium.signatures",
    "collegium.events",
    "collegium.decisions",
    "collegium.notifications",
    "collegium.planning",
    "collegium.meetings",
    "collegium.execution",
    "collegium.devdata",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "collegium.core.staticfiles.StaticFilesConfig",  # django.contrib.staticfiles
    "django_htmx",
    "ninja",
    "collegium.core.tasks_app.TasksDatabaseConfig",  # django_tasks_db, named in our languages
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "collegium.core.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "collegium.core.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "collegium.urls"
WSGI_APPLICATION = "collegium.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "collegium" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'collegium.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections persist (CONN_MAX_AGE) on SQLite too: opening one (with the
    # PRAGMAs and Django's SQL functions) costs about twice a bare page.
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two
        # writers never both read the audit chain head and then race to append.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

# The read cache (core/cache.py): keys carry the data versions, so a cache per
# process is correct; entries of old versions age out under the size bound.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "collegium-read-cache",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "1000"))},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["collegium.accounts.backends.ThrottledModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The largest request body read, in bytes (a Popolo import is one body); a larger one
# answers 413 (in JSON under /api/).  Django's own setting, also for forms.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(10 * 1024 * 1024)))

# Login throttling (``accounts.backends``): this many failures for one account
# from one address within the window lock that account from that address (and
# only from there, so nobody can lock anyone out everywhere); this many
# failures from one address, whatever the accounts, lock the address.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
LOGIN_FAILURE_ADDRESS_LIMIT = int(os.environ.get("LOGIN_FAILURE_ADDRESS_LIMIT", "50"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Behind a reverse proxy every request comes from the proxy's address: take the
# client's from the last entry of X-Forwarded-For, which the proxy appends (set
# it only when the proxy does; otherwise clients could name any address).
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English")), ("be", _("Belarusian"))]
LOCALE_PATHS = [BASE_DIR / "collegium" / "locale"]
FORMAT_MODULE_PATH = ["collegium.formats"]  # Belarusian dates (Django has none)
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "collegium" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps (the API docs' bundles ship several MB of them) are for a developer's tools,
# not for pages: compressing them with Brotli took most of collectstatic's half-minute of CPU.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_ROOT = VAR_DIR / "media"

# Everything is served from this origin: no CDN, no outside fonts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Sessions stay in the database alone: the cache is per process, and a session
# cached in one worker would outlive a logout handled by another.
SESSION_ENGINE = "collegium.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Signing key for audit checkpoints (Ed25519, PEM, PKCS#8). Created on first use.
AUDIT_SIGNING_KEY_PATH = Path(
    os.environ.get("AUDIT_SIGNING_KEY_PATH", VAR_DIR / "keys" / "audit-ed25519.pem")
)

# The master key that encrypts the signatories' private keys and the certificate
# authority's (Fernet, url-safe base64), kept outside the database: a copy of the
# database alone cannot sign. Created by `collegium keys init`.
SIGNING_KEY_FILE = Path(os.environ.get("SIGNING_KEY_FILE", VAR_DIR / "keys" / "master.key"))

# The folder of the official Popolo JSON schemas (not shipped with Collegium). When
# set, `collegium popolo import` and the API check each item against them too;
# unset, imports are checked by Collegium's own rules alone.
POPOLO_SCHEMA_DIR = os.environ.get("POPOLO_SCHEMA_DIR") or None

# The latest signed checkpoint, refreshed by the task worker after audited
# writes (core/tasks.py) and read by `collegium audit verify` by default.
# Set the variable empty to queue no refresh.
_checkpoint_path = os.environ.get(
    "AUDIT_CHECKPOINT_PATH", str(VAR_DIR / "checkpoints" / "latest.json")
)
AUDIT_CHECKPOINT_PATH = Path(_checkpoint_path) if _checkpoint_path else None
# Seconds a queued refresh waits before the worker runs it: the writes committed
# meanwhile need not ask whether one is waiting (core/tasks.py).
AUDIT_CHECKPOINT_DELAY = float(os.environ.get("AUDIT_CHECKPOINT_DELAY", "1"))

# Background tasks (django.tasks) stored in the database and run by
# `collegium db_worker`; `collegium serve --with-worker` starts one beside the server.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}


# E-mail (notifications), as Django's MAILERS.  With EMAIL_HOST set, mail goes out
# through that SMTP server (EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS, EMAIL_TIMEOUT); without it, each message is written to a file under
# var/mail/ and nothing leaves the machine (development, the demo).
def smtp_mailer(host: str) -> dict:
    """Return a MAILERS entry sending through the SMTP server ``host`` (EMAIL_* variables)."""
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": host,
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
        },
    }


_email_host = os.environ.get("EMAIL_HOST", "")
if _email_host:
    _mailer = smtp_mailer(_email_host)
else:
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Collegium <collegium@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the site, for the links in e-mails (which have no request to read it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Remind the invitee's secretariat this many days before an invitation's reply date.
NOTIFY_REPLY_DUE_DAYS = int(os.environ.get("NOTIFY_REPLY_DUE_DAYS", "3"))
# Seconds between two runs of the reminder scan (notifications.tasks.notifications_scan).
NOTIFY_SCAN_INTERVAL = float(os.environ.get("NOTIFY_SCAN_INTERVAL", "3600"))
# A failed e-mail is retried after this many seconds, then twice as long each time, up to
# the maximum; it is never given up.
NOTIFY_RETRY_SECONDS = float(os.environ.get("NOTIFY_RETRY_SECONDS", "60"))
NOTIFY_RETRY_MAX_SECONDS = float(os.environ.get("NOTIFY_RETRY_MAX_SECONDS", "3600"))

# Execution: the largest evidence file a progress report takes, and the days before a
# task's due date its responsible secretariat is reminded (collegium/execution; the
# reminders go out from DEFAULT_FROM_EMAIL through the default mailer).
EXECUTION_EVIDENCE_MAX_BYTES = int(os.environ.get("EXECUTION_EVIDENCE_MAX_BYTES", str(10 * 2**20)))
EXECUTION_REMINDER_DAYS = (14, 3)

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"mask_secrets": {"()": "collegium.core.logs.MaskSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_secrets"],
        }
    },
    "loggers": {
        "collegium": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
