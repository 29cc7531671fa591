"""Fixtures of the arrangement tests: three parties with their executive bodies, a newcomer.

Each party's record is self-owned, so its managers are its secretariat: they
record its consent.  Each executive body has a head post and a deputy post.
"""

import datetime as dt

import pytest

from collegium.accounts.models import Role
from collegium.events.arrangements import services
from collegium.registry import services as registry
from collegium.registry.models import OrganizationKind

PARTIES = ("csto", "cis", "sco")
NEWCOMER = "union-state"


@pytest.fixture
def world(site_admin, make_org, make_user, csto, cis):
    """Return {"orgs", "bodies", "managers", "editors", "posts"} keyed by party slug.

    The CSTO and the CIS are the events tests' own organizations, so that
    ``make_event`` organizes events of a party.
    """
    orgs, bodies, managers, editors, posts = {}, {}, {}, {}, {}
    existing = {"csto": csto, "cis": cis}
    for slug in (*PARTIES, NEWCOMER, "mfa-ru"):
        org = existing.get(slug) or make_org(slug)
        body = make_org(f"{slug}-body", kind=OrganizationKind.EXECUTIVE_BODY, parent=org, owner=org)
        orgs[slug], bodies[slug] = org, body
        managers[slug] = make_user(org, Role.MANAGER, username=f"{slug}-manager")
        editors[slug] = make_user(org, Role.EDITOR, username=f"{slug}-editor")
        posts[slug] = [
            registry.post_create(
                actor=site_admin,
                data={
                    "slug": f"{slug}-{label}",
                    "organization": body,
                    "label_ru": label,
                    "label_en": label,
                    "is_head": label == "head",
                    "owner": org,
                },
            )
            for label in ("head", "deputy")
        ]
    return {
        "orgs": orgs,
        "bodies": bodies,
        "managers": managers,
        "editors": editors,
        "posts": posts,
    }


@pytest.fixture
def make_arrangement(site_admin, world):
    """Create an arrangement among ``parties`` (default: the three), moved to ``status``."""

    def make(*, slug="cross", parties=PARTIES, status="in_force", actor=None, **data):
        data.setdefault("title_ru", "Перекрёстные приглашения")
        data.setdefault("title_en", "Cross-invitations")
        data.setdefault("scope", ["summit"])
        data.setdefault("owner", world["orgs"]["csto"])
        arrangement = services.arrangement_create(
            actor=actor or site_admin,
            data={"slug": slug, **data},
            parties=[(world["orgs"][p], world["bodies"][p]) for p in parties],
        )
        steps = {
            "draft": [],
            "proposed": [services.arrangement_propose],
            "in_force": [services.arrangement_propose, services.arrangement_bring_into_force],
        }[status]
        for step in steps:
            step(actor=site_admin, arrangement=arrangement, on=dt.date(2024, 1, 1))
        return arrangement

    return make


@pytest.fixture
def accession(site_admin, world, make_arrangement):
    """The newcomer's pending accession to the in-force three-party arrangement."""
    return services.accession_propose(
        actor=world["editors"]["mfa-ru"],
        arrangement=make_arrangement(),
        organization=world["orgs"][NEWCOMER],
        executive_body=world["bodies"][NEWCOMER],
        proposed_by=world["orgs"]["mfa-ru"],
        proposed_on=dt.date(2025, 11, 25),
        note="voiced at the joint collegium of 25 Nov 2025",
    )
