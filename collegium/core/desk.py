"""The desk: what awaits the signed-in user's organizations now, on the home page.

Each app contributes its items in its ``desk.py``, imported when the apps are
ready (``CoreConfig.ready``), as the admin imports every ``admin.py``::

    register_desk_item(name="consents-to-record", read=consents_to_record, order=10)

``read(request)`` returns a ``DeskItem`` (a title, a count, the page that
lists them and a few of them by name) or ``None`` when the item does not
concern the user (no organization of theirs takes part in it).  The home page
shows the items in ``order``, then in the order of registration, and never
names an app: a new app (tasks, approvals) adds its items without editing it.

The desk is read on every request, never from the read cache: it changes with
every write it counts, and it is one user's.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class DeskLink:
    """One record an item names, with its page (an event and how many await on it)."""

    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class DeskItem:
    """What awaits the user's organizations of one kind: how many, and where to act."""

    title: str | Promise
    count: int
    url: str = ""
    hint: str | Promise = ""
    links: list[DeskLink] = field(default_factory=list)
    name: str = ""  # set from the registration


@dataclass(frozen=True)
class DeskSource:
    name: str
    read: Callable[[HttpRequest], DeskItem | None]
    order: int = 100


_registry: dict[str, DeskSource] = {}

# An item names at most this many records; its link leads to the rest.
DESK_LINKS = 5


def register_desk_item(
    *, name: str, read: Callable[[HttpRequest], DeskItem | None], order: int = 100
) -> DeskSource:
    """Show ``read(request)`` on the desk; registering a name again replaces the item."""
    source = DeskSource(name=name, read=read, order=order)
    _registry[name] = source
    return source


def desk_sources() -> list[DeskSource]:
    """Return the registered items in order (a stable sort: then in order of registration)."""
    return sorted(_registry.values(), key=lambda source: source.order)


def desk_items(request: HttpRequest) -> list[DeskItem]:
    """Return the desk of the request's user: each item that concerns them, in order."""
    items = []
    for source in desk_sources():
        item = source.read(request)
        if item is not None:
            items.append(replace(item, name=source.name))
    return items
