"""The accounts API: the signed-in user and personal API tokens."""

import json

import pytest
from django.test import Client

from collegium.accounts.models import ApiToken
from collegium.accounts.services import affiliation_set, api_token_create
from collegium.core.models import AuditRecord

ME = "/api/v1/accounts/me"
TOKENS = "/api/v1/accounts/tokens"


@pytest.fixture
def mfa_ru(make_org):
    return make_org("mfa-ru", name_ru="МИД России", name_en="MFA of Russia")


@pytest.fixture
def user(make_user, mfa_ru):
    return make_user(mfa_ru, "editor", username="zakharova")


@pytest.fixture
def session(user):
    client = Client()
    client.force_login(user)
    return client


def _create(client, name="monitoring script"):
    return client.post(TOKENS, json.dumps({"name": name}), content_type="application/json")


def test_me_shows_the_user_with_roles(session, user, make_org, site_admin):
    """``/me`` lists every organization of the user with the role there."""
    affiliation_set(
        actor=site_admin, user=user, organization=make_org("union-state"), role="viewer"
    )
    body = session.get(ME, headers={"accept-language": "en"}).json()
    assert body["username"] == "zakharova"
    assert body["is_site_admin"] is False
    assert body["affiliations"] == [
        {"organization": "mfa-ru", "organization_name": "MFA of Russia", "role": "editor"},
        {"organization": "union-state", "organization_name": "UNION-STATE", "role": "viewer"},
    ]


def test_me_marks_site_admins(site_admin):
    """Site administrators are marked as such."""
    client = Client()
    client.force_login(site_admin)
    assert client.get(ME).json()["is_site_admin"] is True


def test_me_needs_a_signed_in_caller(db):
    """Anonymous callers get 401 from every accounts endpoint."""
    client = Client()
    assert client.get(ME).status_code == 401
    assert client.get(TOKENS).status_code == 401
    assert _create(client).status_code == 401
    assert client.post(f"{TOKENS}/1/revoke").status_code == 401


def test_created_token_secret_is_shown_once_and_works(session, user):
    """The answer to create holds the secret; it works as a Bearer token and is stored hashed."""
    response = _create(session)
    assert response.status_code == 201
    body = response.json()
    secret = body["secret"]
    assert secret.startswith(f"clg_{body['token']['prefix']}_")
    assert body["token"]["is_active"] is True

    stored = ApiToken.objects.get(pk=body["token"]["id"])
    assert secret not in (stored.digest, stored.prefix)
    assert secret not in json.dumps(list(AuditRecord.objects.values_list("changes", flat=True)))
    assert stored.digest not in json.dumps(
        list(AuditRecord.objects.values_list("changes", flat=True))
    )

    listed = session.get(TOKENS).content.decode()
    assert secret not in listed
    assert "digest" not in listed

    me = Client(headers={"authorization": f"Bearer {secret}"}).get(ME)
    assert me.json()["username"] == "zakharova"


def test_a_token_cannot_create_tokens(user):
    """Token creation needs the browser session: a token request answers 401 and creates nothing."""
    _, secret = api_token_create(actor=user, name="leaked")
    client = Client(headers={"authorization": f"Bearer {secret}"})
    response = _create(client)
    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({}, "name"),
        ({"name": "ok", "expires": "never"}, "expires"),
    ],
)
def test_bad_token_names_answer_422(session, body, field):
    """A blank, overlong or missing name, or an unknown field, is a field error; no token is made."""
    response = session.post(TOKENS, json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [["body", field]]
    assert not ApiToken.objects.exists()


def test_token_list_shows_own_tokens_only(session, user, make_user, mfa_ru):
    """Another user's tokens never appear; revoked ones do, marked inactive."""
    other = make_user(mfa_ru, "editor", username="lavrov")
    api_token_create(actor=other, name="other's")
    first = _create(session, "first").json()["token"]
    _create(session, "second")
    session.post(f"{TOKENS}/{first['id']}/revoke")
    listed = session.get(TOKENS).json()
    assert [(t["name"], t["is_active"]) for t in listed] == [("second", True), ("first", False)]


def test_revoked_token_stops_working(session, user):
    """Revoking takes effect at once; revoking again is harmless."""
    body = _create(session).json()
    client = Client(headers={"authorization": f"Bearer {body['secret']}"})
    assert client.get(ME).status_code == 200
    response = session.post(f"{TOKENS}/{body['token']['id']}/revoke")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert client.get(ME).status_code == 401
    assert session.post(f"{TOKENS}/{body['token']['id']}/revoke").status_code == 200


def test_a_token_may_revoke_itself(user):
    """Revoking only takes access away, so a token may do it (e.g. a script cleaning up)."""
    token, secret = api_token_create(actor=user, name="script")
    client = Client(headers={"authorization": f"Bearer {secret}"})
    assert client.post(f"{TOKENS}/{token.pk}/revoke").status_code == 200
    assert client.get(ME).status_code == 401


def test_another_users_token_is_not_found(session, make_user, mfa_ru, site_admin):
    """Someone else's token answers 404 like a missing one, even to a site administrator."""
    other = make_user(mfa_ru, "manager", username="lavrov")
    token, _ = api_token_create(actor=other, name="other's")
    assert session.post(f"{TOKENS}/{token.pk}/revoke").status_code == 404
    assert session.post(f"{TOKENS}/999999/revoke").status_code == 404
    admin = Client()
    admin.force_login(site_admin)
    assert admin.post(f"{TOKENS}/{token.pk}/revoke").status_code == 404
    token.refresh_from_db()
    assert token.is_active
