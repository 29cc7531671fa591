"""Panels: a page shows what other apps registered for it, in order, without importing them."""

import pytest
from django.template import Context, Engine
from django.test import RequestFactory

from collegium.core import panels


@pytest.fixture
def registry(monkeypatch):
    """An empty panel registry for the test (the apps' own panels are left alone)."""
    monkeypatch.setattr(panels, "_registry", {})
    return panels


def test_panels_come_in_order_then_in_order_of_registration(registry):
    def show(text):
        return lambda request, obj: {"text": text}

    registry.register_panel(page="p", name="late", template="t", context=show(1), order=200)
    registry.register_panel(page="p", name="first", template="t", context=show(2))
    registry.register_panel(page="p", name="second", template="t", context=show(3))
    registry.register_panel(page="p", name="wide", template="t", context=show(4), slot="wide")
    registry.register_panel(page="other", name="elsewhere", template="t", context=show(5))
    slots = registry.collect_panels(RequestFactory().get("/"), "p", object())
    assert {slot: [item.name for item in items] for slot, items in slots.items()} == {
        "main": ["first", "second", "late"],
        "wide": ["wide"],
    }
    assert [item.context for item in slots["main"]] == [{"text": 2}, {"text": 3}, {"text": 1}]


def test_registering_a_name_again_replaces_the_panel(registry):
    registry.register_panel(page="p", name="a", template="old", context=lambda r, o: {})
    registry.register_panel(page="p", name="a", template="new", context=lambda r, o: {})
    assert [panel.template for panel in registry.panels_for("p")] == ["new"]


def test_a_panel_renders_in_the_pages_context_with_its_own():
    """Like an include: the page's variables (a cached page's CSRF placeholder) reach it."""
    engine = Engine(
        loaders=[
            (
                "django.template.loaders.locmem.Loader",
                {
                    "page.html": "{% load collegium_ui %}[{% for item in items %}{% panel item %}{% endfor %}]",
                    "panel.html": "{{ csrf_token }}:{{ count }}",
                },
            )
        ],
        libraries={"collegium_ui": "collegium.core.templatetags.collegium_ui"},
    )
    item = panels.PanelItem("n", "panel.html", {"count": 3})
    context = Context({"items": [item], "csrf_token": "placeholder"})
    assert engine.get_template("page.html").render(context) == "[placeholder:3]"


def test_the_apps_register_the_panels_of_the_registry_and_event_pages():
    """The person and event pages show the events' panels, which registry does not import."""
    person = {p.name: p for p in panels.panels_for("registry.person")}
    event = [(p.name, p.slot) for p in panels.panels_for("events.event")]
    assert person["unavailability"].slot == "main"
    assert event.index(("protocol-checks", "main")) < event.index(("invitations", "wide"))


def test_read_once_reads_once_per_request_and_key():
    """Two panels asking for the same key share one read; another key or request reads again."""
    reads = []

    def read(value):
        def run():
            reads.append(value)
            return [value]

        return run

    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    shown = panels.read_once(first, ("invitations", 1), read("a"))
    assert panels.read_once(first, ("invitations", 1), read("b")) is shown == ["a"]
    assert panels.read_once(first, ("invitations", 2), read("c")) == ["c"]
    assert panels.read_once(second, ("invitations", 1), read("d")) == ["d"]
    assert reads == ["a", "c", "d"]
