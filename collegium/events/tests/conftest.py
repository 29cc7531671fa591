"""Fixtures of the events tests: two organizations, a host state, and an event factory."""

import datetime as dt
import itertools

import pytest

from collegium.accounts.models import Role
from collegium.core.models import Visibility
from collegium.events.calendar.services import event_create

# The arrangement tests' fixtures (three parties, a newcomer, an accession).
from collegium.events.tests.arrangements.arrangement_fixtures import (  # noqa: F401
    accession,
    make_arrangement,
    world,
)
from collegium.registry import services as registry


@pytest.fixture
def csto(make_org):
    return make_org("csto", name_ru="ОДКБ", name_en="CSTO")


@pytest.fixture
def cis(make_org):
    return make_org("cis", name_ru="СНГ", name_en="CIS")


@pytest.fixture
def kyrgyzstan(site_admin, csto):
    return registry.state_create(
        actor=site_admin,
        data={"code": "kg", "name_ru": "Киргизия", "name_en": "Kyrgyzstan", "owner": csto},
    )


@pytest.fixture
def csto_editor(make_user, csto):
    return make_user(csto, Role.EDITOR, username="csto-editor")


@pytest.fixture
def cis_editor(make_user, cis):
    return make_user(cis, Role.EDITOR, username="cis-editor")


@pytest.fixture
def make_event(site_admin, csto):
    """Create an event through the service: ``make_event(slug=..., start=..., **fields)``.

    Defaults: a public CSTO summit in Bishkek on 27 Nov 2025, 10:00-16:00 local time.
    """
    counter = itertools.count(1)

    def make(*, organizers=None, actor=None, **data):
        data.setdefault("slug", f"event-{next(counter)}")
        data.setdefault("kind", "summit")
        data.setdefault("title_ru", "Сессия СКБ ОДКБ")
        data.setdefault("title_en", "CSTO Collective Security Council")
        data.setdefault("city_ru", "Бишкек")
        data.setdefault("city_en", "Bishkek")
        data.setdefault("timezone", "Asia/Bishkek")
        data.setdefault("start", dt.datetime(2025, 11, 27, 10, 0))  # noqa: DTZ001 (local time)
        data.setdefault("end", dt.datetime(2025, 11, 27, 16, 0))  # noqa: DTZ001 (local time)
        data.setdefault("owner", csto)
        data.setdefault("visibility", Visibility.PUBLIC)
        return event_create(
            actor=actor or site_admin, data=data, organizers=organizers or [data["owner"]]
        )

    return make
