"""Forms of the task pages: a progress report, a move, the interim report's date."""

from django import forms
from django.utils.translation import gettext_lazy as _

from collegium.execution.models import TaskStatus

NUMBER = forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*"})
REPORTED = [
    (TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS.label),
    (TaskStatus.DONE, TaskStatus.DONE.label),
    (TaskStatus.NOT_STARTED, TaskStatus.NOT_STARTED.label),
]


class ProgressReportForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    status = forms.ChoiceField(label=_("Status"), choices=REPORTED)
    percent = forms.IntegerField(label=_("Percent done"), min_value=0, max_value=100, widget=NUMBER)
    narrative_ru = forms.CharField(
        label=_("Narrative (ru)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    narrative_be = forms.CharField(
        label=_("Narrative (be)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    narrative_en = forms.CharField(
        label=_("Narrative (en)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, DOCX, ODT, PNG or JPEG."),
        allow_empty_file=True,  # the service refuses an empty file, naming the rule
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")


class InterimDateForm(forms.Form):
    date = forms.DateField(
        label=_("State on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
