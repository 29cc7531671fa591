"""Model backend with login throttling per account and source address.

Failures are counted per pair of account name and address: ten wrong
passwords for an account from one address refuse that account from that
address for the window, while its owner still signs in from anywhere else
(counting per account alone let anyone lock any account, the administrator's
included).  An address that fails often, whatever the accounts it tries, is
refused as a whole.
"""

import datetime as dt
import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from collegium.accounts.models import LoginFailure, User

logger = logging.getLogger("collegium.security")


def client_address(request: HttpRequest | None) -> str | None:
    """Return the address the request came from (see ``settings.TRUST_X_FORWARDED_FOR``)."""
    if request is None:
        return None
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rpartition(",")[2].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass  # no header, or not an address: the proxy's own address is what is known
    return request.META.get("REMOTE_ADDR") or None


def _recent() -> models.QuerySet[LoginFailure]:
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(at__gte=since)


def recent_failures(username: str, address: str | None) -> int:
    """Return the failures of ``username`` from ``address`` within the window."""
    return _recent().filter(username__iexact=username, ip_address=address).count()


def recent_address_failures(address: str | None) -> int:
    """Return the failures from ``address`` within the window, whatever the account."""
    return _recent().filter(ip_address=address).count()


def lock_reason(username: str, address: str | None) -> str | None:
    """Return why ``username`` is refused from ``address`` ("account" or "address"), or None."""
    if recent_failures(username, address) >= settings.LOGIN_FAILURE_LIMIT:
        return "account"
    if recent_address_failures(address) >= settings.LOGIN_FAILURE_ADDRESS_LIMIT:
        return "address"
    return None


class ThrottledModelBackend(ModelBackend):
    """Refuse every password for an account from an address with too many recent failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if username:
            address = client_address(request)
            reason = lock_reason(username, address)
            if reason is not None:
                logger.warning("login refused for %s from %s: %s locked", username, address, reason)
                if request is not None:
                    request.collegium_login_locked = True
                return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: int) -> User | None:
        """Load the session's user through the version-keyed read cache."""
        from collegium.core.cache import cached_user

        return cached_user(user_id, lambda: super(ThrottledModelBackend, self).get_user(user_id))

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD
