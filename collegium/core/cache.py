"""A read cache for pages and API reads, keyed by the data versions of namespaces.

Every write in Collegium goes through a service that appends an audit record
in the same transaction (``core.audit``).  The append also moves the data
version of the record's *namespace*: the label of the app whose record it is
(``accounts``, ``registry``, ``events``, ...).  A cached read names the
namespaces whose data it shows, and its key holds their versions, so it can
never serve data older than the last commit to them, while writes to other
domains leave it valid.  Nothing is ever invalidated: stale entries are just
not asked for again and age out (the cache is bounded, see ``CACHES``).

An app declares once, on its ``AppConfig``, the apps whose data its pages
show besides its own::

    class EventsConfig(AppConfig):
        cache_depends_on = ("registry", "accounts")

A read in ``events`` then follows the versions of ``events``, ``registry``
and ``accounts`` (and, transitively, of what those declare): renaming an
organization reaches every event page on the next request, while an
invitation leaves the registry's pages cached.  A page that shows more than
its app declares names the extra namespaces itself (a person's page in the
registry lists their absences, which are ``events`` data).

The dependencies are resolved when reading, not when writing.  Moving the
dependents with each write ("a write moves its namespace and those that
depend on it") gives the same keys, but this way a write moves exactly one
row (one UPSERT, one row lock) however many apps come to depend on the
registry, and a changed declaration changes the keys at once instead of
leaving old entries valid under the new rule.  The versions of all
namespaces (a handful of rows) are read with one query, once per GET
request.  A write recorded under a label that is no installed app moves
every read, since no declaration can say who shows its data.

Besides the data versions, a key holds everything else a read depends on:

- the active language (names, labels and dates are rendered in it);
- today's date (pages and endpoints show what is "current" today);
- the viewer's *scope*: what a user may see depends only on whether they are
  anonymous, a site administrator, or on the set of (organization, role) pairs
  of their affiliations (``core.access``), so users with the same scope share
  entries and users with different scopes never do;
- the full path with its query string, and a variant (e.g. an HTMX fragment
  or the whole page).

The versions are read *before* the data: a write committing in between then
stores newer data under the older version (harmless, never stale), while
reading them afterwards could store older data under the newer version.  A
version is a counter *and* a token drawn at random by each write, so a
database restored from a backup, or a transaction (a test's, say) rolled back,
cannot bring back a key that stood for other data: the counter may return to
a number it had, the token does not.
"""

import functools
import hashlib
import secrets
import zlib
from collections.abc import Callable, Iterable
from typing import Any, Concatenate

from django.apps import apps
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from collegium.core.audit_guard import Actor, current_request
from collegium.core.models import CacheVersion, column_name

CACHE_ALIAS = "default"
KEY_PREFIX = "read"
# Entries of an old version are never read again; this only bounds their life.
TIMEOUT_SECONDS = 24 * 60 * 60
# The attribute of an ``AppConfig`` that names the namespaces its reads also show.
DEPENDS_ON_ATTRIBUTE = "cache_depends_on"


# --- Namespaces and their versions --------------------------------------------------


@functools.cache
def namespace_closures() -> dict[str, tuple[str, ...]]:
    """Return each namespace (installed app label) with all it depends on, itself included.

    Read from the apps' ``cache_depends_on`` declarations and followed
    transitively; an unknown label is a configuration error (``CoreConfig``
    resolves this at start-up, so a typo fails at once).
    """
    declared = {
        config.label: getattr(config, DEPENDS_ON_ATTRIBUTE, ()) for config in apps.get_app_configs()
    }
    for label, depends_on in declared.items():
        if isinstance(depends_on, str) or not set(depends_on) <= declared.keys():
            raise ImproperlyConfigured(
                f"{label}.{DEPENDS_ON_ATTRIBUTE} must be a tuple of installed app labels, "
                f"not {depends_on!r}"
            )
    direct = {label: tuple(depends_on) for label, depends_on in declared.items()}
    closures = {}
    for label in direct:
        seen, pending = {label}, [label]
        while pending:
            for other in direct[pending.pop()]:
                if other not in seen:
                    seen.add(other)
                    pending.append(other)
        closures[label] = tuple(sorted(seen))
    return closures


@functools.cache
def _version_sql(vendor: str) -> tuple[str, str]:
    """Return the SELECT of all versions and the head of the UPSERT that moves them.

    Plain SQL, built once: it runs on every cached read and every audited
    write, and building an ORM query costs more than running it; Django's
    ``update_conflicts`` can only overwrite a column, not add to it.
    ``vendor`` only keys the memo (quoting is the connection's).
    """
    quote = connection.ops.quote_name
    table = quote(CacheVersion._meta.db_table)
    namespace, version, token = (
        quote(column_name(CacheVersion, name)) for name in ("namespace", "version", "token")
    )
    select = f"SELECT {namespace}, {version}, {token} FROM {table}"  # noqa: S608 (names from the model)
    upsert = f"INSERT INTO {table} ({namespace}, {version}, {token}) VALUES "  # noqa: S608 (names from the model)
    on_conflict = (
        f" ON CONFLICT ({namespace}) DO UPDATE "
        f"SET {version} = {table}.{version} + 1, {token} = excluded.{token}"
    )
    return select, upsert + "{rows}" + on_conflict


def cache_versions_move(namespaces: Iterable[str]) -> None:
    """Move the data version of each namespace; call it in the transaction that writes.

    ``core.audit`` calls it with every record it appends.  One UPSERT: the
    row is created by the first write to a namespace, then incremented in
    place, atomically (``ON CONFLICT`` needs no prior read, so two writers
    can neither both insert nor lose an increment, on PostgreSQL as on
    SQLite, whose writers are serialized anyway).  Rows are taken in name
    order, so two transactions moving overlapping sets cannot deadlock
    (audited writers are also serialized by the chain lock).  Each write
    draws a new token: see the module docstring.
    """
    names = sorted(set(namespaces))
    if not names:
        return
    upsert = _version_sql(connection.vendor)[1]
    params = [value for name in names for value in (name, secrets.token_hex(8))]
    with connection.cursor() as cursor:
        cursor.execute(upsert.format(rows=", ".join(["(%s, 1, %s)"] * len(names))), params)


def _versions() -> dict[str, str]:
    """Return the version of every namespace written so far, read once per GET request.

    A GET request's reads all belong to the versions read first; other
    requests may write, so they read them afresh each time.
    """
    request = current_request()
    if request is None or request.method not in ("GET", "HEAD"):
        return _read_versions()
    versions = getattr(request, "_collegium_versions", None)
    if versions is None:
        versions = _read_versions()
        # A memo for this request only, so not an attribute its type knows.
        setattr(request, "_collegium_versions", versions)  # noqa: B010
    return versions


def _read_versions() -> dict[str, str]:
    """Read all namespaces' versions: one query over a table of a handful of rows."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor)[0])
        return {namespace: f"{version}.{token}" for namespace, version, token in cursor}


def data_version(*namespaces: str) -> str:
    """Return the data version of a read that shows the data of ``namespaces``.

    It holds the versions of the namespaces, of those they depend on, and of
    any namespace no installed app declares; a namespace never written is
    at version 0.  Unknown namespaces are refused, so a typo cannot give a
    key that no write moves.
    """
    if not namespaces:
        raise TypeError("data_version() needs the namespaces the read depends on")
    closures = namespace_closures()
    wanted: set[str] = set()
    for namespace in namespaces:
        try:
            wanted.update(closures[namespace])
        except KeyError:
            raise ImproperlyConfigured(
                f"{namespace!r} is not a namespace of the read cache (an installed app label)"
            ) from None
    versions = _versions()
    wanted.update(name for name in versions if name not in closures)
    return ";".join(f"{name}={versions.get(name, '0')}" for name in sorted(wanted))


def cached_user[U](user_id: int | str, load: Callable[[], U | None]) -> U | None:
    """Return the signed-in user by id through the cache, keyed by the accounts version.

    Every change to a user is audited (``User.save``) under ``accounts``, so
    a new version follows any change of password, active flag or roles; only
    the ``last_login`` stamp may lag, which nothing reads from a session user.
    """
    key = f"user:{user_id}:{data_version('accounts')}"
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


def viewer_scope(user: Actor) -> str:
    """Return a short name for what the user may see: anonymous, admin, or a roles hash.

    Users with the same scope may share cache entries; the access layer
    registers the function that computes it.
    """
    if _viewer_scope is None:
        raise ImproperlyConfigured("No viewer scope registered: is collegium.access installed?")
    return _viewer_scope(user)


def read_key(
    name: str,
    request: HttpRequest,
    *,
    depends_on: str | tuple[str, ...],
    variant: str = "",
    params: str | None = None,
    viewer: Actor | None = None,
) -> str:
    """Return the cache key of a read: data versions, language, date, scope, path, variant.

    ``name`` says what is read (``"event-page"``), for whoever looks into
    the cache; ``depends_on`` names the namespaces whose data it shows,
    usually the app's own label (its declared dependencies follow).
    ``params`` names the parameters the read depends on (an API operation's
    validated arguments); without it the full query string is used.
    ``viewer`` is the user whose view is read when it is not the request's
    (a private feed, read with its secret, shows its owner's).  Reads the
    data versions, so call it before reading the data.
    """
    namespaces = (depends_on,) if isinstance(depends_on, str) else depends_on
    parts = (
        data_version(*namespaces),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        viewer_scope(request.user if viewer is None else viewer),
        variant,
        request.get_full_path() if params is None else f"{request.path}?{params}",
    )
    # Hashed: paths may be long or hold characters some cache backends refuse in keys.
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{name}:{digest}"


def cache_get(key: str) -> Any:
    return caches[CACHE_ALIAS].get(key)


# A larger body is served but not kept: a few would crowd out everything else.
MAX_ENTRY_BYTES = 256 * 1024
# Bodies from this size on are kept compressed, at zlib's fastest level (nearly
# the ratio of the default at a fraction of the time).
COMPRESS_FROM_BYTES = 32 * 1024
COMPRESSION_LEVEL = 1


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


def _packed(body: bytes) -> tuple[str, bytes]:
    """Return a body to store, compressed if large: text compresses about tenfold,
    which keeps a calendar feed or a page of 500 events under the entry bound, and
    expanding it costs a millisecond or two."""
    if len(body) < COMPRESS_FROM_BYTES:
        return "", body
    return "zlib", zlib.compress(body, COMPRESSION_LEVEL)


def _unpacked(stored: tuple[str, bytes]) -> bytes:
    encoding, body = stored
    return zlib.decompress(body) if encoding == "zlib" else body


def cached_body(key: str, build: Callable[[], bytes]) -> bytes:
    """Return a body (a calendar feed) through the cache, like ``cached_read``; large ones
    are kept compressed."""
    stored = cache_get(key)
    if stored is not None:
        return _unpacked(stored)
    body = build()
    cache_set(key, _packed(body))
    return body


def cached_api_read[**P, R](
    view: Callable[Concatenate[HttpRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R | HttpResponse]:
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
    from ninja.decorators import decorate_view

    @functools.wraps(view)
    def read(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R | HttpResponse:
        # Keyed by the validated arguments, not the raw query string: parameters
        # the operation ignores (?junk=1, ?junk=2, ...) must not each make an entry.
        params = repr(sorted((name, repr(value)) for name, value in kwargs.items()))
        key = read_key("api", request, depends_on=_app_label(view.__module__), params=params)
        stored = cache_get(key)
        if stored is not None:
            content_type, *body = stored
            return HttpResponse(_unpacked((body[0], body[1])), content_type=content_type)
        # Read by ``run_and_store`` below: an attribute of this request only.
        setattr(request, "_collegium_read_key", key)  # noqa: B010
        return view(request, *args, **kwargs)

    def store(
        run: Callable[Concatenate[HttpRequest, ...], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, ...], HttpResponse]:
        @functools.wraps(run)
        def run_and_store(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = run(request, *args, **kwargs)
            key = getattr(request, "_collegium_read_key", None)
            if key is not None and response.status_code == 200 and not response.streaming:
                cache_set(key, (response["Content-Type"], *_packed(response.content)))
            return response

        return run_and_store

    return decorate_view(store)(read)


@functools.cache
def _app_label(module: str) -> str:
    """Return the label of the installed app that holds ``module``."""
    config = apps.get_containing_app_config(module)
    if config is None:
        raise ImproperlyConfigured(f"{module} is in no installed app: its reads have no namespace")
    return config.label


# Cached fragments carry this in place of the CSRF token; ``with_csrf`` puts the
# request's own token in when the fragment is served.
CSRF_PLACEHOLDER = "csrf-token-of-the-request"


def render_fragments(request: HttpRequest, template: str, names, context: dict) -> dict[str, str]:
    """Render the named partials of ``template`` for the cache, CSRF tokens left as placeholders.

    Everything else in them must follow from the read key (data versions,
    language, date, viewer scope, URL).
    """
    context = {**context, "csrf_token": CSRF_PLACEHOLDER}
    return {name: str(render_to_string(f"{template}#{name}", context, request)) for name in names}


def with_csrf(request: HttpRequest, text: str) -> SafeString:
    """Return a cached fragment with the request's CSRF token in place of the placeholder."""
    if CSRF_PLACEHOLDER in text:
        text = text.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(text)  # noqa: S308 (rendered by our templates)
