"""Who may take each step on an arrangement: the policy's truth table.

Every transition x every role (anonymous, a site administrator, and a viewer,
an editor and a manager of the owner, of another party, of a non-party, of the
newcomer) -> allowed, or refused by the rule named in the 403.  Each user acts
in the name of its own organization; the anonymous user and the site
administrator in the name of a party (the CIS).
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from collegium.accounts.models import Role
from collegium.events.arrangements import policy, services
from collegium.events.models import ArrangementMotion, ArrangementStatus, MotionKind

RELATIONS = {"owner": "csto", "party": "cis", "non-party": "mfa-ru", "newcomer": "union-state"}
USERS = [
    "anonymous",
    "site admin",
    *(f"{relation} {role}" for relation in RELATIONS for role in Role),
]


def _who(relation: str, *roles: str) -> set[str]:
    return {f"{relation} {role}" for role in roles}


EDITORS, MANAGERS = ("editor", "manager"), ("manager",)
OWNER_EDITORS = _who("owner", *EDITORS)
PARTY_EDITORS = OWNER_EDITORS | _who("party", *EDITORS)
PARTY_MANAGERS = _who("owner", *MANAGERS) | _who("party", *MANAGERS)

# transition -> (who may, a phrase of the rule every refusal names)
TABLE: dict[str, tuple[set[str], str]] = {
    "change": (OWNER_EDITORS | {"site admin"}, "editor role in the owning organization"),
    "propose": (OWNER_EDITORS, "put it to the parties"),
    "suspend": (PARTY_EDITORS, "suspending an arrangement needs the consent of every party"),
    "resume": (PARTY_EDITORS, "resuming an arrangement binds the parties again"),
    "terminate": (PARTY_EDITORS, "terminating an arrangement needs the consent of every"),
    "abandon draft": (OWNER_EDITORS, "abandon its draft or proposal"),
    "consent to motion": (PARTY_MANAGERS, "records its consent"),
    "withdraw motion": (_who("party", *EDITORS), "which put the motion, withdraw it"),
    "withdraw party": (PARTY_MANAGERS, "withdraws it; a party does not withdraw another"),
    "propose accession": (
        {f"{relation} {role}" for relation in RELATIONS for role in EDITORS},
        "propose in its name",
    ),
    "consent to accession": (
        PARTY_MANAGERS | _who("newcomer", *MANAGERS),
        "records its consent",
    ),
    "withdraw accession": (_who("newcomer", *EDITORS), "Only editors for the new party"),
}
# The refusal of a user who speaks for its organization, but the organization is not bound.
NOT_A_PARTY = "is not a party to this arrangement"
NOT_ASKED = "is not asked to consent"


@pytest.fixture
def setting(world, make_arrangement, make_user, site_admin):
    """An arrangement in force among the CSTO (owner), the CIS and the SCO, with the CIS's
    pending motion to suspend it and the Union State's own pending accession; a draft too.
    """
    orgs = world["orgs"]
    users = {"anonymous": AnonymousUser(), "site admin": site_admin}
    for relation, slug in RELATIONS.items():
        users[f"{relation} viewer"] = make_user(orgs[slug], Role.VIEWER)
        users[f"{relation} editor"] = world["editors"][slug]
        users[f"{relation} manager"] = world["managers"][slug]
    arrangement = make_arrangement()
    motion = services.arrangement_suspend(
        actor=world["editors"]["cis"], arrangement=arrangement, party=orgs["cis"]
    )
    accession = services.accession_propose(
        actor=world["editors"]["union-state"],
        arrangement=arrangement,
        organization=orgs["union-state"],
        executive_body=world["bodies"]["union-state"],
        proposed_by=orgs["union-state"],
        proposed_on=dt.date(2025, 11, 25),
    )
    draft = make_arrangement(slug="draft", status="draft")
    return users, orgs, arrangement, motion, accession, draft


def _decide(transition, user, org, arrangement, motion, accession, draft):
    """Ask the policy as the service does, in the name of ``org``."""
    asked_motion = motion.consents.filter(party=org).exists()
    asked_accession = accession.consents.filter(party=org).exists()
    return {
        "change": lambda: policy.can_change(user, arrangement),
        "propose": lambda: policy.can_propose(user, draft),
        "suspend": lambda: policy.can_move_suspension(user, arrangement, org),
        "resume": lambda: policy.can_move_resumption(user, arrangement, org),
        "terminate": lambda: policy.can_terminate(user, arrangement, org),
        "abandon draft": lambda: policy.can_terminate(user, draft, org),
        "consent to motion": lambda: policy.can_record_consent(user, org, asked=asked_motion),
        "withdraw motion": lambda: policy.can_withdraw_motion(user, motion),
        "withdraw party": lambda: policy.can_withdraw_party(user, arrangement, org),
        "propose accession": lambda: policy.can_propose_accession(user, org),
        "consent to accession": lambda: policy.can_record_consent(user, org, asked=asked_accession),
        "withdraw accession": lambda: policy.can_withdraw_accession(user, accession),
    }[transition]()


@pytest.mark.parametrize("who", USERS)
def test_policy_truth_table(setting, who):
    """Each transition is allowed to exactly the roles in the table; each refusal names its rule."""
    users, orgs, arrangement, motion, accession, draft = setting
    relation = who.rpartition(" ")[0] if who not in {"anonymous", "site admin"} else "party"
    org = orgs[RELATIONS[relation]]
    for transition, (allowed, rule) in TABLE.items():
        decision = _decide(transition, users[who], org, arrangement, motion, accession, draft)
        assert decision.allowed == (who in allowed), f"{transition} as {who}"
        if decision.allowed:
            continue
        reason = str(decision.reason)
        # A user who does speak for its organization is refused because it is not bound.
        speaks = who.endswith(("editor", "manager")) and relation in {"non-party", "newcomer"}
        if transition in {"suspend", "resume", "terminate", "withdraw party"} and (
            speaks and (transition != "withdraw party" or who.endswith("manager"))
        ):
            assert NOT_A_PARTY in reason, f"{transition} as {who}: {reason}"
        elif transition.startswith("consent to") and (
            who == "non-party manager" or (who == "newcomer manager" and "motion" in transition)
        ):
            assert NOT_ASKED in reason, f"{transition} as {who}: {reason}"
        else:
            assert rule in reason, f"{transition} as {who}: {reason}"


def test_the_motion_is_the_cis_and_pending(setting):
    """The table's motion is the CIS's pending suspension, asked of the three parties only."""
    _users, _orgs, arrangement, motion, _accession, _draft = setting
    assert isinstance(motion, ArrangementMotion)
    assert (motion.kind, motion.moved_by.slug) == (MotionKind.SUSPEND, "cis")
    assert sorted(c.party.slug for c in motion.consents.all()) == ["cis", "csto", "sco"]
    assert arrangement.status == ArrangementStatus.IN_FORCE


def test_refusals_name_the_rule(setting):
    users, orgs, arrangement, _motion, _accession, _draft = setting
    assert str(policy.can_record_consent(users["party editor"], orgs["cis"]).reason) == (
        "Only a manager for CIS records its consent; a party does not consent for another."
    )
    assert str(policy.can_record_consent(users["owner manager"], orgs["cis"]).reason) == (
        "Only a manager for CIS records its consent; a party does not consent for another."
    )
    assert str(
        policy.can_move_suspension(users["non-party editor"], arrangement, orgs["mfa-ru"]).reason
    ) == ("MFA-RU is not a party to this arrangement; only its parties act on it.")
    assert str(
        policy.can_withdraw_party(users["owner manager"], arrangement, orgs["cis"]).reason
    ) == ("Only a manager for CIS withdraws it; a party does not withdraw another.")
