"""Fixtures of the execution tests: two ministries, a resolution with provisions, a programme."""

import datetime as dt
import itertools

import pytest

from collegium.accounts.models import Role
from collegium.decisions import services as documents
from collegium.execution import services


@pytest.fixture
def mfa_ru(make_org):
    return make_org("mfa-ru", name_ru="МИД России", name_en="MFA of Russia")


@pytest.fixture
def mfa_by(make_org):
    return make_org("mfa-by", name_ru="МИД Беларуси", name_en="MFA of Belarus")


@pytest.fixture
def outsider(make_org):
    return make_org("csto", name_ru="ОДКБ", name_en="CSTO")


@pytest.fixture
def ru_manager(make_user, mfa_ru):
    return make_user(mfa_ru, Role.MANAGER, username="ru-manager")


@pytest.fixture
def by_manager(make_user, mfa_by):
    return make_user(mfa_by, Role.MANAGER, username="by-manager")


@pytest.fixture
def by_editor(make_user, mfa_by):
    return make_user(mfa_by, Role.EDITOR, username="by-editor")


@pytest.fixture
def ru_editor(make_user, mfa_ru):
    return make_user(mfa_ru, Role.EDITOR, username="ru-editor")


@pytest.fixture
def make_resolution(ru_manager, mfa_ru, mfa_by):
    """Create a resolution of both ministries with ``provisions`` operative paragraphs."""
    counter = itertools.count(1)

    def make(*, provisions=3, kind="resolution", dated=dt.date(2024, 11, 19)):
        document = documents.document_create(
            actor=ru_manager,
            data={"slug": f"doc-{next(counter)}", "kind": kind, "title_ru": "Постановление",
                  "owner": mfa_ru, "dated": dated},
            parties=[(mfa_ru, "drafting"), (mfa_by, "party")],
        )  # fmt: skip
        preamble = documents.node_add(actor=ru_manager, document=document, kind="preamble", data={})
        documents.node_add(
            actor=ru_manager, document=document, kind="paragraph", parent=preamble,
            data={"text_ru": "Коллегии постановляют:"},
        )  # fmt: skip
        for number in range(1, provisions + 1):
            documents.node_add(
                actor=ru_manager, document=document, kind="paragraph",
                data={"text_ru": f"Пункт {number}", "text_en": f"Provision {number}"},
            )  # fmt: skip
        return document

    return make


@pytest.fixture
def resolution(make_resolution):
    return make_resolution()


def provision(document, number: int):
    """Return the ``number``-th operative paragraph of a document."""
    return document.nodes.filter(kind="paragraph", parent__isnull=True).order_by("position")[
        number - 1
    ]


@pytest.fixture
def make_task(ru_manager, mfa_ru, resolution):
    def make(*, node=None, lead=None, co_executors=(), actor=None, **data):
        data.setdefault("deadline", dt.date(2025, 6, 30))
        return services.task_create_from_node(
            actor=actor or ru_manager,
            node=node or provision(resolution, 1),
            lead=lead or mfa_ru,
            co_executors=co_executors,
            data=data,
        )

    return make
