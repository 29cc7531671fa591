"""The notifications' benchmark targets (``devdata.bench``): the preferences, page and API."""

from collegium.devdata.bench import COLD_PAGE_P95, Target

TARGETS = (
    Target(
        "page notification preferences (session)",
        "/accounts/notifications/",
        "session",
        cold_p95_ratio=COLD_PAGE_P95,
    ),
    Target("api notification preferences", "/api/v1/accounts/me/notifications", "token"),
)
