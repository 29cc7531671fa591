"""The notifications' part of the permission matrix (``collegium.testing.permissions``).

The caller's own notification preferences: anonymous callers get 401, every
signed-in user reads and changes their own (there is no way to name another's).
"""

from collegium.testing.permissions import (
    ALL_ENTITIES,
    ANONYMOUS,
    ANY,
    ANYONE,
    AUDITED,
    NO_OBJECT,
    OK,
    Operation,
)

PREFERENCES_GET, PREFERENCES_UPDATE = (
    "notification-preferences-get",
    "notification-preferences-update",
)
OWN_PREFERENCES = frozenset({PREFERENCES_GET, PREFERENCES_UPDATE})

ACTIONS = {
    PREFERENCES_GET: frozenset(),
    PREFERENCES_UPDATE: frozenset({AUDITED}),
}

# fmt: off
RULES = [
    # actions          roles         objects  entities      outcome
    (OWN_PREFERENCES,  {ANONYMOUS},  ANY,     ALL_ENTITIES, 401),
    (OWN_PREFERENCES,  ANYONE,       ANY,     ALL_ENTITIES, OK),
]
# fmt: on

OPERATIONS = {
    "notifications_preferences_get": Operation(PREFERENCES_GET, objects=(NO_OBJECT,)),
    "notifications_preferences_update": Operation(
        PREFERENCES_UPDATE, objects=(NO_OBJECT,), body={"reply_due": False}
    ),
}

# Not yet walked by the form matrix (collegium/tests/test_form_matrix.py): the pages'
# forms for these are offered and checked per role in notifications/tests/test_preferences.py.
PAGELESS = {
    "notifications_preferences_update": "its page form is checked per role in notifications/tests/test_preferences.py, not yet by the form matrix",
}
