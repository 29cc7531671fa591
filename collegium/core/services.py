"""Small helpers shared by the apps' services."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from collegium.core.exceptions import ValidationError


def assign_fields(
    instance: models.Model, data: dict[str, Any], *, managed: Iterable[str] = ()
) -> None:
    """Set ``data`` on ``instance``; a name that is not a settable field is a ValidationError.

    ``managed`` names fields that only the service itself sets (counters, UIDs).
    """
    fields = instance._meta.concrete_fields
    settable = ({f.name for f in fields} | {f.attname for f in fields}) - set(managed)
    unknown = sorted(set(data) - settable)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    for name, value in data.items():
        setattr(instance, name, value)
