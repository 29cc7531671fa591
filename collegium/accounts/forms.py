"""Forms of the account pages: sign-in and personal API tokens."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class LoginForm(AuthenticationForm):
    """The sign-in form; says so plainly when throttling has locked the account."""

    def get_invalid_login_error(self) -> ValidationError:
        if getattr(self.request, "collegium_login_locked", False):
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            return ValidationError(
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute.",
                    "Too many failed attempts. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        return super().get_invalid_login_error()


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        strip=True,
        help_text=_("What uses the token, e.g. “press monitoring script”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
