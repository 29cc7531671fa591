"""``access.rules.is_visible`` decides on a loaded record exactly as ``visible_q`` does in SQL,
and so does ``visible_row_q``, the same rule without joins."""

import itertools

import pytest

from collegium.access.rules import filter_visible, is_visible, visible_row_q
from collegium.accounts.models import Role
from collegium.accounts.services import affiliation_set
from collegium.core.audit_guard import writes_allowed
from collegium.core.models import Visibility
from collegium.devdata.synth import synth_load
from collegium.events.arrangements.selectors import party_links_prefetch
from collegium.events.models import Arrangement, Event, Invitation
from collegium.registry.models import Organization, Person, Post, Tenure

VISIBILITIES = (Visibility.PUBLIC, Visibility.PARTIES, Visibility.INTERNAL)

# Each model with what its party paths need loaded (as the pages load it).
MODELS = {
    Organization: lambda qs: qs,
    Person: lambda qs: qs,
    Post: lambda qs: qs,
    Tenure: lambda qs: qs.select_related("post"),
    Arrangement: lambda qs: qs.prefetch_related(party_links_prefetch()),
    Event: lambda qs: qs.prefetch_related("organizers"),
    Invitation: lambda qs: qs,
}


@pytest.fixture
def records(site_admin):
    """The synthetic data at a small scale, with every visibility and many owners spread over
    each model, so that each clause of the rule (owner, parties, party paths) is met."""
    synth_load(actor=None, scale=0.3, seed=3)
    organizations = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    for model in MODELS:
        owners, visibilities = itertools.cycle(organizations), itertools.cycle(VISIBILITIES)
        # Every other record gets the next owner and visibility: a mix for this test
        # alone, written directly (no service would make such a mix at once).
        for pk in model.objects.order_by("pk").values_list("pk", flat=True)[::2]:
            with writes_allowed():
                model.objects.filter(pk=pk).update(
                    visibility=next(visibilities), owner_id=next(owners)
                )
    return organizations


def _users(make_user, organizations):
    """Anonymous, members of several organizations (with and without a parent), and one
    member of two."""
    yield None
    with_parent = Organization.objects.filter(parent__isnull=False).order_by("pk")
    chosen = [*organizations[:3], *with_parent.values_list("pk", flat=True)[:4]]
    for pk in chosen:
        yield make_user(Organization.objects.get(pk=pk), Role.VIEWER)
    both = make_user(Organization.objects.get(pk=chosen[0]), Role.EDITOR)
    affiliation_set(
        actor=None, user=both, organization=Organization.objects.get(pk=chosen[-1]), role="viewer"
    )
    yield both


@pytest.mark.django_db
def test_is_visible_agrees_with_visible_q_on_every_record(records, make_user, site_admin):
    """For each user and each record of each owned model, the Python rule and the SQL filter
    give the same answer; some records are hidden and some shown by each path."""
    for user in [*_users(make_user, records), site_admin]:
        for model, load in MODELS.items():
            shown = set(filter_visible(model.objects.all(), user).values_list("pk", flat=True))
            decided = {obj.pk for obj in load(model.objects.all()) if is_visible(user, obj)}
            assert decided == shown, (model.__name__, user)
    # The comparison is not trivial: the rule both hides and shows "parties" records.
    member = make_user(Organization.objects.get(pk=records[1]), Role.VIEWER)
    parties = Event.objects.filter(visibility=Visibility.PARTIES).prefetch_related("organizers")
    answers = {is_visible(member, event) for event in parties}
    assert answers == {True, False}


@pytest.mark.django_db
def test_visible_row_q_agrees_with_visible_q_and_repeats_no_row(records, make_user, site_admin):
    """The joinless rule keeps the same records, each once, and through a foreign key keeps
    the rows whose related record is visible."""
    for user in [*_users(make_user, records), site_admin]:
        for model in MODELS:
            shown = set(filter_visible(model.objects.all(), user).values_list("pk", flat=True))
            kept = list(
                model.objects.filter(visible_row_q(model, user)).values_list("pk", flat=True)
            )
            assert len(kept) == len(set(kept)), (model.__name__, user)
            assert set(kept) == shown, (model.__name__, user)
        events = set(filter_visible(Event.objects.all(), user).values_list("pk", flat=True))
        through = Invitation.objects.filter(visible_row_q(Event, user, prefix="event__"))
        expected = Invitation.objects.filter(event_id__in=events)
        assert set(through.values_list("pk", flat=True)) == set(
            expected.values_list("pk", flat=True)
        ), user
    # Not trivial: some events are visible through their organizers alone.
    member = make_user(Organization.objects.get(pk=records[1]), Role.VIEWER)
    by_organizer = Event.objects.filter(
        visibility=Visibility.PARTIES, organizers__in=[records[1]]
    ).exclude(owner_id=records[1])
    assert by_organizer.filter(visible_row_q(Event, member)).exists()
