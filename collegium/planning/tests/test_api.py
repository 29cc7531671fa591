"""The planning API: plans and requests, solving (202), versions, the diff, approval, errors."""

import datetime as dt
import json
import re

import pytest

from collegium.planning.models import ManualBlackout, PlanVersion
from collegium.planning.solving import version_solve

pytestmark = pytest.mark.django_db


def _post(client, path, body):
    return client.post(f"/api/v1/planning{path}", json.dumps(body), content_type="application/json")


def _patch(client, path, body):
    return client.patch(
        f"/api/v1/planning{path}", json.dumps(body), content_type="application/json"
    )


@pytest.fixture
def manager(client, users):
    client.force_login(users["ru-manager"])
    return client


REQUEST = {
    "code": "c01",
    "topic_ru": "Консульские вопросы",
    "party_a": "mfa-ru",
    "party_b": "mfa-by",
    "lead_a": "ru-deputy",
    "lead_b": "by-deputy",
    "days": 2,
    "window_start": "2026-04-06",
    "window_end": "2026-04-17",
}


def test_a_plan_is_drawn_up_with_its_capitals_from_the_seats(manager, ministries):
    response = _post(
        manager,
        "/plans",
        {
            "slug": "p26",
            "year": 2026,
            "title_ru": "План",
            "owner": "mfa-ru",
            "parties": ["mfa-ru", "mfa-by"],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["capitals"] == {"mfa-ru": "Москва", "mfa-by": "Минск"}
    assert response.json()["status"] == "draft"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"window_end": "2026-04-01"}, "window_end"),
        ({"pinned": "2026-05-01"}, "pinned"),  # Labour Day in both states
        ({"days": 0}, "days"),
        ({"party_b": "mfa-ru"}, "party_b"),
        ({"lead_a": "nobody"}, "lead_a"),
        ({"window_start": "2027-01-05", "window_end": "2027-01-20"}, "window_start"),
    ],
)
def test_impossible_requests_answer_422_naming_the_field(manager, plan, posts, change, field):
    response = _post(manager, f"/plans/{plan.slug}/requests", {**REQUEST, **change})
    assert response.status_code == 422, response.content
    assert field in {item["loc"][-1] for item in response.json()["detail"]}


def test_solve_answers_202_and_the_worker_fills_the_version(manager, plan, posts):
    assert _post(manager, f"/plans/{plan.slug}/requests", REQUEST).status_code == 201
    response = _post(manager, f"/plans/{plan.slug}/solve", {})
    assert response.status_code == 202
    body = response.json()
    assert body["version"] == 1
    assert body["state"] == "queued"
    version = PlanVersion.objects.get(plan=plan, number=1)
    version_solve(version_id=version.pk)
    detail = manager.get(body["url"]).json()
    assert detail["state"] == "done"
    assert detail["status"] == "optimal"
    placement = detail["placements"][0]
    assert placement["id"] == "c01"
    assert "2026-04-06" <= placement["start"] <= placement["end"] <= "2026-04-17"
    listed = manager.get(f"/api/v1/planning/plans/{plan.slug}/versions").json()
    assert [v["number"] for v in listed] == [1]


def test_an_empty_plan_cannot_be_solved(manager, plan):
    response = _post(manager, f"/plans/{plan.slug}/solve", {})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "requests"


def test_the_diff_lists_a_moved_consultation_and_approval_fills_the_feed(
    manager, client, plan, posts
):
    """Re-solved with another window, the consultation moves; approved, it is in the ICS feed."""
    created = _post(manager, f"/plans/{plan.slug}/requests", REQUEST).json()
    for window in (("2026-04-06", "2026-04-17"), ("2026-06-01", "2026-06-12")):
        _patch(
            manager,
            f"/requests/{created['id']}",
            {"window_start": window[0], "window_end": window[1]},
        )
        _post(manager, f"/plans/{plan.slug}/solve", {})
        version_solve(version_id=PlanVersion.objects.filter(plan=plan).latest("number").pk)
    diff = manager.get(f"/api/v1/planning/plans/{plan.slug}/diff?from=1&to=2").json()
    assert [m["id"] for m in diff["moved"]] == ["c01"]
    assert diff["moved"][0]["after"]["start"] >= "2026-06-01"
    assert diff["added"] == diff["removed"] == []

    response = _post(manager, f"/plans/{plan.slug}/approve", {})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["approved_version"] == 2
    feed = client.get("/calendar/public.ics").content.decode()
    assert "Консультации: Консульские вопросы" in feed
    start = diff["moved"][0]["after"]["start"].replace("-", "")
    assert start in feed


def test_approval_without_a_solved_version_is_refused(manager, plan, posts):
    _post(manager, f"/plans/{plan.slug}/requests", REQUEST)
    response = _post(manager, f"/plans/{plan.slug}/approve", {})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "version"


def test_a_manager_of_the_other_party_may_not_approve(client, users, plan, posts):
    client.force_login(users["by-manager"])
    response = _post(client, f"/plans/{plan.slug}/approve", {})
    assert response.status_code == 403


def test_the_plan_list_takes_a_fixed_number_of_queries(
    client, site_admin, ministries, django_assert_num_queries
):
    """Three plans or one: the same queries (the parties are prefetched)."""
    from collegium.planning import services

    for n in range(3):
        services.plan_create(
            actor=site_admin,
            data={"slug": f"p{n}", "year": 2026, "title_ru": "План", "owner": ministries["ru"]},
            parties=[ministries["ru"], ministries["by"]],
        )
    with django_assert_num_queries(3):
        response = client.get("/api/v1/planning/plans")
    assert response.json()["count"] == 3


def test_the_request_list_takes_a_fixed_number_of_queries(
    client, users, site_admin, plan, make_request, django_assert_num_queries
):
    """Approved, each request has its event: read with the requests, not one query each."""
    from collegium.planning import services

    for n in range(4):
        make_request(f"c{n}", window_start=None, window_end=None)
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    services.plan_approve(actor=users["ru-manager"], plan=plan)
    with django_assert_num_queries(3):
        response = client.get(f"/api/v1/planning/plans/{plan.slug}/requests")
    assert len(response.json()) == 4
    assert all(item["event"] for item in response.json())


def test_a_request_reads_its_event_with_it(
    client, users, site_admin, plan, make_request, django_assert_num_queries
):
    from collegium.planning import services

    created = make_request("c01")
    services.plan_solve(actor=site_admin, plan=plan, synchronous=True)
    services.plan_approve(actor=users["ru-manager"], plan=plan)
    # The request's plan and its parties (the door), the request with its event.
    with django_assert_num_queries(4):
        response = client.get(f"/api/v1/planning/requests/{created.pk}")
    assert response.json()["event"] == "plan-2026-c01"


def test_a_manager_adds_lists_and_removes_a_blackout(manager, plan, posts):
    body = {"post": "ru-deputy", "start_date": "2026-07-06", "end_date": "2026-07-10"}
    created = _post(manager, f"/plans/{plan.slug}/blackouts", {**body, "reason": "отпуск"})
    assert created.status_code == 201, created.content
    assert created.json()["post"] == "ru-deputy"
    listed = manager.get(f"/api/v1/planning/plans/{plan.slug}/blackouts").json()
    assert [(b["id"], b["start_date"], b["reason"]) for b in listed] == [
        (created.json()["id"], "2026-07-06", "отпуск")
    ]
    assert ManualBlackout.objects.get().post.slug == "ru-deputy"
    removed = manager.delete(f"/api/v1/planning/blackouts/{created.json()['id']}")
    assert removed.status_code == 204
    assert not ManualBlackout.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end_date": "2026-07-01"}, "end_date"),  # before it starts
        ({"post": "nobody"}, "post"),  # an unknown official
        ({"post": "outsider"}, "post"),  # an official of no party to the plan
        ({"start_date": "2026-13-01"}, "start_date"),
    ],
)
def test_a_bad_blackout_answers_422_naming_the_field_in_russian(
    manager, plan, posts, ministries, site_admin, change, field
):
    from collegium.registry import services as registry

    registry.post_create(
        actor=site_admin,
        data={
            "slug": "outsider",
            "organization": ministries["third"],
            "label_ru": "Посол",
            "owner": ministries["third"],
        },
    )
    body = {"post": "ru-deputy", "start_date": "2026-07-06", "end_date": "2026-07-10", **change}
    response = _post(manager, f"/plans/{plan.slug}/blackouts", body)
    assert response.status_code == 422, response.content
    errors = {item["loc"][-1]: item["msg"] for item in response.json()["detail"]}
    assert field in errors
    assert re.search("[а-яё]", errors[field].lower()), errors[field]
    assert not ManualBlackout.objects.exists()


def test_only_the_plans_managers_change_its_blackouts(client, users, plan, posts, site_admin):
    from collegium.planning import services

    blackout = services.blackout_add(
        actor=site_admin,
        plan=plan,
        data={"start_date": dt.date(2026, 7, 6), "end_date": dt.date(2026, 7, 10)},
    )
    body = {"start_date": "2026-08-03", "end_date": "2026-08-07"}
    for username, status in (("ru-editor", 403), ("third-manager", 403)):
        client.force_login(users[username])
        assert _post(client, f"/plans/{plan.slug}/blackouts", body).status_code == status
        assert client.delete(f"/api/v1/planning/blackouts/{blackout.pk}").status_code == status
    client.force_login(users["by-manager"])
    assert _post(client, f"/plans/{plan.slug}/blackouts", body).status_code == 201
    assert client.delete(f"/api/v1/planning/blackouts/{blackout.pk}").status_code == 204
