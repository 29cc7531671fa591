"""Fixtures of the meetings tests: two ministries with their collegia, a joint meeting, people.

As in the demo, each ministry's collegium is a body whose parent ministry owns its
record; the ministries' secretariat staff hold their roles in the ministry.
"""

import datetime as dt
import itertools

import pytest

from collegium.accounts.models import Role
from collegium.events.calendar.services import event_create
from collegium.registry import services as registry
from collegium.registry.models import OrganizationKind


@pytest.fixture
def ministries(make_org):
    """Return {"ru", "by", "ru-collegium", "by-collegium", "third"}: organizations."""
    orgs = {}
    for code in ("ru", "by"):
        ministry = make_org(f"mfa-{code}", kind=OrganizationKind.MINISTRY)
        orgs[code] = ministry
        orgs[f"{code}-collegium"] = make_org(
            f"mfa-{code}-collegium",
            kind=OrganizationKind.COLLEGIUM,
            parent=ministry,
            owner=ministry,
        )
    orgs["third"] = make_org("csto")
    return orgs


@pytest.fixture
def users(make_user, ministries, site_admin):
    """Return users by name: managers, an editor and a viewer of the ministries, and others."""
    return {
        "ru-manager": make_user(ministries["ru"], Role.MANAGER, username="ru-manager"),
        "ru-editor": make_user(ministries["ru"], Role.EDITOR, username="ru-editor"),
        "ru-viewer": make_user(ministries["ru"], Role.VIEWER, username="ru-viewer"),
        "by-manager": make_user(ministries["by"], Role.MANAGER, username="by-manager"),
        "body-manager": make_user(
            ministries["by-collegium"], Role.MANAGER, username="body-manager"
        ),
        "third-manager": make_user(ministries["third"], Role.MANAGER, username="third-manager"),
        "site-admin": site_admin,
    }


@pytest.fixture
def make_meeting(site_admin, ministries):
    """Create a joint collegium of the two collegia: ``make_meeting(start=..., **fields)``."""
    counter = itertools.count(1)

    def make(*, organizers=None, **data):
        data.setdefault("slug", f"joint-{next(counter)}")
        data.setdefault("kind", "joint_collegium")
        data.setdefault("title_ru", "Совместное заседание коллегий")
        data.setdefault("timezone", "Europe/Moscow")
        data.setdefault("start", dt.datetime(2025, 11, 25, 10, 0))  # noqa: DTZ001 (local time)
        data.setdefault("end", dt.datetime(2025, 11, 25, 14, 0))  # noqa: DTZ001 (local time)
        data.setdefault("owner", ministries["ru"])
        if organizers is None:
            organizers = [ministries["ru-collegium"], ministries["by-collegium"]]
        return event_create(actor=site_admin, data=data, organizers=organizers)

    return make


@pytest.fixture
def meeting(make_meeting):
    from collegium.meetings.access import access_meeting_by_slug

    event = make_meeting(slug="joint-2025")
    return access_meeting_by_slug(None, event.slug)


@pytest.fixture
def people(site_admin, ministries):
    """Return persons and the Russian minister's post, held by "lavrov" since 2004."""
    persons = {
        slug: registry.person_create(
            actor=site_admin, data={"slug": slug, "name_ru": name, "owner": ministries[owner]}
        )
        for slug, name, owner in [
            ("lavrov", "Сергей Лавров", "ru"),
            ("ryzhenkov", "Максим Рыженков", "by"),
            ("zakharova", "Мария Захарова", "ru"),
            ("aleinik", "Сергей Алейник", "by"),
        ]
    }
    post = registry.post_create(
        actor=site_admin,
        data={
            "slug": "ru-minister",
            "organization": ministries["ru"],
            "label_ru": "Министр",
            "is_head": True,
            "owner": ministries["ru"],
        },
    )
    registry.tenure_create(
        actor=site_admin,
        data={
            "person": persons["lavrov"],
            "post": post,
            "start_date": dt.date(2004, 3, 9),
            "owner": ministries["ru"],
        },
    )
    return {**persons, "ru-minister": post}


@pytest.fixture
def make_document(users, ministries):
    """Create a document of the two ministries: ``make_document(slug, kind=..., signed=...)``.

    ``parties`` defaults to the two ministries (the parents of the meeting's organizers);
    a signed document is agreed by both, then its signature is recorded.
    """
    from collegium.decisions import services as decisions

    def make(slug, *, kind="resolution", meeting=None, parties=None, signed=False, **data):
        parties = parties or [(ministries["ru"], "drafting"), (ministries["by"], "party")]
        managers = {
            "mfa-ru": users["ru-manager"],
            "mfa-by": users["by-manager"],
            "csto": users["third-manager"],
        }
        owner = parties[0][0]
        document = decisions.document_create(
            actor=managers[owner.slug],
            data={"slug": slug, "kind": kind, "title_ru": f"Документ {slug}", "owner": owner,
                  "meeting": meeting, **data},
            parties=parties,
        )  # fmt: skip
        if signed:
            for organization, _role in parties:
                decisions.document_agree(
                    actor=managers[organization.slug],
                    document=document,
                    party=organization,
                )
            document.refresh_from_db()
            decisions.document_mark_signed(actor=managers[owner.slug], document=document)
            document.refresh_from_db()
        return document

    return make
