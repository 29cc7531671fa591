"""Forms of the arrangement pages: draw up an arrangement, propose an accession.

The forms parse; the services (``arrangements.services``, the API's too)
decide and write.  A select lists only what the user may choose: the owner
among the organizations they edit for, the proposer among those they act for,
parties and bodies among the organizations they see.
"""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms.models import fields_for_model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from collegium.access.rules import AnyUser, editable_owner_ids, filter_visible
from collegium.accounts.models import Affiliation, Role
from collegium.core.exceptions import ValidationError
from collegium.core.forms import ServiceForm
from collegium.events.models import Arrangement, EventKind
from collegium.registry.models import Organization

ARRANGEMENT_FIELDS = (
    "slug",
    "title_ru",
    "title_en",
    "title_be",
    "description",
    "include_deputies",
    "direction",
    "inviting_party",
    "dates_approximate",
    "owner",
    "visibility",
)


def _visible_organizations(user: AnyUser) -> QuerySet[Organization]:
    return filter_visible(Organization.objects.all(), user)


def _choose(form: forms.Form, name: str, queryset: QuerySet[Organization]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrows the type)
    field.queryset = queryset


class _ArrangementFields(ServiceForm):
    scope = forms.MultipleChoiceField(
        label=capfirst(_("event kinds covered")),
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of the parties' events the arrangement covers, e.g. summits."),
    )


def _arrangement_fields() -> dict[str, forms.Field]:
    """Return the model's fields, their labels and limits; ``scope`` (JSON) as check boxes."""
    fields: dict[str, forms.Field] = {}
    for name, field in fields_for_model(Arrangement, ARRANGEMENT_FIELDS).items():
        fields[name] = field
        if name == "description":
            fields["scope"] = _ArrangementFields.declared_fields["scope"]
    return fields


_ArrangementFields.base_fields = _ArrangementFields.declared_fields = _arrangement_fields()


class ArrangementForm(_ArrangementFields):
    """An arrangement's own fields; its parties come in ``PartyFormSet``.

    The slug (its address) is set once, when it is drawn up.
    """

    def __init__(
        self, data: Any = None, *, user: AnyUser, instance: Arrangement | None = None
    ) -> None:
        initial = None
        if instance is not None:
            initial = {name: getattr(instance, name) for name in ARRANGEMENT_FIELDS}
            initial.update(
                scope=instance.scope,
                owner=instance.owner_id,
                inviting_party=instance.inviting_party_id,
            )
        super().__init__(data, initial=initial)
        if instance is not None:
            del self.fields["slug"]
        ids = editable_owner_ids(user)
        owners = Organization.objects.all()
        _choose(self, "owner", owners if ids is None else owners.filter(pk__in=ids))
        _choose(self, "inviting_party", _visible_organizations(user))
        self.party_errors: list[str] = []

    def show_refusal(self, exc: ValidationError) -> None:
        """Show the service's refusal of the parties above their rows."""
        if hasattr(exc, "error_dict") and "parties" in exc.error_dict:
            self.party_errors = [
                message for error in exc.error_dict.pop("parties") for message in error.messages
            ]
            if not exc.error_dict:
                return
        super().show_refusal(exc)


class PartyForm(forms.Form):
    """One party and its executive body (the party itself or one of its bodies)."""

    organization = forms.ModelChoiceField(
        label=_("Party"), queryset=Organization.objects.none(), required=False
    )
    executive_body = forms.ModelChoiceField(
        label=_("Executive body"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "organization", _visible_organizations(user))
        _choose(self, "executive_body", _visible_organizations(user))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("organization")) != bool(cleaned.get("executive_body")):
            raise forms.ValidationError(_("Name both the party and its executive body."))
        return cleaned


class BasePartyFormSet(forms.BaseFormSet):
    def pairs(self) -> list[tuple[Organization, Organization]]:
        """Return the filled rows as (party, executive body) pairs for the service."""
        return [
            (form.cleaned_data["organization"], form.cleaned_data["executive_body"])
            for form in self.forms
            if form.cleaned_data.get("organization")
        ]


PartyFormSet = cast(
    type[BasePartyFormSet],
    forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=2, max_num=30),
)


def proposers_for(user: AnyUser) -> QuerySet[Organization]:
    """Return the organizations in whose name the user proposes: those they act for as editor.

    The rule of ``policy.can_propose_accession`` (``access.acts_for``): a role
    in the organization's secretariat, the site administrator's office aside.
    """
    if user is None or not user.is_authenticated:
        return Organization.objects.none()
    secretariats = Affiliation.objects.filter(user=user, role__in=[Role.EDITOR, Role.MANAGER])
    return Organization.objects.filter(owner_id__in=secretariats.values("organization_id"))


class AccessionForm(ServiceForm):
    """A proposal that an organization joins an arrangement in force."""

    organization = forms.ModelChoiceField(
        label=_("New party"), queryset=Organization.objects.none()
    )
    executive_body = forms.ModelChoiceField(
        label=_("Executive body"), queryset=Organization.objects.none()
    )
    proposed_by = forms.ModelChoiceField(
        label=_("Proposed by"), queryset=Organization.objects.none()
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, data: Any = None, *, user: AnyUser) -> None:
        super().__init__(data)
        _choose(self, "organization", _visible_organizations(user))
        _choose(self, "executive_body", _visible_organizations(user))
        _choose(self, "proposed_by", proposers_for(user))
