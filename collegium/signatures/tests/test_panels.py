"""The registry's pages show who signs for an organization and a person's signing keys."""

import pytest
from django.urls import reverse

from collegium.signatures import services

from .conftest import SIGNING_DAY

pytestmark = pytest.mark.django_db


def test_organization_page_names_its_signatory_today(client, ministries):
    """mfa-by's page shows the designated post and its holder today, in a section of its own."""
    page = client.get(reverse("registry:organization-detail", args=["mfa-by"]))
    text = page.content.decode()
    assert 'id="signatory-title"' in text
    assert "Подписывает за неё" in text
    assert reverse("registry:person-detail", args=["maxim-ryzhenkov"]) in text


def test_organization_without_designation_shows_no_signatory(client, ministries, make_org):
    """An organization that designates no post has no signatory section."""
    make_org("csto", owner=None)
    page = client.get(reverse("registry:organization-detail", args=["csto"]))
    assert 'id="signatory-title"' not in page.content.decode()


def test_person_page_lists_signing_keys_with_fingerprints(client, ministries):
    """After signing, the minister's page shows the key's fingerprint; before, nothing."""
    url = reverse("registry:person-detail", args=["maxim-ryzhenkov"])
    assert 'id="signing-keys-title"' not in client.get(url).content.decode()
    signature = services.sign_bytes(
        actor=ministries.ryzhenkov_user,
        organization=ministries.by,
        data=b"x",
        subject="s",
        on_date=SIGNING_DAY,
    )
    text = client.get(url).content.decode()
    assert 'id="signing-keys-title"' in text
    assert signature.key.fingerprint[:16] in text
