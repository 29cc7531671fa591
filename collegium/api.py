"""The REST API at /api/v1: one NinjaAPI, one router per app (see ``core.api.base``)."""

from collegium.accounts.api_auth import anonymous_auth, api_auth
from collegium.core.api.base import CollegiumAPI, docs_for_signed_in_users, register_error_handlers

api = CollegiumAPI(
    title="Collegium API",
    version="1",
    description=(
        "Registry, events and decisions of Collegium. Authenticate with a personal token "
        "(`Authorization: Bearer clg_…`) or the browser session (send `X-CSRFToken` on writes). "
        "Anonymous callers read public records. Errors are JSON: "
        '`{"detail": [{"loc": [...], "msg": ..., "type": ...}]}` for invalid fields (422), '
        '`{"detail": "..."}` otherwise; a record you may not see answers 404 like a missing one.'
    ),
    auth=api_auth,
    anonymous_auth=anonymous_auth,
    urls_namespace="api",
    docs_decorator=docs_for_signed_in_users,
)


register_error_handlers(api)


def _register_routers() -> None:
    from collegium.accounts.api import router as accounts_router
    from collegium.decisions.api import router as decisions_router
    from collegium.events.arrangements.api import router as arrangements_router
    from collegium.events.availability.api import router as availability_router
    from collegium.events.calendar.api import router as events_router
    from collegium.events.checks.api import router as checks_router
    from collegium.events.invitations.api import router as invitations_router
    from collegium.events.letters.api import router as letters_router
    from collegium.events.reciprocity.api import router as reciprocity_router
    from collegium.execution.api import router as execution_router
    from collegium.meetings.api import router as meetings_router
    from collegium.notifications.api import router as notifications_router
    from collegium.planning.api import router as planning_router
    from collegium.registry.api import router as registry_router
    from collegium.signatures.api import router as signatures_router

    api.add_router("/registry", registry_router)
    api.add_router("/events", events_router)
    api.add_router("/events", arrangements_router)
    api.add_router("/events", availability_router)
    api.add_router("/events", checks_router)
    api.add_router("/accounts", accounts_router)
    api.add_router("/events", letters_router)
    api.add_router("/reciprocity", reciprocity_router)
    api.add_router("/events", invitations_router)
    api.add_router("/meetings", meetings_router)
    api.add_router("/decisions", decisions_router)
    api.add_router("/execution", execution_router)
    api.add_router("/signatures", signatures_router)
    api.add_router("/accounts", notifications_router)
    api.add_router("/planning", planning_router)


_register_routers()
