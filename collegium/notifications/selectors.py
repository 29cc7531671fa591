"""Reads: who is told of a moment, and a user's choices."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings

from collegium.accounts.models import Affiliation, User
from collegium.notifications.models import MailLanguage, NotificationPreferences


@dataclass(frozen=True)
class Recipient:
    user: User
    language: str


def preferences_of(user: User) -> NotificationPreferences:
    """Return the user's stored choices, or the defaults (every moment, Russian) unsaved."""
    preferences = NotificationPreferences.objects.filter(user=user).first()
    return preferences or NotificationPreferences(user=user, language=default_language())


def default_language(interface_language: str | None = None) -> str:
    """Return the mail language of a user who has not chosen one: the interface's, else Russian."""
    language = (interface_language or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in MailLanguage.values else MailLanguage.RUSSIAN


def recipients_for(
    *,
    organization_ids: Iterable[int],
    moment: str,
    exclude: User | None = None,
    may_see: Callable[[User], bool] | None = None,
) -> list[Recipient]:
    """Return who is told of ``moment`` on behalf of the organizations, in their mail language.

    The active users with a role (viewer, editor or manager) in one of the
    organizations and an e-mail address, who have not turned the moment off,
    and who may see the record (``may_see``): a notice never names what its
    reader could not open.  ``exclude``: the user who made the move, who knows.
    """
    users = (
        User.objects.filter(
            pk__in=Affiliation.objects.filter(organization_id__in=set(organization_ids)).values(
                "user_id"
            ),
            is_active=True,
        )
        .exclude(email="")
        .select_related("notification_preferences")
        .order_by("pk")
    )
    if exclude is not None and exclude.pk is not None:
        users = users.exclude(pk=exclude.pk)
    recipients = []
    for user in users:
        preferences = getattr(user, "notification_preferences", None)
        if preferences is not None and not preferences.wants(moment):
            continue
        if may_see is not None and not may_see(user):
            continue
        language = preferences.language if preferences is not None else default_language()
        recipients.append(Recipient(user=user, language=language))
    return recipients
