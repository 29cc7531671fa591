"""The event and arrangement pages show their history from the audit chain."""

import re

from django.test import Client
from django.urls import reverse

from collegium.accounts.models import Role
from collegium.core.models import Visibility
from collegium.events.calendar import services


def _entries(response) -> list[str]:
    """Return the page's history entries as text, newest first."""
    found = re.search(r'<section class="section history".*?</section>', response.text, re.DOTALL)
    section = found.group(0) if found else ""
    items = re.findall(r'<li class="history__item">(.*?)</li>', section, re.DOTALL)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


def test_event_history_shows_creation_change_and_transition(
    make_event, make_user, csto, csto_editor
):
    event = make_event(slug="summit")
    url = reverse("events:event-detail", args=["summit"])
    client = Client()
    client.force_login(make_user(csto, Role.VIEWER))
    assert len(_entries(client.get(url))) == 1  # read into the cache
    services.event_update(actor=csto_editor, event=event, data={"city_en": "Cholpon-Ata"})
    services.event_confirm(actor=csto_editor, event=event)

    entries = _entries(client.get(url))
    assert [entry.split(" · ")[:2] for entry in entries] == [
        ["статус: Подтверждено", "csto-editor"],
        ["изменено", "csto-editor"],
        ["создано", "root"],
    ]
    assert "Статус Запланировано Подтверждено" in entries[0]
    assert "Bishkek Cholpon-Ata" in entries[1]


def test_an_internal_event_and_its_history_stay_hidden_from_other_organizations(
    make_event, make_user, csto, cis
):
    make_event(slug="closed", visibility=Visibility.INTERNAL)
    url = reverse("events:event-detail", args=["closed"])
    outsider, staff = Client(), Client()
    outsider.force_login(make_user(cis, Role.VIEWER))
    staff.force_login(make_user(csto, Role.VIEWER))
    assert len(_entries(staff.get(url))) == 1
    response = outsider.get(url)
    assert response.status_code == 404
    assert _entries(response) == []


def test_arrangement_history_shows_its_status_moves(make_arrangement, world):
    make_arrangement(slug="cross")
    client = Client()
    client.force_login(world["managers"]["cis"])
    entries = _entries(client.get(reverse("arrangements:detail", args=["cross"])))
    assert [entry.split(" · ")[:2] for entry in entries] == [
        ["статус: Действует", "sco-manager"],
        ["статус: Предложена", "csto-manager"],
        ["создано", "root"],
    ]
