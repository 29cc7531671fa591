"""Account pages: sign-in, sign-out and the user's personal API tokens."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from collegium.accounts.forms import ApiTokenCreateForm, LoginForm
from collegium.accounts.models import ApiToken
from collegium.accounts.requests import AuthenticatedHttpRequest
from collegium.accounts.services import api_token_create, api_token_revoke


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _own_tokens(request: AuthenticatedHttpRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")


@login_required
@require_http_methods(["GET"])
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/token_list.html",
        {"form": ApiTokenCreateForm(), "tokens": _own_tokens(request)},
    )


@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a token and show its secret in this one response, which no cache may keep."""
    form = ApiTokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, secret = api_token_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            response = render(
                request, "accounts/token_created.html", {"token": token, "secret": secret}
            )
            add_never_cache_headers(response)
            return response
    response = render(
        request, "accounts/token_list.html", {"form": form, "tokens": _own_tokens(request)}
    )
    response.status_code = 400
    return response


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    """Ask for confirmation (GET), then revoke the token (POST)."""
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    if request.method == "POST":
        if token.is_active:
            api_token_revoke(actor=request.user, token=token)
            messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("accounts:tokens")
    return render(request, "accounts/token_revoke.html", {"token": token})
