"""Popolo JSON export and import: mapping, round trip, schemas, bad input, access, the CLI."""

import copy
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from collegium.accounts.models import Role
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import AuditRecord
from collegium.registry import popolo
from collegium.registry.models import (
    Membership,
    Organization,
    OrganizationKind,
    Person,
    Post,
    State,
    Tenure,
)
from collegium.registry.popolo import SYSTEM, export_popolo, import_popolo
from collegium.registry.services import (
    membership_create,
    organization_create,
    organization_update,
    person_create,
    post_create,
    state_create,
    tenure_create,
)

D = dt.date
KIND = OrganizationKind


def _org(admin, slug, kind, names, *, owner=None, parent=None, acronyms=("", "", ""), **extra):
    data = {
        "slug": slug,
        "kind": kind,
        "name_ru": names[0],
        "name_en": names[1],
        "name_be": names[2],
        "acronym_ru": acronyms[0],
        "acronym_en": acronyms[1],
        "acronym_be": acronyms[2],
        "owner": owner,
        "parent": parent,
        **extra,
    }
    if owner is None:
        del data["owner"]
    return organization_create(actor=admin, data=data)


def build_registry(admin) -> dict:
    """Load a realistic slice of the registry through the services; return the records by key."""
    r: dict = {}
    r["union-state"] = _org(
        admin,
        "union-state",
        KIND.INTERNATIONAL,
        ("Союзное государство", "Union State", "Саюзная дзяржава"),
        founding_date=D(1999, 12, 8),
        other_names=[{"name": "Союзного государства", "lang": "ru", "note": "inflected"}],
    )
    r["usc"] = _org(
        admin,
        "union-state-standing-committee",
        KIND.EXECUTIVE_BODY,
        (
            "Постоянный комитет Союзного государства",
            "Standing Committee of the Union State",
            "Пастаянны камітэт Саюзнай дзяржавы",
        ),
        owner=r["union-state"],
        parent=r["union-state"],
    )
    # The Standing Committee keeps the Union State's own record: an owner cycle.
    organization_update(actor=admin, organization=r["union-state"], data={"owner": r["usc"]})
    r["csto"] = _org(
        admin,
        "csto",
        KIND.INTERNATIONAL,
        (
            "Организация Договора о коллективной безопасности",
            "Collective Security Treaty Organization",
            "Арганізацыя Дагавора аб калектыўнай бяспецы",
        ),
        acronyms=("ОДКБ", "CSTO", "АДКБ"),
        founding_date=D(1992, 5, 15),
        seat_city_ru="Москва",
        seat_city_en="Moscow",
        seat_city_be="Масква",
    )
    r["csto-secretariat"] = _org(
        admin,
        "csto-secretariat",
        KIND.EXECUTIVE_BODY,
        ("Секретариат ОДКБ", "CSTO Secretariat", "Сакратарыят АДКБ"),
        owner=r["csto"],
        parent=r["csto"],
    )
    r["cis"] = _org(
        admin,
        "cis",
        KIND.INTERNATIONAL,
        ("Содружество Независимых Государств", "Commonwealth of Independent States", ""),
        acronyms=("СНГ", "CIS", "СНД"),
        other_names=[
            {"name": "Содружества", "lang": "ru", "note": "inflected"},
            {"name": "Commonwealth", "lang": "en"},
        ],
    )
    r["cis-executive-committee"] = _org(
        admin,
        "cis-executive-committee",
        KIND.EXECUTIVE_BODY,
        ("Исполнительный комитет СНГ", "CIS Executive Committee", ""),
        owner=r["cis"],
        parent=r["cis"],
    )
    r["sco"] = _org(
        admin,
        "sco",
        KIND.INTERNATIONAL,
        ("Шанхайская организация сотрудничества", "Shanghai Cooperation Organisation", ""),
        acronyms=("ШОС", "SCO", "ШАС"),
        founding_date=D(2001, 6, 15),
    )
    r["sco-secretariat"] = _org(
        admin,
        "sco-secretariat",
        KIND.EXECUTIVE_BODY,
        ("Секретариат ШОС", "SCO Secretariat", ""),
        owner=r["sco"],
        parent=r["sco"],
        seat_city_ru="Пекин",
        seat_city_en="Beijing",
    )
    r["mfa-ru"] = _org(
        admin,
        "mfa-ru",
        KIND.MINISTRY,
        (
            "Министерство иностранных дел Российской Федерации",
            "Ministry of Foreign Affairs of the Russian Federation",
            "Міністэрства замежных спраў Расійскай Федэрацыі",
        ),
        acronyms=("МИД России", "MFA of Russia", "МЗС Расіі"),
        seat_city_ru="Москва",
        seat_city_en="Moscow",
    )
    r["mfa-ru-collegium"] = _org(
        admin,
        "mfa-ru-collegium",
        KIND.COLLEGIUM,
        ("Коллегия МИД России", "Collegium of the MFA of Russia", "Калегія МЗС Расіі"),
        owner=r["mfa-ru"],
        parent=r["mfa-ru"],
        visibility="internal",
    )
    r["mfa-by"] = _org(
        admin,
        "mfa-by",
        KIND.MINISTRY,
        (
            "Министерство иностранных дел Республики Беларусь",
            "Ministry of Foreign Affairs of the Republic of Belarus",
            "Міністэрства замежных спраў Рэспублікі Беларусь",
        ),
        acronyms=("МИД Беларуси", "MFA of Belarus", "МЗС Беларусі"),
    )

    def state(code, names, owner, aliases=()):
        r[code] = state_create(
            actor=admin,
            data={
                "code": code,
                "name_ru": names[0],
                "name_en": names[1],
                "name_be": names[2],
                "other_names": [dict(alias) for alias in aliases],
                "owner": owner,
            },
        )

    state(
        "ru",
        ("Россия", "Russia", "Расія"),
        r["mfa-ru"],
        [{"name": "Российская Федерация", "lang": "ru"}, {"name": "РФ", "note": "acronym"}],
    )
    state(
        "by",
        ("Беларусь", "Belarus", "Беларусь"),
        r["mfa-by"],
        [
            {"name": "Белоруссия", "lang": "ru", "note": "alternative form"},
            {"name": "Белоруссии", "lang": "ru", "note": "inflected"},
            {"name": "Belorussia", "lang": "en", "end_date": "1991-09-19"},
        ],
    )
    state("am", ("Армения", "Armenia", "Арменія"), r["csto-secretariat"])
    state("kz", ("Казахстан", "Kazakhstan", ""), r["csto-secretariat"])
    state("kg", ("Киргизия", "Kyrgyzstan", ""), r["csto-secretariat"], [{"name": "Кыргызстан"}])
    state("cn", ("Китай", "China", "Кітай"), r["sco-secretariat"])
    state("tm", ("Туркмения", "Turkmenistan", ""), r["cis-executive-committee"])
    # Seats are set once the states exist: the MFA owns Russia's record and sits in Russia.
    for slug, code in [
        ("mfa-ru", "ru"),
        ("csto", "ru"),
        ("mfa-by", "by"),
        ("union-state-standing-committee", "by"),
        ("sco-secretariat", "cn"),
    ]:
        org = Organization.objects.get(slug=slug)
        organization_update(actor=admin, organization=org, data={"seat_state": r[code]})

    def member(org, state_code=None, *, organization=None, **data):
        data.setdefault("owner", org)
        return membership_create(
            actor=admin,
            data={
                "organization": org,
                "member_state": r[state_code] if state_code else None,
                "member_organization": organization,
                **data,
            },
        )

    for code in ("ru", "by", "kz", "kg"):
        member(r["csto"], code, start_date=D(1992, 5, 15))
    r["armenia-csto"] = member(
        r["csto"],
        "am",
        start_date=D(1992, 5, 15),
        status="suspended",
        note="Participation frozen since 2024",
    )
    for code in ("ru", "by"):
        member(r["union-state"], code, start_date=D(1999, 12, 8), owner=r["usc"])
    member(r["cis"], "tm", role="associate", start_date=D(2005, 8, 26), dates_approximate=True)
    member(r["cis"], "by", start_date=D(1991, 12, 8))
    member(
        r["cis"],
        organization=r["sco"],
        role="observer",
        start_date=D(2025, 10, 10),
        dates_approximate=True,
        visibility="parties",
    )
    member(r["sco"], "by", start_date=D(2024, 7, 4))
    member(r["sco"], "ru", start_date=D(2001, 6, 15))
    member(r["sco"], "cn", start_date=D(2001, 6, 15))
    member(r["sco"], "kg", start_date=D(2001, 6, 15), end_date=None)

    def post(slug, org, labels, *, head=False, **data):
        r[slug] = post_create(
            actor=admin,
            data={
                "slug": slug,
                "organization": org,
                "label_ru": labels[0],
                "label_en": labels[1],
                "label_be": labels[2],
                "is_head": head,
                "owner": data.pop("owner", org),
                **data,
            },
        )

    post(
        "csto-secretary-general",
        r["csto-secretariat"],
        ("Генеральный секретарь ОДКБ", "CSTO Secretary General", "Генеральны сакратар АДКБ"),
        head=True,
    )
    post(
        "union-state-state-secretary",
        r["usc"],
        ("Государственный секретарь Союзного государства", "State Secretary", ""),
        head=True,
    )
    post(
        "cis-secretary-general",
        r["cis-executive-committee"],
        ("Генеральный секретарь СНГ", "CIS Secretary General", ""),
        head=True,
    )
    post("mfa-ru-minister", r["mfa-ru"], ("Министр", "Minister", "Міністр"), head=True)
    post(
        "mfa-ru-spokesperson",
        r["mfa-ru"],
        ("Официальный представитель", "Official Representative", ""),
    )
    post(
        "mfa-ru-collegium-secretary",
        r["mfa-ru-collegium"],
        ("Секретарь коллегии", "Secretary of the Collegium", ""),
        visibility="internal",
        owner=r["mfa-ru"],
    )
    post("mfa-by-minister", r["mfa-by"], ("Министр", "Minister", "Міністр"), head=True)

    def person(slug, names, owner, aliases=(), **data):
        r[slug] = person_create(
            actor=admin,
            data={
                "slug": slug,
                "name_ru": names[0],
                "name_en": names[1],
                "name_be": names[2],
                "other_names": [dict(alias) for alias in aliases],
                "owner": owner,
                **data,
            },
        )

    person(
        "imangali-tasmagambetov",
        ("Имангали Тасмагамбетов", "Imangali Tasmagambetov", ""),
        r["csto-secretariat"],
    )
    person(
        "taalatbek-masadykov",
        ("Таалатбек Масадыков", "Taalatbek Masadykov", ""),
        r["csto-secretariat"],
    )
    person(
        "dmitry-mezentsev",
        ("Дмитрий Мезенцев", "Dmitry Mezentsev", "Дзмітрый Мязенцаў"),
        r["usc"],
    )
    person("sergey-glazyev", ("Сергей Глазьев", "Sergey Glazyev", "Сяргей Глазьеў"), r["usc"])
    person(
        "sergey-lavrov",
        ("Сергей Лавров", "Sergey Lavrov", "Сяргей Лаўроў"),
        r["mfa-ru"],
        [{"name": "Лаврова", "lang": "ru", "note": "inflected"}, {"name": "Sergei Lavrov"}],
        birth_date=D(1950, 3, 21),
    )
    person("maria-zakharova", ("Мария Захарова", "Maria Zakharova", ""), r["mfa-ru"])
    person(
        "maxim-ryzhenkov",
        ("Максим Рыженков", "Maxim Ryzhenkov", "Максім Рыжанкоў"),
        r["mfa-by"],
    )
    person("sergei-aleinik", ("Сергей Алейник", "Sergei Aleinik", "Сяргей Алейнік"), r["mfa-by"])
    person(
        "sergey-lebedev",
        ("Сергей Лебедев", "Sergey Lebedev", ""),
        r["cis-executive-committee"],
    )
    person(
        "collegium-secretary",
        ("Секретарь коллегии (иллюстративно)", "Collegium secretary (illustrative)", ""),
        r["mfa-ru"],
        visibility="internal",
    )

    def tenure(person_slug, post_slug, start, end=None, **data):
        return tenure_create(
            actor=admin,
            data={
                "person": r[person_slug],
                "post": r[post_slug],
                "start_date": start,
                "end_date": end,
                "owner": data.pop("owner", r[post_slug].organization),
                **data,
            },
        )

    tenure("imangali-tasmagambetov", "csto-secretary-general", D(2023, 1, 1), D(2025, 12, 31))
    tenure("taalatbek-masadykov", "csto-secretary-general", D(2026, 1, 1))
    tenure(
        "dmitry-mezentsev",
        "union-state-state-secretary",
        D(2021, 4, 1),
        D(2025, 3, 31),
        dates_approximate=True,
    )
    tenure(
        "sergey-glazyev",
        "union-state-state-secretary",
        D(2025, 4, 1),
        dates_approximate=True,
    )
    r["acting"] = tenure(
        "sergey-glazyev",
        "union-state-state-secretary",
        D(2025, 3, 1),
        D(2025, 3, 31),
        acting=True,
        note="Illustrative: acting holder before the appointment",
    )
    tenure("sergey-lavrov", "mfa-ru-minister", D(2004, 3, 9))
    tenure("maria-zakharova", "mfa-ru-spokesperson", D(2015, 8, 10))
    tenure("sergei-aleinik", "mfa-by-minister", D(2022, 11, 30), D(2024, 4, 22))
    tenure("maxim-ryzhenkov", "mfa-by-minister", D(2024, 4, 23))
    tenure(
        "sergey-lebedev",
        "cis-secretary-general",
        D(2007, 10, 5),
        dates_approximate=True,
        owner=r["cis"],
    )
    tenure(
        "collegium-secretary",
        "mfa-ru-collegium-secretary",
        D(2020, 1, 1),
        visibility="internal",
        owner=r["mfa-ru"],
    )
    return r


@pytest.fixture
def registry(site_admin):
    return build_registry(site_admin)


def _normalise(document: dict) -> dict:
    return json.loads(json.dumps(document, sort_keys=True, ensure_ascii=False))


def _by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def _exported_empty_database(site_admin) -> dict:
    """Build the registry in a savepoint, export it, and roll it back: the registry is empty after."""
    with transaction.atomic():
        build_registry(site_admin)
        document = export_popolo(user=SYSTEM)
        transaction.set_rollback(True)
    assert not Organization.objects.exists()
    return document


# --- Export -------------------------------------------------------------------


def test_export_maps_organizations_states_and_their_extras(registry):
    """Organizations carry slug, kind, parent, names in three languages, aliases and the extras."""
    document = export_popolo(user=SYSTEM)
    organizations = _by_id(document["organizations"])
    csto = organizations["csto"]
    assert csto["name"] == "Организация Договора о коллективной безопасности"
    assert csto["classification"] == "international_organization"
    assert csto["founding_date"] == "1992-05-15"
    assert {
        "name": "CSTO",
        "lang": "en",
        "note": "acronym",
        "collegium": {"field": "acronym_en"},
    } in (csto["other_names"])
    assert csto["collegium"] == {
        "owner_id": "csto",
        "visibility": "public",
        "seat_state_id": "state:ru",
        "seat_city_ru": "Москва",
        "seat_city_en": "Moscow",
        "seat_city_be": "Масква",
    }
    assert organizations["csto-secretariat"]["parent_id"] == "csto"
    assert organizations["union-state"]["collegium"]["owner_id"] == (
        "union-state-standing-committee"
    )
    belarus = organizations["state:by"]
    assert belarus["classification"] == "state"
    assert belarus["identifiers"] == [{"identifier": "BY", "scheme": "ISO 3166-1 alpha-2"}]
    names = [entry["name"] for entry in belarus["other_names"]]
    assert names == ["Belarus", "Беларусь", "Белоруссия", "Белоруссии", "Belorussia"]
    assert belarus["other_names"][2] == {
        "name": "Белоруссия",
        "lang": "ru",
        "note": "alternative form",
    }


def test_export_maps_memberships_tenures_posts_and_persons(registry):
    """Memberships name the member organization or state; tenures name person, post and role."""
    document = export_popolo(user=SYSTEM)
    memberships = _by_id(document["memberships"])
    armenia = memberships["membership/csto/state:am/member/1992-05-15"]
    assert armenia["organization_id"] == "csto"
    assert armenia["member"] == {"@type": "Organization", "id": "state:am"}
    assert armenia["collegium"]["status"] == "suspended"
    assert armenia["collegium"]["note"] == "Participation frozen since 2024"
    observer = memberships["membership/cis/sco/observer/2025-10-10"]
    assert observer["member"] == {"@type": "Organization", "id": "sco"}
    assert observer["collegium"]["visibility"] == "parties"
    acting = memberships["tenure/union-state-state-secretary/sergey-glazyev/2025-03-01"]
    assert acting["person_id"] == "sergey-glazyev"
    assert acting["post_id"] == "union-state-state-secretary"
    assert acting["organization_id"] == "union-state-standing-committee"
    assert acting["role"] == "Государственный секретарь Союзного государства"
    assert acting["end_date"] == "2025-03-31"
    assert acting["collegium"]["acting"] is True
    post = _by_id(document["posts"])["csto-secretary-general"]
    assert post == {
        "id": "csto-secretary-general",
        "label": "Генеральный секретарь ОДКБ",
        "organization_id": "csto-secretariat",
        "collegium": {
            "owner_id": "csto-secretariat",
            "visibility": "public",
            "is_head": True,
            "label_en": "CSTO Secretary General",
            "label_be": "Генеральны сакратар АДКБ",
        },
    }
    lavrov = _by_id(document["persons"])["sergey-lavrov"]
    assert lavrov["birth_date"] == "1950-03-21"
    assert lavrov["other_names"][0] == {
        "name": "Sergey Lavrov",
        "lang": "en",
        "note": "official name",
        "collegium": {"field": "name_en"},
    }


def test_export_is_sorted_by_id_and_deterministic(registry):
    """Every list is sorted by id and two exports serialise to the same text."""
    document = export_popolo(user=SYSTEM)
    for key in ("persons", "organizations", "memberships", "posts"):
        ids = [item["id"] for item in document[key]]
        assert ids == sorted(ids), key
        assert len(ids) == len(set(ids)), key
    assert json.dumps(document, sort_keys=True) == json.dumps(
        export_popolo(user=SYSTEM), sort_keys=True
    )


def test_export_holds_every_record(registry):
    """The system export holds every record of the registry, once."""
    document = export_popolo(user=SYSTEM)
    assert len(document["organizations"]) == Organization.objects.count() + State.objects.count()
    assert len(document["persons"]) == Person.objects.count()
    assert len(document["posts"]) == Post.objects.count()
    assert len(document["memberships"]) == Membership.objects.count() + Tenure.objects.count()


def test_export_runs_a_fixed_number_of_queries(registry, django_assert_num_queries):
    """One query per kind of record, however large the registry."""
    with django_assert_num_queries(6):
        export_popolo(user=SYSTEM)


@pytest.mark.parametrize(
    ("affiliation", "sees_internal", "sees_parties"),
    [
        (None, False, False),  # anonymous
        ("mfa-by", False, False),
        ("mfa-ru", True, False),
        ("sco-secretariat", False, True),  # through its parent, the SCO
    ],
)
def test_export_holds_only_what_the_user_may_see(
    registry, make_user, affiliation, sees_internal, sees_parties
):
    """Internal records reach their owner only; "parties" records reach the organizations involved."""
    user = make_user(registry[affiliation], Role.VIEWER) if affiliation else None
    document = export_popolo(user=user)
    organizations = {item["id"] for item in document["organizations"]}
    persons = {item["id"] for item in document["persons"]}
    memberships = {item["id"] for item in document["memberships"]}
    assert "csto" in organizations
    assert "state:by" in organizations
    assert ("mfa-ru-collegium" in organizations) is sees_internal
    assert ("collegium-secretary" in persons) is sees_internal
    assert ("membership/cis/sco/observer/2025-10-10" in memberships) is sees_parties


# --- The official schemas -----------------------------------------------------

_SCHEMA_OF = {
    "persons": "person",
    "organizations": "organization",
    "memberships": "membership",
    "posts": "post",
}


def _official_validators(folder) -> dict:
    """Build Draft-3 validators from the official schema files, independently of the module."""
    from jsonschema import Draft3Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT3

    schemas = {path.stem: json.loads(path.read_text()) for path in folder.glob("*.json")}
    registry = Registry().with_resources(
        (f"http://www.popoloproject.com/schemas/{name}.json", DRAFT3.create_resource(schema))
        for name, schema in schemas.items()
    )
    return {name: Draft3Validator(schemas[name], registry=registry) for name in _SCHEMA_OF.values()}


def test_every_exported_item_is_valid_popolo(registry, popolo_schemas):
    """Each exported item validates against its official Popolo schema (draft-03)."""
    validators = _official_validators(popolo_schemas)
    document = export_popolo(user=SYSTEM)
    checked = 0
    for key, schema in _SCHEMA_OF.items():
        for item in document[key]:
            errors = [error.message for error in validators[schema].iter_errors(item)]
            assert errors == [], (key, item["id"], errors)
            checked += 1
    assert checked == sum(len(items) for items in document.values()) == 60


def test_the_validator_rejects_a_broken_item(popolo_schemas):
    """A broken item fails, including inside a $ref'd sub-schema (other_names, identifiers)."""
    broken = {
        "id": 7,
        "founding_date": "15.05.1992",
        "other_names": [{"name": 5}],
        "identifiers": [{"scheme": "ISO 3166-1 alpha-2"}],
    }
    assert not _official_validators(popolo_schemas)["organization"].is_valid(broken)
    errors = popolo.popolo_schema_errors("organization", broken, path="organizations[0]")
    assert errors == [
        "organizations[0].founding_date: '15.05.1992' does not match '^[0-9]{4}(-[0-9]{2}){0,2}$'",
        "organizations[0].id: 7 is not of type 'string', 'null'",
        "organizations[0].identifiers[0].identifier: 'identifier' is a required property",
        "organizations[0].other_names[0].name: 5 is not of type 'string'",
    ]
    membership = {"member": "csto", "start_date": "2025"}
    assert popolo.popolo_schema_errors("membership", membership) == [
        ".member: 'csto' is not of type 'object', 'null'"
    ]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            {"organizations": [{"id": "x", "name": 5, "classification": "other"}]},
            "organizations[0].name: 5 is not of type 'string', 'null'",
        ),
        ({"persons": [{"id": 5}]}, "persons[0].id: 5 is not of type 'string', 'null'"),
    ],
)
def test_import_checks_the_official_schemas_when_configured(
    site_admin, popolo_schemas, item, message
):
    """With POPOLO_SCHEMA_DIR set, an item breaking its schema is refused in the schema's words."""
    with pytest.raises(ValidationError) as caught:
        import_popolo(actor=site_admin, data=item)
    assert message in caught.value.messages
    assert not Organization.objects.exists()


def test_without_schemas_only_collegiums_rules_apply(site_admin):
    """POPOLO_SCHEMA_DIR unset (the default): no schema check, Collegium's own rules still refuse."""
    assert popolo.popolo_schemas_dir() is None
    assert popolo.popolo_validator("organization") is None
    assert popolo.popolo_schema_errors("organization", {"id": 7}) == []
    assert popolo.check_popolo_schemas() == []
    with pytest.raises(ValidationError) as caught:
        import_popolo(actor=site_admin, data={"persons": [{"id": 5}]})
    assert "persons[0].id: must be a string" in caught.value.messages


def test_a_schema_folder_without_the_schemas_is_a_configuration_error(db, settings, tmp_path):
    """A POPOLO_SCHEMA_DIR without the four schemas stops imports and fails the system check."""
    (tmp_path / "person.json").write_text("{}", encoding="utf-8")
    settings.POPOLO_SCHEMA_DIR = str(tmp_path)
    assert popolo.popolo_schemas_dir() == tmp_path
    expected = f"POPOLO_SCHEMA_DIR is {tmp_path}, which lacks the official Popolo schemas"
    with pytest.raises(ImproperlyConfigured, match=re.escape(expected)):
        popolo.popolo_schema_errors("organization", {"id": 7})
    [error] = popolo.check_popolo_schemas()
    assert error.id == "registry.E001"
    assert error.msg == f"{expected} membership.json, organization.json, post.json"
    assert error in run_checks()


# --- Round trip and re-import -------------------------------------------------


def test_round_trip_into_an_empty_database_is_exact(site_admin):
    """export -> import into an empty registry -> export gives the same document."""
    document = _exported_empty_database(site_admin)
    result = import_popolo(actor=site_admin, data=copy.deepcopy(document))
    assert _normalise(export_popolo(user=SYSTEM)) == _normalise(document)
    assert sum(result.updated.values()) == 0
    assert sum(result.unchanged.values()) == 0
    assert result.created["states"] == 7
    assert result.created["organizations"] == 11
    assert result.created["tenures"] == 11
    assert sum(result.created.values()) == sum(len(items) for items in document.values())


def test_reimport_changes_nothing(registry, site_admin):
    """Importing the registry's own export writes no record and no audit entry."""
    document = export_popolo(user=SYSTEM)
    before = AuditRecord.objects.count()
    result = import_popolo(actor=site_admin, data=document)
    assert result.changed == 0
    assert sum(result.unchanged.values()) == sum(len(items) for items in document.values())
    assert AuditRecord.objects.count() == before


def test_import_updates_only_what_changed(registry, site_admin):
    """A changed field is one audited update; new items are created; the rest is untouched."""
    document = export_popolo(user=SYSTEM)
    csto = _by_id(document["organizations"])["csto"]
    csto["other_names"].append({"name": "Организации Договора", "lang": "ru", "note": "inflected"})
    armenia = _by_id(document["memberships"])["membership/csto/state:am/member/1992-05-15"]
    armenia["collegium"]["status"] = "active"
    document["persons"].append(
        {"id": "sergey-lebedev-2", "name": "Тёзка", "collegium": {"owner_id": "cis"}}
    )
    before = AuditRecord.objects.count()
    result = import_popolo(actor=site_admin, data=document)
    assert result.updated == dict.fromkeys(popolo.KINDS, 0) | {
        "organizations": 1,
        "memberships": 1,
    }
    assert result.created["persons"] == 1
    assert AuditRecord.objects.count() == before + 3
    record = AuditRecord.objects.filter(action="organization.update").order_by("-seq").first()
    assert list(record.changes["after"]) == ["other_names"]
    registry["armenia-csto"].refresh_from_db()
    assert registry["armenia-csto"].status == "active"


def test_import_from_another_source_without_the_extension(site_admin):
    """A plain Popolo document imports: organizations own themselves, posts and tenures their org."""
    document = {
        "organizations": [
            {"id": "csto", "name": "ОДКБ", "classification": "international_organization"},
            {
                "id": "state:am",
                "name": "Армения",
                "classification": "state",
                "collegium": {"owner_id": "csto"},
            },
        ],
        "persons": [{"id": "n-n", "name": "Н. Н.", "collegium": {"owner_id": "csto"}}],
        "posts": [{"id": "sg", "label": "Генеральный секретарь", "organization_id": "csto"}],
        "memberships": [
            {"id": "m1", "organization_id": "csto", "member": {"id": "state:am"}},
            {"id": "m2", "person_id": "n-n", "post_id": "sg", "start_date": "2020-01-01"},
        ],
    }
    import_popolo(actor=site_admin, data=document)
    csto = Organization.objects.get(slug="csto")
    assert csto.owner == csto
    assert Post.objects.get(slug="sg").owner == csto
    membership = Membership.objects.get()
    assert (membership.role, membership.status, membership.owner) == ("member", "active", csto)
    assert Tenure.objects.get().owner == csto


# --- Bad input ------------------------------------------------------------------


def _document(**lists) -> dict:
    base = {
        "organizations": [
            {"id": "csto", "name": "ОДКБ", "classification": "international_organization"},
            {
                "id": "state:am",
                "name": "Армения",
                "classification": "state",
                "collegium": {"owner_id": "csto"},
            },
        ],
        "persons": [{"id": "n-n", "name": "Н. Н.", "collegium": {"owner_id": "csto"}}],
        "posts": [{"id": "sg", "label": "Генеральный секретарь", "organization_id": "csto"}],
        "memberships": [
            {"id": "m0", "organization_id": "csto", "member": {"id": "state:am"}},
            {"id": "m1", "person_id": "n-n", "post_id": "sg", "start_date": "2020-01-01"},
        ],
    }
    for key, items in lists.items():
        base[key] = base[key] + items
    return base


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            _document(memberships=[{"organization_id": "xyz", "member": {"id": "state:am"}}]),
            "memberships[2].organization_id: unknown organization 'xyz'",
        ),
        (
            _document(memberships=[{"organization_id": "csto", "member": {"id": "state:zz"}}]),
            "memberships[2].member.id: unknown state 'state:zz'",
        ),
        (
            _document(memberships=[{"person_id": "n-n", "post_id": "nope"}]),
            "memberships[2].post_id: unknown post 'nope'",
        ),
        (
            _document(memberships=[{"person_id": "n-n", "post_id": "sg", "organization_id": "x"}]),
            "memberships[2].organization_id: post 'sg' belongs to 'csto'",
        ),
        (
            _document(
                memberships=[
                    {"organization_id": "csto", "member": {"id": "state:am"}, "start_date": "2024"}
                ]
            ),
            "memberships[2].start_date: '2024' is not a date; use YYYY-MM-DD",
        ),
        (
            _document(
                memberships=[
                    {
                        "organization_id": "csto",
                        "member": {"id": "state:am"},
                        "start_date": "2024-02-30",
                    }
                ]
            ),
            "memberships[2].start_date: '2024-02-30' is not a date; use YYYY-MM-DD",
        ),
        (
            _document(
                memberships=[
                    {
                        "organization_id": "csto",
                        "member": {"id": "state:am"},
                        "start_date": "2024-02-01",
                        "end_date": "2023-01-01",
                    }
                ]
            ),
            "memberships[2].end_date: ends before it starts (2024-02-01)",
        ),
        (
            _document(memberships=[{"organization_id": "csto", "member": {"id": "state:am"}}]),
            "memberships[2]: same organization, member, role and start date as memberships[0]",
        ),
        (
            _document(
                memberships=[
                    {
                        "organization_id": "csto",
                        "member": {"@type": "Person", "id": "n-n"},
                        "role": "observer",
                    }
                ]
            ),
            "memberships[2].member.@type: only organizations and states are members; "
            "a person holds a post (person_id)",
        ),
        (
            _document(persons=[{"id": "n-n", "name": "Другой", "collegium": {"owner_id": "csto"}}]),
            "persons[1].id: duplicate id 'n-n' (also persons[0])",
        ),
        (
            _document(persons=[{"id": "x y", "name": "X", "collegium": {"owner_id": "csto"}}]),
            "persons[1].id: 'x y' is not a slug (letters, digits, hyphens, underscores)",
        ),
        (
            _document(persons=[{"id": "x", "name": "X"}]),
            "persons[1].collegium.owner_id: this field is required",
        ),
        (
            _document(persons=[{"id": "x", "name": "X", "email": "x@example.org"}]),
            "persons[1].email: not supported by Collegium",
        ),
        (
            _document(
                persons=[
                    {
                        "id": "x",
                        "name": "X",
                        "collegium": {"owner_id": "csto"},
                        "other_names": [{"name": "Y", "family_name": "Y"}],
                    }
                ]
            ),
            "persons[1].other_names[0]: unknown keys: family_name",
        ),
        (
            _document(
                persons=[
                    {
                        "id": "x",
                        "name": "X",
                        "collegium": {"owner_id": "csto"},
                        "other_names": [{"name": "Y", "collegium": {"field": "name_ru"}}],
                    }
                ]
            ),
            'persons[1].other_names[0].collegium: must be {"field": one of name_en, name_be}',
        ),
        (
            _document(
                organizations=[{"id": "x", "name": "X", "classification": "club"}],
            ),
            "organizations[2].classification: 'club' is not one of: international_organization, "
            "ministry, executive_body, council, collegium, other",
        ),
        (
            _document(
                organizations=[
                    {
                        "id": "x",
                        "name": "X",
                        "classification": "other",
                        "collegium": {"visibility": "secret"},
                    }
                ],
            ),
            "organizations[2].collegium.visibility: 'secret' is not one of: public, parties, internal",
        ),
        (
            _document(
                organizations=[{"id": "state:ru", "name": "Россия", "classification": "state"}]
            ),
            "organizations[2].collegium.owner_id: this field is required",
        ),
        (
            _document(organizations=[{"id": "ru", "name": "Россия", "classification": "state"}]),
            "organizations[2].id: a state's id is 'state:' and its ISO code, e.g. 'state:ru'",
        ),
        (
            _document(
                organizations=[
                    {
                        "id": "state:ru",
                        "name": "Россия",
                        "classification": "state",
                        "identifiers": [{"identifier": "BY", "scheme": "ISO 3166-1 alpha-2"}],
                        "collegium": {"owner_id": "csto"},
                    }
                ]
            ),
            "organizations[2].identifiers[0].identifier: 'BY' does not match the id 'state:ru'",
        ),
        (
            _document(organizations=[{"id": "x", "name": 5, "classification": "other"}]),
            "organizations[2].name: must be a string",
        ),
        (
            _document(
                posts=[{"id": "p", "label": "P", "organization_id": "csto", "collegium": []}]
            ),
            "posts[1].collegium: must be an object",
        ),
        (
            _document(
                posts=[
                    {
                        "id": "p",
                        "label": "P",
                        "organization_id": "csto",
                        "collegium": {"is_head": "yes"},
                    }
                ]
            ),
            "posts[1].collegium.is_head: must be true or false",
        ),
        ({"areas": []}, "areas: not supported by Collegium"),
        ({"persons": {}}, "persons: must be a list"),
        ({"persons": [5]}, "persons[0]: must be an object"),
    ],
)
def test_bad_input_is_rejected_naming_item_and_field(site_admin, document, message):
    """The whole document is checked first; nothing is written when any item is bad."""
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as caught:
        import_popolo(actor=site_admin, data=document)
    assert message in caught.value.messages
    assert AuditRecord.objects.count() == before
    assert not Organization.objects.exists()


def test_a_document_must_be_an_object(site_admin):
    """A JSON list or string is not a Popolo document."""
    with pytest.raises(ValidationError, match="must be a JSON object"):
        import_popolo(actor=site_admin, data=[])


def test_every_problem_is_reported_at_once(site_admin):
    """All bad items are listed, not only the first."""
    document = _document(
        persons=[{"id": "x"}, {"id": "y", "name": "Y", "collegium": {"owner_id": "nope"}}]
    )
    with pytest.raises(ValidationError) as caught:
        import_popolo(actor=site_admin, data=document)
    assert caught.value.messages == [
        "persons[1].name: this field is required",
        "persons[1].collegium.owner_id: this field is required",
        "persons[2].collegium.owner_id: unknown organization 'nope'",
    ]


def test_model_rules_are_reported_for_the_item(site_admin):
    """A rule only the model knows (an organization in itself) names the item; nothing stays."""
    document = _document(
        memberships=[{"organization_id": "csto", "member": {"id": "csto"}, "role": "observer"}]
    )
    with pytest.raises(ValidationError) as caught:
        import_popolo(actor=site_admin, data=document)
    assert caught.value.messages == [
        "memberships[2] (csto): member_organization: An organization cannot be its own member."
    ]
    assert not Organization.objects.exists()


# --- Access -------------------------------------------------------------------------


def test_editor_imports_records_of_their_own_organization(registry, make_user):
    """An editor of the MFA of Belarus changes its records through the import, audited as them."""
    editor = make_user(registry["mfa-by"], Role.EDITOR, username="by-editor")
    document = export_popolo(user=editor)
    minister = _by_id(document["posts"])["mfa-by-minister"]
    minister["collegium"]["label_be"] = "Міністр замежных спраў"
    result = import_popolo(actor=editor, data=document)
    assert result.updated["posts"] == 1
    assert result.changed == 1
    record = AuditRecord.objects.order_by("-seq").first()
    assert (record.action, record.actor) == ("post.update", "by-editor")


def test_editor_cannot_change_records_of_others_and_nothing_is_written(registry, make_user):
    """One refused item rolls back the whole import, earlier changes included."""
    editor = make_user(registry["mfa-by"], Role.EDITOR)
    document = export_popolo(user=editor)
    _by_id(document["posts"])["mfa-by-minister"]["collegium"]["label_be"] = "Міністр"
    _by_id(document["posts"])["mfa-by-minister"]["label"] = "Министр иностранных дел"
    _by_id(document["organizations"])["csto"]["name"] = "ОДКБ"
    before = AuditRecord.objects.count()
    with pytest.raises(
        PermissionDenied, match=r"organizations\[\d+\] \(csto\): This needs the editor"
    ):
        import_popolo(actor=editor, data=document)
    assert AuditRecord.objects.count() == before
    assert Post.objects.get(slug="mfa-by-minister").label_ru == "Министр"


def test_viewer_cannot_import(registry, make_user):
    """A viewer's changes are refused even in their own organization."""
    viewer = make_user(registry["mfa-by"], Role.VIEWER)
    document = export_popolo(user=viewer)
    _by_id(document["posts"])["mfa-by-minister"]["label"] = "Министр иностранных дел"
    with pytest.raises(PermissionDenied):
        import_popolo(actor=viewer, data=document)


def test_records_the_actor_cannot_see_are_unknown_references(registry, make_user):
    """Referring to an internal organization of someone else reads as an unknown organization."""
    editor = make_user(registry["mfa-by"], Role.EDITOR)
    document = {
        "posts": [
            {
                "id": "spy",
                "label": "Шпион",
                "organization_id": "mfa-ru-collegium",
                "collegium": {"owner_id": "mfa-by"},
            }
        ]
    }
    with pytest.raises(ValidationError) as caught:
        import_popolo(actor=editor, data=document)
    assert caught.value.messages == [
        "posts[0].organization_id: unknown organization 'mfa-ru-collegium'"
    ]


def test_an_unchanged_record_the_actor_cannot_see_is_refused(registry, make_user):
    """Restating a hidden record does not confirm its content: it needs the right to change it."""
    editor = make_user(registry["mfa-by"], Role.EDITOR)
    hidden = _by_id(export_popolo(user=SYSTEM)["persons"])["collegium-secretary"]
    with pytest.raises(PermissionDenied, match=r"persons\[0\] \(collegium-secretary\)"):
        import_popolo(actor=editor, data={"persons": [hidden]})


# --- Command line -------------------------------------------------------------------


def test_cli_round_trip_through_files(site_admin, tmp_path):
    """`popolo export` to a file, `popolo import` into an empty registry, export again: same bytes."""
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    with transaction.atomic():
        build_registry(site_admin)
        call_command("popolo", "export", "--output", str(first), stdout=io.StringIO())
        transaction.set_rollback(True)
    out = io.StringIO()
    call_command("popolo", "import", str(first), "--user", "root", stdout=out)
    assert "created: states 7, organizations 11" in out.getvalue()
    call_command("popolo", "export", "-o", str(second), stdout=io.StringIO())
    assert second.read_bytes() == first.read_bytes()


def test_cli_export_to_stdout_as_a_user(registry, make_user):
    """--user limits the export to what that user may see."""
    make_user(registry["mfa-by"], Role.VIEWER, username="by-viewer")
    out = io.StringIO()
    call_command("popolo", "export", "--user", "by-viewer", stdout=out)
    document = json.loads(out.getvalue())
    assert "mfa-ru-collegium" not in {item["id"] for item in document["organizations"]}
    assert "mfa-by" in {item["id"] for item in document["organizations"]}


def test_cli_dry_run_writes_nothing(registry, tmp_path):
    """--dry-run counts the changes and rolls them back."""
    document = export_popolo(user=SYSTEM)
    _by_id(document["organizations"])["cis"]["name"] = "СНГ"
    path = tmp_path / "popolo.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = AuditRecord.objects.count()
    out = io.StringIO()
    call_command("popolo", "import", str(path), "--user", "root", "--dry-run", stdout=out)
    assert "updated: states 0, organizations 1," in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert AuditRecord.objects.count() == before
    assert Organization.objects.get(slug="cis").name_ru == "Содружество Независимых Государств"


@pytest.mark.parametrize(
    ("content", "user", "message"),
    [
        (None, "root", "No such file"),
        ("{", "root", "is not valid JSON: Expecting property name enclosed in double quotes"),
        (b"\xff\xfe", "root", "is not UTF-8 text"),
        ('{"persons": [{"id": 5}]}', "root", "persons[0].id: must be a string"),
        ('{"persons": []}', "nobody", "Unknown or inactive user: nobody"),
        ("[" * 100_000, "root", "is not valid JSON: it is nested too deeply."),
        (
            '{"persons": [{"id": "x", "name": ' + "[" * 900 + "]" * 900 + "}]}",
            "root",
            "persons[0].name: must be a string",
        ),
        (
            '{"persons": [{"id": "x", "name": "X", "collegium": {"owner_id": "x"}}]}',
            "root",
            "persons[0].collegium.owner_id: unknown organization 'x'",
        ),
    ],
)
def test_cli_import_reports_bad_input_without_traceback(
    site_admin, tmp_path, content, user, message
):
    """Each problem is a CommandError naming it; nothing is written."""
    path = tmp_path / "popolo.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    before = AuditRecord.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("popolo", "import", str(path), "--user", user, stdout=io.StringIO())
    assert message in str(caught.value)
    assert AuditRecord.objects.count() == before


def test_cli_import_refusal_is_a_command_error(registry, make_user, tmp_path):
    """A permission refusal is reported as a CommandError naming the item."""
    make_user(registry["mfa-by"], Role.EDITOR, username="by-editor")
    document = export_popolo(user=SYSTEM)
    _by_id(document["organizations"])["cis"]["name"] = "СНГ"
    path = tmp_path / "popolo.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match=r"was not imported: organizations\[\d+\] \(cis\)"):
        call_command("popolo", "import", str(path), "--user", "by-editor", stdout=io.StringIO())


def test_cli_import_with_a_wrong_schema_folder_is_a_command_error(site_admin, settings, tmp_path):
    """A POPOLO_SCHEMA_DIR without the schemas is named in a CommandError; nothing is imported."""
    settings.POPOLO_SCHEMA_DIR = str(tmp_path / "missing")
    path = tmp_path / "popolo.json"
    path.write_text('{"persons": [{"id": "x", "name": "X"}]}', encoding="utf-8")
    before = AuditRecord.objects.count()
    with pytest.raises(CommandError, match=r"POPOLO_SCHEMA_DIR is .*missing, which lacks"):
        call_command("popolo", "import", str(path), "--user", "root", stdout=io.StringIO())
    assert AuditRecord.objects.count() == before


def test_cli_export_unknown_user(db):
    """An unknown --user is a CommandError."""
    with pytest.raises(CommandError, match="Unknown or inactive user: ghost"):
        call_command("popolo", "export", "--user", "ghost", stdout=io.StringIO())


def test_cli_import_of_a_deeply_nested_file_exits_1_with_one_line(tmp_path):
    """`collegium popolo import` of 100 000 brackets: one line naming the file, exit status 1."""
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    env = {**os.environ, "COLLEGIUM_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # the file is refused before the database is opened
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "collegium.cli", "popolo", "import", str(path), "--user", "root"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    # Russian, the site's first language.
    assert result.stderr == (
        f"CommandError: {path} — некорректный JSON: слишком глубокая вложенность.\n"
    )
