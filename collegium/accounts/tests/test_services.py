"""Account services: who manages whom, atomic creation, and audited user writes."""

import pytest
from django.core.management import call_command

from collegium.accounts.models import User
from collegium.accounts.services import affiliation_set, user_create, user_update
from collegium.core import audit
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import AuditRecord


@pytest.fixture
def two_ministries(make_org):
    return make_org("mfa-ru"), make_org("mfa-by")


def test_a_manager_of_one_organization_cannot_take_over_a_shared_user(
    two_ministries, make_user, site_admin
):
    """A user in two organizations is managed only by someone who manages both."""
    mfa_ru, mfa_by = two_ministries
    liaison = make_user(mfa_by, "manager", username="liaison")
    affiliation_set(actor=site_admin, user=liaison, organization=mfa_ru, role="viewer")
    ru_manager = make_user(mfa_ru, "manager", username="ru-manager")
    with pytest.raises(PermissionDenied):
        user_update(actor=ru_manager, user=liaison, data={}, password="a-new-secret-4711")
    liaison.refresh_from_db()
    assert liaison.check_password("x")
    both = make_user(mfa_ru, "manager", username="both")
    affiliation_set(actor=site_admin, user=both, organization=mfa_by, role="manager")
    both = User.objects.get(pk=both.pk)
    user_update(actor=both, user=liaison, data={"first_name": "Liaison"})


def test_user_create_is_all_or_nothing(two_ministries, site_admin):
    """An invalid role leaves no half-created user behind."""
    with pytest.raises(ValidationError, match="Unknown role"):
        user_create(
            actor=site_admin,
            username="orphan",
            password="x",
            organization=two_ministries[0],
            role="bogus",
            validate=False,
        )
    assert not User.objects.filter(username="orphan").exists()


def test_demotion_takes_away_the_admin(two_ministries, make_user, site_admin):
    """A manager demoted to editor loses access to the admin (is_staff)."""
    user = make_user(two_ministries[0], "manager")
    assert user.is_staff
    affiliation_set(actor=site_admin, user=user, organization=two_ministries[0], role="editor")
    user.refresh_from_db()
    assert not user.is_staff


def test_djangos_own_user_commands_are_audited(db, monkeypatch):
    """createsuperuser and changepassword leave audit records too."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-secret-password-1")
    before = AuditRecord.objects.count()
    call_command("createsuperuser", "--no-input", "--username", "boss", "--email", "b@x.org")
    record = AuditRecord.objects.order_by("-seq").first()
    assert AuditRecord.objects.count() == before + 1
    assert record.action == "user.save"
    assert record.object_repr == "boss"
    assert record.actor == "system"
    assert "password" not in str(record.changes)
    user = User.objects.get(username="boss")
    user.set_password("another-long-secret-2")
    user.save()
    assert AuditRecord.objects.order_by("-seq").first().action == "user.save"
    assert audit.verify_chain().ok


def test_last_login_stamp_is_not_an_audited_change(site_admin):
    before = AuditRecord.objects.count()
    from django.contrib.auth.models import update_last_login

    update_last_login(None, site_admin)
    assert AuditRecord.objects.count() == before


def test_a_deactivated_user_is_signed_out_at_once_despite_the_cache(
    client, two_ministries, make_user, site_admin
):
    """The session user is cached by data version; deactivating moves the version."""
    user = make_user(two_ministries[0], "viewer", username="leaving")
    client.force_login(user)
    assert client.get("/").context["user"].is_authenticated
    assert client.get("/").context["user"].is_authenticated  # now from the cache
    user_update(actor=site_admin, user=user, data={"is_active": False})
    assert not client.get("/").context["user"].is_authenticated


def test_a_password_change_ends_other_sessions_despite_the_cache(
    client, two_ministries, make_user, site_admin
):
    user = make_user(two_ministries[0], "viewer", username="moving")
    client.force_login(user)
    assert client.get("/").context["user"].is_authenticated
    user_update(actor=site_admin, user=user, data={}, password="a-brand-new-secret-99")
    assert not client.get("/").context["user"].is_authenticated


def test_bulk_user_updates_outside_a_service_are_refused(site_admin):
    """User.objects.update() would change users without an audit record (or a new data version)."""
    from collegium.core.exceptions import UnauditedWrite

    with pytest.raises(UnauditedWrite):
        User.objects.filter(pk=site_admin.pk).update(is_superuser=False)


def test_logout_ends_the_session_for_every_process(client, two_ministries, make_user):
    """Sessions are read from the database on each request: a logout is seen everywhere."""
    from collegium.accounts.sessions import SessionStore

    user = make_user(two_ministries[0], "viewer", username="leaving-soon")
    client.force_login(user)
    key = client.cookies["sessionid"].value
    assert SessionStore(key).load()  # another process would find it
    client.post("/accounts/logout/")
    assert SessionStore(key).load() == {}
