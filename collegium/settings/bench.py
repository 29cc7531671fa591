"""Benchmark settings: the base settings plus the floor view at /bench/floor.

``python -m collegium.bench`` serves the site with these settings through
``collegium serve`` (gunicorn), as production would, but over plain HTTP on
loopback, which the production settings refuse.
"""

from collegium.settings.base import *  # noqa: F403

DEBUG = False
BENCH_FLOOR = True
