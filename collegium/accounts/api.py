"""Accounts endpoints: who am I, and my personal API tokens.

Creating a token needs the signed-in browser session (with its CSRF token);
a token cannot mint more tokens.  Were that allowed, a leaked token would let
whoever holds it create fresh tokens that outlive its revocation; tying
creation to an interactive sign-in (password, login throttling) keeps the
owner in control.  Listing and revoking work with a token too: revoking only
ever takes access away.
"""

from django.db.models import QuerySet
from ninja import Router, Status

from collegium.accounts import services
from collegium.accounts.api_auth import api_auth_required, session_auth_only
from collegium.accounts.models import ApiToken, User
from collegium.accounts.requests import AuthenticatedHttpRequest
from collegium.accounts.schemas import (
    ApiTokenCreatedSchema,
    ApiTokenInputSchema,
    ApiTokenSchema,
    UserSchema,
)
from collegium.core.exceptions import NotFound

router = Router(tags=["accounts"], auth=api_auth_required)


def _own_token(user: User, token_id: int) -> ApiToken:
    """Return one of the user's own tokens; another user's token is "not found"."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise NotFound(ApiToken._meta.verbose_name)
    return token


@router.get("/me", response=UserSchema, operation_id="accounts_user_me")
def user_me(request: AuthenticatedHttpRequest) -> User:
    """Return the caller with their organizations and roles."""
    return request.user


@router.get("/tokens", response=list[ApiTokenSchema], operation_id="accounts_token_list")
def token_list(request: AuthenticatedHttpRequest) -> QuerySet[ApiToken]:
    """List the caller's own tokens, revoked ones included, newest first."""
    return ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")


@router.post(
    "/tokens",
    response={201: ApiTokenCreatedSchema},
    auth=session_auth_only,
    operation_id="accounts_token_create",
)
def token_create(request: AuthenticatedHttpRequest, payload: ApiTokenInputSchema) -> Status:
    """Create a personal token; the secret is in this answer only.

    Needs the browser session and its CSRF token; a token cannot create tokens.
    """
    token, secret = services.api_token_create(actor=request.user, name=payload.name)
    return Status(201, {"token": token, "secret": secret})


@router.post(
    "/tokens/{token_id}/revoke",
    response=ApiTokenSchema,
    operation_id="accounts_token_revoke",
)
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> ApiToken:
    """Revoke one of the caller's tokens; it stops working at once.  Revoking twice is harmless."""
    token = _own_token(request.user, token_id)
    return services.api_token_revoke(actor=request.user, token=token)
