"""What every page form that writes through a service shares.

A page form parses the input, the service decides and writes (the API's
service too): ``ServiceForm.submit`` runs it and lays a refusal onto the
form, a ``ValidationError``'s messages next to the fields they name, a
refusal by the policy (403) or by the status machine (409) above the fields,
naming the rule.  Text follows the API's rule (``core.text``): no control
characters but tab and line breaks.
"""

from collections.abc import Callable
from typing import Any

from django import forms

from collegium.core.api.schemas import UNSTORABLE_MESSAGE
from collegium.core.exceptions import PermissionDenied, TransitionError, ValidationError
from collegium.core.text import contains_unstorable


class ServiceForm(forms.Form):
    """A form whose cleaned data one service writes."""

    result: Any = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            if contains_unstorable(value):
                self.add_error(name, str(UNSTORABLE_MESSAGE))
        return cleaned

    def show_refusal(self, exc: ValidationError) -> None:
        """Put a service's ``ValidationError`` on the fields it names, the rest above them."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for name, errors in exc.error_dict.items():
            messages = [message for error in errors for message in error.messages]
            self.add_error(name if name in self.fields else None, messages)

    def submit(self, write: Callable[[dict[str, Any]], Any]) -> bool:
        """Validate, then run ``write(cleaned_data)``; on a refusal show it and return False."""
        if not self.is_valid():
            return False
        try:
            self.result = write(self.cleaned_data)
        except ValidationError as exc:
            self.show_refusal(exc)
        except PermissionDenied as exc:
            self.add_error(None, str(exc))
        except TransitionError as exc:
            self.add_error(None, exc.message)
        else:
            return True
        return False
