"""The accounts' part of the permission matrix (``collegium.testing.permissions``).

The caller's own account: who they are and their API tokens.  Anonymous
callers get 401; everyone else may, but another user's token (a site
administrator's too) answers 404 like a missing one.
"""

from collegium.accounts.services import api_token_create
from collegium.testing.forms import PageForm
from collegium.testing.permissions import (
    ALL_ENTITIES,
    ANONYMOUS,
    ANY,
    ANYONE,
    AUDITED,
    EDITOR,
    FOREIGN,
    NO_OBJECT,
    OK,
    OWN,
    VIEWER,
    Operation,
)

ME, TOKEN_LIST, TOKEN_CREATE, TOKEN_REVOKE = "me", "token-list", "token-create", "token-revoke"
ACCOUNT = frozenset({ME, TOKEN_LIST, TOKEN_CREATE, TOKEN_REVOKE})
TOKEN_OBJECTS = (OWN, FOREIGN)  # the caller's own token, another user's token

ACTIONS = {
    ME: frozenset(),
    TOKEN_LIST: frozenset(),
    TOKEN_CREATE: frozenset({AUDITED}),
    TOKEN_REVOKE: frozenset({AUDITED}),
}

# fmt: off
RULES = [
    # actions          roles         objects       entities      outcome
    (ACCOUNT,          {ANONYMOUS},  ANY,          ALL_ENTITIES, 401),
    ({TOKEN_REVOKE},   ANYONE,       {FOREIGN},    ALL_ENTITIES, 404),  # others' tokens, admins' too
    (ACCOUNT,          ANYONE,       ANY,          ALL_ENTITIES, OK),
]
# fmt: on


def _token_id(world, role: str, obj: str) -> str:
    """Return the id of the caller's own token (``own``) or of another user's (``foreign``)."""
    if obj == OWN and role == ANONYMOUS:
        return "1"  # anonymous callers have no token; the answer is 401 before any lookup
    holder = world.users[role] if obj == OWN else world.users[EDITOR if role == VIEWER else VIEWER]
    return str(api_token_create(actor=holder, name="matrix")[0].pk)


OPERATIONS = {
    "accounts_user_me": Operation(ME, objects=(NO_OBJECT,)),
    "accounts_token_list": Operation(TOKEN_LIST, objects=(NO_OBJECT,)),
    "accounts_token_create": Operation(
        TOKEN_CREATE, objects=(NO_OBJECT,), body={"name": "matrix"}, created=True
    ),
    "accounts_token_revoke": Operation(TOKEN_REVOKE, objects=TOKEN_OBJECTS, key=_token_id),
}


# --- The pages' forms (``collegium.testing.forms``) -----------------------------------

TOKENS = "/accounts/tokens/"
FORMS = [
    PageForm(
        "accounts_token_create",
        page=TOKENS,
        offer="//form[@action='/accounts/tokens/create/']",
        target="/accounts/tokens/create/",
        data={"name": "form"},
        invalid={"name": ""},
        field="name",
    ),
    PageForm(
        "accounts_token_revoke",
        page=TOKENS,
        offer="//a[@href='/accounts/tokens/{key}/revoke/']",
        target="/accounts/tokens/{key}/revoke/",
    ),
]
