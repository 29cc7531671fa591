"""Event services: times in the host's zone, revisions, the status machine, feed tokens."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from collegium.core.audit import verify_chain
from collegium.core.exceptions import PermissionDenied, TransitionError, ValidationError
from collegium.core.models import AuditRecord
from collegium.events.calendar import services
from collegium.events.models import TRANSITIONS, CalendarFeedToken, Event, EventStatus

BISHKEK = zoneinfo.ZoneInfo("Asia/Bishkek")


def naive(*args):
    return dt.datetime(*args)  # noqa: DTZ001 (a local time, read in the event's zone)


# --- Times -----------------------------------------------------------------------


def test_naive_times_are_read_in_the_hosts_zone(make_event):
    """10:00 in Bishkek (UTC+6) is stored as 04:00 UTC and shown as 10:00 local time."""
    event = make_event(start=naive(2025, 11, 27, 10, 0), end=naive(2025, 11, 27, 16, 0))
    event.refresh_from_db()
    assert event.start == dt.datetime(2025, 11, 27, 4, 0, tzinfo=dt.UTC)
    assert event.local_start().hour == 10
    assert event.local_start().utcoffset() == dt.timedelta(hours=6)
    assert (event.start_date, event.end_date) == (dt.date(2025, 11, 27), dt.date(2025, 11, 27))


def test_times_with_an_offset_are_instants(make_event):
    """A time with an offset is kept as the instant it names, whatever the event's zone."""
    moscow_ten = dt.datetime(2025, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    event = make_event(start=moscow_ten, end=moscow_ten + dt.timedelta(hours=2))
    event.refresh_from_db()
    assert event.start == moscow_ten
    assert event.local_start().hour == 13  # 10:00 Moscow is 13:00 in Bishkek


def test_local_days_follow_the_host_not_utc(make_event):
    """An event at 01:00 in Bishkek is on that day there, though it is the day before in UTC."""
    event = make_event(start=naive(2025, 11, 27, 1, 0), end=naive(2025, 11, 28, 1, 0))
    assert event.start.astimezone(dt.UTC).date() == dt.date(2025, 11, 26)
    assert event.start_date == dt.date(2025, 11, 27)
    assert event.local_dates() == [dt.date(2025, 11, 27), dt.date(2025, 11, 28)]


def test_unknown_time_zone_is_refused(make_event):
    with pytest.raises(ValidationError) as excinfo:
        make_event(timezone="Mars/Olympus_Mons")
    assert "timezone" in excinfo.value.message_dict
    for name in ("Europe", "localtime", "", "../etc/passwd"):
        with pytest.raises(ValidationError):
            make_event(timezone=name)
    assert not Event.objects.exists()


def test_end_before_start_is_refused(make_event):
    with pytest.raises(ValidationError) as excinfo:
        make_event(start=naive(2025, 11, 27, 10, 0), end=naive(2025, 11, 27, 9, 0))
    assert "end" in excinfo.value.message_dict


def test_a_local_time_skipped_by_the_clock_is_refused(make_event):
    """02:30 on 30 March 2025 does not exist in Berlin (clocks jump from 02:00 to 03:00)."""
    with pytest.raises(ValidationError) as excinfo:
        make_event(
            timezone="Europe/Berlin",
            start=naive(2025, 3, 30, 2, 30),
            end=naive(2025, 3, 30, 5, 0),
        )
    assert "start" in excinfo.value.message_dict


def test_held_is_refused_for_a_future_event_on_create(make_event):
    future = timezone.localtime() + dt.timedelta(days=10)
    with pytest.raises(ValidationError) as excinfo:
        make_event(status="held", start=future, end=future + dt.timedelta(hours=2))
    assert "status" in excinfo.value.message_dict


# --- Identity and revisions -------------------------------------------------------------


def test_a_taken_slug_is_refused_on_the_slug_and_nothing_is_written(make_event):
    """The database checks the slug at the insert; the refusal names the field, as before."""
    make_event(slug="taken")
    events, records = Event.objects.count(), AuditRecord.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        make_event(slug="taken")
    assert list(excinfo.value.message_dict) == ["slug"]
    assert (Event.objects.count(), AuditRecord.objects.count()) == (events, records)


def test_uid_is_set_once_and_never_changes(make_event, site_admin):
    event = make_event(slug="first")
    uid = event.uid
    assert uid.endswith("@collegium")
    assert make_event(slug="second").uid != uid
    services.event_update(actor=site_admin, event=event, data={"slug": "renamed"})
    event.refresh_from_db()
    assert event.uid == uid
    with pytest.raises(ValidationError):
        services.event_update(actor=site_admin, event=event, data={"uid": "mine@example.org"})


@pytest.mark.parametrize(
    "change",
    [
        {"title_en": "New title"},
        {"title_ru": "Новое название"},
        {"start": naive(2025, 11, 27, 11, 0)},
        {"end": naive(2025, 11, 27, 18, 0)},
        {"venue": "Ala-Archa residence"},
        {"city_en": "Cholpon-Ata"},
        {"timezone": "Asia/Almaty"},
    ],
)
def test_calendar_changes_raise_the_sequence(make_event, site_admin, change):
    """A change of title, time or place is a new revision for calendar clients."""
    event = make_event()
    before = event.modified_at
    services.event_update(actor=site_admin, event=event, data=change)
    event.refresh_from_db()
    assert event.sequence == 1
    assert event.modified_at > before


def test_other_changes_keep_the_sequence(make_event, site_admin, cis):
    """The summary or the organizers are not a calendar revision, but move ``modified_at``."""
    event = make_event()
    before = event.modified_at
    services.event_update(
        actor=site_admin, event=event, data={"summary": "More detail"}, organizers=[cis]
    )
    event.refresh_from_db()
    assert event.sequence == 0
    assert event.modified_at > before
    assert list(event.organizers.values_list("slug", flat=True)) == ["cis"]


def test_an_update_that_changes_nothing_keeps_the_revision(make_event, site_admin):
    event = make_event()
    before = event.modified_at
    services.event_update(actor=site_admin, event=event, data={"title_en": event.title_en})
    event.refresh_from_db()
    assert (event.sequence, event.modified_at) == (0, before)


def test_the_host_state_is_a_calendar_field(make_event, site_admin, kyrgyzstan):
    event = make_event()
    services.event_update(actor=site_admin, event=event, data={"host_state": kyrgyzstan})
    assert event.sequence == 1
    assert event.place == "Bishkek, Kyrgyzstan"


def test_status_is_not_changed_by_update(make_event, site_admin):
    event = make_event()
    with pytest.raises(ValidationError) as excinfo:
        services.event_update(actor=site_admin, event=event, data={"status": "confirmed"})
    assert "status" in excinfo.value.message_dict
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED


# --- The status machine -------------------------------------------------------------------

MOVES = {
    EventStatus.CONFIRMED: services.event_confirm,
    EventStatus.POSTPONED: services.event_postpone,
    EventStatus.PLANNED: services.event_reschedule,
    EventStatus.CANCELLED: services.event_cancel,
    EventStatus.HELD: services.event_mark_held,
}
# How to reach each status from planned, through legal moves.
PATHS = {
    EventStatus.PLANNED: [],
    EventStatus.CONFIRMED: [EventStatus.CONFIRMED],
    EventStatus.POSTPONED: [EventStatus.POSTPONED],
    EventStatus.HELD: [EventStatus.CONFIRMED, EventStatus.HELD],
    EventStatus.CANCELLED: [EventStatus.CANCELLED],
}
EXPECTED_MOVES = {
    ("planned", "confirmed"),
    ("planned", "postponed"),
    ("planned", "cancelled"),
    ("confirmed", "held"),
    ("confirmed", "postponed"),
    ("confirmed", "cancelled"),
    ("postponed", "planned"),
    ("postponed", "confirmed"),
    ("postponed", "cancelled"),
}


def test_the_state_machine_is_the_documented_one():
    """planned -> confirmed -> held; planned/confirmed <-> postponed; any but held -> cancelled."""
    moves = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert moves == EXPECTED_MOVES


@pytest.mark.parametrize("current", list(PATHS))
@pytest.mark.parametrize("target", list(MOVES))
def test_every_transition_is_allowed_or_refused_by_the_machine(
    make_event, site_admin, current, target
):
    """Each named service moves the event exactly when the machine allows it, else says why."""
    event = make_event()
    for step in PATHS[current]:
        MOVES[step](actor=site_admin, event=event)
    assert event.status == current
    sequence, audit_count = event.sequence, AuditRecord.objects.count()
    if (current, target) in EXPECTED_MOVES:
        MOVES[target](actor=site_admin, event=event)
        event.refresh_from_db()
        assert event.status == target
        assert event.sequence == sequence + 1
        assert AuditRecord.objects.count() == audit_count + 1
    else:
        with pytest.raises(TransitionError) as excinfo:
            MOVES[target](actor=site_admin, event=event)
        assert str(EventStatus(current).label) in excinfo.value.message
        assert str(EventStatus(target).label) in excinfo.value.message
        event.refresh_from_db()
        assert (event.status, event.sequence) == (current, sequence)
        assert AuditRecord.objects.count() == audit_count


def test_transitions_are_audited_by_name(make_event, site_admin):
    event = make_event()
    services.event_confirm(actor=site_admin, event=event)
    services.event_postpone(actor=site_admin, event=event)
    services.event_reschedule(
        actor=site_admin,
        event=event,
        start=naive(2025, 12, 5, 10, 0),
        end=naive(2025, 12, 5, 12, 0),
    )
    services.event_cancel(actor=site_admin, event=event)
    actions = list(
        AuditRecord.objects.filter(object_type="events.event", object_id=str(event.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "event.create",
        "event.confirm",
        "event.postpone",
        "event.reschedule",
        "event.cancel",
    ]
    assert event.start_date == dt.date(2025, 12, 5)
    assert event.sequence == 4
    assert verify_chain().ok


def test_an_event_is_not_marked_held_before_it_starts(make_event, site_admin):
    start = timezone.localtime() + dt.timedelta(days=3)
    event = make_event(start=start, end=start + dt.timedelta(hours=3))
    services.event_confirm(actor=site_admin, event=event)
    with pytest.raises(TransitionError, match="before it starts"):
        services.event_mark_held(actor=site_admin, event=event)
    event.refresh_from_db()
    assert event.status == EventStatus.CONFIRMED


def test_only_editors_of_the_owner_write(make_event, csto_editor, cis_editor, cis, csto):
    """An editor of the owner creates and moves its events; an editor elsewhere may not."""
    event = make_event(actor=csto_editor)
    services.event_confirm(actor=csto_editor, event=event)
    with pytest.raises(PermissionDenied):
        services.event_cancel(actor=cis_editor, event=event)
    with pytest.raises(PermissionDenied):
        services.event_update(actor=cis_editor, event=event, data={"title_en": "x"})
    with pytest.raises(PermissionDenied):
        make_event(actor=cis_editor)
    with pytest.raises(PermissionDenied):
        # Moving one's event to another owner needs the editor role there too.
        services.event_update(actor=csto_editor, event=event, data={"owner": cis})


def test_an_event_needs_an_organizer(site_admin, csto):
    with pytest.raises(ValidationError):
        services.event_create(
            actor=site_admin,
            data={
                "slug": "x",
                "kind": "summit",
                "title_ru": "x",
                "start": naive(2025, 1, 1, 10, 0),
                "end": naive(2025, 1, 1, 11, 0),
                "owner": csto,
            },
            organizers=[],
        )


def test_a_related_record_named_by_a_missing_id_is_refused_on_its_field(site_admin, csto):
    """Only records handed over loaded skip the existence check of ``full_clean()``."""
    with pytest.raises(ValidationError) as refused:
        services.event_create(
            actor=site_admin,
            data={
                "slug": "x",
                "kind": "summit",
                "title_ru": "x",
                "start": naive(2025, 1, 1, 10, 0),
                "end": naive(2025, 1, 1, 11, 0),
                "owner": csto,
                "body_id": csto.pk + 1000,
            },
            organizers=[csto],
        )
    assert set(refused.value.message_dict) == {"body"}
    assert not Event.objects.exists()


# --- Feed tokens ---------------------------------------------------------------------------


def test_feed_token_is_stored_hashed_and_authenticates(csto_editor):
    token, secret = services.calendar_feed_token_create(actor=csto_editor)
    assert secret not in token.digest
    assert len(secret) >= 40
    assert services.calendar_feed_token_authenticate(secret) == csto_editor
    assert services.calendar_feed_token_authenticate(secret + "x") is None
    assert services.calendar_feed_token_authenticate("") is None
    record = AuditRecord.objects.get(action="calendar_feed_token.create")
    assert token.digest not in str(record.changes)


def test_a_new_feed_token_revokes_the_old(csto_editor):
    old, old_secret = services.calendar_feed_token_create(actor=csto_editor)
    new, new_secret = services.calendar_feed_token_create(actor=csto_editor)
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert services.calendar_feed_token_authenticate(old_secret) is None
    assert services.calendar_feed_token_authenticate(new_secret) == csto_editor
    assert CalendarFeedToken.objects.filter(user=csto_editor, revoked_at__isnull=True).count() == 1


def test_feed_tokens_are_revoked_by_their_owner_only(csto_editor, cis_editor):
    token, secret = services.calendar_feed_token_create(actor=csto_editor)
    with pytest.raises(PermissionDenied):
        services.calendar_feed_token_revoke(actor=cis_editor, token=token)
    services.calendar_feed_token_revoke(actor=csto_editor, token=token)
    assert services.calendar_feed_token_authenticate(secret) is None


def test_an_inactive_users_feed_stops(csto_editor, site_admin):
    from collegium.accounts.services import user_update

    _, secret = services.calendar_feed_token_create(actor=csto_editor)
    user_update(actor=site_admin, user=csto_editor, data={"is_active": False})
    assert services.calendar_feed_token_authenticate(secret) is None


def test_a_right_to_left_override_is_refused_in_an_event_title(make_event):
    """U+202E would show the title reversed on every page, feed and letter: the model refuses."""
    with pytest.raises(ValidationError) as excinfo:
        make_event(slug="reversed", title_en="Summit \u202etimmuS")
    assert "change the direction of text" in excinfo.value.message_dict["title_en"][0]
    assert not Event.objects.filter(slug="reversed").exists()


def test_the_creation_record_names_the_organizers_once_each(make_event, csto, cis):
    """The record of a new event lists its organizers as they were set (not read back), in
    order of key and without repeats, as a snapshot read from the database would."""
    event = make_event(organizers=[cis, csto, cis])
    record = AuditRecord.objects.filter(action="event.create", object_id=str(event.pk)).get()
    stored = sorted(event.organizers.values_list("pk", flat=True))
    assert record.changes["after"]["organizers"] == stored == sorted({cis.pk, csto.pk})
    assert verify_chain().ok
