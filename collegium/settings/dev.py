"""Development settings: DEBUG on, static files served from the source folders.

``DJANGO_SETTINGS_MODULE=collegium.settings.dev collegium runserver`` needs no
``collectstatic``: files keep their plain names and the development server
serves them from the apps' ``static/`` folders, so an edited style shows on reload.
"""

from collegium.settings.base import *  # noqa: F403
from collegium.settings.base import STORAGES

DEBUG = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
