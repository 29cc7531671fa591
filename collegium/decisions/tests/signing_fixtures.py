"""The ministers who sign for mfa-ru and mfa-by, and an agreed two-language resolution."""

import datetime as dt
from types import SimpleNamespace

import pytest

from collegium.accounts.models import Role
from collegium.accounts.services import user_link_person
from collegium.decisions import services
from collegium.registry.services import person_create, post_create, tenure_create
from collegium.signatures import services as signature_services

SIGNING_DAY = dt.date(2025, 11, 25)


def add(actor, document, kind, parent=None, **wording):
    return services.node_add(actor=actor, document=document, kind=kind, parent=parent, data=wording)


@pytest.fixture
def ministers(site_admin, mfa_ru, mfa_by, make_user):
    """Lavrov signs for mfa-ru and Ryzhenkov for mfa-by: posts, tenures, linked accounts."""
    ns = SimpleNamespace()
    for org, slug, name_ru, name_en, start, username in [
        (mfa_ru, "sergey-lavrov", "Сергей Лавров", "Sergey Lavrov", dt.date(2004, 3, 9), "lavrov"),
        (
            mfa_by,
            "maxim-ryzhenkov",
            "Максим Рыженков",
            "Maxim Ryzhenkov",
            dt.date(2024, 4, 1),
            "ryzhenkov",
        ),
    ]:
        person = person_create(
            actor=site_admin,
            data={"slug": slug, "name_ru": name_ru, "name_en": name_en, "owner": org},
        )
        post = post_create(
            actor=site_admin,
            data={
                "slug": f"{org.slug}-minister",
                "organization": org,
                "label_ru": "Министр иностранных дел",
                "label_en": "Minister of Foreign Affairs",
                "is_head": True,
                "owner": org,
            },
        )
        tenure_create(
            actor=site_admin,
            data={"person": person, "post": post, "start_date": start, "owner": org},
        )
        user = make_user(org, Role.VIEWER, username=username)
        user_link_person(actor=site_admin, user=user, person=person)
        setattr(ns, username, user)
        if not hasattr(ns, "keys"):
            signature_services.keys_init(actor=None)
            ns.keys = True
        signature_services.signatory_designate(actor=site_admin, organization=org, post=post)
    return ns


@pytest.fixture
def agreed(document, ru_manager, by_manager, mfa_ru, mfa_by, ministers):
    """Return the resolution with a preamble, a section and two paragraphs, agreed by both."""
    add(
        ru_manager,
        document,
        "preamble",
        text_ru="Коллегии министерств иностранных дел, рассмотрев итоги,",
        text_be="Калегіі міністэрстваў замежных спраў, разгледзеўшы вынікі,",
        text_en="The collegia of the ministries of foreign affairs, having reviewed the results,",
    )
    section = add(
        ru_manager,
        document,
        "section",
        heading_ru="Общие положения",
        heading_be="Агульныя палажэнні",
        heading_en="General provisions",
    )
    add(
        ru_manager,
        document,
        "paragraph",
        section,
        text_ru="Одобрить план консультаций на 2026 год.",
        text_be="Ухваліць план кансультацый на 2026 год.",
        text_en="To approve the plan of consultations for 2026.",
    )
    add(
        ru_manager,
        document,
        "paragraph",
        section,
        text_ru="Поручить секретариатам подготовить доклад.",
        text_be="Даручыць сакратарыятам падрыхтаваць даклад.",
        text_en="To instruct the secretariats to prepare a report.",
    )
    document.refresh_from_db()
    services.document_agree(actor=ru_manager, document=document, party=mfa_ru)
    services.document_agree(actor=by_manager, document=document, party=mfa_by)
    document.refresh_from_db()
    return document
