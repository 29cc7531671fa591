"""Development settings: DEBUG on, otherwise the base settings."""

from .base import *  # noqa: F403

DEBUG = True
