"""Forms of the registry pages: create and edit states, organizations, posts, persons,
tenures and memberships.

Each form parses the input for its service (``registry.services``), which
decides and writes; the fields, their labels and limits come from the model.
A select lists only what the user may choose: the owner among the
organizations they edit for, the organization a fact is about among those
they speak for, references among the records they see.
"""

from typing import Any, ClassVar

from django import forms
from django.db import models
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from collegium.access.rules import AnyUser, editable_owner_ids, filter_visible
from collegium.core.forms import ServiceForm
from collegium.registry import policy
from collegium.registry.models import Membership, Organization, Person, Post, State, Tenure

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordForm(ServiceForm):
    """A registry record's form; ``create_only`` fields (its key) are not edited afterwards."""

    model: ClassVar[type[models.Model]]
    create_only: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        data: Any = None,
        *,
        user: AnyUser,
        instance: models.Model | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        if instance is not None:
            initial = {**model_to_dict(instance, fields=list(self.base_fields)), **(initial or {})}
        super().__init__(data, initial=initial)
        self.user, self.instance = user, instance
        if instance is not None:
            for name in self.create_only:
                del self.fields[name]
        self._choose("owner", policy.owners_for(user))
        self.restrict(user)

    def restrict(self, user: AnyUser) -> None:
        """Narrow the other selects to what ``user`` may choose."""

    def _choose(self, name: str, queryset: models.QuerySet[Any]) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrows the type)
        field.queryset = queryset
        return field


def _widgets(
    model: type[models.Model], names: tuple[str, ...]
) -> dict[str, type[forms.Widget] | forms.Widget]:
    widgets: dict[str, type[forms.Widget] | forms.Widget] = {}
    for name in names:
        if isinstance(model._meta.get_field(name), models.DateField):
            widgets[name] = DATE_WIDGET
    return widgets


def _record_form[F: RecordForm](
    base: type[F], model: type[models.Model], names: tuple[str, ...], **attrs: Any
) -> type[F]:
    """Return ``base`` with the model's fields ``names``, then ``owner`` and ``visibility``."""
    names = (*names, "owner", "visibility")
    fields = fields_for_model(model, fields=names, widgets=_widgets(model, names))
    return type(f"{model.__name__}Form", (base,), {**fields, "model": model, **attrs})


def _visible[M: models.Model](model: type[M], user: AnyUser) -> models.QuerySet[M]:
    return filter_visible(model._default_manager.all(), user)


StateForm = _record_form(
    RecordForm, State, ("code", "name_ru", "name_en", "name_be"), create_only=("code",)
)


class _OrganizationForm(RecordForm):
    def restrict(self, user: AnyUser) -> None:
        self._choose("parent", policy.spoken_for(user))
        self._choose("seat_state", _visible(State, user))
        owner = self.fields["owner"]
        if self.instance is None and editable_owner_ids(user) is None:
            # A site administrator may leave it empty: a new secretariat owns its own record.
            owner.help_text = _("Empty: the new organization owns its own record.")
        else:
            owner.required = True


OrganizationForm = _record_form(
    _OrganizationForm,
    Organization,
    (
        "slug",
        "kind",
        "parent",
        "name_ru",
        "name_en",
        "name_be",
        "acronym_ru",
        "acronym_en",
        "acronym_be",
        "seat_state",
        "seat_city_ru",
        "seat_city_en",
        "seat_city_be",
        "founding_date",
        "dissolution_date",
    ),
    create_only=("slug",),
)


class _PostForm(RecordForm):
    def restrict(self, user: AnyUser) -> None:
        self._choose("organization", policy.spoken_for(user))


PostForm = _record_form(
    _PostForm,
    Post,
    (
        "slug",
        "organization",
        "label_ru",
        "label_en",
        "label_be",
        "is_head",
        "label_ru_dative",
        "letter_label_ru",
        "letter_label_en",
        "address_title_ru",
        "address_title_en",
    ),
    create_only=("slug",),
)


PersonForm = _record_form(
    RecordForm,
    Person,
    (
        "slug",
        "name_ru",
        "name_en",
        "name_be",
        "birth_date",
        "gender",
        "honorific_prefix",
        "name_ru_dative",
        "name_ru_short",
    ),
    create_only=("slug",),
)


class PostChoiceField(forms.ModelChoiceField):
    """A post named with its organization: many organizations have a "Secretary General"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} — {obj.organization}"


class _TenureForm(RecordForm):
    def restrict(self, user: AnyUser) -> None:
        self._choose("person", _visible(Person, user))
        self.fields["post"] = PostChoiceField(
            queryset=Post.objects.filter(organization__in=policy.spoken_for(user)).select_related(
                "organization"
            ),
            label=self.fields["post"].label,
        )


TenureForm = _record_form(
    _TenureForm,
    Tenure,
    ("person", "post", "start_date", "end_date", "dates_approximate", "acting", "note"),
)


class _MembershipForm(RecordForm):
    def restrict(self, user: AnyUser) -> None:
        self._choose("organization", policy.spoken_for(user))
        self._choose("member_state", _visible(State, user))
        self._choose("member_organization", _visible(Organization, user))


MembershipForm = _record_form(
    _MembershipForm,
    Membership,
    (
        "organization",
        "member_state",
        "member_organization",
        "role",
        "status",
        "start_date",
        "end_date",
        "dates_approximate",
        "note",
    ),
)
