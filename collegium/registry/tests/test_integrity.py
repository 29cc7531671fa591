"""Who may state facts about whom, and references that would reveal hidden records."""

import datetime as dt

import pytest

from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import Visibility
from collegium.registry.models import OrganizationKind
from collegium.registry.services import (
    organization_update,
    person_create,
    person_update,
    post_create,
    tenure_create,
)


@pytest.fixture
def world(site_admin, make_org, make_user):
    csto_secretariat = make_org("csto-secretariat", kind=OrganizationKind.EXECUTIVE_BODY)
    csto = make_org("csto", owner=csto_secretariat)
    organization_update(actor=site_admin, organization=csto_secretariat, data={"parent": csto})
    mfa = make_org("mfa-ru", kind=OrganizationKind.MINISTRY)
    return {
        "csto": csto,
        "csto_secretariat": csto_secretariat,
        "mfa": mfa,
        "csto_editor": make_user(csto_secretariat, "editor"),
        "mfa_manager": make_user(mfa, "manager"),
    }


def _head_post(actor, organization, owner, slug="head"):
    return post_create(
        actor=actor,
        data={
            "slug": slug,
            "organization": organization,
            "label_ru": "Глава",
            "is_head": True,
            "owner": owner,
        },
    )


def test_an_editor_may_not_state_facts_about_another_organization(world):
    """The MFA's manager cannot create a head post for the CSTO, even one the MFA owns."""
    with pytest.raises(PermissionDenied, match="Only editors for"):
        _head_post(world["mfa_manager"], world["csto"], world["mfa"])


def test_the_organizations_keepers_state_facts_about_it(world):
    post = _head_post(world["csto_editor"], world["csto"], world["csto_secretariat"])
    assert post.organization == world["csto"]


def test_a_public_tenure_may_not_reveal_an_internal_person(world):
    """A public record that points to an internal one would print its name on public pages."""
    editor, owner = world["csto_editor"], world["csto_secretariat"]
    post = _head_post(editor, world["csto"], owner)
    hidden = person_create(
        actor=editor,
        data={
            "slug": "hidden",
            "name_ru": "Скрытый",
            "owner": owner,
            "visibility": Visibility.INTERNAL,
        },
    )
    with pytest.raises(ValidationError) as excinfo:
        tenure_create(
            actor=editor,
            data={
                "person": hidden,
                "post": post,
                "start_date": dt.date(2025, 1, 1),
                "owner": owner,
            },
        )
    assert "person" in excinfo.value.message_dict
    internal = tenure_create(
        actor=editor,
        data={
            "person": hidden,
            "post": post,
            "start_date": dt.date(2025, 1, 1),
            "owner": owner,
            "visibility": Visibility.INTERNAL,
        },
    )
    assert internal.pk


def test_a_referenced_record_may_not_become_more_restricted(world):
    """Hiding a person who holds a public tenure is refused until the tenure is hidden too."""
    editor, owner = world["csto_editor"], world["csto_secretariat"]
    post = _head_post(editor, world["csto"], owner)
    person = person_create(actor=editor, data={"slug": "p", "name_ru": "Лицо", "owner": owner})
    tenure_create(
        actor=editor,
        data={"person": person, "post": post, "start_date": dt.date(2025, 1, 1), "owner": owner},
    )
    with pytest.raises(ValidationError, match="still refer to this record"):
        person_update(actor=editor, person=person, data={"visibility": Visibility.INTERNAL})


def test_overlap_error_does_not_name_a_hidden_holder(world, site_admin):
    """The overlap message names the holder only to those who may see them."""
    editor, owner, mfa = world["csto_editor"], world["csto_secretariat"], world["mfa"]
    post = _head_post(editor, world["csto"], owner)
    hidden = person_create(
        actor=site_admin,
        data={
            "slug": "hidden",
            "name_ru": "Скрытый Заместитель",
            "owner": mfa,
            "visibility": Visibility.INTERNAL,
        },
    )
    tenure_create(
        actor=site_admin,
        data={
            "person": hidden,
            "post": post,
            "start_date": dt.date(2025, 1, 1),
            "owner": mfa,
            "visibility": Visibility.INTERNAL,
        },
    )
    visible = person_create(actor=editor, data={"slug": "v", "name_ru": "Видимый", "owner": owner})
    overlapping = {
        "person": visible,
        "post": post,
        "start_date": dt.date(2025, 6, 1),
        "owner": owner,
    }
    with pytest.raises(ValidationError) as excinfo:
        tenure_create(actor=editor, data=overlapping)
    assert "another person" in str(excinfo.value)
    assert "Скрытый" not in str(excinfo.value)
    with pytest.raises(ValidationError, match="Скрытый Заместитель"):
        tenure_create(actor=site_admin, data=overlapping)


def test_a_parties_record_may_not_point_to_another_parties_record(world):
    """Two "parties" records reach different audiences, so one may not reveal the other."""
    editor, owner = world["csto_editor"], world["csto_secretariat"]
    post = _head_post(editor, world["csto"], owner)
    person = person_create(
        actor=editor,
        data={"slug": "p", "name_ru": "Лицо", "owner": owner, "visibility": Visibility.PARTIES},
    )
    with pytest.raises(ValidationError):
        tenure_create(
            actor=editor,
            data={
                "person": person,
                "post": post,
                "start_date": dt.date(2025, 1, 1),
                "owner": owner,
                "visibility": Visibility.PARTIES,
            },
        )
