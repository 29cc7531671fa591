"""Schemas of the notifications API: the caller's choice of e-mail notifications."""

from typing import TYPE_CHECKING

from ninja import Field, Schema

from collegium.core.api.schemas import InputBase, patch_schema
from collegium.notifications.models import MailLanguage


class NotificationPreferencesSchema(Schema):
    """Which moments the caller is told of by e-mail, and in which language."""

    invitation_sent: bool = Field(description="An invitation sent to my organization.")
    invitation_answered: bool = Field(description="An answer to my organization's invitation.")
    consent_requested: bool = Field(description="My organization's consent requested.")
    reply_due: bool = Field(
        description="The reply date of an invitation to my organization near "
        "(NOTIFY_REPLY_DUE_DAYS days before it, once per invitation)."
    )
    language: MailLanguage = Field(description="The language of the e-mails.")
    email: str = Field(description="Where the e-mails go (empty: none is sent).")


class NotificationPreferencesInputSchema(InputBase):
    invitation_sent: bool
    invitation_answered: bool
    consent_requested: bool
    reply_due: bool
    language: MailLanguage


# Built at run time; to the type checker, a request body read through model_dump().
if TYPE_CHECKING:

    class NotificationPreferencesPatchSchema(InputBase): ...
else:
    NotificationPreferencesPatchSchema = patch_schema(
        NotificationPreferencesInputSchema,
        "NotificationPreferencesPatchSchema",
        "The choices to change; a field left out is kept.",
    )
