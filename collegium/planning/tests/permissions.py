"""The planning's part of the permission matrix (``collegium.testing.permissions``).

Four plans: ``own`` (home's, public, of home and other), ``foreign`` and ``restricted``
(other's, of other and third, public and internal) and ``parties`` (other's, visible to the
parties, of other and home).  Each has one request, one manual blackout and one queued
version.  The managers of
a plan's parties edit its requests and solve it (home's on ``own`` and ``parties``); the
managers of its owner approve it (home's on ``own``); only a manager draws up a plan, of
parties that include their own.  Editors and viewers are refused (403).
"""

from datetime import date

from collegium.planning import services
from collegium.planning.models import PlanVersion
from collegium.planning.solving import version_solve
from collegium.testing.permissions import (
    ACTS_FOR,
    ANY,
    ANYONE,
    DELETE,
    LIST,
    MANAGER,
    OK,
    ONE_RECORD,
    OWN,
    PARTIES,
    PLACEMENT,
    QUEUED,
    RECORD_OBJECTS,
    RETRIEVE,
    UPDATE,
    WRITE,
    Entity,
    Operation,
)

PLAN_CREATE, PLAN_EDIT, PLAN_APPROVE = "plan_create", "plan_edit", "plan_approve"
# A solve is accepted with 202: the worker solves the queued version.
PLAN_SOLVE = "plan_solve"
ACTIONS = {
    PLAN_CREATE: frozenset({WRITE}),
    PLAN_EDIT: frozenset({WRITE, ONE_RECORD}),
    # Approval draws up the plan's document in the parties' name: their own managers only.
    PLAN_APPROVE: frozenset({WRITE, ONE_RECORD, ACTS_FOR}),
    PLAN_SOLVE: frozenset({WRITE, ONE_RECORD, QUEUED}),
}
PLANNING = frozenset({"plan", "consultation_request", "blackout", "plan_version"})

# fmt: off
RULES = [
    # actions                    roles      objects          entities                  outcome
    ({PLAN_CREATE},              {MANAGER}, {OWN},           {"plan"},                 OK),
    ({PLAN_CREATE},              ANYONE,    ANY,             {"plan"},                 403),
    ({PLAN_EDIT, UPDATE},        {MANAGER}, {OWN, PARTIES},  {"plan"},                 OK),
    ({PLAN_SOLVE},               {MANAGER}, {OWN, PARTIES},  {"plan"},                 OK),
    ({PLAN_SOLVE},               ANYONE,    ANY,             {"plan"},                 403),
    ({UPDATE, DELETE},           {MANAGER}, {OWN, PARTIES},  {"consultation_request"}, OK),
    ({DELETE},                   {MANAGER}, {OWN, PARTIES},  {"blackout"},             OK),
    ({PLAN_EDIT, UPDATE, DELETE}, ANYONE,   ANY,             PLANNING,                 403),
    ({PLAN_APPROVE},             {MANAGER}, {OWN},           {"plan"},                 OK),
    ({PLAN_APPROVE},             ANYONE,    ANY,             {"plan"},                 403),
]
# fmt: on

# The parties of each object's plan: home takes part in "own" and "parties".
PARTIES_OF = {
    OWN: ("home", "other"),
    "foreign": ("other", "third"),
    "restricted": ("other", "third"),
    PARTIES: ("other", "home"),
}


def _object(owner: str, visibility: str) -> str:
    return next(obj for obj, placed in PLACEMENT.items() if placed == (owner, visibility))


def _plan_body(owner: str, visibility: str) -> dict:
    obj = _object(owner, visibility)
    return {
        "slug": f"new-plan-{obj}",
        "year": 2026,
        "title_ru": "Новый план",
        "owner": owner,
        "visibility": visibility,
        "parties": list(PARTIES_OF[obj]),
    }


def _request_body(owner: str, visibility: str) -> dict:
    a, b = PARTIES_OF[_object(owner, visibility)]
    return {"code": "c2", "topic_ru": "Новая тема", "party_a": a, "party_b": b, "days": 1}


def _blackout_body(owner: str, visibility: str) -> dict:
    return {"start_date": "2026-07-06", "end_date": "2026-07-10", "reason": "отпуск"}


def _solved(actor, plan) -> None:
    """Solve the plan's queued version (an approval needs a solved one)."""
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").get()
    version_solve(version_id=version.pk)


def _plans_listed(response) -> list[str]:
    return [item["slug"] for item in response.json()["items"]]


OPERATIONS = {
    "planning_plan_list": Operation(LIST, "plan"),
    "planning_plan_create": Operation(PLAN_CREATE, "plan", body=_plan_body, created=True),
    "planning_plan_retrieve": Operation(RETRIEVE, "plan"),
    "planning_plan_update": Operation(UPDATE, "plan", body={"title_en": "Changed"}),
    "planning_request_list": Operation(RETRIEVE, "plan"),
    "planning_request_create": Operation(PLAN_EDIT, "plan", body=_request_body, created=True),
    "planning_request_retrieve": Operation(RETRIEVE, "consultation_request"),
    "planning_request_update": Operation(UPDATE, "consultation_request"),
    "planning_request_delete": Operation(DELETE, "consultation_request"),
    "planning_blackout_list": Operation(RETRIEVE, "plan"),
    "planning_blackout_create": Operation(PLAN_EDIT, "plan", body=_blackout_body, created=True),
    "planning_blackout_delete": Operation(DELETE, "blackout"),
    "planning_plan_solve": Operation(PLAN_SOLVE, "plan", body={}),
    "planning_version_list": Operation(RETRIEVE, "plan"),
    "planning_version_retrieve": Operation(RETRIEVE, "plan_version"),
    "planning_version_diff": Operation(RETRIEVE, "plan"),
    "planning_plan_approve": Operation(PLAN_APPROVE, "plan", prepare=("solved",)),
}

PREPARE = {"solved": _solved}

ENTITIES = {
    "plan": Entity("slug", None, {"title_en": "Changed"}),
    "consultation_request": Entity("id", None, {"topic_en": "Changed"}),
    "blackout": Entity("id", None, {}),
    "plan_version": Entity("id", None, {}),
}

PAGELESS = {
    "planning_plan_update": "the plan's settings are changed through the API and the admin",
    "planning_request_delete": "the page removes a request through its own form (test_pages)",
    "planning_request_create": "the page's request form is checked in planning/tests/test_pages",
    "planning_request_update": "the page's request form is checked in planning/tests/test_pages",
    "planning_blackout_create": "the page's blackout form is checked in planning/tests/test_pages",
    "planning_blackout_delete": "the page removes a blackout through its own form (test_pages)",
    "planning_plan_create": "a plan is drawn up through the API (the demo loads one)",
    "planning_plan_solve": "the page's solve button is checked in planning/tests/test_pages",
    "planning_plan_approve": "the page's approve button is checked in planning/tests/test_pages",
}


def build(world) -> None:
    """Create the four plans, each with one request and one queued version."""
    orgs = {**world.orgs, "third": world.third}
    plans, requests, versions, blackouts = {}, {}, {}, {}
    for obj in RECORD_OBJECTS:
        owner, visibility = PLACEMENT[obj]
        a, b = PARTIES_OF[obj]
        plan = services.plan_create(
            actor=world.site_admin,
            data={
                "slug": f"{obj}-plan",
                "year": 2026,
                "title_ru": f"План {obj}",
                "owner": orgs[owner],
                "visibility": visibility,
                "time_limit": 2,
            },
            parties=[orgs[a], orgs[b]],
        )
        requests[obj] = services.request_create(
            actor=world.site_admin,
            plan=plan,
            data={"code": "r1", "topic_ru": "Тема", "party_a": orgs[a], "party_b": orgs[b]},
        )
        blackouts[obj] = services.blackout_add(
            actor=world.site_admin,
            plan=plan,
            data={"start_date": date(2026, 8, 3), "end_date": date(2026, 8, 7)},
        )
        versions[obj] = services.plan_solve(actor=world.site_admin, plan=plan)
        plans[obj] = plan
    world.objects.update(
        plan=plans, consultation_request=requests, blackout=blackouts, plan_version=versions
    )
