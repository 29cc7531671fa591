"""The admin speaks the interface language grammatically: "Добавить организацию", the time
zone note in Russian."""

import json

import pytest
from django.test import Client


@pytest.fixture
def admin_client(site_admin):
    def client(language: str) -> Client:
        result = Client()
        result.cookies["django_language"] = language
        result.force_login(site_admin)
        return result

    return client


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "Добавить организацию"), ("be", "Дадаць арганізацыю"), ("en", "Add organization")],
)
def test_the_add_link_title_and_crumb_name_the_model_in_the_accusative(
    admin_client, language, expected
):
    """The list's add button, the add page's heading, title and breadcrumb: not "Добавить
    организация"."""
    client = admin_client(language)
    listing = client.get("/admin/registry/organization/").content.decode()
    assert expected in listing
    page = client.get("/admin/registry/organization/add/").content.decode()
    assert f"<h1>{expected}</h1>" in page
    assert f"<title>{expected} |" in page
    assert f'<li aria-current="page">{expected}</li>' in page
    assert "Добавить организация" not in listing + page


def test_a_model_without_an_accusative_form_keeps_its_name(admin_client):
    """Keep "Добавить должность": the accusative of a feminine noun in -ь is its nominative."""
    page = admin_client("ru").get("/admin/registry/post/add/").content.decode()
    assert "<h1>Добавить должность</h1>" in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Примечание: вводите время в часовом поясе %(timezone)s"),
        ("be", "Заўвага: увядзіце час у часавым поясе %(timezone)s"),
    ],
)
def test_the_admins_time_zone_note_is_translated(admin_client, language, expected):
    """The admin's script catalog carries the time zone note in the interface language."""
    script = admin_client(language).get("/admin/jsi18n/").content.decode()
    assert json.dumps(expected)[1:-1] in script  # the catalog is JSON with \\u escapes
    assert "Enter times in the" in script  # the English key, looked up by the admin's script


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/admin/registry/organization/", "<h1>Выберите организацию для изменения</h1>"),
        ("/admin/registry/organization/{pk}/change/", "<h1>Изменить организацию</h1>"),
    ],
)
def test_the_list_and_change_titles_name_the_model_in_the_accusative(
    admin_client, make_org, path, expected
):
    """Not "Выберите организация для изменения", "Изменить организация"."""
    organization = make_org("csto")
    page = admin_client("ru").get(path.format(pk=organization.pk)).content.decode()
    assert expected in page
    assert "организация для" not in page


def test_pages_without_a_model_keep_their_titles(admin_client):
    """The index and the password page have no model: their titles are Django's own."""
    client = admin_client("ru")
    index = client.get("/admin/")
    assert index.status_code == 200
    assert client.get("/admin/password_change/").status_code == 200
    # The task worker's app is named in the interface language too.
    assert "Фоновые задачи" in index.content.decode()
    assert "Tasks Database Backend" not in index.content.decode()
