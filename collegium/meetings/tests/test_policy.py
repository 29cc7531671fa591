"""Who may edit a meeting's agenda and each of its delegations: truth tables."""

import pytest

from collegium.meetings import policy

# fmt: off
AGENDA = [
    # user            may edit the agenda
    ("ru-manager",    True),   # a manager of the Russian ministry, the collegium's parent
    ("by-manager",    True),   # a manager of the other organizer's ministry
    ("body-manager",  True),   # a manager of the collegium (the organizer) itself
    ("site-admin",    True),   # keeps the records
    ("ru-editor",     False),  # an editor is not enough
    ("ru-viewer",     False),
    ("third-manager", False),  # a manager of an organization that organizes nothing here
]

DELEGATION = [
    # user            party            may edit that party's delegation
    ("ru-manager",    "ru-collegium",  True),
    ("ru-manager",    "by-collegium",  False),  # no party edits another's delegation
    ("by-manager",    "by-collegium",  True),
    ("by-manager",    "ru-collegium",  False),
    ("body-manager",  "by-collegium",  True),
    ("body-manager",  "ru-collegium",  False),
    ("ru-editor",     "ru-collegium",  False),
    ("ru-viewer",     "ru-collegium",  False),
    ("third-manager", "ru-collegium",  False),
    ("site-admin",    "ru-collegium",  True),
]
# fmt: on


@pytest.mark.parametrize(("who", "allowed"), AGENDA)
def test_who_edits_the_agenda(users, meeting, who, allowed):
    """The managers of any organizer (itself, its owner or its parent ministry) edit the agenda."""
    assert bool(policy.can_edit_agenda(users[who], meeting)) is allowed


@pytest.mark.parametrize(("who", "party", "allowed"), DELEGATION)
def test_who_edits_a_delegation(users, ministries, meeting, who, party, allowed):
    """Only the party's own managers compose its delegation."""
    decision = policy.can_edit_delegation(users[who], meeting, ministries[party])
    assert bool(decision) is allowed
    if not allowed:
        assert "delegation" in str(decision.reason)


def test_anonymous_edits_nothing(meeting, ministries):
    """An anonymous visitor edits neither the agenda nor a delegation."""
    assert not policy.can_edit_agenda(None, meeting)
    assert not policy.can_edit_delegation(None, meeting, ministries["ru-collegium"])


def test_an_event_of_kind_other_has_no_agenda(users, make_meeting):
    """Only meeting kinds have an agenda: an "other" event refuses it, naming the kind."""
    event = make_meeting(kind="other")
    decision = policy.can_edit_agenda(users["site-admin"], event)
    assert not decision
    assert "Other" in str(decision.reason)
