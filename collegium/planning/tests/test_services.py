"""The planning services: the engine's input built from the database, solving, approval."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from collegium.events.availability.services import unavailability_create
from collegium.events.calendar.services import event_create, event_update
from collegium.events.models import Event, EventKind
from collegium.planning import selectors, services
from collegium.planning.models import PlanStatus, VersionState
from collegium.planning.tasks import plan_version_solve

pytestmark = pytest.mark.django_db


def _summit(site_admin, organizer, start: dt.date, end: dt.date, slug: str = "summit") -> Event:
    return event_create(
        actor=site_admin,
        data={
            "slug": slug,
            "kind": EventKind.SUMMIT,
            "title_ru": "Саммит",
            "owner": organizer,
            "start": dt.datetime.combine(start, dt.time(10)),
            "end": dt.datetime.combine(end, dt.time(16)),
        },
        organizers=[organizer],
    )


def _days(version, code):
    placement = next(p for p in version.result["placements"] if p["id"] == code)
    start = dt.date.fromisoformat(placement["start"])
    end = dt.date.fromisoformat(placement["end"])
    return {start + dt.timedelta(days=n) for n in range((end - start).days + 1)}


def test_a_summit_of_the_lead_officials_organization_blocks_its_days(
    site_admin, plan, ministries, make_request
):
    """The ministry organizes a summit on 3-12 March: the two days are placed after it."""
    make_request("c01", window_start=dt.date(2026, 3, 2), window_end=dt.date(2026, 3, 20))
    _summit(site_admin, ministries["ru"], dt.date(2026, 3, 3), dt.date(2026, 3, 12))
    data = selectors.plan_input(plan)
    assert {(b["official"], b["from"], b["to"]) for b in data["blackouts"]} == {
        ("ru-deputy", "2026-03-03", "2026-03-12")
    }
    version = services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    assert version.state == VersionState.DONE
    assert version.status == "optimal"
    days = _days(version, "c01")
    assert not days & {dt.date(2026, 3, 3) + dt.timedelta(days=n) for n in range(10)}
    assert min(days) > dt.date(2026, 3, 12)


def test_unavailability_of_the_posts_holder_blocks_the_lead_post(
    site_admin, plan, ministries, posts, make_request
):
    """The holder of the Russian lead post is away 2-12 March: only 12-13 March is left."""
    make_request("c01")
    unavailability_create(
        actor=site_admin,
        data={
            "person": posts["ivanov"],
            "start_date": dt.date(2026, 3, 2),
            "end_date": dt.date(2026, 3, 11),
            "reason": "отпуск",
            "owner": ministries["ru"],
        },
    )
    version = services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    assert _days(version, "c01") == {dt.date(2026, 3, 12), dt.date(2026, 3, 13)}


def test_a_pinned_date_on_a_holiday_is_refused_naming_the_field(site_admin, make_request):
    """8 March is a public holiday in Russia and Belarus: the pinned date is refused."""
    with pytest.raises(ValidationError) as caught:
        make_request("c01", pinned=dt.date(2026, 3, 9), window_start=None, window_end=None)
    assert "pinned" in caught.value.message_dict


def test_a_pinned_date_on_a_weekend_is_refused_in_the_readers_language(site_admin, make_request):
    """The refusal says why in Russian, the dates as the interface writes them."""
    with translation.override("ru"), pytest.raises(ValidationError) as caught:
        make_request("c01", pinned=dt.date(2026, 3, 7), window_start=None, window_end=None)
    [message] = caught.value.message_dict["pinned"]
    assert "07.03.2026" in message
    assert "выходной день" in message
    for english in ("puts day", "non-working day", "weekend"):
        assert english not in message


def test_the_background_task_solves_a_queued_version(site_admin, plan, make_request):
    """``plan_solve`` queues a version; the task (run here directly) solves it."""
    make_request("c01")
    version = services.plan_solve(actor=site_admin, plan=plan)
    assert version.state == VersionState.QUEUED
    outcome = plan_version_solve.call(version.pk)
    version.refresh_from_db()
    assert outcome["state"] == VersionState.DONE
    assert version.result["placements"][0]["id"] == "c01"


def test_approval_creates_events_and_a_moved_summit_is_flagged(
    site_admin, users, plan, ministries, make_request, client
):
    """Approval makes consultation events; a summit moved onto them is an overlap; re-plan."""
    make_request("c01")
    version = services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    services.plan_approve(actor=users["ru-manager"], plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    event = Event.objects.get(slug="plan-2026-c01")
    assert event.kind == EventKind.CONSULTATIONS
    assert {o.slug for o in event.organizers.all()} == {"mfa-ru", "mfa-by"}
    placed = _days(version, "c01")
    assert {event.first_day, event.last_day} == {min(placed), max(placed)}
    assert selectors.plan_calendar_overlaps(plan) == []
    page = client.get(f"/calendar/events/{event.slug}/").content.decode()
    assert f'href="/planning/{plan.slug}/"' in page

    summit = _summit(site_admin, ministries["by"], dt.date(2026, 1, 20), dt.date(2026, 1, 20))
    event_update(
        actor=site_admin,
        event=summit,
        data={
            "start": dt.datetime.combine(min(placed), dt.time(10)),
            "end": dt.datetime.combine(min(placed), dt.time(16)),
        },
    )
    overlaps = selectors.plan_calendar_overlaps(plan)
    assert [o.request.code for o in overlaps] == ["c01"]

    replanned = services.plan_solve(actor=site_admin, plan=plan, previous=version, synchronous=True)
    assert min(placed) not in _days(replanned, "c01")
    diff = selectors.versions_diff(version, replanned)
    assert [m["id"] for m in diff["moved"]] == ["c01"]
    services.plan_approve(actor=users["ru-manager"], plan=plan)
    event.refresh_from_db()
    assert event.first_day not in {min(placed)}
    assert selectors.plan_calendar_overlaps(plan) == []


def test_a_solve_is_queued_on_the_task_framework_after_the_commit(
    site_admin, plan, make_request, django_capture_on_commit_callbacks, client
):
    """The commit queues the task (database backend); the page polls until it is done."""
    from django_tasks_db.models import DBTaskResult

    make_request("c01")
    with django_capture_on_commit_callbacks(execute=True):
        version = services.plan_solve(actor=site_admin, plan=plan)
    version.refresh_from_db()
    queued = DBTaskResult.objects.get(pk=version.task_id)
    assert queued.task_path == plan_version_solve.module_path
    assert queued.args_kwargs["args"] == [version.pk]
    state = f"/planning/{plan.slug}/versions/{version.number}/state/"
    polling = client.get(state, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in polling.content.decode()
    assert "HX-Refresh" not in polling
    plan_version_solve.call(*queued.args_kwargs["args"])
    done = client.get(state, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    assert "every 2s" not in done.content.decode()


def test_the_desk_names_an_approved_plan_the_calendar_now_overlaps(
    site_admin, plan, ministries, users, make_request, rf
):
    """Before approval nothing is shown; after a summit meets a round, the plan is named."""
    from collegium.planning.desk import plans_to_replan

    make_request("c01")
    version = services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    request = rf.get("/")
    request.user = users["by-manager"]
    assert plans_to_replan(request) is None
    services.plan_approve(actor=users["ru-manager"], plan=plan)
    assert plans_to_replan(request).count == 0
    day = min(_days(version, "c01"))
    _summit(site_admin, ministries["by"], day, day)
    item = plans_to_replan(request)
    assert item.count == 1
    assert item.links[0].url == f"/planning/{plan.slug}/#overlaps"
