"""A version-keyed read cache for pages and API reads.

Every write in Collegium goes through a service that appends an audit record
in the same transaction, so the head of the audit chain is a global data
version: any committed change moves it.  A cache key that holds the head can
therefore never serve data older than the last commit; nothing is ever
invalidated, stale entries just stop being asked for and age out (the cache is
bounded, see ``CACHES`` in the settings).

Besides the data version, a key holds everything else a read depends on:

- the active language (names, labels and dates are rendered in it);
- today's date (pages and endpoints show what is "current" today);
- the viewer's *scope*: what a user may see depends only on whether they are
  anonymous, a site administrator, or on the set of (organization, role) pairs
  of their affiliations (``core.access``), so users with the same scope share
  entries and users with different scopes never do;
- the full path with its query string, and a variant (e.g. an HTMX fragment
  or the whole page).

The version is read *before* the data: a write committing in between then
stores newer data under the older version (harmless, never stale), while
reading it afterwards could store older data under the newer version.  The
head is read with its hash, not only its sequence number, so a database
restored from a backup (or a test database rolled back) cannot reuse a key
that stood for other data.
"""

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from collegium.core.audit_guard import current_request
from collegium.core.models import AuditRecord

CACHE_ALIAS = "default"
KEY_PREFIX = "read"
# Entries of an old version are never read again; this only bounds their life.
TIMEOUT_SECONDS = 24 * 60 * 60


def data_version() -> str:
    """Return the head of the audit chain: the global data version.

    Read once per GET request (the request's reads all belong to the version
    read first); other requests may write, so they read it afresh each time.
    """
    request = current_request()
    if request is None or request.method not in ("GET", "HEAD"):
        return _read_data_version()
    version = getattr(request, "_collegium_data_version", None)
    if version is None:
        version = request._collegium_data_version = _read_data_version()
    return version


def _read_data_version() -> str:
    """Read the head of the audit chain (one primary-key lookup)."""
    # Plain SQL: this runs on every cached read, and building the ORM query
    # costs more than running it.
    table = connection.ops.quote_name(AuditRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {table} ORDER BY seq DESC LIMIT 1")  # noqa: S608 (no input)
        head = cursor.fetchone()
    if head is None:
        return "0"
    seq, digest = head
    return f"{seq}-{digest[:16]}"


def cached_user(user_id, load: Callable[[], Any]):
    """Return the signed-in user by id through the cache, keyed by the data version.

    Every change to a user is audited (``User.save``), so a new version
    follows any change of password, active flag or roles; only the
    ``last_login`` stamp may lag, which nothing reads from a session user.
    """
    key = f"user:{user_id}:{data_version()}"
    user = cache_get(key)
    if user is None:
        user = load()
        if user is not None:
            cache_set(key, user)
    return user


# What a user may see is decided above the ground floor (``collegium.access``),
# which registers the function here when the apps are ready.
_viewer_scope: Callable[[Any], str] | None = None


def register_viewer_scope(function: Callable[[Any], str]) -> None:
    """Set the function that names what a user may see (see ``viewer_scope``)."""
    global _viewer_scope
    _viewer_scope = function


def viewer_scope(user) -> str:
    """Return a short name for what the user may see: anonymous, admin, or a roles hash.

    Users with the same scope may share cache entries; the access layer
    registers the function that computes it.
    """
    if _viewer_scope is None:
        raise ImproperlyConfigured("No viewer scope registered: is collegium.access installed?")
    return _viewer_scope(user)


def read_key(
    namespace: str, request: HttpRequest, *, variant: str = "", params: str | None = None
) -> str:
    """Return the cache key of a read: data version, language, date, scope, path, variant.

    ``params`` names the parameters the read depends on (an API operation's
    validated arguments); without it the full query string is used.  Reads
    the data version, so call it before reading the data.
    """
    parts = (
        data_version(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        viewer_scope(request.user),
        variant,
        request.get_full_path() if params is None else f"{request.path}?{params}",
    )
    # Hashed: paths may be long or hold characters some cache backends refuse in keys.
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{namespace}:{digest}"


def cache_get(key: str) -> Any:
    return caches[CACHE_ALIAS].get(key)


# A larger body is served but not kept: a few would crowd out everything else.
MAX_ENTRY_BYTES = 256 * 1024


def cache_set(key: str, value: Any) -> None:
    if _size(value) <= MAX_ENTRY_BYTES:
        caches[CACHE_ALIAS].set(key, value, TIMEOUT_SECONDS)


def _size(value: Any) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, dict):
        return sum(_size(item) for item in value.values())
    if isinstance(value, list | tuple):
        return sum(_size(item) for item in value)
    return 0


def cached_read[T](key: str, build: Callable[[], T]) -> T:
    """Return the value stored under ``key``, or build, store and return it.

    An exception from ``build`` (a 404, say) propagates and stores nothing.
    """
    value = cache_get(key)
    if value is None:
        value = build()
        cache_set(key, value)
    return value


def cached_api_read(view):
    """Serve a ninja GET operation's JSON body from the read cache.

    Apply it under the route decorator (and over ``@paginate``)::

        @router.get("/states", response=list[StateSchema])
        @cached_api_read
        @paginate(Pagination)
        def state_list(request, q: str = ""): ...

    It works in two places of ninja's pipeline, both public hooks.  Inside the
    operation, where ninja has already authenticated the caller (token,
    session or anonymous, with its own 401s) and validated the parameters (its
    own 422s), the wrapped view computes the key from ``request.user``; on a
    hit it returns the stored body as an ``HttpResponse``, which ninja passes
    through, so no data query runs.  On a miss the view runs as usual and
    ninja serialises the result with the operation's response schema; a
    wrapper around the operation's ``run`` (``ninja.decorators.decorate_view``)
    then stores the body of a 200 answer.  Errors (404 for a hidden record,
    ...) are never stored.

    A middleware in front of ninja would skip a little more work on a hit, but
    it would have to repeat ninja's authentication rules (which header wins,
    when a bad token is a 401) and would cache by URL pattern rather than by
    operation; this keeps both the rules and the choice of what is cached on
    the operation itself, and leaves the OpenAPI schema untouched.
    """
    from django.http import HttpResponse
    from ninja.decorators import decorate_view

    @functools.wraps(view)
    def read(request, *args, **kwargs):
        # Keyed by the validated arguments, not the raw query string: parameters
        # the operation ignores (?junk=1, ?junk=2, ...) must not each make an entry.
        params = repr(sorted((name, repr(value)) for name, value in kwargs.items()))
        key = read_key("api", request, params=params)
        stored = cache_get(key)
        if stored is not None:
            content_type, body = stored
            return HttpResponse(body, content_type=content_type)
        request._collegium_read_key = key
        return view(request, *args, **kwargs)

    def store(run):
        @functools.wraps(run)
        def run_and_store(request, *args, **kwargs):
            response = run(request, *args, **kwargs)
            key = getattr(request, "_collegium_read_key", None)
            if key is not None and response.status_code == 200 and not response.streaming:
                cache_set(key, (response["Content-Type"], response.content))
            return response

        return run_and_store

    return decorate_view(store)(read)


# Cached fragments carry this in place of the CSRF token; ``with_csrf`` puts the
# request's own token in when the fragment is served.
CSRF_PLACEHOLDER = "csrf-token-of-the-request"


def render_fragments(request: HttpRequest, template: str, names, context: dict) -> dict[str, str]:
    """Render the named partials of ``template`` for the cache, CSRF tokens left as placeholders.

    Everything else in them must follow from the read key (data version,
    language, date, viewer scope, URL).
    """
    context = {**context, "csrf_token": CSRF_PLACEHOLDER}
    return {name: str(render_to_string(f"{template}#{name}", context, request)) for name in names}


def with_csrf(request: HttpRequest, text: str) -> SafeString:
    """Return a cached fragment with the request's CSRF token in place of the placeholder."""
    if CSRF_PLACEHOLDER in text:
        text = text.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(text)  # noqa: S308 (rendered by our templates)
