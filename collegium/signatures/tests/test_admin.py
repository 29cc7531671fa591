"""The admin: designations through the services, keys read-only, accounts linked to persons."""

import pytest
from django.test import Client

from collegium.core.models import AuditRecord
from collegium.registry.services import post_create
from collegium.signatures import services
from collegium.signatures.models import SignatoryDesignation

from .conftest import SIGNING_DAY

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_site_admin_links_an_account_to_a_person(ministries, site_admin, make_user):
    """The person field of a user saves through user_link_person, with its audit record."""
    client = _client(site_admin)
    form = {"first_name": "", "last_name": "", "email": "", "is_active": "on"}
    makei_account = ministries.makei_user
    response = client.post(
        f"/admin/accounts/user/{makei_account.pk}/change/", {**form, "person": ""}
    )
    assert response.status_code == 302
    makei_account.refresh_from_db()
    assert makei_account.person_id is None
    aide = make_user(ministries.by, "viewer", username="aide")
    response = client.post(
        f"/admin/accounts/user/{aide.pk}/change/", {**form, "person": ministries.makei.pk}
    )
    assert response.status_code == 302
    aide.refresh_from_db()
    assert aide.person == ministries.makei
    linked = AuditRecord.objects.filter(action="user.link_person")
    assert set(linked.values_list("object_id", flat=True)) >= {str(makei_account.pk), str(aide.pk)}


def test_a_manager_sees_the_person_link_read_only(ministries):
    """A manager's user page shows the linked person but offers no field to change it."""
    page = _client(ministries.by_manager).get(
        f"/admin/accounts/user/{ministries.by_editor.pk}/change/"
    )
    assert page.status_code == 200
    assert 'name="person"' not in page.content.decode()


def test_designation_changed_in_the_admin_by_the_manager(ministries, site_admin):
    """The party's manager re-designates its signatory post; the change is audited."""
    deputy = post_create(
        actor=site_admin,
        data={
            "slug": "mfa-by-first-deputy",
            "organization": ministries.by,
            "label_ru": "Первый заместитель министра",
            "owner": ministries.by,
        },
    )
    designation = SignatoryDesignation.objects.get(organization=ministries.by)
    response = _client(ministries.by_manager).post(
        f"/admin/signatures/signatorydesignation/{designation.pk}/change/", {"post": deputy.pk}
    )
    assert response.status_code == 302
    designation.refresh_from_db()
    assert designation.post == deputy
    assert AuditRecord.objects.filter(
        action="signatory_designation.update", actor_id=ministries.by_manager.pk
    ).exists()


def test_designation_of_another_party_is_not_editable(ministries, make_user):
    """A manager of mfa-by may not change mfa-ru's designation (403)."""
    designation = SignatoryDesignation.objects.get(organization=ministries.ru)
    response = _client(ministries.by_manager).post(
        f"/admin/signatures/signatorydesignation/{designation.pk}/change/",
        {"post": ministries.by_minister.pk},
    )
    assert response.status_code == 403
    designation.refresh_from_db()
    assert designation.post == ministries.ru_minister


def test_keys_are_read_only_and_show_no_private_key(ministries, site_admin):
    """The key page shows the fingerprint and certificate; no private key, no save button."""
    signature = services.sign_bytes(
        actor=ministries.ryzhenkov_user,
        organization=ministries.by,
        data=b"x",
        subject="s",
        on_date=SIGNING_DAY,
    )
    client = _client(site_admin)
    page = client.get(f"/admin/signatures/signingkey/{signature.key_id}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert signature.key.fingerprint in text
    assert "BEGIN CERTIFICATE" in text
    assert "encrypted" not in text.lower()
    assert 'name="_save"' not in text
    response = client.post(
        f"/admin/signatures/signingkey/{signature.key_id}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
