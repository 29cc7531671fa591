"""Fixtures of the planning tests: two ministries with their states, lead posts, managers."""

import datetime as dt

import pytest

from collegium.accounts.models import Role
from collegium.planning import services
from collegium.registry import services as registry
from collegium.registry.models import OrganizationKind


@pytest.fixture
def ministries(make_org, site_admin):
    """Return {"ru", "by", "third"}: the two ministries (seated in their capitals) and a third."""
    orgs = {"third": make_org("csto")}
    for code, city in (("ru", "Москва"), ("by", "Минск")):
        state = registry.state_create(
            actor=site_admin, data={"code": code, "name_ru": code.upper(), "owner": orgs["third"]}
        )
        orgs[code] = make_org(
            f"mfa-{code}", kind=OrganizationKind.MINISTRY, seat_city_ru=city, seat_state=state
        )
    return orgs


@pytest.fixture
def users(make_user, ministries, site_admin):
    return {
        "ru-manager": make_user(ministries["ru"], Role.MANAGER, username="ru-manager"),
        "ru-editor": make_user(ministries["ru"], Role.EDITOR, username="ru-editor"),
        "ru-viewer": make_user(ministries["ru"], Role.VIEWER, username="ru-viewer"),
        "by-manager": make_user(ministries["by"], Role.MANAGER, username="by-manager"),
        "third-manager": make_user(ministries["third"], Role.MANAGER, username="third-manager"),
        "site-admin": site_admin,
    }


@pytest.fixture
def posts(site_admin, ministries):
    """Return the deputy ministers' posts, "ru-deputy" held by the person "ivanov"."""
    made = {}
    for code in ("ru", "by"):
        made[code] = registry.post_create(
            actor=site_admin,
            data={
                "slug": f"{code}-deputy",
                "organization": ministries[code],
                "label_ru": "Заместитель министра",
                "owner": ministries[code],
            },
        )
    person = registry.person_create(
        actor=site_admin,
        data={"slug": "ivanov", "name_ru": "Иван Иванов", "owner": ministries["ru"]},
    )
    registry.tenure_create(
        actor=site_admin,
        data={
            "person": person,
            "post": made["ru"],
            "start_date": dt.date(2020, 1, 1),
            "owner": ministries["ru"],
        },
    )
    made["ivanov"] = person
    return made


@pytest.fixture
def plan(site_admin, ministries):
    return services.plan_create(
        actor=site_admin,
        data={
            "slug": "plan-2026",
            "year": 2026,
            "title_ru": "План консультаций на 2026 год",
            "owner": ministries["ru"],
            "time_limit": 5,
        },
        parties=[ministries["ru"], ministries["by"]],
    )


@pytest.fixture
def make_request(site_admin, plan, ministries, posts):
    def make(code: str = "c01", **data):
        data.setdefault("topic_ru", f"Тема {code}")
        data.setdefault("party_a", ministries["ru"])
        data.setdefault("party_b", ministries["by"])
        data.setdefault("lead_a", posts["ru"])
        data.setdefault("lead_b", posts["by"])
        data.setdefault("days", 2)
        data.setdefault("window_start", dt.date(2026, 3, 2))
        data.setdefault("window_end", dt.date(2026, 3, 13))
        return services.request_create(actor=site_admin, plan=plan, data={"code": code, **data})

    return make
