"""Who may act on arrangements, accessions and consents: the policy's truth table."""

import pytest
from django.contrib.auth.models import AnonymousUser

from collegium.accounts.models import Role
from collegium.events.arrangements import policy
from collegium.events.models import Accession, Arrangement


@pytest.fixture
def users(make_org, make_user, site_admin):
    """The owner (CSTO), a party (CIS), a proposer (a ministry); a user of each role of each."""
    orgs = {slug: make_org(slug) for slug in ("csto", "cis", "mfa")}
    found = {"anonymous": AnonymousUser(), "site admin": site_admin}
    for slug, org in orgs.items():
        for role in Role:
            found[f"{slug} {role}"] = make_user(org, role)
    return orgs, found


USERS = [
    "anonymous",
    "site admin",
    *(f"{slug} {role}" for slug in ("csto", "cis", "mfa") for role in Role),
]


def _allowed(slugs: set[str], minimum: str) -> set[str]:
    roles = {"editor": ("editor", "manager"), "manager": ("manager",)}[minimum]
    return {"site admin"} | {f"{slug} {role}" for slug in slugs for role in roles}


@pytest.mark.parametrize("who", USERS)
def test_policy_truth_table(users, who):
    orgs, found = users
    user = found[who]
    arrangement = Arrangement(owner=orgs["csto"])
    accession = Accession(arrangement=arrangement, proposed_by=orgs["mfa"])
    assert policy.can_change(user, arrangement).allowed == (who in _allowed({"csto"}, "editor"))
    assert policy.can_propose_accession(user, orgs["mfa"]).allowed == (
        who in _allowed({"mfa"}, "editor")
    )
    assert policy.can_record_consent(user, orgs["cis"]).allowed == (
        who in _allowed({"cis"}, "manager")
    )
    assert policy.can_withdraw_accession(user, accession).allowed == (
        who in _allowed({"mfa", "csto"}, "editor")
    )


def test_refusals_name_the_rule(users):
    orgs, found = users
    assert str(policy.can_record_consent(found["cis editor"], orgs["cis"]).reason) == (
        "Only a manager for CIS records its consent; a party does not consent for another."
    )
    assert str(policy.can_propose_accession(found["cis manager"], orgs["mfa"]).reason) == (
        "Only editors for MFA propose in its name."
    )
    assert str(policy.can_change(found["cis manager"], Arrangement(owner=orgs["csto"])).reason) == (
        "This needs the editor role in the owning organization."
    )
