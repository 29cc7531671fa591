"""The benchmark's targets and sample keys, assembled from the apps' ``bench.py``.

Each app declares what of it is worth measuring in its own ``bench.py``,
found the way the admin finds ``admin.py``, with module-level names::

    TARGETS = (
        Target("page person card", "/registry/persons/{person}/"),
        Target("api persons", "/api/v1/registry/persons", "token"),
    )

    def sample_keys() -> dict[str, str]:
        '''Pick representative records of the loaded synthetic data: the keys the
        paths name (``{person}``), in a database that ``collegium synth`` filled.'''

An app whose costs are not URLs (a solver run) adds ``SECTIONS``: callables, each
returning ``{"title": str, "lines": [str], "pass": bool | None, ...}``, run in-process
after the passes and written to the report under ``sections``.

``targets()`` gives the floor and the site's own targets, then every app's in
``INSTALLED_APPS`` order; ``sample_keys()`` merges the apps' keys.  The harness
(``python -m collegium.devdata.bench``, ``make bench``) measures each target against
the floor: :mod:`.harness` (setup, passes, entry point), :mod:`.measure` (the rounds of
requests), :mod:`.server` (``collegium serve``, its memory, the client), :mod:`.statistics`
and :mod:`.report` (the JSON and the table).
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from collegium.core.discovery import app_modules

FLOOR = "floor"
# A page that misses the read cache should still cost at most this many floors.
COLD_PAGE_P95 = 10.0


@dataclass(frozen=True)
class Target:
    """One URL to measure.  ``{organization}``, ``{person}`` and the like in the
    path are filled with the apps' sample keys; ``auth`` is ``anonymous``,
    ``session`` (the bench user's browser session) or ``token`` (the bench
    user's API token).  ``cold_p95_ratio`` is its threshold in the cold pass
    (None: measured, no verdict); the warm one is the harness's ``THRESHOLD_P95``."""

    name: str
    path: str
    auth: str = "anonymous"
    cold_p95_ratio: float | None = None


# Not any app's: the bare view every ratio is measured against, and the health check.
SITE_TARGETS: tuple[Target, ...] = (
    Target(FLOOR, "/bench/floor"),
    Target("healthz", "/healthz"),
)


def _contributions() -> list[ModuleType]:
    """Return the apps' ``bench`` modules in order (devdata's own, the harness, left out)."""
    return [module for module in app_modules("bench") if module.__name__ != __name__]


def targets() -> tuple[Target, ...]:
    """Return every target: the site's, then each app's, in ``INSTALLED_APPS`` order."""
    found = list(SITE_TARGETS)
    for module in _contributions():
        found.extend(getattr(module, "TARGETS", ()))
    names = [target.name for target in found]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"bench targets named twice: {twice}")
    return tuple(found)


def sections() -> list[Callable[[], dict]]:
    """Return the apps' report sections (``SECTIONS`` in their ``bench.py``), in app order."""
    return [section for module in _contributions() for section in getattr(module, "SECTIONS", ())]


def sample_keys() -> dict[str, str]:
    """Return the keys the targets' paths name, from every app's ``sample_keys()``."""
    keys: dict[str, str] = {}
    for module in _contributions():
        if hasattr(module, "sample_keys"):
            keys.update(module.sample_keys())
    return keys
