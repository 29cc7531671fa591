"""Model backend with per-account login throttling."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from collegium.accounts.models import LoginFailure, User

logger = logging.getLogger("collegium.security")


def recent_failures(username: str) -> int:
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(username__iexact=username, at__gte=since).count()


def is_locked(username: str) -> bool:
    return recent_failures(username) >= settings.LOGIN_FAILURE_LIMIT


class ThrottledModelBackend(ModelBackend):
    """Refuse every password for an account with too many recent failures."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if username and is_locked(username):
            logger.warning("login refused for locked account %s", username)
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
