"""Synthetic agendas and delegations: deterministic, on every joint collegium, loaded in bulk."""

from collections import Counter

import pytest

from collegium.core.models import AuditRecord
from collegium.devdata import synth
from collegium.devdata.synth import synth_load
from collegium.events.models import Event, EventKind
from collegium.meetings.models import AgendaItem, Delegation, DelegationMember


@pytest.fixture(scope="module")
def context():
    return synth.generate(scale=1, seed=1)


def test_the_same_seed_gives_the_same_meetings(context):
    """The meetings' part is a function of the seed."""
    assert synth.generate(scale=1, seed=1).parts["meetings"] == context.parts["meetings"]


def test_every_joint_collegium_gets_an_agenda_and_two_headed_delegations(context):
    """Each joint collegium: 3-6 items ending with the signing, and a head per ministry."""
    joint = {e.slug for e in context.parts["events"].events if e.kind == EventKind.JOINT_COLLEGIUM}
    data = context.parts["meetings"]
    items = Counter(item.meeting for item in data.items)
    assert set(items) == joint
    assert all(3 <= count <= 6 for count in items.values())
    heads = Counter(member.meeting for member in data.members if member.is_head)
    assert max(heads.values()) <= 2
    assert sum(heads.values()) >= len(joint)  # most ministries have a minister on the day
    pairs = Counter((member.meeting, member.person) for member in data.members)
    assert max(pairs.values()) == 1  # a person in one delegation of a meeting


def test_load_writes_agendas_and_delegations_under_one_record(db):
    """The loader writes the rows in bulk under synth's one audit record, each row valid."""
    result = synth_load(actor=None, scale=0.3, seed=1)
    expected = synth.generate(scale=0.3, seed=1).parts["meetings"]
    assert result.counts["agenda items"] == len(expected.items) == AgendaItem.objects.count()
    assert DelegationMember.objects.count() == len(expected.members)
    assert list(AuditRecord.objects.values_list("action", flat=True)) == ["synth.load"]
    for delegation in Delegation.objects.select_related("meeting"):
        assert delegation.organization_id in set(
            delegation.meeting.organizers.values_list("pk", flat=True)
        )
    for item in AgendaItem.objects.all()[:200]:
        item.full_clean()
    assert Event.objects.filter(kind=EventKind.JOINT_COLLEGIUM).count() == len(
        {item.meeting for item in expected.items}
    )
