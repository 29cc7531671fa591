"""The version-keyed read cache: namespaces and their versions, the viewer's scope, the key."""

import threading

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import translation

from collegium.access.rules import _roles
from collegium.core import audit, cache
from collegium.core.models import CacheVersion
from collegium.registry.services import organization_update

NAMESPACES = ("accounts", "registry", "events")


def _request(user, path="/registry/organizations/?q=x"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def _versions() -> dict[str, str]:
    return {namespace: cache.data_version(namespace) for namespace in NAMESPACES}


def _rows() -> dict[str, tuple[int, str]]:
    return {row.namespace: (row.version, row.token) for row in CacheVersion.objects.all()}


class Rollback(Exception):
    pass


def test_a_write_moves_its_namespace_and_those_that_depend_on_it(site_admin, make_org):
    """An organization's rename moves the registry and the events (which show it), not accounts."""
    organization = make_org("csto")
    before = _versions()
    organization_update(actor=site_admin, organization=organization, data={"name_en": "New"})
    after = _versions()
    assert after["registry"] != before["registry"]
    assert after["events"] != before["events"]  # events declare a dependency on the registry
    assert after["accounts"] == before["accounts"]


def test_an_accounts_write_leaves_the_registry_version(make_org, make_user):
    """A new user moves accounts (session users, roles) and events (they name users) only."""
    organization = make_org("csto")
    before = _versions()
    make_user(organization, "editor")
    after = _versions()
    assert after["accounts"] != before["accounts"]
    assert after["events"] != before["events"]
    assert after["registry"] == before["registry"]


def test_a_write_moves_one_row_and_draws_a_new_token(site_admin, make_org):
    """The dependents are followed when reading: a registry write updates the registry's row."""
    organization = make_org("csto")
    before = _rows()
    organization_update(actor=site_admin, organization=organization, data={"name_en": "New"})
    after = _rows()
    assert after.keys() == before.keys()
    changed = {namespace for namespace in after if after[namespace] != before[namespace]}
    assert changed == {"registry"}
    assert after["registry"][0] == before["registry"][0] + 1
    assert after["registry"][1] != before["registry"][1]


def test_a_bulk_append_moves_each_namespace_of_its_entries_once(db):
    """``append_many`` moves the namespaces of all its entries in one statement."""
    entries = [
        audit.Entry(action="x", object_type="registry.organization"),
        audit.Entry(action="x", object_type="registry.post"),
        audit.Entry(action="x", object_type="accounts.user"),
    ]
    with transaction.atomic():
        audit.append_many(actor=None, entries=entries)
    assert {namespace: version for namespace, (version, _) in _rows().items()} == {
        "registry": 1,
        "accounts": 1,
    }


def test_a_rolled_back_write_never_brings_its_key_back(site_admin, make_org):
    """After a rollback the counter repeats a number it had, but the version differs.

    A key made inside the rolled-back transaction (a test's, or before a
    backup was restored) stood for data that no longer exists.
    """
    organization = make_org("csto")
    before = cache.data_version("registry")
    seen = {}

    def write_and_roll_back() -> None:
        with transaction.atomic():
            organization_update(actor=site_admin, organization=organization, data={"name_en": "A"})
            seen.update(version=cache.data_version("registry"), row=_rows()["registry"])
            raise Rollback

    with pytest.raises(Rollback):
        write_and_roll_back()
    assert cache.data_version("registry") == before
    organization_update(actor=site_admin, organization=organization, data={"name_en": "B"})
    assert _rows()["registry"][0] == seen["row"][0]
    assert cache.data_version("registry") != seen["version"]


def test_a_write_under_no_app_label_moves_every_read(db):
    """No declaration says who shows the data of an unknown label, so every read follows it."""
    before = _versions()
    with transaction.atomic():
        audit.append(actor=None, action="x", object_type="elsewhere.thing")
    after = _versions()
    assert all(after[namespace] != before[namespace] for namespace in NAMESPACES)


def test_the_apps_declare_the_dependencies():
    """Events show registry and accounts data; the registry and accounts stand alone."""
    closures = cache.namespace_closures()
    assert closures["events"] == ("accounts", "events", "registry")
    assert closures["registry"] == ("registry",)
    assert closures["accounts"] == ("accounts",)


def test_dependencies_are_followed_transitively(monkeypatch):
    """A namespace depending on events also follows what events depend on."""
    monkeypatch.setattr(apps.get_app_config("core"), "cache_depends_on", ("events",), raising=False)
    cache.namespace_closures.cache_clear()
    try:
        assert cache.namespace_closures()["core"] == ("accounts", "core", "events", "registry")
    finally:
        monkeypatch.undo()
        cache.namespace_closures.cache_clear()


@pytest.mark.parametrize("declared", [("events", "nowhere"), "registry"])
def test_a_dependency_on_no_app_is_a_configuration_error(monkeypatch, declared):
    """A typo in ``cache_depends_on`` (or a bare string) is refused, not ignored."""
    monkeypatch.setattr(apps.get_app_config("core"), "cache_depends_on", declared, raising=False)
    cache.namespace_closures.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured):
            cache.namespace_closures()
    finally:
        monkeypatch.undo()
        cache.namespace_closures.cache_clear()


def test_a_read_in_no_namespace_is_refused(db):
    """A key must follow some namespace; an unknown one would follow no write."""
    with pytest.raises(ImproperlyConfigured):
        cache.data_version("event")
    with pytest.raises(TypeError):
        cache.data_version()


def _in_own_connection(work):
    """Run ``work()`` in a thread on its own connection, outside the test's transaction."""
    result, errors = [], []

    def run() -> None:
        try:
            result.append(work())
        except Exception as exc:  # reported in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result, errors


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serializes writers (IMMEDIATE transactions)"
)
def test_concurrent_writers_both_move_the_version(db):
    """Two transactions moving a namespace not yet written: no duplicate row, no lost increment.

    The first holds its new row uncommitted while the second arrives, which
    waits for it and then increments: an UPSERT, not a read followed by an
    insert or an update.  (Audited writers are also serialized by the chain
    lock; this checks the table on its own.)  The writers commit on their own
    connections, so the test removes their row itself.
    """
    namespace = "test-concurrency"
    moved = threading.Event()

    def first() -> None:
        with transaction.atomic():
            cache.cache_versions_move([namespace])
            moved.set()
            threading.Event().wait(0.5)  # hold the uncommitted row while the other arrives

    def second() -> None:
        moved.wait(5)
        with transaction.atomic():
            cache.cache_versions_move([namespace])

    def version_and_cleanup() -> int:
        rows = CacheVersion.objects.filter(namespace=namespace)
        version = rows.get().version
        rows.delete()
        return version

    try:
        runs = [_in_own_connection(first), _in_own_connection(second)]
        for thread, _, _ in runs:
            thread.join()
        assert [error for _, _, errors in runs for error in errors] == []
    finally:
        thread, result, errors = _in_own_connection(version_and_cleanup)
        thread.join()
    assert errors == []
    assert result == [2]


def test_scope_depends_only_on_the_roles(site_admin, make_org, make_user):
    """Users with the same roles share a scope; other roles, admins and anonymous ones do not."""
    csto, ministry = make_org("csto"), make_org("mfa")
    alice, bob = make_user(csto, "viewer"), make_user(csto, "viewer")
    editor, other = make_user(csto, "editor"), make_user(ministry, "viewer")
    scopes = {
        name: cache.viewer_scope(user)
        for name, user in [
            ("alice", alice),
            ("bob", bob),
            ("editor", editor),
            ("other", other),
            ("admin", site_admin),
            ("anonymous", AnonymousUser()),
        ]
    }
    assert scopes["alice"] == scopes["bob"]
    assert len(set(scopes.values())) == 5


def test_scope_reads_the_same_roles_as_the_access_layer(make_org, make_user):
    """The roles read for the scope are those ``core.access`` uses, read once."""
    csto = make_org("csto")
    user = make_user(csto, "editor")
    cache.viewer_scope(user)
    assert _roles(user) == {csto.pk: "editor"}


def test_key_holds_language_path_and_variant(make_org, site_admin):
    """Another language, query string or variant gives another key; the same request the same."""
    make_org("csto")
    request = _request(AnonymousUser())
    key = cache.read_key("pages", request, depends_on="registry")
    assert cache.read_key("pages", _request(AnonymousUser()), depends_on="registry") == key
    assert cache.read_key("pages", request, depends_on="registry", variant="results") != key
    other_path = _request(AnonymousUser(), "/registry/organizations/")
    assert cache.read_key("pages", other_path, depends_on="registry") != key
    with translation.override("ru"):
        russian = cache.read_key("pages", request, depends_on="registry")
    with translation.override("be"):
        assert cache.read_key("pages", request, depends_on="registry") != russian
    assert len(key) < 250  # within every backend's key limit


def test_key_holds_the_versions_of_what_the_read_shows(make_org, make_user, site_admin):
    """A key depending on events and registry moves with either; a registry key not with events."""
    organization = make_org("csto")
    request = _request(AnonymousUser())
    registry = cache.read_key("pages", request, depends_on="registry")
    both = cache.read_key("pages", request, depends_on=("registry", "events"))
    assert both != registry
    make_user(organization, "viewer")  # an accounts write: events show users
    assert cache.read_key("pages", request, depends_on="registry") == registry
    assert cache.read_key("pages", request, depends_on=("registry", "events")) != both


def test_cached_read_builds_once_and_never_stores_a_failure(db):
    """A stored value is returned without building; an exception stores nothing."""
    calls = []

    def build():
        calls.append(1)
        return "value"

    assert cache.cached_read("k", build) == "value"
    assert cache.cached_read("k", build) == "value"
    assert len(calls) == 1

    def fail():
        raise LookupError

    for _ in range(2):
        with pytest.raises(LookupError):
            cache.cached_read("missing", fail)
    assert cache.cache_get("missing") is None


def test_ignored_api_parameters_make_no_new_entries(db, client, django_assert_num_queries):
    """The API cache is keyed by validated arguments: ?junk=N reuses one entry."""
    from django.core.cache import cache

    client.get("/api/v1/registry/states")
    before = len(cache._cache)
    for n in range(5):
        with django_assert_num_queries(1):  # the data version only: a hit
            assert client.get(f"/api/v1/registry/states?junk={n}").status_code == 200
    assert len(cache._cache) == before


def test_large_bodies_are_served_but_not_kept(db):
    from django.core.cache import cache

    from collegium.core import cache as read_cache

    read_cache.cache_set("read:test:big", "x" * (read_cache.MAX_ENTRY_BYTES + 1))
    read_cache.cache_set("read:test:small", "x" * 10)
    assert cache.get("read:test:big") is None
    assert cache.get("read:test:small") == "x" * 10


def test_large_bodies_are_kept_compressed(db):
    """A feed of the whole history (600 KB of text) is kept under the entry bound."""
    body = "".join(f"BEGIN:VEVENT\r\nUID:{n}@collegium\r\nEND:VEVENT\r\n" for n in range(20_000))
    body = body.encode()
    assert len(body) > cache.MAX_ENTRY_BYTES
    builds = []

    def build():
        builds.append(1)
        return body

    assert cache.cached_body("read:test:feed", build) == body
    assert cache.cached_body("read:test:feed", build) == body
    assert len(builds) == 1
    stored = cache.cache_get("read:test:feed")
    assert stored[0] == "zlib"
    assert len(stored[1]) < cache.MAX_ENTRY_BYTES
    small = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert cache.cached_body("read:test:small", lambda: small) == small
    assert cache.cache_get("read:test:small") == ("", small)
