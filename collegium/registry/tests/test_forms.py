"""The registry's forms: offered exactly to who may use them, writing through the services."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from collegium.accounts.models import Role
from collegium.core.models import AuditRecord, Visibility
from collegium.registry import services
from collegium.registry.models import Person, Tenure


@pytest.fixture
def csto(make_org):
    return make_org("csto", name_ru="ОДКБ")


@pytest.fixture
def users(make_user, make_org, csto):
    cis = make_org("cis")
    return {
        "editor": make_user(csto, Role.EDITOR),
        "viewer": make_user(csto, Role.VIEWER),
        "other": make_user(cis, Role.EDITOR),
    }


def client_as(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _html(response) -> str:
    return response.content.decode()


def test_the_edit_link_and_page_are_for_the_owners_editors_only(csto, users):
    """An organization's editors see "Edit"; a viewer, another's editor, anonymous get 403."""
    detail = reverse("registry:organization-detail", args=["csto"])
    edit = reverse("registry:organization-edit", args=["csto"])
    assert edit in _html(client_as(users["editor"]).get(detail))
    assert client_as(users["editor"]).get(edit).status_code == 200
    for user in (users["viewer"], users["other"], None):
        assert edit not in _html(client_as(user).get(detail))
        assert client_as(user).get(edit).status_code == 403
        assert client_as(user).post(edit, {"name_ru": "X"}).status_code == 403


def test_a_hidden_record_answers_404_like_a_missing_one(site_admin, csto, users):
    person = services.person_create(
        actor=site_admin,
        data={"slug": "secret", "name_ru": "Тайный", "owner": csto, "visibility": "internal"},
    )
    assert person.visibility == Visibility.INTERNAL
    for name in ("person-edit", "person-delete"):
        url = reverse(f"registry:{name}", args=["secret"])
        assert client_as(users["other"]).post(url).status_code == 404
    assert (
        client_as(users["other"]).get(reverse("registry:person-edit", args=["nobody"])).status_code
        == 404
    )


def test_new_person_is_offered_to_editors_and_writes_through_the_service(csto, users):
    """A valid POST creates the person with one audit record and says so."""
    url = reverse("registry:person-create")
    assert url in _html(client_as(users["editor"]).get(reverse("registry:person-list")))
    for user in (users["viewer"], None):
        assert url not in _html(client_as(user).get(reverse("registry:person-list")))
        assert client_as(user).get(url).status_code == 403
    client = client_as(users["editor"])
    form = _html(client.get(url))
    assert f'<option value="{csto.pk}"' in form
    assert 'value="' + str(users["other"].affiliations.get().organization_id) + '"' not in form
    response = client.post(
        url, {"slug": "ivanov", "name_ru": "Иванов", "owner": csto.pk, "visibility": "public"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person-detail", args=["ivanov"])
    assert AuditRecord.objects.filter(action="person.create").count() == 1
    assert Person.objects.get(slug="ivanov").owner == csto
    assert "Сохранено" in _html(client.get(response["Location"]))


def test_an_invalid_post_shows_the_error_next_to_its_field_in_russian(csto, users):
    client = client_as(users["editor"])
    url = reverse("registry:person-create")
    data = {"slug": "ivanov", "name_ru": "Ива\x07нов", "owner": csto.pk, "visibility": "public"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'id="id_name_ru_error"' in _html(response)
    assert "Управляющие символы" in _html(response)
    assert not Person.objects.exists()


def test_a_service_refusal_lands_on_the_field_it_names(site_admin, csto, users):
    """The service's ValidationError (an end before the start) shows by its field."""
    services.person_create(actor=site_admin, data={"slug": "p", "name_ru": "П", "owner": csto})
    services.post_create(
        actor=site_admin,
        data={"slug": "sg", "organization": csto, "label_ru": "Генсек", "owner": csto},
    )
    client = client_as(users["editor"])
    data = {
        "person": Person.objects.get().pk,
        "post": csto.posts.get().pk,
        "start_date": "2024-01-01",
        "end_date": "2023-01-01",
        "owner": csto.pk,
        "visibility": "public",
    }
    response = client.post(reverse("registry:tenure-create"), data)
    assert response.status_code == 200
    assert 'id="id_end_date_error"' in _html(response)
    assert "Дата окончания" in _html(response) or "окончан" in _html(response)
    assert not Tenure.objects.exists()


def test_deleting_a_referenced_record_names_the_referrers(site_admin, csto, users):
    person = services.person_create(
        actor=site_admin, data={"slug": "p", "name_ru": "П", "owner": csto}
    )
    post = services.post_create(
        actor=site_admin,
        data={"slug": "sg", "organization": csto, "label_ru": "Генсек", "owner": csto},
    )
    services.tenure_create(actor=site_admin, data={"person": person, "post": post, "owner": csto})
    client = client_as(users["editor"])
    response = client.post(reverse("registry:person-delete", args=["p"]), follow=True)
    with translation.override("ru"):
        referrers = str(Tenure._meta.verbose_name_plural)
    assert f"{referrers}: 1" in _html(response)
    assert Person.objects.filter(slug="p").exists()
    services.tenure_delete(actor=site_admin, tenure=Tenure.objects.get())
    response = client.post(reverse("registry:person-delete", args=["p"]))
    assert response["Location"] == reverse("registry:person-list")
    assert not Person.objects.filter(slug="p").exists()
    assert AuditRecord.objects.filter(action="person.delete").count() == 1


def test_posts_and_memberships_are_offered_to_who_speaks_for_the_organization(csto, users):
    detail = reverse("registry:organization-detail", args=["csto"])
    assert reverse("registry:post-create") in _html(client_as(users["editor"]).get(detail))
    for user in (users["viewer"], users["other"], None):
        html = _html(client_as(user).get(detail))
        assert reverse("registry:post-create") not in html
        assert reverse("registry:membership-create") not in html
    # Another organization's editor cannot choose the CSTO as the post's organization.
    client = client_as(users["other"])
    data = {"slug": "sg", "organization": csto.pk, "label_ru": "Генсек", "visibility": "public"}
    response = client.post(reverse("registry:post-create"), data)
    assert response.status_code == 200
    assert 'id="id_organization_error"' in _html(response)
