"""The demo's summits: the real 2025-2026 meetings of DOMAIN.md, held or planned as of loading."""

import datetime as dt
import types

import pytest
from django.core.management import call_command

from collegium.core.models import AuditRecord
from collegium.events.models import Event

SUMMITS = {
    # slug: (body, organizer, owner, host state, local start, zone)
    "sco-summit-2025-tianjin": (
        "sco-chs",
        "sco",
        "sco-secretariat",
        "cn",
        "2025-08-31",
        "Asia/Shanghai",
    ),
    "cis-summit-2025-dushanbe": (
        "cis-chs",
        "cis",
        "cis-executive-committee",
        "tj",
        "2025-10-10",
        "Asia/Dushanbe",
    ),
    "cis-summit-2026-ashgabat": (
        "cis-chs",
        "cis",
        "cis-executive-committee",
        "tm",
        "2026-10-09",
        "Asia/Ashgabat",
    ),
    "csto-summit-2025-bishkek": (
        "csto-csc",
        "csto",
        "csto-secretariat",
        "kg",
        "2025-11-27",
        "Asia/Bishkek",
    ),
    "csto-summit-2026-russia": (
        "csto-csc",
        "csto",
        "csto-secretariat",
        "ru",
        "2026-11-11",
        "Europe/Moscow",
    ),
}


class _Sink:
    def write(self, s):
        pass

    def flush(self):
        pass


def _load():
    call_command("demo", stdout=_Sink())


@pytest.fixture
def at(monkeypatch):
    """Load the demo as if it were the given moment (only the demo's notion of "now")."""

    def load_at(moment: dt.datetime):
        monkeypatch.setattr(
            "collegium.events.demo.timezone", types.SimpleNamespace(now=lambda: moment)
        )
        _load()
        monkeypatch.undo()

    return load_at


def test_demo_has_the_real_summits(db):
    _load()
    for slug, (body, organizer, owner, state, day, zone) in SUMMITS.items():
        event = Event.objects.get(slug=slug)
        assert event.kind == "summit"
        assert event.body.slug == body
        assert list(event.organizers.values_list("slug", flat=True)) == [organizer]
        assert event.owner.slug == owner
        assert event.host_state.code == state
        assert event.timezone == zone
        assert event.start_date.isoformat() == day
        assert "условно" in event.summary  # the hours are indicative
        assert event.visibility == "public"


def test_the_2026_csto_summits_city_is_left_empty_and_said_so(db):
    _load()
    event = Event.objects.get(slug="csto-summit-2026-russia")
    assert (event.city_ru, event.city_en, event.city_be) == ("", "", "")
    assert "не указан" in event.summary


def test_statuses_follow_the_day_of_loading(db, at):
    """On 25 Nov 2026 every listed summit is past and held; a year earlier the 2026 ones were planned."""
    at(dt.datetime(2025, 12, 1, tzinfo=dt.UTC))
    statuses = dict(Event.objects.values_list("slug", "status"))
    assert statuses["csto-summit-2025-bishkek"] == "held"
    assert statuses["cis-summit-2026-ashgabat"] == "planned"
    assert statuses["csto-summit-2026-russia"] == "planned"
    at(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC))  # the scenario's today
    event = Event.objects.get(slug="csto-summit-2026-russia")
    assert event.status == "held"
    assert event.sequence == 2  # confirmed, then held: two revisions
    actions = AuditRecord.objects.filter(object_type="events.event", object_id=str(event.pk))
    assert list(actions.values_list("action", flat=True)) == [
        "event.create",
        "event.confirm",
        "event.mark_held",
    ]


def test_reloading_changes_no_summit(db):
    _load()
    before = AuditRecord.objects.count()
    _load()
    assert AuditRecord.objects.count() == before


def test_the_next_summit_is_planned_and_labelled_illustrative(db, at):
    """After the scenario's day the demo has one summit ahead, marked as not from the source."""
    at(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC))
    event = Event.objects.get(slug="cis-informal-summit-2026-saint-petersburg")
    assert event.status == "planned"
    assert event.start_date.isoformat() == "2026-12-22"
    assert event.is_illustrative  # a badge on the pages; its letters print as specimens
    assert "Иллюстративная" in event.summary
    invited = set(event.invitations.values_list("invitee_person__slug", flat=True))
    assert invited == {"taalatbek-masadykov", "nurlan-yermekbayev"}


def test_the_held_summits_record_answers_and_attendance_labelled_illustrative(db):
    """No held summit's invitation stays "sent": each is accepted by the invitee's secretariat
    and attended, the summit saying these outcomes are illustrative; a reload changes none."""
    from collegium.events.checks.engine import CheckKind
    from collegium.events.checks.selectors import protocol_checks_for_event
    from collegium.events.models import Invitation

    _load()
    held = Event.objects.filter(kind="summit", status="held")
    assert held.count() >= 3
    invitations = Invitation.objects.filter(event__in=held)
    assert invitations.exists()
    assert set(invitations.values_list("status", flat=True)) == {"attended"}
    assert not invitations.filter(answered_on_behalf=True).exists()
    for event in held:
        assert "участие приглашённых, где они записаны, условны" in event.summary
        kinds = {check.kind for check in protocol_checks_for_event(user=None, event=event)}
        assert CheckKind.NO_ANSWER_RECORDED not in kinds
    before = AuditRecord.objects.count()
    _load()
    assert AuditRecord.objects.count() == before
