"""Production settings: HTTPS only, secure cookies, a secret key from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from collegium.settings.base import *  # noqa: F403
from collegium.settings.base import env_bool, smtp_mailer

DEBUG = False
# Production refuses demo data and its published passwords (see `collegium demo`).
COLLEGIUM_PRODUCTION = True
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips the
# client's own): otherwise any client could claim to be on HTTPS.
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 8 * 3600

# Production sends its mail: through EMAIL_HOST, else the machine's own mail server
# (localhost:25), never into files as development does.
MAILERS = {"default": smtp_mailer(os.environ.get("EMAIL_HOST", "") or "localhost")}
