"""The header names the signed-in user and, under the name, their organization in the
reader's language."""

import io

import pytest
from django.test import Client

from collegium.accounts.models import Role


@pytest.fixture
def secretariat_user(make_org, make_user):
    organization = make_org(
        "csto-secretariat",
        name_ru="Секретариат ОДКБ",
        name_en="CSTO Secretariat",
        name_be="Сакратарыят АДКБ",
    )
    return make_user(organization, Role.MANAGER, username="csto-secretariat")


def _header(user, language: str) -> str:
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    page = client.get("/registry/organizations/").content.decode()
    return page[page.index('class="account"') : page.index("</nav>")]


@pytest.mark.parametrize(
    ("language", "name", "other"),
    [
        ("ru", "Секретариат ОДКБ", "CSTO Secretariat"),
        ("en", "CSTO Secretariat", "Секретариат ОДКБ"),
        ("be", "Сакратарыят АДКБ", "Секретариат ОДКБ"),
    ],
)
def test_the_users_organization_follows_the_interface_language(
    secretariat_user, language, name, other
):
    """The organization is named in the interface language, under the user's own name."""
    header = _header(secretariat_user, language)
    assert f'<small class="account__org">{name}</small>' in header
    assert other not in header
    assert "csto-secretariat<small" in header  # the login, as the user has no full name


def test_renaming_the_organization_shows_on_the_next_page(secretariat_user, site_admin):
    """The name comes with the roles from the read cache, keyed by the registry's version."""
    from collegium.registry.services import organization_update

    _header(secretariat_user, "en")
    organization = secretariat_user.affiliations.get().organization
    organization_update(
        actor=site_admin, organization=organization, data={"name_en": "Secretariat"}
    )
    assert '<small class="account__org">Secretariat</small>' in _header(secretariat_user, "en")


def test_the_demo_managers_are_named_by_their_login_not_their_desk(db):
    """The demo's accounts carry no Russian desk name as the user's name."""
    from django.core.management import call_command

    from collegium.accounts.models import User

    call_command("demo", stdout=io.StringIO())
    from collegium.accounts.demo import DEMO_ADMIN, DEMO_USERS

    desks = [username for username, _org, _desk in DEMO_USERS] + [DEMO_ADMIN]
    assert set(User.objects.filter(username__in=desks).values_list("first_name", flat=True)) == {""}
