"""Synthetic events and arrangements: deterministic, proportional, plausible, loaded in bulk."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from collegium.core import audit
from collegium.core.models import AuditRecord
from collegium.devdata import synth
from collegium.devdata.synth import synth_load
from collegium.events.models import (
    Arrangement,
    ArrangementParty,
    Event,
    EventKind,
    EventStatus,
    Invitation,
)
from collegium.events.synth import (
    CANCELLED,
    CONFIRMED,
    EVENTS_END,
    PLANNED,
    POSTPONED,
    event_status,
)
from collegium.registry.models import Organization, Post
from collegium.registry.synth import PERIOD_START, SYNTH_PREFIX


def generate(*, scale: float, seed: int):
    """Return the registry's part and the events' calendar drawn on it."""
    context = synth.generate(scale=scale, seed=seed)
    return context.parts["registry"], context.parts["events"]


@pytest.fixture(scope="module")
def registry_and_calendar():
    return generate(scale=1, seed=1)


@pytest.fixture(scope="module")
def registry(registry_and_calendar):
    return registry_and_calendar[0]


@pytest.fixture(scope="module")
def data(registry_and_calendar):
    return registry_and_calendar[1]


def test_same_seed_gives_the_same_calendar_and_another_seed_another(data):
    assert generate(scale=1, seed=1)[1].events == data.events
    assert generate(scale=1, seed=1)[1].arrangements == data.arrangements
    assert generate(scale=1, seed=2)[1].events != data.events


def test_fifteen_years_and_the_plans_at_scale_one(registry, data):
    """Summits every year of each organization, councils of ministers, consultations and
    joint collegia, from 2011 to 2027; hosts, cities and zones filled."""
    years = {event.start.year for event in data.events}
    assert years == set(range(PERIOD_START.year, EVENTS_END.year + 1))
    kinds = Counter(event.kind for event in data.events)
    assert set(kinds) == {
        EventKind.SUMMIT,
        EventKind.COUNCIL_OF_MINISTERS,
        EventKind.WORKING_MEETING,
        EventKind.CONSULTATIONS,
        EventKind.JOINT_COLLEGIUM,
    }
    assert 900 <= len(data.events) <= 1400
    international = [o for o in registry.organizations if o.kind == "international"]
    for org in international:
        summits = [e for e in data.events if e.kind == "summit" and e.organizers == (org.slug,)]
        first = max(PERIOD_START.year, org.founding_date.year + 1)
        assert sorted(e.start.year for e in summits) == list(range(first, EVENTS_END.year + 1))
        assert all(e.body == f"{org.slug}-council" for e in summits)
    codes = {state.code for state in registry.states}
    assert all(e.host_state in codes and e.city.ru and e.city.en for e in data.events)
    assert len({e.timezone for e in data.events}) >= 5
    assert all(e.start < e.end for e in data.events)
    assert len({e.slug for e in data.events}) == len(data.events)
    assert all(e.slug.startswith(SYNTH_PREFIX) for e in data.events)
    assert {e.fate for e in data.events} == {CANCELLED, POSTPONED, CONFIRMED, PLANNED}


def test_arrangements_cover_every_variant(data):
    """Mutual and one-way, in force from a date or since before the records, deputies on
    some, a party that joined later, one terminated; scope the summits, secretariats' heads."""
    arrangements = data.arrangements
    assert len(arrangements) == 6
    assert {a.direction for a in arrangements} == {"mutual", "one_way"}
    assert {a.status for a in arrangements} == {"in_force", "terminated"}
    assert any(a.in_force_on is None for a in arrangements)
    assert any(a.in_force_on is not None for a in arrangements)
    assert any(a.include_deputies for a in arrangements)
    assert any(not a.include_deputies for a in arrangements)
    assert any(p.joined_on for a in arrangements for p in a.parties)
    assert all(a.scope == ("summit",) for a in arrangements)
    for arrangement in arrangements:
        assert all(p.executive_body == f"{p.organization}-secretariat" for p in arrangement.parties)
        if arrangement.direction == "one_way":
            assert arrangement.inviting_party == arrangement.parties[0].organization
        if arrangement.status == "terminated":
            assert arrangement.in_force_on < arrangement.terminated_on


def test_volume_grows_with_the_scale():
    one, two = generate(scale=1, seed=3)[1].counts(), generate(scale=2, seed=3)[1].counts()
    assert 1.6 <= two["events"] / one["events"] <= 2.4
    assert two["arrangements"] == 2 * one["arrangements"]
    _registry, small = generate(scale=0.05, seed=3)
    assert small.events
    assert not small.arrangements  # one organization: nobody to invite


@pytest.mark.parametrize(
    ("fate", "days", "expected"),
    [
        (PLANNED, -1, EventStatus.HELD),
        (POSTPONED, -1, EventStatus.HELD),
        (CANCELLED, -1, EventStatus.CANCELLED),
        (CANCELLED, 30, EventStatus.CANCELLED),
        (PLANNED, 30, EventStatus.PLANNED),
        (CONFIRMED, 30, EventStatus.CONFIRMED),
        (POSTPONED, 30, EventStatus.POSTPONED),
    ],
)
def test_status_is_held_in_the_past_and_planned_or_confirmed_in_the_future(fate, days, expected):
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert event_status(fate, now + dt.timedelta(days=days), now) == expected


def test_load_writes_events_and_arrangements_under_one_record_and_no_invitations(db):
    result = synth_load(actor=None, scale=0.3, seed=1)
    _registry, expected = generate(scale=0.3, seed=1)
    assert result.counts["events"] == len(expected.events) == Event.objects.count()
    assert (
        result.counts["arrangements"] == len(expected.arrangements) == Arrangement.objects.count()
    )
    assert ArrangementParty.objects.count() == sum(len(a.parties) for a in expected.arrangements)
    assert not Invitation.objects.exists()
    assert list(AuditRecord.objects.values_list("action", flat=True)) == ["synth.load"]
    assert audit.verify_chain().ok
    now = timezone.now()
    for event in Event.objects.prefetch_related("organizers"):
        event.full_clean()
        assert event.organizers.exists()
        assert event.start_date == event.local_start().date()
        assert event.status != EventStatus.HELD or event.start <= now
    statuses = set(Event.objects.values_list("status", flat=True))
    assert {EventStatus.HELD, EventStatus.CANCELLED} <= statuses
    assert statuses & {EventStatus.PLANNED, EventStatus.CONFIRMED}
    for arrangement in Arrangement.objects.all():
        arrangement.full_clean()
    # Each party's executive body has a head post, whose holder is invited.
    bodies = ArrangementParty.objects.values("executive_body")
    assert Post.objects.filter(organization__in=bodies, is_head=True).count() == len(
        set(Organization.objects.filter(pk__in=bodies))
    )
