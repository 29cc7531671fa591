"""A registry record's page shows its history from the audit chain, to those who may see it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from collegium.core.history import HISTORY_CAP
from collegium.core.models import Visibility
from collegium.registry import services


def _history(response) -> str:
    """Return the page's history section ("" if it has none)."""
    found = re.search(r'<section class="section history".*?</section>', response.text, re.DOTALL)
    return found.group(0) if found else ""


def _entries(section: str) -> list[str]:
    """Return the history's entries as text, newest first."""
    items = re.findall(r'<li class="history__item">(.*?)</li>', section, re.DOTALL)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


@pytest.fixture
def alpha(make_org):
    return make_org("alpha", name_ru="Альфа", name_en="Alpha")


@pytest.fixture
def viewer(make_user, alpha):
    client = Client()
    client.force_login(make_user(alpha, "viewer", username="alpha-viewer"))
    return client


def test_organization_history_shows_who_created_and_changed_it_and_when(alpha, viewer, make_user):
    """Creation and change, newest first, with actor, time and the field's before and after."""
    url = reverse("registry:organization-detail", args=["alpha"])
    assert len(_entries(_history(viewer.get(url)))) == 1  # the creation, read into the cache
    editor = make_user(alpha, "editor", username="alpha-editor")
    services.organization_update(actor=editor, organization=alpha, data={"name_ru": "Альфа-2"})

    # The next request shows the new record: the write moved the registry's cache version.
    entries = _entries(_history(viewer.get(url)))
    assert len(entries) == 2
    changed, created = entries
    assert changed.startswith("изменено · alpha-editor · ")
    assert "Название (рус.) Альфа Альфа-2" in changed
    assert created.startswith("создано · root · ")
    assert re.search(r"\d{4} г\. \d{1,2}:\d{2}", created)  # the time of the record


def test_state_and_person_pages_show_their_history(site_admin, alpha, viewer):
    state = services.state_create(
        actor=site_admin, data={"code": "kg", "name_ru": "Киргизия", "owner": alpha}
    )
    services.state_update(actor=site_admin, state=state, data={"name_en": "Kyrgyzstan"})
    person = services.person_create(
        actor=site_admin, data={"slug": "ivanov", "name_ru": "Иванов", "owner": alpha}
    )
    services.person_update(actor=site_admin, person=person, data={"name_ru": "Иванов И. И."})
    for url, change in (
        (reverse("registry:state-detail", args=["kg"]), "— Kyrgyzstan"),
        (reverse("registry:person-detail", args=["ivanov"]), "Иванов Иванов И. И."),
    ):
        entries = _entries(_history(viewer.get(url)))
        assert [entry.split(" · ")[0] for entry in entries] == ["изменено", "создано"]
        assert change in entries[0]


def test_an_internal_record_and_its_history_stay_hidden_from_other_organizations(
    make_org, make_user, alpha
):
    """An outsider gets the 404 of a missing record; the owner's staff see the history."""
    secret = make_org("secret-body", name_ru="Закрытый орган", visibility=Visibility.INTERNAL)
    url = reverse("registry:organization-detail", args=["secret-body"])
    outsider, staff = Client(), Client()
    outsider.force_login(make_user(alpha, "viewer"))
    staff.force_login(make_user(secret, "viewer"))
    assert len(_entries(_history(staff.get(url)))) == 1
    response = outsider.get(url)
    assert response.status_code == 404
    assert _history(response) == ""
    assert "Закрытый орган" not in response.text


def test_a_referenced_record_the_viewer_may_not_see_is_not_named(
    site_admin, make_org, make_user, alpha, viewer
):
    """A public record owned by an internal one: its history does not name the owner to others."""
    keeper = make_org("keeper", name_ru="Тайный хранитель", visibility=Visibility.INTERNAL)
    make_org("open-body", name_ru="Открытый орган", owner=keeper)
    url = reverse("registry:organization-detail", args=["open-body"])
    shown = _history(viewer.get(url))
    assert "Тайный хранитель" not in shown
    assert "запись, скрытая от вас" in shown
    staff = Client()
    staff.force_login(make_user(keeper, "viewer"))
    assert "Тайный хранитель" in _history(staff.get(url))


def test_anonymous_visitors_see_no_history(client, alpha):
    response = client.get(reverse("registry:organization-detail", args=["alpha"]))
    assert response.status_code == 200
    assert _history(response) == ""


def test_a_long_history_is_capped_with_a_link_to_all_of_it(site_admin, alpha, viewer):
    for number in range(HISTORY_CAP + 2):
        services.organization_update(
            actor=site_admin, organization=alpha, data={"name_en": f"Alpha {number}"}
        )
    url = reverse("registry:organization-detail", args=["alpha"])
    section = _history(viewer.get(url))
    assert len(_entries(section)) == HISTORY_CAP
    assert "?history=all" in section
    everything = _history(viewer.get(url, {"history": "all"}))
    assert len(_entries(everything)) == HISTORY_CAP + 3
    assert "?history=all" not in everything
