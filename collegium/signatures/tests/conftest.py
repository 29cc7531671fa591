"""The two ministries of the joint collegium, their ministers' posts and holders, designated."""

import datetime as dt
from types import SimpleNamespace

import pytest

from collegium.accounts.models import Role
from collegium.accounts.services import user_link_person
from collegium.registry.models import OrganizationKind
from collegium.registry.services import person_create, post_create, tenure_create
from collegium.signatures import services

D = dt.date
SIGNING_DAY = D(2025, 11, 25)


@pytest.fixture
def ministries(site_admin, make_org, make_user):
    """Return mfa-ru and mfa-by with their ministers, linked users and designated posts.

    Vladimir Makei held the Belarusian post before Maxim Ryzhenkov and keeps his account.
    """
    ns = SimpleNamespace()
    ns.ru = make_org("mfa-ru", kind=OrganizationKind.MINISTRY, owner=None)
    ns.by = make_org("mfa-by", kind=OrganizationKind.MINISTRY, owner=None)
    people = {}
    for slug, name_ru, name_en, org, start, end in [
        ("sergey-lavrov", "Сергей Лавров", "Sergey Lavrov", ns.ru, D(2004, 3, 9), None),
        (
            "vladimir-makei",
            "Владимир Макей",
            "Vladimir Makei",
            ns.by,
            D(2012, 8, 1),
            D(2022, 11, 26),
        ),
        ("maxim-ryzhenkov", "Максим Рыженков", "Maxim Ryzhenkov", ns.by, D(2024, 4, 1), None),
    ]:
        person = person_create(
            actor=site_admin,
            data={"slug": slug, "name_ru": name_ru, "name_en": name_en, "owner": org},
        )
        people[slug] = (person, org, start, end)
    ns.ru_minister, ns.by_minister = (
        post_create(
            actor=site_admin,
            data={
                "slug": f"{org.slug}-minister",
                "organization": org,
                "label_ru": "Министр",
                "label_en": "Minister",
                "is_head": True,
                "owner": org,
            },
        )
        for org in (ns.ru, ns.by)
    )
    posts = {ns.ru.pk: ns.ru_minister, ns.by.pk: ns.by_minister}
    for person, org, start, end in people.values():
        tenure_create(
            actor=site_admin,
            data={
                "person": person,
                "post": posts[org.pk],
                "start_date": start,
                "end_date": end,
                "owner": org,
            },
        )
    ns.lavrov = people["sergey-lavrov"][0]
    ns.makei = people["vladimir-makei"][0]
    ns.ryzhenkov = people["maxim-ryzhenkov"][0]
    ns.lavrov_user = make_user(ns.ru, Role.VIEWER, username="lavrov")
    ns.ryzhenkov_user = make_user(ns.by, Role.VIEWER, username="ryzhenkov")
    ns.makei_user = make_user(ns.by, Role.VIEWER, username="makei")
    for user, person in [
        (ns.lavrov_user, ns.lavrov),
        (ns.ryzhenkov_user, ns.ryzhenkov),
        (ns.makei_user, ns.makei),
    ]:
        user_link_person(actor=site_admin, user=user, person=person)
    ns.by_manager = make_user(ns.by, Role.MANAGER, username="by-manager")
    ns.by_editor = make_user(ns.by, Role.EDITOR, username="by-editor")
    services.keys_init(actor=None)
    services.signatory_designate(actor=ns.by_manager, organization=ns.by, post=ns.by_minister)
    services.signatory_designate(actor=site_admin, organization=ns.ru, post=ns.ru_minister)
    return ns
