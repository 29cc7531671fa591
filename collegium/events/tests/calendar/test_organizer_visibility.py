"""An event's organizers stay at least as visible as the event (the registry's referrer rule)."""

import datetime as dt
import zoneinfo

import pytest

from collegium.core.exceptions import ValidationError
from collegium.core.models import Visibility
from collegium.events.calendar.services import event_create
from collegium.registry.models import OrganizationKind
from collegium.registry.services import organization_update

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def test_an_organizer_of_a_public_event_may_not_be_hidden(site_admin, make_org):
    """Events list their organizers: hiding one would leak it through every public event."""
    owner = make_org("csto-secretariat", kind=OrganizationKind.EXECUTIVE_BODY)
    mfa = make_org("mfa-ru", kind=OrganizationKind.MINISTRY)
    event_create(
        actor=site_admin,
        data={
            "slug": "summit",
            "kind": "summit",
            "title_ru": "Саммит",
            "timezone": "Europe/Moscow",
            "start": dt.datetime(2026, 5, 1, 10, 0, tzinfo=MOSCOW),
            "end": dt.datetime(2026, 5, 1, 12, 0, tzinfo=MOSCOW),
            "owner": owner,
        },
        organizers=[mfa],
    )
    with pytest.raises(ValidationError, match="still refer to this record"):
        organization_update(
            actor=site_admin, organization=mfa, data={"visibility": Visibility.INTERNAL}
        )
