"""The API's pages: an anonymous visitor learns what the API is and how to get a token; the
interactive docs carry the site's bar, a way back, and labels in the interface language."""

import json
import re

from django.test import Client


def _client(language: str, user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def test_an_anonymous_visitor_is_sent_to_the_page_explaining_the_api(db):
    """Not to a bare login form: the page says what the API is and how to get a token."""
    client = _client("ru")
    response = client.get("/api/v1/docs")
    assert response.status_code == 302
    assert response["Location"] == "/api/"
    page = client.get("/api/").content.decode()
    assert "<h1>API «Коллегиума»</h1>" in page
    assert "Как получить токен" in page
    assert 'href="/accounts/login/?next=/accounts/tokens/"' in page
    assert 'href="/accounts/login/?next=/api/v1/docs"' in page
    assert 'href="/api/v1/openapi.json"' in page
    # The OpenAPI document itself stays public.
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_the_docs_carry_the_sites_bar_in_the_interface_language(site_admin):
    """A bar with the site's name linking home, "Вернуться на сайт", the tokens page."""
    page = _client("ru", site_admin).get("/api/v1/docs").content.decode()
    assert '<html lang="ru">' in page
    bar = page[page.index('<header class="api-bar">') : page.index("</header>")]
    assert 'href="/"' in bar
    assert "Коллегиум" in bar
    assert "Документация API" in bar
    assert "Вернуться на сайт" in bar
    assert 'href="/accounts/tokens/"' in bar


def test_the_docs_load_nothing_from_outside(site_admin):
    """Every script and style comes from this site."""
    page = _client("en", site_admin).get("/api/v1/docs").content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert addresses
    assert all(address.startswith("/") for address in addresses), addresses
    assert "/static/collegium/api-docs.js" in " ".join(addresses) or any(
        "api-docs" in address for address in addresses
    )


def test_swagger_uis_labels_have_translations_in_the_script_catalog(db):
    """The labels the docs page's script replaces ("Execute", "Try it out") are in djangojs."""
    for language, expected in (("ru", "Выполнить"), ("be", "Выканаць")):
        script = _client(language).get("/jsi18n/").content.decode()
        assert f'"Execute": "{json.dumps(expected)[1:-1]}"' in script
