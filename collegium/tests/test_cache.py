"""The version-keyed read cache: the data version, the viewer's scope and the key."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from collegium.access.rules import _roles
from collegium.core import cache
from collegium.registry.services import organization_update


def _request(user, path="/registry/organizations/?q=x"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_a_service_write_moves_the_data_version(site_admin, make_org):
    """Every audited write changes the version, so older keys are never asked for again."""
    organization = make_org("csto")
    before = cache.data_version()
    organization_update(actor=site_admin, organization=organization, data={"name_en": "New"})
    assert cache.data_version() != before


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
    key = cache.read_key("pages", request)
    assert cache.read_key("pages", _request(AnonymousUser())) == key
    assert cache.read_key("pages", request, variant="results") != key
    assert cache.read_key("pages", _request(AnonymousUser(), "/registry/organizations/")) != key
    with translation.override("ru"):
        russian = cache.read_key("pages", request)
    with translation.override("be"):
        assert cache.read_key("pages", request) != russian
    assert len(key) < 250  # within every backend's key limit


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
