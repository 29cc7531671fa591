"""API authentication: personal tokens, the browser session (with CSRF), or anonymous.

Anonymous callers still reach read endpoints, which show them public records
only; writes then fail with 401 in the services' access checks.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from collegium.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer clg_…``: a personal API token."""

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is None:
            # A wrong token is an error, not a fall-back to anonymous access.
            raise AuthenticationError(401, "Invalid or revoked API token.")
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest):
        if not request.COOKIES.get(self.param_name):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key):
        if key and request.user.is_authenticated:
            return request.user
        return None


def anonymous_auth(request: HttpRequest):
    """Let the request through as anonymous; access checks decide what it sees."""
    if request.headers.get("Authorization"):
        raise AuthenticationError(401, "Use 'Authorization: Bearer <token>'.")
    request.user = AnonymousUser()
    return request.user


api_auth = [TokenAuth(), SessionAuth(), anonymous_auth]
