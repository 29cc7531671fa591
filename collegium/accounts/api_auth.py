"""API authentication: personal tokens, the browser session (with CSRF), or anonymous.

Three lists for three kinds of operation:

- ``api_auth`` (reads): a token, the session, or anonymous; anonymous callers
  see public records only.
- ``api_auth_required`` (writes and personal data): a token or the session;
  anonymous callers get 401 before anything is looked up.
- ``session_auth_only`` (creating tokens): the signed-in browser session only.

Every cookie-authenticated request passes Django's CSRF check, safe methods
trivially, unsafe ones only with the ``X-CSRFToken`` header; a failed check
answers 403.  Token requests need no CSRF token: a browser never adds an
``Authorization`` header on its own.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from collegium.accounts.models import User
from collegium.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """``Authorization: Bearer clg_…``: a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = api_token_authenticate(token)
        if user is None:
            # A wrong token is an error, not a fall-back to anonymous access.
            raise AuthenticationError(401, "Invalid or revoked API token.")
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Only a session that signs someone in is checked for CSRF: a stale or
        # made-up cookie authenticates nobody, so its caller is anonymous (401
        # on a write), not a forged request (403).
        if not request.COOKIES.get(self.param_name) or not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        if key and request.user.is_authenticated:
            return request.user
        return None


def anonymous_auth(request: HttpRequest) -> AnonymousUser:
    """Let the request through as anonymous; access checks decide what it sees."""
    if request.headers.get("Authorization"):
        raise AuthenticationError(401, "Use 'Authorization: Bearer <token>'.")
    request.user = AnonymousUser()
    return request.user


api_auth = [TokenAuth(), SessionAuth(), anonymous_auth]
api_auth_required = [TokenAuth(), SessionAuth()]
session_auth_only = [SessionAuth()]
