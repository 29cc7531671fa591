"""The page where a user chooses which e-mail notifications they receive."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from collegium.accounts.requests import AuthenticatedHttpRequest
from collegium.notifications.forms import PreferencesForm
from collegium.notifications.models import Moment, NotificationPreferences
from collegium.notifications.selectors import default_language
from collegium.notifications.services import PREFERENCE_FIELDS, preferences_update


def _initial(request: AuthenticatedHttpRequest) -> dict:
    preferences = NotificationPreferences.objects.filter(user=request.user).first()
    if preferences is None:
        # Not chosen yet: every moment on, the e-mails in the interface's language.
        preferences = NotificationPreferences(
            user=request.user, language=default_language(get_language())
        )
    return {name: getattr(preferences, name) for name in PREFERENCE_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show the user's choices (GET) and save them (POST) through ``preferences_update``."""
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, initial=_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            preferences_update(
                actor=request.user,
                user=request.user,
                data=form.cleaned_data,
                interface_language=get_language(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    response = render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "moments": [form[moment] for moment in Moment.values],
            "has_address": bool(request.user.email),
            "reply_due_days": settings.NOTIFY_REPLY_DUE_DAYS,
        },
    )
    if form.is_bound:
        response.status_code = 400
    return response
