"""Login throttling: 10 failures for one account from one address within 15 minutes lock
that account from that address only; 50 from one address lock the address; all is logged."""

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


ATTACKER = "192.0.2.7"
OWNER = "198.51.100.20"


def _login(username="ryzhenkov", password=PASSWORD, address=ATTACKER, **headers):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=address, headers=headers)
    return authenticate(request, username=username, password=password)


def _fail(times: int, username: str = "ryzhenkov", address: str = ATTACKER) -> None:
    for _ in range(times):
        assert _login(username, "wrong", address) is None


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


def test_lock_holds_only_for_the_address_that_failed(user):
    """Ten wrong passwords from one address do not lock the owner out from another."""
    _fail(10)
    assert _login() is None
    assert _login(address=OWNER) == user


def test_the_administrators_account_stays_usable(site_admin, settings):
    """Whoever guesses at the administrator's account locks only their own address out."""
    _fail(settings.LOGIN_FAILURE_LIMIT, username="root")
    assert _login("root", "x", ATTACKER) is None
    assert _login("root", "wrong", OWNER) is None  # a wrong password is still wrong
    assert _login("root", "x", OWNER) == site_admin


def test_an_address_failing_across_accounts_is_locked(user, settings):
    """Fifty failures from one address over many accounts refuse it; other addresses sign in."""
    assert settings.LOGIN_FAILURE_ADDRESS_LIMIT == 50
    for n in range(50):
        _fail(1, username=f"guess-{n}")
    assert _login() is None
    assert _login(address=OWNER) == user


def test_forwarded_address_is_used_only_when_trusted(user, settings):
    """Behind a proxy the client's address comes from the last X-Forwarded-For entry."""
    proxy = "127.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    for _ in range(10):
        assert (
            _login("ryzhenkov", "wrong", proxy, x_forwarded_for=f"203.0.113.9, {ATTACKER}") is None
        )
    assert LoginFailure.objects.filter(ip_address=ATTACKER).count() == 10
    assert _login(address=proxy, x_forwarded_for=f"{ATTACKER}") is None
    assert _login(address=proxy, x_forwarded_for=f"{ATTACKER}, {OWNER}") == user
    settings.TRUST_X_FORWARDED_FOR = False
    assert _login(address=OWNER, x_forwarded_for=ATTACKER) == user


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


def test_each_lockout_is_logged_once_when_it_starts(user, caplog):
    """The tenth failure logs the lockout, naming the account and the address; refusals follow."""
    with caplog.at_level(logging.WARNING, logger="collegium.security"):
        _fail(9)
        assert not [r for r in caplog.records if "LOCKED" in r.getMessage()]
        _fail(3)
    locked = [r.getMessage() for r in caplog.records if "LOCKED" in r.getMessage()]
    assert locked == [
        "login LOCKED for ryzhenkov from 192.0.2.7: 10 failures within 15 minutes; "
        "other addresses may still sign in"
    ]
    refused = [r.getMessage() for r in caplog.records if r.getMessage().startswith("login refused")]
    assert refused == ["login refused for ryzhenkov from 192.0.2.7: account locked"] * 2


def test_an_address_lockout_is_logged(db, caplog):
    """The fiftieth failure from one address logs that every account is refused from it."""
    with caplog.at_level(logging.WARNING, logger="collegium.security"):
        for n in range(50):
            _fail(1, username=f"guess-{n}")
    locked = [r.getMessage() for r in caplog.records if "LOCKED" in r.getMessage()]
    assert locked == [
        "login LOCKED for every account from 192.0.2.7: 50 failures within 15 minutes"
    ]


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
