"""The registry REST API: reads, writes, time-aware helpers, bad input, query counts."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.test import Client

from collegium.accounts.services import api_token_create
from collegium.core.models import AuditRecord, Visibility
from collegium.registry.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationKind,
    Person,
    State,
    Tenure,
)
from collegium.registry.services import (
    membership_create,
    organization_create,
    organization_update,
    person_create,
    post_create,
    state_create,
    tenure_create,
)

API = "/api/v1/registry"


@pytest.fixture
def csto(make_org):
    return make_org("csto", name_ru="ОДКБ", name_en="CSTO", acronym_en="CSTO")


@pytest.fixture
def registry(site_admin, make_org, csto):
    """A small CSTO: its secretariat, three states, the Secretary General over time."""
    secretariat = make_org(
        "csto-secretariat",
        kind=OrganizationKind.EXECUTIVE_BODY,
        parent=csto,
        name_ru="Секретариат ОДКБ",
        name_en="CSTO Secretariat",
    )
    # As in the demo: the secretariat keeps the organization's record.
    organization_update(actor=site_admin, organization=csto, data={"owner": secretariat})
    make_org("mfa-by", kind=OrganizationKind.MINISTRY, name_ru="МИД Беларуси")
    states = {
        code: state_create(
            actor=site_admin,
            data={"code": code, "name_ru": ru, "name_en": en, "owner": secretariat},
        )
        for code, ru, en in [
            ("am", "Армения", "Armenia"),
            ("ru", "Россия", "Russia"),
            ("kg", "Киргизия", "Kyrgyzstan"),
        ]
    }
    membership_create(
        actor=site_admin,
        data={
            "organization": csto,
            "member_state": states["ru"],
            "start_date": dt.date(1992, 5, 15),
            "owner": secretariat,
        },
    )
    membership_create(
        actor=site_admin,
        data={
            "organization": csto,
            "member_state": states["am"],
            "start_date": dt.date(1992, 5, 15),
            "status": MembershipStatus.SUSPENDED,
            "note": "participation frozen since 2024",
            "owner": secretariat,
        },
    )
    post = post_create(
        actor=site_admin,
        data={
            "slug": "csto-secretary-general",
            "organization": csto,
            "label_ru": "Генеральный секретарь ОДКБ",
            "label_en": "Secretary General of the CSTO",
            "is_head": True,
            "owner": secretariat,
        },
    )
    persons = {
        slug: person_create(
            actor=site_admin, data={"slug": slug, "name_ru": ru, "owner": secretariat}
        )
        for slug, ru in [
            ("imangali-tasmagambetov", "Имангали Тасмагамбетов"),
            ("taalatbek-masadykov", "Таалатбек Масадыков"),
        ]
    }
    tenure_create(
        actor=site_admin,
        data={
            "person": persons["imangali-tasmagambetov"],
            "post": post,
            "start_date": dt.date(2023, 1, 1),
            "end_date": dt.date(2025, 12, 31),
            "owner": secretariat,
        },
    )
    tenure_create(
        actor=site_admin,
        data={
            "person": persons["taalatbek-masadykov"],
            "post": post,
            "start_date": dt.date(2026, 1, 1),
            "end_date": dt.date(2029, 12, 31),
            "owner": secretariat,
        },
    )
    return secretariat


@pytest.fixture
def editor(make_user, registry):
    return make_user(registry, "editor", username="editor")


@pytest.fixture
def editor_client(editor):
    """A client of its own that authenticates with the editor's personal token."""
    _, secret = api_token_create(actor=editor, name="tests")
    return Client(headers={"authorization": f"Bearer {secret}"})


def _token(user) -> str:
    return api_token_create(actor=user, name="tests")[1]


def post_json(client, url, data, method="post"):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return getattr(client, method)(url, body, content_type="application/json")


def errors_by_field(response) -> dict[str, list[str]]:
    """Return ``{field: sorted error types}`` of a 422 answer (``""``: the record as a whole)."""
    assert response.status_code == 422, response.content
    found: dict[str, set[str]] = {}
    for error in response.json()["detail"]:
        assert set(error) >= {"loc", "msg", "type"}
        assert error["msg"]
        field = ".".join(str(part) for part in error["loc"][1:])
        found.setdefault(field, set()).add(error["type"])
    return {field: sorted(types) for field, types in found.items()}


# --- Reads --------------------------------------------------------------------


def test_anonymous_reads_public_records_with_stable_keys(client, registry):
    """Related records are named by slug or ISO code, never by database id."""
    response = client.get(f"{API}/organizations/csto-secretariat")
    assert response.status_code == 200
    body = response.json()
    assert body["parent"] == "csto"
    assert body["owner"] == "csto-secretariat"
    assert body["kind"] == "executive_body"
    assert "id" not in body

    memberships = client.get(f"{API}/memberships", {"organization": "csto"}).json()
    armenia = next(m for m in memberships["items"] if m["member_state"] == "am")
    assert armenia == armenia | {
        "organization": "csto",
        "member_organization": None,
        "status": "suspended",
        "start_date": "1992-05-15",
        "owner": "csto-secretariat",
    }


def test_names_follow_the_request_language(client, registry):
    """``name`` is the translation in the requested language; Russian by default."""
    assert client.get(f"{API}/states/am").json()["name"] == "Армения"
    english = client.get(f"{API}/states/am", headers={"accept-language": "en"}).json()
    assert english["name"] == "Armenia"
    assert english["name_ru"] == "Армения"


def test_lists_are_paginated_with_limit_and_offset(client, registry):
    """``count`` is the total; ``limit``/``offset`` pick a stable window."""
    everything = client.get(f"{API}/states").json()
    assert everything["count"] == 3
    page = client.get(f"{API}/states", {"limit": 2, "offset": 1}).json()
    assert page["count"] == 3
    assert [s["code"] for s in page["items"]] == [s["code"] for s in everything["items"][1:3]]


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("states", {"q": "Арм"}, ["am"]),
        ("states", {"q": "KG"}, ["kg"]),
        ("organizations", {"q": "secretariat"}, ["csto-secretariat"]),
        ("organizations", {"kind": "ministry"}, ["mfa-by"]),
        ("organizations", {"parent": "csto"}, ["csto-secretariat"]),
        ("organizations", {"parent": "no-such-org"}, []),
        ("persons", {"q": "masadykov"}, ["taalatbek-masadykov"]),
        ("posts", {"organization": "csto"}, ["csto-secretary-general"]),
        ("posts", {"organization": "mfa-by"}, []),
        ("memberships", {"member_state": "am"}, ["am"]),
        ("memberships", {"on": "1990-01-01"}, []),
        ("tenures", {"on": "2025-11-27"}, ["imangali-tasmagambetov"]),
        ("tenures", {"on": "2026-01-01"}, ["taalatbek-masadykov"]),
        ("tenures", {"person": "taalatbek-masadykov"}, ["taalatbek-masadykov"]),
        (
            "tenures",
            {"post": "csto-secretary-general"},
            ["imangali-tasmagambetov", "taalatbek-masadykov"],
        ),
        ("tenures", {"organization": "mfa-by"}, []),
    ],
)
def test_list_filters(client, registry, path, params, expected):
    """Each list filter keeps only the matching records."""
    key = {
        "states": "code",
        "organizations": "slug",
        "persons": "slug",
        "posts": "slug",
        "memberships": "member_state",
        "tenures": "person",
    }[path]
    response = client.get(f"{API}/{path}", params)
    assert response.status_code == 200
    assert sorted(item[key] for item in response.json()["items"]) == expected


def test_head_changes_on_the_date_of_the_handover(client, registry):
    """The head on 31 Dec 2025 is Tasmagambetov, on 1 Jan 2026 Masadykov, before 2023 nobody."""
    url = f"{API}/organizations/csto/head"
    before = client.get(url, {"on": "2025-12-31"}).json()
    assert before["on"] == "2025-12-31"
    assert before["tenure"]["person"] == "imangali-tasmagambetov"
    assert before["tenure"]["organization"] == "csto"
    after = client.get(url, {"on": "2026-01-01"}).json()
    assert after["tenure"]["person"] == "taalatbek-masadykov"
    assert client.get(url, {"on": "2020-01-01"}).json()["tenure"] is None


def test_head_defaults_to_today(client, registry, monkeypatch):
    """Without ``on`` the answer is about today."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2024, 6, 1))
    body = client.get(f"{API}/organizations/csto/head").json()
    assert body["on"] == "2024-06-01"
    assert body["tenure"]["person"] == "imangali-tasmagambetov"


def test_members_on_a_date_include_suspended_ones(client, registry, site_admin, csto):
    """Members in force on the date are listed, Armenia (suspended) too; later joiners are not."""
    membership_create(
        actor=site_admin,
        data={
            "organization": csto,
            "member_state": State.objects.get(code="kg"),
            "start_date": dt.date(1994, 1, 1),
            "owner": registry,
        },
    )
    url = f"{API}/organizations/csto/members"
    on_1993 = client.get(url, {"on": "1993-01-01"}).json()
    assert sorted(m["member_state"] for m in on_1993["items"]) == ["am", "ru"]
    assert {m["member_state"]: m["status"] for m in on_1993["items"]}["am"] == "suspended"
    assert on_1993["count"] == 2
    assert client.get(url, {"on": "2025-11-25"}).json()["count"] == 3


def test_person_tenures_newest_first(client, registry, site_admin):
    """A person's tenures come newest first."""
    person = Person.objects.get(slug="taalatbek-masadykov")
    post = post_create(
        actor=site_admin,
        data={
            "slug": "csto-deputy",
            "organization": Organization.objects.get(slug="csto"),
            "label_ru": "Заместитель",
            "owner": registry,
        },
    )
    tenure_create(
        actor=site_admin,
        data={"person": person, "post": post, "start_date": dt.date(2020, 1, 1), "owner": registry},
    )
    body = client.get(f"{API}/persons/taalatbek-masadykov/tenures").json()
    assert [t["post"] for t in body["items"]] == ["csto-secretary-general", "csto-deputy"]


def test_hidden_and_missing_records_both_answer_404(client, registry, site_admin):
    """An internal record of another organization answers exactly like a missing one."""
    person_create(
        actor=site_admin,
        data={
            "slug": "hidden-person",
            "name_ru": "Скрытый",
            "owner": Organization.objects.get(slug="mfa-by"),
            "visibility": Visibility.INTERNAL,
        },
    )
    hidden = client.get(f"{API}/persons/hidden-person")
    missing = client.get(f"{API}/persons/no-such-person")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert "hidden-person" not in client.get(f"{API}/persons").content.decode()
    assert client.get(f"{API}/persons/hidden-person/tenures").status_code == 404


# --- Writes -------------------------------------------------------------------


def test_editor_creates_updates_and_deletes_with_audit(editor_client, registry):
    """Create, PATCH and DELETE go through the services: each appends one audit record."""
    start = AuditRecord.objects.count()
    created = post_json(
        editor_client,
        f"{API}/persons",
        {"slug": "sergey-lavrov", "name_ru": "Сергей Лавров", "owner": "csto-secretariat"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["owner"] == "csto-secretariat"
    assert created.json()["visibility"] == "public"

    patched = post_json(
        editor_client, f"{API}/persons/sergey-lavrov", {"name_en": "Sergey Lavrov"}, "patch"
    )
    assert patched.status_code == 200
    assert patched.json()["name_en"] == "Sergey Lavrov"
    assert patched.json()["name_ru"] == "Сергей Лавров"  # fields left out keep their value

    deleted = editor_client.delete(f"{API}/persons/sergey-lavrov")
    assert deleted.status_code == 204
    assert not Person.objects.filter(slug="sergey-lavrov").exists()
    actions = list(
        AuditRecord.objects.filter(seq__gt=start).values_list("action", "actor", "organization")
    )
    assert actions == [
        ("person.create", "editor", "csto-secretariat"),
        ("person.update", "editor", "csto-secretariat"),
        ("person.delete", "editor", "csto-secretariat"),
    ]


def test_create_resolves_stable_keys(editor_client, registry):
    """Memberships and tenures are written with slugs and codes and read back the same way."""
    membership = post_json(
        editor_client,
        f"{API}/memberships",
        {
            "organization": "csto",
            "member_state": "kg",
            "start_date": "1994-04-20",
            "owner": "csto-secretariat",
        },
    )
    assert membership.status_code == 201, membership.content
    assert membership.json()["member_state"] == "kg"
    assert Membership.objects.get(pk=membership.json()["id"]).member_state.code == "kg"

    tenure = post_json(
        editor_client,
        f"{API}/tenures",
        {
            "person": "imangali-tasmagambetov",
            "post": "csto-secretary-general",
            "acting": True,
            "start_date": "2026-01-01",
            "end_date": "2026-01-10",
            "owner": "csto-secretariat",
        },
    )
    assert tenure.status_code == 201, tenure.content
    assert tenure.json()["acting"] is True
    assert tenure.json()["organization"] == "csto"


def test_patch_moves_a_body_under_another_parent(editor_client, registry, site_admin, make_org):
    """A PATCH may set a reference to another record, or clear it with null."""
    body = make_org("csto-csc", kind=OrganizationKind.COUNCIL, owner=registry)
    assert body.owner == registry
    response = post_json(
        editor_client, f"{API}/organizations/csto-csc", {"parent": "csto"}, "patch"
    )
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == "csto"
    response = post_json(editor_client, f"{API}/organizations/csto-csc", {"parent": None}, "patch")
    assert response.json()["parent"] is None


def test_deleting_a_referenced_record_is_refused(editor_client, registry):
    """A state with memberships cannot be deleted: 409 ``referenced``, naming what refers to it."""
    response = editor_client.delete(f"{API}/states/am", headers={"Accept-Language": "en"})
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "referenced"
    assert "memberships: 1" in body["detail"]
    assert State.objects.filter(code="am").exists()


# --- Bad input ----------------------------------------------------------------


def _membership(**changes):
    data = {"organization": "csto", "member_state": "kg", "owner": "csto-secretariat"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


@pytest.mark.parametrize(
    ("path", "data", "expected"),
    [
        pytest.param(
            "states",
            {"code": "by", "name_ru": 5, "owner": "csto-secretariat"},
            {"name_ru": ["string_type"]},
            id="wrong-type",
        ),
        pytest.param(
            "states",
            {"code": "by", "name_ru": "Беларусь", "owner": "csto-secretariat", "capital": "Minsk"},
            {"capital": ["extra_forbidden"]},
            id="unknown-field",
        ),
        pytest.param(
            "states",
            {"code": "by", "owner": "csto-secretariat"},
            {"name_ru": ["missing"]},
            id="missing-field",
        ),
        pytest.param(
            "states",
            {"code": "BLR", "name_ru": "Беларусь", "owner": "csto-secretariat"},
            {"code": ["invalid", "max_length"]},
            id="bad-iso-code",
        ),
        pytest.param(
            "states",
            {"code": "b1", "name_ru": "Беларусь", "owner": "csto-secretariat"},
            {"code": ["invalid"]},
            id="iso-code-not-letters",
        ),
        pytest.param(
            "states",
            {"code": "am", "name_ru": "Армения", "owner": "csto-secretariat"},
            {"code": ["unique"]},
            id="duplicate-code",
        ),
        pytest.param(
            "organizations",
            {
                "slug": "csto",
                "kind": "international_organization",
                "name_ru": "x",
                "owner": "csto-secretariat",
            },
            {"slug": ["unique"]},
            id="duplicate-slug",
        ),
        pytest.param(
            "organizations",
            {"slug": "fresh", "kind": "club", "name_ru": "x", "owner": "csto-secretariat"},
            {"kind": ["enum"]},
            id="unknown-choice",
        ),
        pytest.param(
            "organizations",
            {"slug": "not a slug", "kind": "other", "name_ru": "x", "owner": "csto-secretariat"},
            {"slug": ["invalid"]},
            id="bad-slug",
        ),
        pytest.param(
            "organizations",
            {
                "slug": "fresh",
                "kind": "other",
                "name_ru": "x",
                "owner": "csto-secretariat",
                "parent": "no-such-org",
            },
            {"parent": ["invalid"]},
            id="unknown-parent",
        ),
        pytest.param(
            "organizations",
            {"slug": "fresh", "kind": "other", "name_ru": "x", "owner": "no-such-org"},
            {"owner": ["invalid"]},
            id="unknown-owner",
        ),
        pytest.param(
            "organizations",
            {
                "slug": "fresh",
                "kind": "other",
                "name_ru": "x",
                "owner": "csto-secretariat",
                "founding_date": "2001-06-15",
                "dissolution_date": "2001-01-01",
            },
            {"dissolution_date": ["invalid"]},
            id="dissolved-before-founded",
        ),
        pytest.param(
            "organizations",
            {
                "slug": "fresh",
                "kind": "other",
                "name_ru": "x",
                "owner": "csto-secretariat",
                "other_names": [{"lang": "ru"}],
            },
            {"other_names": ["invalid"]},
            id="alias-without-name",
        ),
        pytest.param(
            "memberships",
            _membership(start_date="15.05.1992"),
            {"start_date": ["date_format"]},
            id="bad-date-format",
        ),
        pytest.param(
            "memberships",
            _membership(start_date="2024-02-30"),
            {"start_date": ["date_format"]},
            id="impossible-date",
        ),
        pytest.param(
            "memberships",
            _membership(start_date="2020-01-01", end_date="2019-01-01"),
            {"end_date": ["invalid"]},
            id="end-before-start",
        ),
        pytest.param(
            "memberships",
            _membership(member_organization="mfa-by"),
            {"": ["invalid"]},
            id="both-members",
        ),
        pytest.param(
            "memberships", _membership(member_state=...), {"": ["invalid"]}, id="no-member"
        ),
        pytest.param(
            "memberships",
            _membership(member_state="xx"),
            {"member_state": ["invalid"]},
            id="unknown-state",
        ),
        pytest.param(
            "memberships",
            _membership(member_state=..., member_organization="csto"),
            {"member_organization": ["invalid"]},
            id="own-member",
        ),
        pytest.param(
            "memberships", _membership(role="chair"), {"role": ["enum"]}, id="unknown-role"
        ),
        pytest.param(
            "tenures",
            {
                "person": "taalatbek-masadykov",
                "post": "csto-secretary-general",
                "start_date": "2027-01-01",
                "owner": "csto-secretariat",
            },
            {"start_date": ["invalid"]},
            id="overlapping-tenure",
        ),
        pytest.param(
            "tenures",
            {"person": "nobody", "post": "csto-secretary-general", "owner": "csto-secretariat"},
            {"person": ["invalid"]},
            id="unknown-person",
        ),
        pytest.param(
            "posts",
            {
                "slug": "second-head",
                "organization": "csto",
                "label_ru": "x",
                "is_head": True,
                "owner": "csto-secretariat",
            },
            {"": ["invalid"]},
            id="second-head-post",
        ),
        pytest.param(
            "persons",
            {"slug": "x", "name_ru": "x", "owner": "csto-secretariat", "visibility": "secret"},
            {"visibility": ["enum"]},
            id="unknown-visibility",
        ),
        pytest.param("persons", [], {"": ["model_attributes_type"]}, id="body-not-an-object"),
        pytest.param(
            "persons",
            {},
            {"slug": ["missing"], "name_ru": ["missing"], "owner": ["missing"]},
            id="empty-object",
        ),
    ],
)
def test_bad_input_answers_422_naming_the_field(editor_client, registry, path, data, expected):
    """Bad input is refused with field errors in one shape, whether ninja or the model found it."""
    before = AuditRecord.objects.count()
    response = post_json(editor_client, f"{API}/{path}", data)
    assert errors_by_field(response) == expected
    assert AuditRecord.objects.count() == before


def test_reference_to_a_hidden_record_reads_as_unknown(editor_client, registry, site_admin):
    """Naming a record the caller may not see gives the same 422 as naming a missing one."""
    state_create(
        actor=site_admin,
        data={
            "code": "zz",
            "name_ru": "Скрытая",
            "owner": Organization.objects.get(slug="mfa-by"),
            "visibility": Visibility.INTERNAL,
        },
    )
    hidden = post_json(editor_client, f"{API}/memberships", _membership(member_state="zz"))
    missing = post_json(editor_client, f"{API}/memberships", _membership(member_state="zy"))
    assert errors_by_field(hidden) == errors_by_field(missing) == {"member_state": ["invalid"]}
    assert (
        hidden.json()["detail"][0]["msg"].replace("zz", "zy") == missing.json()["detail"][0]["msg"]
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"code": "ARM"}, {"code": ["invalid", "max_length"]}),
        ({"name_ru": None}, {"name_ru": ["string_type"]}),
        ({"name_ru": ""}, {"name_ru": ["blank"]}),
        ({"owner": "no-such-org"}, {"owner": ["invalid"]}),
        ({"flag": "🇦🇲"}, {"flag": ["extra_forbidden"]}),
    ],
)
def test_bad_patch_answers_422_and_changes_nothing(editor_client, registry, data, expected):
    """A refused PATCH leaves the record as it was."""
    response = post_json(editor_client, f"{API}/states/am", data, "patch")
    assert errors_by_field(response) == expected
    state = State.objects.get(code="am")
    assert (state.name_ru, state.owner.slug) == ("Армения", "csto-secretariat")


def test_patch_end_before_start_is_refused(editor_client, registry):
    """Moving a tenure's end before its start fails validation; nothing is saved."""
    tenure = Tenure.objects.get(person__slug="taalatbek-masadykov")
    response = post_json(
        editor_client, f"{API}/tenures/{tenure.pk}", {"end_date": "2020-01-01"}, "patch"
    )
    assert errors_by_field(response) == {"end_date": ["invalid"]}
    tenure.refresh_from_db()
    assert tenure.end_date == dt.date(2029, 12, 31)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"code": "by",', b"\xff\xfe", b"null"],
    ids=["garbage", "truncated", "binary", "null"],
)
def test_malformed_json_body_is_a_client_error(editor_client, registry, body):
    """An unreadable body answers 400 (or 422 for valid JSON of the wrong shape), never 500."""
    response = editor_client.post(f"{API}/states", body, content_type="application/json")
    assert response.status_code in {400, 422}
    detail = response.json()["detail"]
    assert isinstance(detail, str) or all("loc" in error for error in detail)


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("states", {"limit": 100_000}, {"limit": ["less_than_equal"]}),
        ("states", {"limit": 0}, {"limit": ["greater_than_equal"]}),
        ("states", {"offset": -1}, {"offset": ["greater_than_equal"]}),
        ("states", {"limit": "ten"}, {"limit": ["int_parsing"]}),
        ("memberships", {"on": "25.11.2025"}, {"on": ["date_format"]}),
        ("organizations", {"kind": "club"}, {"kind": ["enum"]}),
        ("organizations/csto/head", {"on": "yesterday"}, {"on": ["date_format"]}),
        ("memberships/abc", {}, {"membership_id": ["int_parsing"]}),
    ],
)
def test_bad_query_parameters_answer_422(client, registry, url, params, expected):
    """Oversized limits, bad dates and unknown choices in the query are field errors."""
    response = client.get(f"{API}/{url}", params)
    assert errors_by_field(response) == expected
    assert response.json()["detail"][0]["loc"][0] in {"query", "path"}


@pytest.mark.parametrize(
    ("url", "params", "loc"),
    [
        ("persons", {"q": "a\x00b"}, ["query", "q"]),
        ("tenures", {"person": "\x00"}, ["query", "person"]),
        ("organizations", {"parent": "\x00"}, ["query", "parent"]),
        ("persons/a%00b", {}, ["path", "slug"]),
        ("states", {"offset": 10**20}, ["query", "offset"]),
        ("states", {"offset": 2**63 - 1}, ["query", "offset"]),
    ],
)
def test_values_the_database_cannot_take_answer_422(client, registry, url, params, loc):
    """NUL characters (PostgreSQL refuses them) and overflowing numbers are refused up front."""
    response = client.get(f"{API}/{url}", params)
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [loc]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"slug": "x", "name_ru": "a\u0000b", "owner": "csto-secretariat"}, "name_ru"),
        ({"slug": "x\u0000", "name_ru": "x", "owner": "csto-secretariat"}, "slug"),
        ({"slug": "x", "name_ru": "x", "owner": "csto-secretariat\u0000"}, "owner"),
        (
            {
                "slug": "x",
                "name_ru": "x",
                "owner": "csto-secretariat",
                "other_names": [{"name": "\u0000"}],
            },
            "other_names",
        ),
    ],
)
def test_nul_characters_in_a_body_answer_422(editor_client, registry, data, field):
    """A NUL character anywhere in a body, even inside an alias, is a field error."""
    response = post_json(editor_client, f"{API}/persons", data)
    assert errors_by_field(response) == {field: ["value_error"]}
    assert not Person.objects.filter(slug__startswith="x").exists()


def test_patch_cannot_remove_an_organizations_owner(editor_client, registry):
    """An organization can move to another owner, not lose its owner."""
    response = post_json(
        editor_client, f"{API}/organizations/csto-secretariat", {"owner": None}, "patch"
    )
    assert errors_by_field(response) == {"owner": ["string_type"]}


def test_error_shapes_are_uniform(client, editor_client, registry):
    """Field errors are a list of {loc, msg, type}; every other error is {"detail": "..."}."""
    missing = client.get(f"{API}/organizations/no-such-org")
    assert missing.json() == {"detail": missing.json()["detail"]}
    assert isinstance(missing.json()["detail"], str)
    anonymous = post_json(client, f"{API}/persons", {"slug": "x"})
    assert anonymous.status_code == 401
    assert isinstance(anonymous.json()["detail"], str)
    invalid = post_json(
        editor_client, f"{API}/persons", {"slug": "x", "name_ru": 1, "owner": "csto-secretariat"}
    )
    assert [set(error) for error in invalid.json()["detail"]] == [{"loc", "msg", "type"}]


# --- Query counts -------------------------------------------------------------


def _add_rows(site_admin, owner, csto, numbers):
    """Add one public record of every kind per number: states, members, bodies, posts, tenures."""
    masadykov = Person.objects.get(slug="taalatbek-masadykov")
    for i in numbers:
        state = state_create(
            actor=site_admin, data={"code": f"q{chr(97 + i)}", "name_ru": f"Q{i}", "owner": owner}
        )
        membership_create(
            actor=site_admin, data={"organization": csto, "member_state": state, "owner": owner}
        )
        body = organization_create(
            actor=site_admin,
            data={
                "slug": f"body-{i}",
                "kind": "council",
                "name_ru": f"B{i}",
                "parent": csto,
                "seat_state": state,
                "owner": owner,
            },
        )
        person = person_create(
            actor=site_admin, data={"slug": f"person-{i}", "name_ru": f"P{i}", "owner": owner}
        )
        post = post_create(
            actor=site_admin,
            data={"slug": f"post-{i}", "organization": body, "label_ru": f"L{i}", "owner": owner},
        )
        tenure_create(actor=site_admin, data={"person": person, "post": post, "owner": owner})
        tenure_create(
            actor=site_admin,
            data={"person": masadykov, "post": post, "acting": True, "owner": owner},
        )


LIST_URLS = [
    "states",
    "organizations",
    "memberships",
    "posts",
    "persons",
    "tenures",
    "organizations/csto/members",
    "persons/taalatbek-masadykov/tenures",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_query_count_is_pinned(
    client, registry, site_admin, csto, editor, url, django_assert_num_queries
):
    """A list costs as many queries for 3 rows as for 10 (no N+1), on a cache miss.

    Anonymous: the data version, the count and the page.  Signed in, also the
    session, the user, their roles and their party organizations.  A list
    under one record (its members, their tenures) also looks that record up.
    """
    lookup = 1 if "/" in url else 0
    _add_rows(site_admin, registry, csto, range(3))
    cache.clear()
    with django_assert_num_queries(3 + lookup):
        few = client.get(f"{API}/{url}").json()
    _add_rows(site_admin, registry, csto, range(3, 10))
    cache.clear()
    with django_assert_num_queries(3 + lookup):
        many = client.get(f"{API}/{url}").json()
    assert 3 <= len(few["items"]) < len(many["items"])
    assert len(many["items"]) >= 10

    client.force_login(editor)
    cache.clear()
    with django_assert_num_queries(7 + lookup):
        assert len(client.get(f"{API}/{url}").json()["items"]) == len(many["items"])


READ_URLS = [
    *LIST_URLS,
    "states/am",
    "organizations/csto",
    "organizations/csto/head",
    "persons/taalatbek-masadykov",
    "posts/csto-secretary-general",
]


@pytest.mark.parametrize("url", READ_URLS)
def test_a_repeated_read_runs_only_the_version_query(
    client, registry, editor_client, url, django_assert_num_queries
):
    """A cached read answers the same body without a data query (token: also the token)."""
    first = client.get(f"{API}/{url}")
    assert first.status_code == 200
    with django_assert_num_queries(1):
        second = client.get(f"{API}/{url}")
    assert second.status_code == 200
    assert second.json() == first.json()
    assert second["Content-Type"] == first["Content-Type"]

    first = editor_client.get(f"{API}/{url}")
    with django_assert_num_queries(2):
        second = editor_client.get(f"{API}/{url}")
    assert second.json() == first.json()


def test_a_write_shows_in_the_next_read(client, editor_client, registry):
    """An update through the API moves the data version: lists and records show it at once."""
    assert client.get(f"{API}/organizations/csto").json()["name_en"] == "CSTO"
    listed = client.get(f"{API}/organizations", {"q": "csto"}).json()["items"]
    assert "CSTO" in [item["name_en"] for item in listed]
    response = post_json(
        editor_client, f"{API}/organizations/csto-secretariat", {"name_en": "Renamed"}, "patch"
    )
    assert response.status_code == 200, response.content
    assert client.get(f"{API}/organizations/csto-secretariat").json()["name_en"] == "Renamed"
    listed = client.get(f"{API}/organizations", {"q": "csto"}).json()["items"]
    assert "Renamed" in [item["name_en"] for item in listed]


def test_a_service_write_shows_in_the_next_read(client, registry, site_admin, csto):
    """A write outside the API (a service call) is seen by the next cached read too."""
    assert client.get(f"{API}/organizations/csto").json()["name_en"] == "CSTO"
    organization_update(actor=site_admin, organization=csto, data={"name_en": "Treaty"})
    assert client.get(f"{API}/organizations/csto").json()["name_en"] == "Treaty"


def test_reads_are_not_shared_across_scopes(client, registry, site_admin, make_org, make_user):
    """An internal record reaches its owner's staff and never an outsider, in either order."""
    hidden = make_org("hidden-body", visibility=Visibility.INTERNAL)
    staff = Client(headers={"authorization": f"Bearer {_token(make_user(hidden))}"})
    outsider = Client(headers={"authorization": f"Bearer {_token(make_user(registry))}"})
    for first, second in [(staff, outsider), (outsider, staff)]:
        cache.clear()
        for caller in (first, second, client):
            may_see = caller is staff
            record = caller.get(f"{API}/organizations/hidden-body")
            assert record.status_code == (200 if may_see else 404)
            slugs = {item["slug"] for item in caller.get(f"{API}/organizations").json()["items"]}
            assert ("hidden-body" in slugs) is may_see


def test_a_bad_token_is_refused_even_when_the_read_is_cached(client, registry):
    """A cached read does not let a wrong token through: ninja still answers 401."""
    assert client.get(f"{API}/states").status_code == 200
    bad = Client(headers={"authorization": "Bearer clg_wrong"})
    assert bad.get(f"{API}/states").status_code == 401


def test_api_language_is_part_of_the_key(client, registry):
    """The same read in another language is not served from the first language's entry."""
    url = f"{API}/states/am"
    assert client.get(url, headers={"accept-language": "ru"}).json()["name"] == "Армения"
    assert client.get(url, headers={"accept-language": "en"}).json()["name"] == "Armenia"


# --- Popolo -------------------------------------------------------------------


def test_popolo_export_shows_what_the_caller_may_see(client, registry, site_admin):
    """The export holds the visible registry as a Popolo document; hidden records stay out."""
    person_create(
        actor=site_admin,
        data={
            "slug": "hidden-person",
            "name_ru": "Скрытый",
            "owner": Organization.objects.get(slug="mfa-by"),
            "visibility": Visibility.INTERNAL,
        },
    )
    document = client.get(f"{API}/popolo").json()
    assert set(document) == {"persons", "organizations", "memberships", "posts"}
    persons = [item["id"] for item in document["persons"]]
    assert "taalatbek-masadykov" in persons
    assert "hidden-person" not in persons
    admin = Client()
    admin.force_login(site_admin)
    assert "hidden-person" in [p["id"] for p in admin.get(f"{API}/popolo").json()["persons"]]


def test_popolo_import_creates_then_leaves_unchanged(editor_client, registry):
    """An import reports its counts; importing the same document again changes nothing."""
    document = {
        "persons": [
            {
                "id": "sergey-lebedev",
                "name": "Сергей Лебедев",
                "collegium": {"owner_id": "csto-secretariat"},
            }
        ]
    }
    first = post_json(editor_client, f"{API}/popolo", document)
    assert first.status_code == 200, first.content
    assert first.json()["created"]["persons"] == 1
    assert Person.objects.get(slug="sergey-lebedev").owner.slug == "csto-secretariat"
    before = AuditRecord.objects.count()
    again = post_json(editor_client, f"{API}/popolo", document).json()
    assert again["created"]["persons"] == 0
    assert again["unchanged"]["persons"] == 1
    assert AuditRecord.objects.count() == before


def test_popolo_round_trip_through_the_api(registry, site_admin):
    """Exporting and importing the export back changes nothing."""
    admin = Client()
    admin.force_login(site_admin)
    document = admin.get(f"{API}/popolo").json()
    before = AuditRecord.objects.count()
    result = post_json(admin, f"{API}/popolo", document).json()
    assert sum(result["created"].values()) == sum(result["updated"].values()) == 0
    assert sum(result["unchanged"].values()) > 10
    assert AuditRecord.objects.count() == before
    assert admin.get(f"{API}/popolo").json() == document


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ([], 422),
        ("not json", 400),
        ({"persons": [{"id": "no-name", "collegium": {"owner_id": "csto-secretariat"}}]}, 422),
        ({"persons": [{"id": "x", "name": "x", "collegium": {"owner_id": "nowhere"}}]}, 422),
        ({"persons": "everyone"}, 422),
        ("[" * 100_000, 400),
        ('{"persons": [{"id": "x", "name": ' + "[" * 900 + "]" * 900 + "}]}", 422),
    ],
    ids=["list", "malformed", "missing-name", "unknown-owner", "not-a-list", "deep", "deep-value"],
)
def test_popolo_import_refuses_bad_documents(editor_client, registry, body, status):
    """A bad document answers with a clear error and writes nothing."""
    before = AuditRecord.objects.count()
    response = post_json(editor_client, f"{API}/popolo", body)
    assert response.status_code == status, response.content
    if status == 422:
        assert all(error["msg"] for error in response.json()["detail"])
    assert AuditRecord.objects.count() == before
    assert not Person.objects.filter(slug__in=["no-name", "x"]).exists()


def test_popolo_import_names_the_bad_item(editor_client, registry):
    """The message says which item and field is wrong."""
    body = {"persons": [{"id": "no-name", "collegium": {"owner_id": "csto-secretariat"}}]}
    messages = [e["msg"] for e in post_json(editor_client, f"{API}/popolo", body).json()["detail"]]
    assert any("persons[0]" in message and "name" in message for message in messages), messages


def test_popolo_import_needs_the_editor_role(make_user, registry):
    """A viewer of the owner may not import into it: 403, nothing written."""
    viewer = Client()
    viewer.force_login(make_user(registry, "viewer"))
    document = {
        "persons": [{"id": "x", "name": "x", "collegium": {"owner_id": "csto-secretariat"}}]
    }
    assert post_json(viewer, f"{API}/popolo", document).status_code == 403
    assert not Person.objects.filter(slug="x").exists()


@pytest.mark.parametrize(
    "body",
    [
        '{"slug": "lone", "name_ru": "\\ud800", "owner": "csto-secretariat"}',
        '{"slug": "lone", "name_ru": "x", "owner": "csto-secretariat", '
        '"other_names": [{"name": "\\udfff"}]}',
    ],
    ids=["name", "alias"],
)
def test_lone_surrogates_are_refused_not_a_500(editor_client, registry, body):
    """JSON may escape half a surrogate pair; such text cannot be stored or hashed: 422."""
    editor_client.cookies["django_language"] = "en"
    response = post_json(editor_client, f"{API}/persons", body)
    assert response.status_code == 422, response.content
    assert "surrogates" in response.content.decode()
    assert not Person.objects.filter(slug="lone").exists()
