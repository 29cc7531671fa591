"""The signatures API: the public certificate authority and an organization's signatory."""

import pytest
from django.test import Client

from collegium.signatures.engine import pki
from collegium.signatures.selectors import current_authority

pytestmark = pytest.mark.django_db


def test_authority_is_public_and_is_the_ca_certificate(client, ministries):
    """Anyone fetches the CA certificate, the one that issued the signatories' certificates."""
    response = client.get("/api/v1/signatures/authority")
    assert response.status_code == 200
    body = response.json()
    authority = current_authority()
    assert body["fingerprint"] == authority.fingerprint
    assert pki.load_certificate(body["certificate"]).subject.rfc4514_string() == (
        "CN=Collegium Root CA,O=Collegium"
    )


def test_no_authority_answers_404(client, db):
    """Before `collegium keys init` there is no authority to fetch."""
    assert client.get("/api/v1/signatures/authority").status_code == 404


@pytest.mark.parametrize(
    ("who", "can_sign", "reason"),
    [
        ("ryzhenkov_user", True, "You may sign."),
        ("by_manager", False, "Only the authorized signatory signs for MFA-BY"),
        ("lavrov_user", False, "Only the authorized signatory signs for MFA-BY"),
        (None, False, "Sign in to sign."),
    ],
)
def test_signatory_says_who_signs_and_whether_the_caller_may(ministries, who, can_sign, reason):
    """The designated post, its holder on the date, and the caller's answer with the rule."""
    client = Client()
    if who is not None:
        client.force_login(getattr(ministries, who))
    response = client.get(
        "/api/v1/signatures/organizations/mfa-by/signatory",
        {"on": "2025-11-25"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["post"]["slug"] == "mfa-by-minister"
    assert body["person"] == {"slug": "maxim-ryzhenkov", "name": "Maxim Ryzhenkov"}
    assert body["can_sign"] is can_sign
    assert body["reason"].startswith(reason)


def test_signatory_of_an_earlier_holder(client, ministries):
    """On a date in his tenure, the former minister is named (who signed then)."""
    response = client.get("/api/v1/signatures/organizations/mfa-by/signatory", {"on": "2020-05-01"})
    assert response.json()["person"]["slug"] == "vladimir-makei"


def test_signatory_of_an_unknown_organization_is_404(client, ministries):
    assert client.get("/api/v1/signatures/organizations/nowhere/signatory").status_code == 404
