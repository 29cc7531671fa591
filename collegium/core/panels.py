"""Panels: one app's data shown on another app's page, without the page importing it.

A page names itself and its *slots* (places in its layout), and shows whatever
panels the apps registered for them.  The person page (``"registry.person"``)
shows the events' unavailability periods, the event page (``"events.event"``)
the invitations and the protocol checks, and neither page imports them.

An app registers its panels in its ``panels.py``, which is imported when the
apps are ready (``CoreConfig.ready``), as the admin imports every ``admin.py``::

    register_panel(
        page="registry.person",
        name="unavailability",
        template="events/_person_unavailability.html",
        context=person_unavailability,  # (request, person) -> dict for the template
    )

The page collects its panels with ``collect_panels(request, page, obj)`` where
it builds its context, so their queries run (and are cached) with the page's
own, and renders each in its slot with ``{% panel item %}`` (``collegium_ui``),
which renders the template like an ``{% include %}``: a cached page's CSRF
placeholder reaches the panel's forms.  Panels of a slot come in ``order``, then
in the order of registration.

Two panels that show the same records (the event page's invitations and its
protocol checks) read them once per request with ``read_once``.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

DEFAULT_SLOT = "main"


@dataclass(frozen=True)
class Panel:
    page: str
    name: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any]]
    slot: str = DEFAULT_SLOT
    order: int = 100
    # The read-cache namespaces (app labels) whose data the panel shows.
    depends_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class PanelItem:
    """A panel ready to render: its template and its context for one page."""

    name: str
    template: str
    context: dict[str, Any]


_registry: dict[str, list[Panel]] = {}


def register_panel(
    *,
    page: str,
    name: str,
    template: str,
    context: Callable[[HttpRequest, Any], dict[str, Any]],
    slot: str = DEFAULT_SLOT,
    order: int = 100,
    depends_on: tuple[str, ...] = (),
) -> Panel:
    """Show ``template`` on ``page``, in ``slot``, with ``context(request, obj)``.

    Registering the same page and name again replaces the panel (a module
    imported twice registers once).  ``depends_on`` names the read-cache
    namespaces the panel shows, so a cached page keys on them too.
    """
    panel = Panel(
        page=page,
        name=name,
        template=template,
        context=context,
        slot=slot,
        order=order,
        depends_on=depends_on,
    )
    panels = [p for p in _registry.get(page, []) if p.name != name]
    panels.append(panel)
    # A stable sort: panels of the same order keep their order of registration.
    _registry[page] = sorted(panels, key=lambda p: p.order)
    return panel


def panels_for(page: str) -> list[Panel]:
    """Return the panels registered for ``page``, in order."""
    return list(_registry.get(page, []))


def panel_namespaces(page: str) -> tuple[str, ...]:
    """Return the read-cache namespaces the panels of ``page`` show, for the page's key."""
    return tuple(dict.fromkeys(name for panel in panels_for(page) for name in panel.depends_on))


def collect_panels(request: HttpRequest, page: str, obj: Any) -> dict[str, list[PanelItem]]:
    """Return ``{slot: [panel ready to render, ...]}`` for ``page`` showing ``obj``."""
    slots: dict[str, list[PanelItem]] = {}
    for panel in panels_for(page):
        item = PanelItem(panel.name, panel.template, panel.context(request, obj))
        slots.setdefault(panel.slot, []).append(item)
    return slots


def read_once[T](request: HttpRequest, key: Hashable, read: Callable[[], T]) -> T:
    """Return ``read()``, computed once per request for ``key``, for the panels that share it.

    The result lives on the request, so it is the request's user's and lasts
    no longer than the page it is read for.
    """
    memo: dict[Hashable, Any] = request.__dict__.setdefault("_collegium_read_once", {})
    if key not in memo:
        memo[key] = read()
    return memo[key]
