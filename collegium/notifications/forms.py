"""The form of the notification preferences page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.notifications.models import MailLanguage, Moment


class PreferencesForm(forms.Form):
    invitation_sent = forms.BooleanField(label=Moment.INVITATION_SENT.label, required=False)
    invitation_answered = forms.BooleanField(label=Moment.INVITATION_ANSWERED.label, required=False)
    consent_requested = forms.BooleanField(label=Moment.CONSENT_REQUESTED.label, required=False)
    reply_due = forms.BooleanField(label=Moment.REPLY_DUE.label, required=False)
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=MailLanguage.choices)
