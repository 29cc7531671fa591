"""Development settings: DEBUG on, otherwise the base settings."""

from collegium.settings.base import *  # noqa: F403

DEBUG = True
