"""Invitation forms: an ad hoc invitation to an event, the correction of an answer.

They parse what the page sends; ``invitations.services`` (the API's) checks
and writes.
"""

from django import forms
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy

from collegium.access.rules import AnyUser
from collegium.core.i18n import active_content_language
from collegium.events.calendar.forms import PlainSelect
from collegium.events.models import InvitationStatus
from collegium.registry.models import Post
from collegium.registry.selectors import post_list_visible_to


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Post) -> str:
        return f"{obj.organization} — {obj.label}"


class AdHocInvitationForm(forms.Form):
    """The post whose holder the event's owner invites outside any arrangement."""

    post = PostChoiceField(
        label=gettext_lazy("Invited post"),
        queryset=Post.objects.none(),
        to_field_name="slug",
        widget=PlainSelect,
        help_text=gettext_lazy(
            "The invitation goes to the holder of the post on the event's first day."
        ),
    )

    def __init__(self, *args, user: AnyUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        language = active_content_language()
        self.fields["post"].queryset = post_list_visible_to(user=user).order_by(  # type: ignore[attr-defined]
            Coalesce(NullIf(f"organization__name_{language}", Value("")), "organization__name_ru"),
            "-is_head",
            Coalesce(NullIf(f"label_{language}", Value("")), "label_ru"),
            "pk",
        )


class AnswerCorrectionForm(forms.Form):
    """The corrected answer, and whether the organizer records it on the invitee's behalf."""

    status = forms.ChoiceField(
        choices=[
            (InvitationStatus.ACCEPTED, InvitationStatus.ACCEPTED.label),
            (InvitationStatus.DECLINED, InvitationStatus.DECLINED.label),
        ]
    )
    on_behalf = forms.BooleanField(required=False)
