"""Login throttling: 10 failures for one account within 15 minutes lock it, and are logged."""

import datetime as dt
import logging

import pytest
from django.contrib.auth import authenticate
from django.db.models import F
from django.test import Client, RequestFactory

from collegium.accounts.models import LoginFailure

PASSWORD = "correct horse battery staple"


@pytest.fixture
def user(site_admin):
    from collegium.accounts.services import user_create

    return user_create(actor=site_admin, username="ryzhenkov", password=PASSWORD)


def _login(username="ryzhenkov", password=PASSWORD):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="192.0.2.7")
    return authenticate(request, username=username, password=password)


def _fail(times: int, username: str = "ryzhenkov") -> None:
    for _ in range(times):
        assert _login(username, "wrong") is None


def _age_failures(minutes: int) -> None:
    """Move every recorded failure ``minutes`` into the past (login failures are not audited)."""
    LoginFailure.objects.update(at=F("at") - dt.timedelta(minutes=minutes))


def test_nine_failures_do_not_lock(user):
    """Nine failures leave the account open."""
    _fail(9)
    assert _login() == user


def test_ten_failures_lock_even_the_right_password(user, settings):
    """After 10 failures within the window the right password fails too."""
    assert settings.LOGIN_FAILURE_LIMIT == 10
    assert settings.LOGIN_FAILURE_WINDOW_SECONDS == 15 * 60
    _fail(10)
    assert _login() is None


def test_lock_holds_within_the_window(user):
    """Failures 14 minutes old still count."""
    _fail(10)
    _age_failures(14)
    assert _login() is None


def test_lock_lifts_after_the_window(user):
    """Once the failures are older than 15 minutes the right password works again."""
    _fail(10)
    _age_failures(16)
    assert _login() == user


def test_lock_is_per_account(user, site_admin):
    """Failures on one account do not lock another."""
    from collegium.accounts.services import user_create

    other = user_create(actor=site_admin, username="aleinik", password=PASSWORD)
    _fail(10)
    assert _login("aleinik") == other


def test_usernames_are_counted_case_insensitively(user):
    """Varying the case of the username does not buy more guesses."""
    for name in ["RYZHENKOV", "Ryzhenkov"] * 5:
        assert _login(name, "wrong") is None
    assert _login() is None


def test_failures_and_refusals_are_logged(user, caplog):
    """Each failure is logged to ``collegium.security`` with the source address; so is a refusal."""
    with caplog.at_level(logging.WARNING, logger="collegium.security"):
        _fail(10)
        _login()
    records = [r for r in caplog.records if r.name == "collegium.security"]
    failed = [r for r in records if r.getMessage().startswith("login failed for ryzhenkov")]
    assert len(failed) >= 10
    assert all("192.0.2.7" in r.getMessage() for r in failed)
    assert any("locked" in r.getMessage() for r in records)
    assert LoginFailure.objects.filter(username="ryzhenkov", ip_address="192.0.2.7").count() >= 10


def test_login_page_locks_after_ten_failures(user):
    """Through the sign-in page: 10 wrong passwords, then the right one is refused too."""
    client = Client()
    for _ in range(10):
        response = client.post("/accounts/login/", {"username": "ryzhenkov", "password": "x"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "ryzhenkov", "password": PASSWORD})
    assert response.status_code == 200  # the form again, not a redirect
    assert "_auth_user_id" not in client.session
    errors = response.context["form"].non_field_errors().as_data()
    assert [error.code for error in errors] == ["locked"]

    _age_failures(16)
    response = client.post("/accounts/login/", {"username": "ryzhenkov", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
