"""Benchmark settings: the base settings plus the floor view at /bench/floor.

``python -m collegium.devdata.bench`` serves the site with these settings through
``collegium serve`` (gunicorn), as production would, but over plain HTTP on
loopback, which the production settings refuse.  It serves it twice: with
the read cache, and with ``BENCH_READ_CACHE=off``, where the read cache
keeps nothing, so that every request pays what a cache miss costs.
"""

import os

from collegium.settings.base import *  # noqa: F403

DEBUG = False
BENCH_FLOOR = True

if os.environ.get("BENCH_READ_CACHE", "on") == "off":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
