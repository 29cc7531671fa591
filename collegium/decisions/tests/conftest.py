"""Fixtures of the documents tests: two ministries, their managers, a document factory."""

import itertools

import pytest

from collegium.accounts.models import Role
from collegium.decisions import services


@pytest.fixture
def mfa_ru(make_org):
    return make_org("mfa-ru", name_ru="МИД России", name_en="MFA of Russia")


@pytest.fixture
def mfa_by(make_org):
    return make_org("mfa-by", name_ru="МИД Беларуси", name_en="MFA of Belarus")


@pytest.fixture
def ru_manager(make_user, mfa_ru):
    return make_user(mfa_ru, Role.MANAGER, username="ru-manager")


@pytest.fixture
def by_manager(make_user, mfa_by):
    return make_user(mfa_by, Role.MANAGER, username="by-manager")


@pytest.fixture
def ru_editor(make_user, mfa_ru):
    return make_user(mfa_ru, Role.EDITOR, username="ru-editor")


@pytest.fixture
def make_document(ru_manager, mfa_ru, mfa_by):
    """Create a draft resolution of both ministries: ``make_document(slug=..., **fields)``."""
    counter = itertools.count(1)

    def make(*, actor=None, parties=None, **data):
        data.setdefault("slug", f"resolution-{next(counter)}")
        data.setdefault("kind", "resolution")
        data.setdefault("title_ru", "Постановление коллегий")
        data.setdefault("owner", mfa_ru)
        return services.document_create(
            actor=actor or ru_manager,
            data=data,
            parties=parties or [(mfa_ru, "drafting"), (mfa_by, "party")],
        )

    return make


@pytest.fixture
def document(make_document):
    return make_document(slug="resolution-2025")


def add(actor, document, kind, parent=None, **wording):
    """Add a part through the service, with ``text_ru=...`` and the like."""
    return services.node_add(actor=actor, document=document, kind=kind, parent=parent, data=wording)


from collegium.decisions.tests.signing_fixtures import agreed, ministers  # noqa: E402, F401
