"""Notifications endpoints: the caller's choice of e-mail notifications.

Served under ``/api/v1/accounts/me/notifications``, beside the caller's
account; only ever the caller's own choices.
"""

from django.utils.translation import get_language
from ninja import Router

from collegium.accounts.api_auth import api_auth_required
from collegium.accounts.models import User
from collegium.accounts.requests import AuthenticatedHttpRequest
from collegium.notifications import services
from collegium.notifications.models import NotificationPreferences
from collegium.notifications.schemas import (
    NotificationPreferencesPatchSchema,
    NotificationPreferencesSchema,
)
from collegium.notifications.selectors import default_language

router = Router(tags=["notifications"], auth=api_auth_required)


def _answer(user: User, preferences: NotificationPreferences) -> dict:
    return {
        "invitation_sent": preferences.invitation_sent,
        "invitation_answered": preferences.invitation_answered,
        "consent_requested": preferences.consent_requested,
        "reply_due": preferences.reply_due,
        "language": preferences.language,
        "email": user.email,
    }


@router.get(
    "/me/notifications",
    response=NotificationPreferencesSchema,
    operation_id="notifications_preferences_get",
)
def preferences_get(request: AuthenticatedHttpRequest) -> dict:
    """Return the caller's choices; unchosen, the defaults (all on, the request's language)."""
    preferences = NotificationPreferences.objects.filter(user=request.user).first()
    if preferences is None:
        preferences = NotificationPreferences(
            user=request.user, language=default_language(get_language())
        )
    return _answer(request.user, preferences)


@router.patch(
    "/me/notifications",
    response=NotificationPreferencesSchema,
    operation_id="notifications_preferences_update",
)
def preferences_update(
    request: AuthenticatedHttpRequest, payload: NotificationPreferencesPatchSchema
) -> dict:
    """Change the caller's choices; a field left out is kept."""
    data = payload.model_dump(exclude_unset=True)
    preferences = services.preferences_update(
        actor=request.user, user=request.user, data=data, interface_language=get_language()
    )
    return _answer(request.user, preferences)
