"""The meeting page's forms: they parse what the page sends; the services check and write."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.access.rules import AnyUser, filter_visible
from collegium.core.exceptions import NotFound
from collegium.core.forms import ServiceForm
from collegium.decisions.models import Document
from collegium.events.models import Event
from collegium.meetings.models import MAX_DURATION_MINUTES
from collegium.meetings.selectors import attachable_documents
from collegium.registry.access import access_person_by_slug
from collegium.registry.models import Person, Post


def presenter_posts(user: AnyUser, meeting: Event) -> Any:
    """Return the posts of the meeting's organizers and their parent ministries, by title."""
    ids: set[int] = set()
    for organizer in meeting.organizers.all():
        ids.add(organizer.pk)
        if organizer.parent_id is not None:
            ids.add(organizer.parent_id)
    return (
        filter_visible(Post.objects.filter(organization_id__in=ids), user)
        .select_related("organization")
        .order_by("organization_id", "label_ru", "pk")
    )


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Post) -> str:
        return f"{obj.label} — {obj.organization.name}"


class PersonSlugField(forms.SlugField):
    """A person named by their identifier (``sergey-lavrov``), resolved among those visible."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", gettext_lazy("The person's identifier, e.g. sergey-lavrov."))
        super().__init__(*args, **kwargs)


def _person(user: AnyUser, slug: str, label: str) -> Person | None:
    if not slug:
        return None
    try:
        return access_person_by_slug(user, slug)
    except NotFound as exc:
        raise forms.ValidationError(
            _("%(field)s: no person with the identifier “%(key)s”.") % {"field": label, "key": slug}
        ) from exc


class AgendaItemForm(ServiceForm):
    title_ru = forms.CharField(label=gettext_lazy("Title (ru)"), max_length=500)
    title_en = forms.CharField(label=gettext_lazy("Title (en)"), max_length=500, required=False)
    title_be = forms.CharField(label=gettext_lazy("Title (be)"), max_length=500, required=False)
    presenter_post = PostChoiceField(
        label=gettext_lazy("Presenter: post"),
        queryset=Post.objects.none(),
        to_field_name="slug",
        required=False,
        help_text=gettext_lazy("Its holder on the meeting's date presents the item."),
    )
    presenter_person = PersonSlugField(
        label=gettext_lazy("Presenter: person"), max_length=120, required=False
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration, minutes"),
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        required=False,
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, user: AnyUser, meeting: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = cast(forms.ModelChoiceField, self.fields["presenter_post"])
        field.queryset = presenter_posts(user, meeting)

    def clean_presenter_person(self) -> Person | None:
        return _person(self.user, self.cleaned_data.get("presenter_person", ""), _("Presenter"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("presenter_post") and cleaned.get("presenter_person"):
            message = _("Presenter: give a post or a person, not both.")
            self.add_error("presenter_post", message)
            self.add_error("presenter_person", message)
        return cleaned

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Document) -> str:
        return f"{obj.title} ({obj.get_kind_display()}, {obj.get_status_display()})"


class AgendaDocumentForm(forms.Form):
    """A document to attach to an agenda item, among those the item may carry."""

    document = DocumentChoiceField(
        label=gettext_lazy("Document"),
        queryset=Document.objects.none(),
        to_field_name="slug",
        error_messages={
            "required": gettext_lazy("Document: choose a document to attach."),
            "invalid_choice": gettext_lazy(
                "Document: choose one of the documents offered (the meeting's own or its "
                "organizers')."
            ),
        },
    )

    def __init__(self, *args: Any, user: AnyUser, meeting: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["document"])
        field.queryset = attachable_documents(meeting, user=user)


class MemberForm(ServiceForm):
    person = PersonSlugField(label=gettext_lazy("Person"), max_length=120)
    role_ru = forms.CharField(
        label=gettext_lazy("Role in the delegation (ru)"), max_length=300, required=False
    )
    role_en = forms.CharField(
        label=gettext_lazy("Role in the delegation (en)"), max_length=300, required=False
    )
    role_be = forms.CharField(
        label=gettext_lazy("Role in the delegation (be)"), max_length=300, required=False
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_person(self) -> Person | None:
        return _person(self.user, self.cleaned_data.get("person", ""), _("Person"))


class MemberRoleForm(MemberForm):
    """A member's role: the person stays."""

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        del self.fields["person"]


class PositionForm(forms.Form):
    position = forms.IntegerField(label=gettext_lazy("Position"), min_value=1)
