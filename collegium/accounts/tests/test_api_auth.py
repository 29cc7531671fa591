"""API authentication: tokens, the session with CSRF, anonymous callers, the docs page."""

import json
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils.crypto import get_random_string

from collegium.accounts.services import api_token_create, api_token_revoke, user_update
from collegium.registry.models import Person

ME = "/api/v1/accounts/me"
PERSONS = "/api/v1/registry/persons"


@pytest.fixture
def home(make_org):
    return make_org("mfa-ru")


@pytest.fixture
def editor(make_user, home):
    return make_user(home, "editor", username="editor")


@pytest.fixture
def token(editor):
    _, secret = api_token_create(actor=editor, name="script")
    return secret


def _person(slug="sergey-lavrov"):
    return json.dumps({"slug": slug, "name_ru": "Сергей Лавров", "owner": "mfa-ru"})


def _csrf_client(user=None) -> tuple[Client, str]:
    """Return a client that enforces CSRF like a browser, with a CSRF cookie set."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    secret = get_random_string(32)
    client.cookies["csrftoken"] = secret
    return client, secret


# --- Tokens -------------------------------------------------------------------


def test_token_authenticates(token):
    """``Authorization: Bearer clg_…`` signs the request in as the token's owner."""
    response = Client().get(ME, headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["username"] == "editor"


def test_token_write_needs_no_csrf(token, home):
    """A token request writes without a CSRF token, even with CSRF checks enforced."""
    client = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {token}"})
    response = client.post(PERSONS, _person(), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Person.objects.filter(slug="sergey-lavrov").exists()


def test_revoked_token_is_refused(editor, token):
    """A revoked token answers 401, even on reads open to anonymous callers."""
    api_token_revoke(actor=editor, token=editor.api_tokens.get())
    client = Client(headers={"authorization": f"Bearer {token}"})
    assert client.get(ME).status_code == 401
    response = client.get(PERSONS)
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize(
    "header",
    ["Bearer clg_0000_wrong", "Bearer not-a-collegium-token", "Basic ZWRpdG9yOng=", "Token abc"],
)
def test_bad_credentials_never_fall_back_to_anonymous(editor, header):
    """A wrong token, or another scheme, is an error (401), not anonymous access."""
    client = Client(headers={"authorization": header})
    assert client.get(PERSONS).status_code == 401
    assert client.get(ME).status_code == 401


def test_inactive_users_token_is_refused(editor, token, site_admin):
    """Deactivating the user switches their tokens off."""
    user_update(actor=site_admin, user=editor, data={"is_active": False})
    assert Client(headers={"authorization": f"Bearer {token}"}).get(ME).status_code == 401


# --- Session and CSRF ---------------------------------------------------------


def test_session_write_without_csrf_token_is_forbidden(editor, home):
    """A cookie-authenticated POST without X-CSRFToken answers 403 and writes nothing."""
    client, _ = _csrf_client(editor)
    response = client.post(PERSONS, _person(), content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Person.objects.exists()


def test_session_write_with_csrf_token_succeeds(editor, home):
    """The same POST with the X-CSRFToken header is accepted."""
    client, secret = _csrf_client(editor)
    response = client.post(
        PERSONS, _person(), content_type="application/json", headers={"x-csrftoken": secret}
    )
    assert response.status_code == 201, response.content


def test_session_patch_and_delete_need_csrf_too(editor, home):
    """PATCH and DELETE are unsafe methods: refused without the token, accepted with it."""
    client, secret = _csrf_client(editor)
    client.post(
        PERSONS, _person(), content_type="application/json", headers={"x-csrftoken": secret}
    )
    url = f"{PERSONS}/sergey-lavrov"
    patch = json.dumps({"name_en": "Sergey Lavrov"})
    assert client.patch(url, patch, content_type="application/json").status_code == 403
    assert client.delete(url).status_code == 403
    ok = client.patch(url, patch, content_type="application/json", headers={"x-csrftoken": secret})
    assert ok.status_code == 200
    assert client.delete(url, headers={"x-csrftoken": secret}).status_code == 204


def test_session_write_with_a_wrong_csrf_token_is_forbidden(editor, home):
    """A token that does not match the cookie is refused."""
    client, _ = _csrf_client(editor)
    response = client.post(
        PERSONS,
        _person(),
        content_type="application/json",
        headers={"x-csrftoken": get_random_string(32)},
    )
    assert response.status_code == 403


def test_session_reads_need_no_csrf(editor):
    """GET requests with the session work without a CSRF token."""
    client, _ = _csrf_client(editor)
    assert client.get(ME).json()["username"] == "editor"


# --- Anonymous callers --------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", PERSONS),
        ("patch", f"{PERSONS}/sergey-lavrov"),
        ("delete", f"{PERSONS}/sergey-lavrov"),
        ("patch", f"{PERSONS}/no-such-person"),
    ],
)
def test_anonymous_write_is_401(token, method, url):
    """Writes need a signed-in caller: anonymous gets 401 before anything is looked up."""
    Client(headers={"authorization": f"Bearer {token}"}).post(
        PERSONS, _person(), content_type="application/json"
    )
    response = getattr(Client(), method)(url, _person("other"), content_type="application/json")
    assert response.status_code == 401
    assert isinstance(response.json()["detail"], str)
    assert list(Person.objects.values_list("slug", flat=True)) == ["sergey-lavrov"]


@pytest.mark.parametrize("cookie", ["made-up", "signed-out"])
@pytest.mark.parametrize(
    ("method", "url"), [("post", PERSONS), ("post", "/api/v1/accounts/tokens")]
)
def test_anonymous_write_with_a_session_cookie_is_401_not_csrf(editor, cookie, method, url):
    """A session cookie that signs nobody in leaves the caller anonymous: 401, not 403 "CSRF"."""
    client, _ = _csrf_client()
    if cookie == "signed-out":
        client.force_login(editor)
        stale = client.cookies["sessionid"].value
        client.logout()
        client.cookies["sessionid"] = stale
    else:
        client.cookies["sessionid"] = get_random_string(32)
    response = getattr(client, method)(url, _person(), content_type="application/json")
    assert response.status_code == 401, response.content
    assert "CSRF" not in response.json()["detail"]
    assert not Person.objects.exists()


def test_anonymous_reads_public_records(token):
    """Anonymous callers read without credentials."""
    Client(headers={"authorization": f"Bearer {token}"}).post(
        PERSONS, _person(), content_type="application/json"
    )
    response = Client().get(PERSONS)
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["items"]] == ["sergey-lavrov"]


# --- Docs and schema ----------------------------------------------------------


class _Assets(HTMLParser):
    """Collect the scripts, stylesheets and icons a page loads."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.links: list[dict] = []
        self.inline_styles: int = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.inline_styles += 1
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "style":
            self.inline_styles += 1


def test_docs_send_anonymous_callers_to_the_page_explaining_the_api(db):
    """The interactive docs are for signed-in users only; others learn how to get a token."""
    response = Client().get("/api/v1/docs")
    assert response.status_code == 302
    assert response["Location"] == "/api/"


def test_openapi_document_is_public(db):
    """The schema itself needs no login, so token-only scripts can fetch it."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Collegium API"


def test_docs_load_only_local_assets_under_the_csp(editor):
    """The docs page uses the bundled Swagger UI (no CDN) and no script CSP would block.

    Every script is a local static file, except the JSON settings block, which
    browsers never execute; nothing uses inline styles.
    """
    client = Client()
    client.force_login(editor)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()

    assets = _Assets()
    assets.feed(html)
    executable = [
        s for s in assets.scripts if s.get("type", "text/javascript") != "application/json"
    ]
    assert {s.get("src") for s in executable} == {
        "/jsi18n/",  # the site's script catalog: Swagger UI's labels in the interface language
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
        "/static/collegium/api-docs.js",
    }
    data_blocks = [s for s in assets.scripts if s not in executable]
    assert [s.get("type") for s in data_blocks] == ["application/json"]
    assert assets.inline_styles == 0
    hrefs = [link["href"] for link in assets.links]
    assert hrefs
    for url in [*hrefs, *(s["src"] for s in executable if s["src"] != "/jsi18n/")]:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a local static file"

    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_docs_send_the_csrf_token_for_try_it_out(editor):
    """Swagger's "Try it out" sends X-CSRFToken, so session writes from the docs work."""
    client = Client()
    client.force_login(editor)
    html = client.get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in html
    assert 'data-csrf-token=""' not in html
