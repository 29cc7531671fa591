"""The registry pages: what they show, to whom, as of which date, and in how many queries."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from collegium.core.desk import desk_sources
from collegium.core.models import Visibility
from collegium.registry import services
from collegium.registry.models import MembershipRole, MembershipStatus, OrganizationKind

D = dt.date


@pytest.fixture
def registry(site_admin, make_org):
    """A small CSTO: member states (Armenia suspended), a secretariat, its Secretaries General."""
    actor = site_admin
    csto = make_org(
        "csto",
        name_ru="Организация Договора о коллективной безопасности",
        name_en="Collective Security Treaty Organization",
        name_be="Арганізацыя Дагавора аб калектыўнай бяспецы",
        acronym_ru="ОДКБ",
        acronym_en="CSTO",
        founding_date=D(1992, 5, 15),
    )
    secretariat = make_org(
        "csto-secretariat",
        kind=OrganizationKind.EXECUTIVE_BODY,
        name_ru="Секретариат ОДКБ",
        name_en="CSTO Secretariat",
        parent=csto,
    )
    states = {}
    for code, ru, en in [
        ("am", "Армения", "Armenia"),
        ("by", "Беларусь", "Belarus"),
        ("ru", "Россия", "Russia"),
    ]:
        states[code] = services.state_create(
            actor=actor, data={"code": code, "name_ru": ru, "name_en": en, "owner": csto}
        )
    for code in ("by", "ru"):
        services.membership_create(
            actor=actor,
            data={
                "organization": csto,
                "member_state": states[code],
                "start_date": D(1992, 5, 15),
                "owner": csto,
            },
        )
    services.membership_create(
        actor=actor,
        data={
            "organization": csto,
            "member_state": states["am"],
            "start_date": D(1992, 5, 15),
            "end_date": D(2023, 12, 31),
            "owner": csto,
        },
    )
    services.membership_create(
        actor=actor,
        data={
            "organization": csto,
            "member_state": states["am"],
            "status": MembershipStatus.SUSPENDED,
            "start_date": D(2024, 1, 1),
            "note": "Participation frozen",
            "owner": csto,
        },
    )
    post = services.post_create(
        actor=actor,
        data={
            "slug": "csto-secretary-general",
            "organization": secretariat,
            "is_head": True,
            "label_ru": "Генеральный секретарь ОДКБ",
            "label_en": "CSTO Secretary General",
            "owner": secretariat,
        },
    )
    deputy = services.post_create(
        actor=actor,
        data={
            "slug": "csto-deputy",
            "organization": csto,
            "label_ru": "Заместитель",
            "label_en": "Deputy",
            "owner": csto,
        },
    )
    persons = {}
    for slug, ru, en in [
        ("imangali-tasmagambetov", "Имангали Тасмагамбетов", "Imangali Tasmagambetov"),
        ("taalatbek-masadykov", "Таалатбек Масадыков", "Taalatbek Masadykov"),
        ("deputy-person", "Заместитель Петров", "Deputy Petrov"),
    ]:
        persons[slug] = services.person_create(
            actor=actor, data={"slug": slug, "name_ru": ru, "name_en": en, "owner": secretariat}
        )
    services.tenure_create(
        actor=actor,
        data={
            "person": persons["imangali-tasmagambetov"],
            "post": post,
            "start_date": D(2023, 1, 1),
            "end_date": D(2025, 12, 31),
            "owner": secretariat,
        },
    )
    services.tenure_create(
        actor=actor,
        data={
            "person": persons["taalatbek-masadykov"],
            "post": post,
            "start_date": D(2026, 1, 1),
            "end_date": D(2029, 12, 31),
            "owner": secretariat,
        },
    )
    services.tenure_create(
        actor=actor,
        data={
            "person": persons["deputy-person"],
            "post": deputy,
            "start_date": D(2020, 1, 1),
            "owner": csto,
        },
    )
    return {"csto": csto, "secretariat": secretariat, "states": states, "persons": persons}


@pytest.fixture
def hidden_org(site_admin, make_org):
    """An organization only its own staff may see."""
    return make_org("secret-body", name_ru="Закрытый орган", visibility=Visibility.INTERNAL)


def _main(response) -> str:
    """Return the page's main content (the header holds per-request nonces and paths)."""
    main = re.search(r"<main.*</main>", response.text, re.DOTALL)
    assert main is not None
    return main.group(0)


def _en(client):
    client.cookies["django_language"] = "en"
    return client


# --- Lists ---------------------------------------------------------------------------


def test_organization_list_shows_visible_organizations(client, registry, hidden_org):
    """Anonymous visitors see public organizations and not internal ones."""
    response = client.get(reverse("registry:organization-list"))
    assert response.status_code == 200
    body = response.text
    assert "Организация Договора о коллективной безопасности" in body
    assert "Секретариат ОДКБ" in body
    assert "Закрытый орган" not in body


def test_organization_list_shows_own_internal_organization(client, registry, hidden_org, make_user):
    """A member of the owning organization sees its internal record."""
    client.force_login(make_user(hidden_org, "viewer"))
    assert "Закрытый орган" in client.get(reverse("registry:organization-list")).text


@pytest.mark.parametrize(
    ("query", "shown", "not_shown"),
    [
        ("q=CSTO", ["Collective Security", "CSTO Secretariat"], []),
        ("q=secretariat", ["CSTO Secretariat"], ["Collective Security"]),
        ("kind=executive_body", ["CSTO Secretariat"], ["Collective Security"]),
        ("parent=top", ["Collective Security"], ["CSTO Secretariat"]),
        ("parent=csto", ["CSTO Secretariat"], ["Collective Security"]),
        ("q=nothing-like-this", ["No organizations match"], ["CSTO Secretariat"]),
    ],
)
def test_organization_list_filters(client, registry, query, shown, not_shown):
    """Search and the kind and level filters narrow the list."""
    body = _en(client).get(f"{reverse('registry:organization-list')}?{query}").text
    for text in shown:
        assert text in body
    for text in not_shown:
        assert text not in body


def test_organization_list_unknown_parent_is_404(client, registry, hidden_org):
    """Filtering by a parent the visitor may not see answers like a missing one."""
    url = reverse("registry:organization-list")
    assert client.get(f"{url}?parent=secret-body").status_code == 404
    assert client.get(f"{url}?parent=no-such-org").status_code == 404


def test_live_search_returns_only_the_results(client, registry):
    """An HTMX request gets the results fragment; a plain request the whole page."""
    url = f"{reverse('registry:organization-list')}?q=Секретариат"
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert fragment.text.lstrip().startswith('<div id="results"')
    assert "Секретариат ОДКБ" in fragment.text
    assert fragment.headers["Vary"].count("HX-Request") == 1
    assert "<html" in client.get(url).text


def test_organization_list_is_paginated(client, make_org):
    """Twenty-five organizations per page; the next page keeps the filters."""
    for number in range(30):
        make_org(f"org-{number:02}", name_ru=f"Орг {number:02}")
    url = reverse("registry:organization-list")
    first = _en(client).get(f"{url}?q=Орг")
    assert first.context["page_obj"].paginator.count == 30
    assert len(first.context["page_obj"].object_list) == 25
    assert "page=2" in first.text
    assert "q=%D0%9E%D1%80%D0%B3" in first.text
    second = client.get(f"{url}?q=Орг&page=2")
    assert len(second.context["page_obj"].object_list) == 5


def test_names_follow_the_active_language(client, registry):
    """The same list shows English names under English and Russian ones by default."""
    url = reverse("registry:organization-list")
    assert "Организация Договора о коллективной безопасности" in client.get(url).text
    assert "Collective Security Treaty Organization" in _en(client).get(url).text


def test_person_list_shows_current_posts(client, registry):
    """Each person is listed with the posts held today."""
    body = _en(client).get(reverse("registry:person-list") + "?q=Petrov").text
    assert "Deputy Petrov" in body
    assert "Deputy," in body
    assert "Tasmagambetov" not in body


def test_state_list_shows_memberships_and_suspension(client, registry):
    """States are listed with their current memberships; a suspended one is marked."""
    body = _en(client).get(reverse("registry:state-list") + "?q=am").text
    assert "Armenia" in body
    assert "Suspended" in body


# --- Cards -------------------------------------------------------------------------


def test_organization_card(client, registry):
    """The card shows names, acronym, members with status, bodies, heads and posts."""
    response = _en(client).get(
        reverse("registry:organization-detail", args=["csto"]), {"on": "2025-06-01"}
    )
    assert response.status_code == 200
    body = response.text
    assert "<h1>Collective Security Treaty Organization</h1>" in body
    assert "CSTO" in body
    assert "Организация Договора о коллективной безопасности" in body  # the other languages
    assert "Suspended" in body
    assert "Participation frozen" in body
    assert "CSTO Secretariat" in body  # a body
    assert "CSTO Secretary General" in body
    assert response.context["leadership"][0].holder.person.slug == "imangali-tasmagambetov"
    members = [m.member.code for m in response.context["members"]]
    assert members == ["am", "by", "ru"]
    assert [m.member.code for m in response.context["former_members"]] == ["am"]
    assert "Deputy Petrov" in body  # holder of another post


@pytest.mark.parametrize(
    ("on", "head"),
    [
        ("2024-06-01", "imangali-tasmagambetov"),
        ("2026-06-01", "taalatbek-masadykov"),
        ("2022-06-01", None),
    ],
)
def test_organization_card_as_of_date(client, registry, on, head):
    """The "as of" date picks the head and the members in force on that day."""
    response = client.get(reverse("registry:organization-detail", args=["csto"]), {"on": on})
    holder = response.context["leadership"][0].holder
    assert (holder.person.slug if holder else None) == head
    member_states = {m.member.code for m in response.context["members"]}
    expected = {"by", "ru", "am"}
    assert member_states == expected


def test_organization_card_before_a_member_left(client, registry):
    """Before its participation was frozen, Armenia is an active member."""
    response = client.get(
        reverse("registry:organization-detail", args=["csto"]), {"on": "2020-01-01"}
    )
    (armenia,) = [m for m in response.context["members"] if m.member.code == "am"]
    assert armenia.status == MembershipStatus.ACTIVE
    assert response.context["former_members"] == []


def test_organization_card_bad_date_falls_back_to_today(client, registry):
    """A malformed date is reported on the form and today's state is shown."""
    response = _en(client).get(
        reverse("registry:organization-detail", args=["csto"]), {"on": "31.12.2025"}
    )
    assert response.status_code == 200
    assert response.context["as_of_form"].errors
    assert response.context["on_today"]


def test_hidden_organization_answers_like_a_missing_one(client, registry, hidden_org, make_user):
    """A forbidden card and a missing card are the same 404; the owner's staff see it."""
    forbidden = client.get(reverse("registry:organization-detail", args=["secret-body"]))
    missing = client.get(reverse("registry:organization-detail", args=["no-such-body"]))
    assert forbidden.status_code == missing.status_code == 404
    assert _main(forbidden).replace("secret-body", "?") == _main(missing).replace(
        "no-such-body", "?"
    )
    client.force_login(make_user(hidden_org, "viewer"))
    assert (
        client.get(reverse("registry:organization-detail", args=["secret-body"])).status_code == 200
    )


def test_person_card_lists_tenures(client, registry):
    """The person card lists the posts held, with the organization and dates."""
    response = _en(client).get(reverse("registry:person-detail", args=["imangali-tasmagambetov"]))
    assert response.status_code == 200
    assert "CSTO Secretary General" in response.text
    assert "CSTO Secretariat" in response.text
    assert len(response.context["tenures"]) == 1
    assert client.get(reverse("registry:person-detail", args=["nobody"])).status_code == 404


def test_state_card_lists_memberships(client, registry):
    """The state card lists its memberships over time, the suspended one included."""
    response = _en(client).get(reverse("registry:state-detail", args=["am"]))
    assert response.status_code == 200
    assert len(response.context["memberships"]) == 2
    assert "Suspended" in response.text
    assert client.get(reverse("registry:state-detail", args=["zz"])).status_code == 404


def test_registry_index_redirects_to_organizations(client, db):
    """/registry/ leads to the organization list."""
    response = client.get("/registry/")
    assert response.status_code == 302
    assert response.url == reverse("registry:organization-list")


def test_home_counts_visible_records(client, registry, hidden_org):
    """The home page counts only what the visitor may see."""
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["counts"] == {"organizations": 2, "persons": 3, "states": 3}


# --- Query counts: they must not grow with the data -------------------------------


def _grow(site_admin, registry, size: int) -> None:
    """Add ``size`` states, members, bodies, persons and tenures of one more post."""
    csto = registry["csto"]
    post = services.post_create(
        actor=site_admin,
        data={"slug": "extra-post", "organization": csto, "label_ru": "Советник", "owner": csto},
    )
    for number in range(size):
        state = services.state_create(
            actor=site_admin,
            data={"code": f"q{chr(97 + number)}", "name_ru": f"Страна {number}", "owner": csto},
        )
        services.membership_create(
            actor=site_admin,
            data={
                "organization": csto,
                "member_state": state,
                "role": MembershipRole.OBSERVER,
                "start_date": D(2000 + number, 1, 1),
                "owner": csto,
            },
        )
        services.organization_create(
            actor=site_admin,
            data={
                "slug": f"body-{number}",
                "kind": OrganizationKind.COUNCIL,
                "name_ru": f"Совет {number}",
                "parent": csto,
                "owner": csto,
            },
        )
        person = services.person_create(
            actor=site_admin,
            data={"slug": f"person-{number}", "name_ru": f"Лицо {number}", "owner": csto},
        )
        services.tenure_create(
            actor=site_admin,
            data={
                "person": person,
                "post": post,
                "acting": True,
                "start_date": D(2000 + number, 1, 1),
                "owner": csto,
            },
        )


# (url name, args, queries on a miss).  Registry pages also read the data version
# (the audit chain head) for their cache key; the home page is not cached.
PAGES = [
    ("registry:organization-list", [], 3 + 1),
    ("registry:organization-detail", ["csto"], 9 + 1 + 1),  # with its signatory
    ("registry:person-list", [], 3 + 1),
    # with the unavailability periods and the signing keys
    ("registry:person-detail", ["person-0"], 3 + 1 + 1),
    ("registry:state-list", [], 3 + 1),
    ("registry:state-detail", ["qa"], 3 + 1),
    ("home", [], 4),
]
# Desk items only a manager acts on (decisions.policy.agreeing_secretariat_ids).
MANAGERS_ONLY_DESK_ITEMS = {"texts-to-agree"}
# What a signed-in user's page reads besides: a detail page's history (its audit records
# and the organizations they name), the home page's desk (one or two queries an item).
SIGNED_IN_PANELS = {
    "registry:organization-detail": 2,
    "registry:person-detail": 2,
    "registry:state-detail": 2,
    # The desk: one query per item the apps contribute (core.desk), but for the
    # items a viewer has no part in (they return before reading anything).
    "home": len([s for s in desk_sources() if s.name not in MANAGERS_ONLY_DESK_ITEMS]),
}
CACHED_PAGES = [
    ("registry:organization-list", []),
    ("registry:organization-detail", ["csto"]),
    ("registry:person-list", []),
    ("registry:person-detail", ["imangali-tasmagambetov"]),
    ("registry:state-list", []),
    ("registry:state-detail", ["am"]),
]


@pytest.mark.parametrize("size", [3, 10])
@pytest.mark.parametrize(("name", "args", "queries"), PAGES)
def test_query_count_is_constant(
    client, site_admin, registry, django_assert_num_queries, size, name, args, queries
):
    """Anonymous pages take a fixed number of queries on a cache miss, however much data."""
    _grow(site_admin, registry, size)
    cache.clear()
    url = reverse(name, args=args)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [3, 10])
@pytest.mark.parametrize(("name", "args", "queries"), PAGES)
def test_query_count_is_constant_when_signed_in(
    client, site_admin, registry, make_user, django_assert_num_queries, size, name, args, queries
):
    """Signed-in pages add only the session, the user and the user's roles (and parents).

    The home page is not cached, so it reads the data version only when signed
    in: the version keys the cached user.
    """
    _grow(site_admin, registry, size)
    client.force_login(make_user(registry["secretariat"], "viewer"))
    cache.clear()
    url = reverse(name, args=args)
    extra = 5 if name == "home" else 4
    with django_assert_num_queries(queries + extra + SIGNED_IN_PANELS.get(name, 0)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "args"), CACHED_PAGES)
def test_cache_hit_reads_only_the_version(
    client, registry, make_user, django_assert_num_queries, name, args
):
    """A repeated page runs only the data version query (signed in: and the session).

    The user and the user's roles come from the cache too, keyed by the same
    data version; the session is read from the database, so that a logout
    ends it in every worker process.
    """
    url = reverse(name, args=args)
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):
        second = client.get(url)
    assert _main(second) == _main(first)

    client.force_login(make_user(registry["secretariat"], "viewer"))
    first = client.get(url)
    with django_assert_num_queries(2):
        second = client.get(url)
    assert _main(second) == _main(first)
    assert second.status_code == 200


# --- The read cache: never stale, never shared across scopes or languages ------------


def test_a_write_shows_on_the_next_request(client, registry, site_admin):
    """A change through a service moves the data version, so the next page shows it."""
    url = reverse("registry:organization-detail", args=["csto"])
    list_url = reverse("registry:organization-list")
    _en(client)
    assert "Collective Security Treaty Organization" in client.get(url).text
    assert "Collective Security Treaty Organization" in client.get(list_url).text
    services.organization_update(
        actor=site_admin, organization=registry["csto"], data={"name_en": "Renamed Treaty Body"}
    )
    for page in (url, list_url):
        body = client.get(page).text
        assert "Renamed Treaty Body" in body
        assert "Collective Security Treaty Organization" not in body


def test_a_hidden_record_is_not_served_across_scopes(client, registry, hidden_org, make_user):
    """The owner's staff and an outsider get different answers for an internal record."""
    url = reverse("registry:organization-detail", args=["secret-body"])
    list_url = reverse("registry:organization-list")
    staff, outsider = Client(), Client()
    staff.force_login(make_user(hidden_org, "viewer"))
    outsider.force_login(make_user(registry["csto"], "viewer"))
    assert staff.get(url).status_code == 200
    assert "Закрытый орган" in staff.get(list_url).text
    assert outsider.get(url).status_code == 404
    assert "Закрытый орган" not in outsider.get(list_url).text
    assert client.get(url).status_code == 404
    assert "Закрытый орган" not in client.get(list_url).text
    # In the other order: a stored 404 or list is not served to the staff either.
    cache.clear()
    assert client.get(url).status_code == 404
    assert "Закрытый орган" not in client.get(list_url).text
    assert staff.get(url).status_code == 200
    assert "Закрытый орган" in staff.get(list_url).text


def test_language_is_part_of_the_key(client, registry):
    """The same page in another language is not served from the first language's entry."""
    url = reverse("registry:organization-detail", args=["csto"])
    assert "<h1>Организация Договора о коллективной безопасности</h1>" in client.get(url).text
    english = _en(client).get(url).text
    assert "<h1>Collective Security Treaty Organization</h1>" in english
    client.cookies["django_language"] = "ru"
    assert "<h1>Организация Договора о коллективной безопасности</h1>" in client.get(url).text


def test_fragment_and_page_are_kept_apart(client, registry):
    """A live-search fragment and the whole page under the same URL are stored separately."""
    url = f"{reverse('registry:person-list')}?q=Petrov"
    fragment = client.get(url, headers={"HX-Request": "true"})
    page = client.get(url)
    assert "<html" not in fragment.text
    assert "<html" in page.text
    assert "<html" not in client.get(url, headers={"HX-Request": "true"}).text


def test_the_layout_stays_per_request(client, registry, make_user):
    """A cached page still carries this request's user name and a fresh CSP nonce."""
    url = reverse("registry:person-list")
    client.get(url)
    client.force_login(make_user(registry["csto"], "viewer", username="alice"))
    first, second = client.get(url), client.get(url)
    assert "alice" in second.text
    nonce = re.compile(r'nonce="([^"]+)"')
    assert nonce.search(first.text).group(1) != nonce.search(second.text).group(1)


def test_as_of_date_is_part_of_the_key(client, registry):
    """Each "as of" date gets its own entry: the head shown changes with the date."""
    url = reverse("registry:organization-detail", args=["csto"])
    head = re.compile(r'head-card__person"><a href="/registry/persons/([\w-]+)/"')
    assert head.search(client.get(url, {"on": "2024-06-01"}).text).group(1) == (
        "imangali-tasmagambetov"
    )
    assert head.search(client.get(url, {"on": "2026-06-01"}).text).group(1) == (
        "taalatbek-masadykov"
    )
