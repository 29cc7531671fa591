"""The admin writes through the services and reads through the access layer."""

import datetime as dt

import pytest
from django.urls import reverse

from collegium.accounts.models import Affiliation, User
from collegium.core.models import AuditRecord, Visibility
from collegium.registry import services
from collegium.registry.models import Organization, OrganizationKind, Post, Tenure


@pytest.fixture
def csto(make_org):
    return make_org("csto", name_ru="ОДКБ", name_en="CSTO")


@pytest.fixture
def sco(make_org):
    return make_org("sco", name_ru="ШОС", name_en="SCO")


@pytest.fixture
def manager(make_user, csto):
    return make_user(csto, "manager", username="csto-manager")


def _form_data(organization: Organization, **changes) -> dict:
    data = {
        "slug": organization.slug,
        "kind": organization.kind,
        "parent": organization.parent_id or "",
        "name_ru": organization.name_ru,
        "name_en": organization.name_en,
        "name_be": organization.name_be,
        "other_names": "[]",
        "acronym_ru": organization.acronym_ru,
        "acronym_en": organization.acronym_en,
        "acronym_be": organization.acronym_be,
        "seat_state": "",
        "seat_city_ru": "",
        "seat_city_en": "",
        "seat_city_be": "",
        "founding_date": "",
        "dissolution_date": "",
        "owner": organization.owner_id,
        "visibility": organization.visibility,
    }
    data.update(changes)
    return data


def test_viewer_cannot_enter_the_admin(client, make_user, csto):
    """Viewers are not staff: the admin sends them to its sign-in page."""
    client.force_login(make_user(csto, "viewer"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response.url


def test_manager_edits_own_organization_through_the_service(client, manager, csto):
    """A change in the admin is saved by the service and audited with the manager as actor."""
    client.force_login(manager)
    url = reverse("admin:registry_organization_change", args=[csto.pk])
    response = client.post(url, _form_data(csto, name_en="Collective Security Treaty Org."))
    assert response.status_code == 302, response.context["adminform"].form.errors
    csto.refresh_from_db()
    assert csto.name_en == "Collective Security Treaty Org."
    record = AuditRecord.objects.order_by("-seq").first()
    assert record.action == "organization.update"
    assert record.actor == "csto-manager"
    assert record.changes["after"] == {"name_en": "Collective Security Treaty Org."}


def test_manager_creates_a_body_through_the_service(client, manager, csto):
    """Adding a record in the admin calls the create service."""
    client.force_login(manager)
    data = _form_data(
        Organization(slug="csto-secretariat", kind=OrganizationKind.EXECUTIVE_BODY),
        name_ru="Секретариат ОДКБ",
        parent=csto.pk,
        owner=csto.pk,
        visibility=Visibility.PUBLIC,
    )
    response = client.post(reverse("admin:registry_organization_add"), data)
    assert response.status_code == 302
    body = Organization.objects.get(slug="csto-secretariat")
    assert body.parent == csto
    assert AuditRecord.objects.filter(
        action="organization.create", object_id=str(body.pk), actor="csto-manager"
    ).exists()


def test_foreign_organization_is_read_only(client, manager, sco):
    """A manager sees another organization's public record but cannot change it."""
    client.force_login(manager)
    url = reverse("admin:registry_organization_change", args=[sco.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    before = AuditRecord.objects.count()
    assert client.post(url, _form_data(sco, name_en="Changed")).status_code == 403
    sco.refresh_from_db()
    assert sco.name_en == "SCO"
    assert AuditRecord.objects.count() == before


def test_hidden_records_are_not_listed(client, manager, make_org):
    """The admin list is filtered by the access layer."""
    make_org("secret-body", name_ru="Закрытый орган", visibility=Visibility.INTERNAL)
    client.force_login(manager)
    response = client.get(reverse("admin:registry_organization_changelist"))
    slugs = {org.slug for org in response.context["cl"].result_list}
    assert "secret-body" not in slugs
    assert "csto" in slugs


def test_owner_choices_are_limited_to_own_organizations(client, manager, csto, sco):
    """A manager may give a record only to an organization they edit for."""
    client.force_login(manager)
    response = client.get(reverse("admin:registry_person_add"))
    owners = set(response.context["adminform"].form.fields["owner"].queryset)
    assert owners == {csto}


def test_service_rules_show_as_form_errors(client, site_admin, manager, csto):
    """An overlapping tenure, refused by the service, is a form error and nothing is saved."""
    post = services.post_create(
        actor=site_admin,
        data={"slug": "sg", "organization": csto, "is_head": True, "label_ru": "ГС", "owner": csto},
    )
    people = [
        services.person_create(
            actor=site_admin, data={"slug": f"p{n}", "name_ru": f"Лицо {n}", "owner": csto}
        )
        for n in (1, 2)
    ]
    services.tenure_create(
        actor=site_admin,
        data={"person": people[0], "post": post, "start_date": dt.date(2020, 1, 1), "owner": csto},
    )
    client.force_login(manager)
    before = AuditRecord.objects.count()
    response = client.post(
        reverse("admin:registry_tenure_add"),
        {
            "person": people[1].pk,
            "post": post.pk,
            "start_date": "2021-01-01",
            "end_date": "",
            "note": "",
            "owner": csto.pk,
            "visibility": Visibility.PUBLIC,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Tenure.objects.count() == 1
    assert AuditRecord.objects.count() == before


def test_bulk_delete_goes_through_the_service(client, manager, csto, site_admin):
    """The "delete selected" action deletes one by one through the service, each audited."""
    posts = [
        services.post_create(
            actor=site_admin,
            data={"slug": f"post-{n}", "organization": csto, "label_ru": f"П{n}", "owner": csto},
        )
        for n in range(3)
    ]
    client.force_login(manager)
    response = client.post(
        reverse("admin:registry_post_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in posts], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Post.objects.exists()
    deletions = AuditRecord.objects.filter(action="post.delete", actor="csto-manager")
    assert deletions.count() == 3


def test_audit_records_are_read_only(client, site_admin):
    """The audit chain can be read in the admin but not added to, changed or deleted."""
    client.force_login(site_admin)
    record = AuditRecord.objects.first()
    assert client.get(reverse("admin:core_auditrecord_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditrecord_add")).status_code == 403
    change = client.get(reverse("admin:core_auditrecord_change", args=[record.pk]))
    assert change.status_code == 200
    assert change.context["has_change_permission"] is False
    assert client.get(reverse("admin:core_auditrecord_delete", args=[record.pk])).status_code == 403


def test_manager_creates_a_user_of_own_organization(client, manager, csto):
    """Creating a user in the admin calls the service: the user gets the role, all audited."""
    client.force_login(manager)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new-editor",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
            "first_name": "New",
            "last_name": "Editor",
            "email": "",
            "organization": csto.pk,
            "role": "editor",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new-editor")
    assert Affiliation.objects.get(user=user).role == "editor"
    assert user.check_password("a-long-and-unusual-passphrase")
    actions = set(AuditRecord.objects.filter(actor="csto-manager").values_list("action", flat=True))
    assert {"user.create", "affiliation.set"} <= actions


def test_manager_deactivates_a_user_through_the_service(client, manager, make_user, csto):
    """Changing a user in the admin goes through ``user_update`` and is audited."""
    editor = make_user(csto, "editor", username="leaving-editor")
    client.force_login(manager)
    response = client.post(
        reverse("admin:accounts_user_change", args=[editor.pk]),
        {
            "first_name": "",
            "last_name": "",
            "email": "",
            "new_password1": "",
            "new_password2": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    editor.refresh_from_db()
    assert editor.is_active is False
    record = AuditRecord.objects.order_by("-seq").first()
    assert record.action == "user.update"
    assert record.changes["after"] == {"is_active": False}


def test_manager_cannot_change_users_of_other_organizations(client, manager, make_user, sco):
    """Users of another organization are not even listed."""
    outsider = make_user(sco, "editor", username="sco-editor")
    client.force_login(manager)
    assert client.get(reverse("admin:accounts_user_change", args=[outsider.pk])).status_code == 302
    listed = client.get(reverse("admin:accounts_user_changelist")).context["cl"].result_list
    assert outsider not in listed


def test_the_admin_refuses_a_control_character_in_a_name(client, manager, csto):
    """The model's text rule holds in the admin: a name with U+0001 is a form error, not stored."""
    client.force_login(manager)
    client.cookies["django_language"] = "en"
    url = reverse("admin:registry_organization_change", args=[csto.pk])
    before = AuditRecord.objects.count()
    response = client.post(url, _form_data(csto, name_en="CS\x01TO"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "control characters" in errors["name_en"][0]
    csto.refresh_from_db()
    assert csto.name_en == "CSTO"
    assert AuditRecord.objects.count() == before
