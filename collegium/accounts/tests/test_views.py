"""The account pages: sign-in (with throttling), sign-out and personal API tokens."""

import pytest
from django.urls import reverse
from django.utils import timezone

from collegium.accounts.models import ApiToken, LoginFailure
from collegium.accounts.services import api_token_authenticate, api_token_create
from collegium.core.models import AuditRecord


@pytest.fixture
def en_client(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def alice(make_user):
    return make_user(username="alice")


def test_login_page_renders(en_client, db):
    """The sign-in page has the form and its CSRF token."""
    response = en_client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'name="username"' in response.text
    assert "csrfmiddlewaretoken" in response.text


def test_login_and_logout(en_client, alice):
    """A right password signs in; sign-out takes a POST and ends the session."""
    response = en_client.post(reverse("accounts:login"), {"username": "alice", "password": "x"})
    assert response.status_code == 302
    assert en_client.get(reverse("home")).context["user"] == alice
    assert en_client.get(reverse("accounts:logout")).status_code == 405
    assert en_client.post(reverse("accounts:logout")).status_code == 302
    assert not en_client.get(reverse("home")).context["user"].is_authenticated


def test_wrong_password_is_refused(en_client, alice):
    """A wrong password shows the usual error and is recorded."""
    response = en_client.post(reverse("accounts:login"), {"username": "alice", "password": "no"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert LoginFailure.objects.filter(username="alice").count() == 1


def test_locked_account_is_told_so(en_client, alice, settings):
    """After too many failures even the right password is refused, with a clear message."""
    now = timezone.now()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        LoginFailure.objects.create(username="alice", at=now, ip_address="127.0.0.1")
    response = en_client.post(reverse("accounts:login"), {"username": "alice", "password": "x"})
    assert response.status_code == 200
    assert "Too many failed attempts. Try again in 15 minutes." in response.text
    assert not response.context["user"].is_authenticated


def test_signed_in_user_is_sent_on_from_login(client, alice):
    """A signed-in user who opens the sign-in page goes to the home page."""
    client.force_login(alice)
    assert client.get(reverse("accounts:login")).status_code == 302


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "accounts:tokens", []),
        ("post", "accounts:token-create", []),
        ("get", "accounts:token-revoke", [1]),
    ],
)
def test_token_pages_need_sign_in(client, db, method, name, args):
    """The token pages send anonymous visitors to the sign-in page."""
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_create_token_shows_the_secret_once(en_client, alice):
    """The secret appears on the creation page only, which no cache keeps."""
    en_client.force_login(alice)
    response = en_client.post(reverse("accounts:token-create"), {"name": "monitoring script"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret in response.text
    assert "no-store" in response.headers["Cache-Control"]
    assert api_token_authenticate(secret) == alice
    listing = en_client.get(reverse("accounts:tokens"))
    assert "monitoring script" in listing.text
    assert secret not in listing.text
    token = ApiToken.objects.get(user=alice)
    assert f"clg_{token.prefix}_" in listing.text
    assert AuditRecord.objects.filter(action="api_token.create", actor="alice").exists()


def test_create_token_needs_a_name(en_client, alice):
    """An empty name is refused with a field error and nothing is created."""
    en_client.force_login(alice)
    response = en_client.post(reverse("accounts:token-create"), {"name": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_token_list_shows_only_own_tokens(en_client, alice, make_user):
    """Each user lists their own tokens only."""
    api_token_create(actor=make_user(username="bob"), name="bob's script")
    api_token_create(actor=alice, name="alice's script")
    en_client.force_login(alice)
    body = en_client.get(reverse("accounts:tokens")).text
    assert "alice&#x27;s script" in body
    assert "bob&#x27;s script" not in body


def test_revoke_asks_then_revokes(en_client, alice):
    """Revoking shows a confirmation first; the POST revokes and the token stops working."""
    token, secret = api_token_create(actor=alice, name="old script")
    en_client.force_login(alice)
    url = reverse("accounts:token-revoke", args=[token.pk])
    confirm = en_client.get(url)
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.text
    token.refresh_from_db()
    assert token.revoked_at is None
    response = en_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:tokens")
    assert "is revoked" in response.text
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(secret) is None


def test_cannot_revoke_someone_elses_token(en_client, alice, make_user):
    """Another user's token answers 404 and stays active."""
    token, _secret = api_token_create(actor=make_user(username="bob"), name="bob's")
    en_client.force_login(alice)
    url = reverse("accounts:token-revoke", args=[token.pk])
    assert en_client.get(url).status_code == 404
    assert en_client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
