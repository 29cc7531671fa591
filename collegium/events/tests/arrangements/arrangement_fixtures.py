"""Fixtures of the arrangement tests: three parties with their executive bodies, a newcomer.

Each party's record is self-owned, so its managers are its secretariat: they
record its consent.  Each executive body has a head post and a deputy post.
"""

import datetime as dt

import pytest

from collegium.accounts.models import Role, User
from collegium.accounts.services import user_create
from collegium.events.arrangements import services
from collegium.events.models import Arrangement, ArrangementMotion, ConsentState, MotionStatus
from collegium.registry import services as registry
from collegium.registry.models import Organization, OrganizationKind

PARTIES = ("csto", "cis", "sco")
NEWCOMER = "union-state"


def member_of(organization: Organization, role: str = Role.MANAGER) -> User:
    """Return a user with at least ``role`` in ``organization``: its first such, or a new one."""
    roles = [Role.MANAGER] if role == Role.MANAGER else [Role.EDITOR, Role.MANAGER]
    user = (
        User.objects.filter(affiliations__organization=organization, affiliations__role__in=roles)
        .order_by("pk")
        .first()
    )
    if user is None:
        user = user_create(
            actor=None,
            username=f"{organization.slug}-{role}-of-record",
            password="x",
            organization=organization,
            role=role,
            validate=False,
        )
    return user


def secretariat_of(party: Organization) -> User:
    """Return a manager of the secretariat that keeps ``party``'s record: it speaks for it."""
    return member_of(party.owner or party)


def consent_all(motion: ArrangementMotion, *, on: dt.date | None = None) -> ArrangementMotion:
    """Record every pending consent to ``motion``, each by a manager for its party."""
    for consent in motion.consents.select_related("party", "party__owner").order_by("pk"):
        if consent.state == ConsentState.PENDING:
            services.motion_consent_record(
                actor=secretariat_of(consent.party),
                motion=motion,
                party=consent.party,
                state=ConsentState.GIVEN,
                given_on=on,
            )
    motion.refresh_from_db()
    return motion


def pending_motion(arrangement: Arrangement) -> ArrangementMotion:
    return ArrangementMotion.objects.get(arrangement=arrangement, status=MotionStatus.PENDING)


def propose(arrangement: Arrangement, *, on: dt.date | None = None) -> ArrangementMotion:
    """Put the arrangement to its parties as its owner's member; return the motion."""
    services.arrangement_propose(actor=member_of(arrangement.owner), arrangement=arrangement, on=on)
    return pending_motion(arrangement)


def bring_into_force(arrangement: Arrangement, *, on: dt.date | None = None) -> Arrangement:
    """Propose the arrangement and record every party's consent, all dated ``on``."""
    consent_all(propose(arrangement, on=on), on=on)
    arrangement.refresh_from_db()
    return arrangement


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
        on = dt.date(2024, 1, 1)
        if status == "proposed":
            propose(arrangement, on=on)
        elif status == "in_force":
            bring_into_force(arrangement, on=on)
        arrangement.refresh_from_db()
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
