"""Who may change events and feeds, and record unavailability: the policies' truth tables."""

import pytest
from django.contrib.auth.models import AnonymousUser

from collegium.accounts.models import Role
from collegium.events.availability import policy as availability_policy
from collegium.events.calendar import policy
from collegium.events.models import CalendarFeedToken, Event, Unavailability

USERS = [
    "anonymous",
    "site admin",
    *(f"{side} {role}" for side in ("own", "other") for role in Role),
]
EDITORS = {"site admin", "own editor", "own manager"}


@pytest.fixture
def users(make_org, make_user, site_admin):
    own, other = make_org("csto"), make_org("cis")
    found = {"anonymous": AnonymousUser(), "site admin": site_admin}
    for side, org in (("own", own), ("other", other)):
        for role in Role:
            found[f"{side} {role}"] = make_user(org, role)
    return own, found


@pytest.mark.parametrize("who", USERS)
def test_the_owners_editors_change_events_and_unavailability(users, who):
    own, found = users
    assert policy.can_change(found[who], Event(owner=own)).allowed == (who in EDITORS)
    period = Unavailability(owner=own)
    assert availability_policy.can_change(found[who], period).allowed == (who in EDITORS)


@pytest.mark.parametrize("who", USERS)
def test_a_signed_in_user_makes_a_feed_and_its_owner_or_an_admin_revokes_it(users, who):
    _own, found = users
    user = found[who]
    assert policy.can_create_feed(user).allowed == (who != "anonymous")
    token = CalendarFeedToken(user=found["own viewer"])
    assert policy.can_revoke_feed(user, token).allowed == (who in {"own viewer", "site admin"})


def test_refusals_name_the_rule(users):
    own, found = users
    assert str(policy.can_create_feed(AnonymousUser()).reason) == (
        "Sign in to create a calendar feed."
    )
    assert str(policy.can_change(found["own viewer"], Event(owner=own)).reason) == (
        "This needs the editor role in the owning organization."
    )
