"""The demo's ministers sign for their ministries, and their logins are printed."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from collegium.accounts.models import User
from collegium.registry.models import Organization
from collegium.signatures import services
from collegium.signatures.policy import can_sign
from collegium.signatures.selectors import authorized_signatory


@pytest.mark.django_db
def test_demo_ministers_are_the_signatories():
    """lavrov and ryzhenkov are printed among the logins and each signs for their ministry only."""
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "lavrov" in out.getvalue()
    assert "ryzhenkov" in out.getvalue()
    day = dt.date(2025, 11, 25)
    ru = Organization.objects.get(slug="mfa-ru")
    by = Organization.objects.get(slug="mfa-by")
    lavrov = User.objects.get(username="lavrov")
    ryzhenkov = User.objects.get(username="ryzhenkov")
    assert lavrov.check_password("collegium-demo")
    assert authorized_signatory(ru, day).person.slug == "sergey-lavrov"
    assert authorized_signatory(by, day).person.slug == "maxim-ryzhenkov"
    assert can_sign(lavrov, ru, day)
    assert can_sign(ryzhenkov, by, day)
    assert not can_sign(lavrov, by, day)
    assert not can_sign(User.objects.get(username="mfa-ru"), ru, day)
    signature = services.sign_bytes(
        actor=ryzhenkov, organization=by, data=b"text", subject="demo-check", on_date=day
    )
    assert services.verify_signature(signature, b"text").ok
