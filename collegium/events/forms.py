"""What the events pages' forms share: service errors on fields, the owner and visibility.

The forms only parse what a page sends; the room's service (the API's)
checks and writes.  ``save_through`` calls it and turns its refusals into
what the page shows: a ``ValidationError`` next to the fields it names, a
refusal by the status machine (409) as a message naming the rule; a refusal
by the policy stays a 403.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from collegium.access import rules as access
from collegium.access.rules import AnyUser, filter_visible
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.i18n import active_content_language
from collegium.core.models import Visibility
from collegium.registry.models import Organization


def add_service_errors(
    form: forms.BaseForm, exc: ValidationError, *, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's ``ValidationError`` on the form: each message next to its field.

    ``aliases`` maps the service's field names to the form's where they differ.
    A message for a field the form does not show (or for none) goes to the
    form's own errors, shown above the fields.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, texts in exc.message_dict.items():
        name = (aliases or {}).get(field, field.removesuffix("_id"))
        form.add_error(name if name in form.fields else None, texts)


def organizations_by_name(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """Return the organizations in the order of their names in the active language."""
    language = active_content_language()
    return organizations.order_by(
        Coalesce(NullIf(f"name_{language}", Value("")), "name_ru").asc(), "pk"
    )


def editable_organizations(user: AnyUser) -> QuerySet[Organization]:
    """Return the organizations whose records the user may edit (a site administrator: all)."""
    owner_ids = access.editable_owner_ids(user)
    organizations = filter_visible(Organization.objects.all(), user)
    if owner_ids is not None:
        organizations = organizations.filter(pk__in=owner_ids)
    return organizations_by_name(organizations)


def save_through(
    request: HttpRequest,
    form: forms.BaseForm | None,
    write: Callable[[], object],
    *,
    aliases: dict[str, str] | None = None,
) -> bool:
    """Call ``write`` (one service call); return whether it wrote.

    A ``ValidationError`` goes onto ``form`` (without a form, into a message);
    a refusal by the status machine becomes an error message naming the rule.
    A refusal by the policy is a 403, as in the API: the page offers a form
    only where the policy allows it, so only a forged or stale request meets it.
    """
    try:
        write()
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
        else:
            add_service_errors(form, exc, aliases=aliases)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        return True
    return False


def owner_field(help_text) -> forms.ModelChoiceField:
    """Return the owner field: one of the organizations the user edits for (set per form)."""
    return forms.ModelChoiceField(
        label=gettext_lazy("Owner"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        help_text=help_text,
    )


def visibility_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext_lazy("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
