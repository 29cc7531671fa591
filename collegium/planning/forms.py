"""The plan page's forms: a consultation request and a manual blackout.

They parse what the page sends; ``planning.services`` checks and writes.  The choices of
parties are the plan's, of lead posts those of the parties (and their departments).
"""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy

from collegium.planning.models import ConsultationPlan, ConsultationRequest, Level
from collegium.registry.models import Organization, Post


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


REQUEST_FIELDS = (
    "code",
    "topic_ru",
    "topic_en",
    "topic_be",
    "level",
    "party_a",
    "department_a",
    "lead_a",
    "party_b",
    "department_b",
    "lead_b",
    "days",
    "window_start",
    "window_end",
    "host",
    "previous_host",
    "min_gap_days",
    "topic_key",
    "pinned",
)


class RequestForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=40)
    topic_ru = forms.CharField(label=gettext_lazy("Topic (ru)"), max_length=400)
    topic_en = forms.CharField(label=gettext_lazy("Topic (en)"), max_length=400, required=False)
    topic_be = forms.CharField(label=gettext_lazy("Topic (be)"), max_length=400, required=False)
    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=Level.choices)
    party_a = forms.ModelChoiceField(
        label=gettext_lazy("First party"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
    )
    department_a = forms.CharField(
        label=gettext_lazy("Department of the first party"), max_length=300, required=False
    )
    lead_a = forms.ModelChoiceField(
        label=gettext_lazy("Lead of the first party"),
        queryset=Post.objects.none(),
        to_field_name="slug",
        required=False,
    )
    party_b = forms.ModelChoiceField(
        label=gettext_lazy("Second party"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
    )
    department_b = forms.CharField(
        label=gettext_lazy("Department of the second party"), max_length=300, required=False
    )
    lead_b = forms.ModelChoiceField(
        label=gettext_lazy("Lead of the second party"),
        queryset=Post.objects.none(),
        to_field_name="slug",
        required=False,
    )
    days = forms.IntegerField(label=gettext_lazy("Working days"), min_value=1, max_value=60)
    window_start = forms.DateField(
        label=gettext_lazy("Window from"), widget=_date_input(), required=False
    )
    window_end = forms.DateField(
        label=gettext_lazy("Window to"), widget=_date_input(), required=False
    )
    host = forms.ModelChoiceField(
        label=gettext_lazy("Host"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("alternate"),
    )
    previous_host = forms.ModelChoiceField(
        label=gettext_lazy("Host of the previous round"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        required=False,
    )
    min_gap_days = forms.IntegerField(
        label=gettext_lazy("Minimum gap (days)"), min_value=0, max_value=366, initial=0
    )
    topic_key = forms.SlugField(label=gettext_lazy("Topic key"), max_length=80, required=False)
    pinned = forms.DateField(
        label=gettext_lazy("Pinned date"), widget=_date_input(), required=False
    )

    def __init__(
        self, *args, plan: ConsultationPlan, request: ConsultationRequest | None = None, **kwargs
    ) -> None:
        if request is not None:
            initial = {name: getattr(request, name) for name in REQUEST_FIELDS}
            for name in ("party_a", "party_b", "lead_a", "lead_b", "host", "previous_host"):
                value = getattr(request, name)
                initial[name] = value.slug if value is not None else None
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        parties = plan.parties.all()
        for name in ("party_a", "party_b", "host", "previous_host"):
            self.fields[name].queryset = parties  # type: ignore[attr-defined]
        ids = [p.pk for p in parties]
        posts = Post.objects.filter(
            Q(organization__in=ids) | Q(organization__parent__in=ids)
        ).order_by("organization__slug", "slug")
        for name in ("lead_a", "lead_b"):
            self.fields[name].queryset = posts  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("topic_en", "topic_be", "department_a", "department_b", "topic_key"):
            data[name] = data.get(name) or ""
        return data


class BlackoutForm(forms.Form):
    post = forms.ModelChoiceField(
        label=gettext_lazy("Official (post)"),
        queryset=Post.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("every lead official"),
    )
    start_date = forms.DateField(label=gettext_lazy("From"), widget=_date_input())
    end_date = forms.DateField(label=gettext_lazy("To"), widget=_date_input())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)

    def __init__(self, *args, plan: ConsultationPlan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in plan.parties.all()]
        self.fields["post"].queryset = Post.objects.filter(  # type: ignore[attr-defined]
            Q(organization__in=ids) | Q(organization__parent__in=ids)
        ).order_by("slug")

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["reason"] = data.get("reason") or ""
        return data
