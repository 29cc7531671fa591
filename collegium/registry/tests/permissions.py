"""The registry's part of the permission matrix (``collegium.testing.permissions``).

States, organizations, memberships, posts, persons and tenures: a CRUD each,
whose sub-reads (an organization's head and members, a person's tenures)
follow the record's visibility like a retrieve; the Popolo export lists the
persons, its import creates them.  The registry also makes the helpers the
other apps' objects refer to: a public state, person and posts.
"""

from typing import Any

from collegium.core.models import Visibility
from collegium.registry import services
from collegium.registry.models import OrganizationKind, Person, Post, State
from collegium.testing.forms import Case, PageForm
from collegium.testing.permissions import (
    CREATE,
    DELETE,
    FOREIGN,
    IMPORT,
    LIST,
    OWN,
    PARTIES,
    RECORD_OBJECTS,
    RESTRICTED,
    RETRIEVE,
    UPDATE,
    Entity,
    Operation,
)


def _crud(entity: str) -> dict[str, Operation]:
    return {
        f"registry_{entity}_{name}": Operation(action, entity)
        for name, action in [
            ("list", LIST),
            ("retrieve", RETRIEVE),
            ("create", CREATE),
            ("update", UPDATE),
            ("delete", DELETE),
        ]
    }


def _popolo_person(owner: str, visibility: Visibility) -> dict:
    """One person to import, owned and visible as the object says."""
    item = {
        "id": "imported-person",
        "name": "Импорт",
        "collegium": {"owner_id": owner, "visibility": visibility},
    }
    return {"persons": [item]}


OPERATIONS = {
    **_crud("state"),
    **_crud("organization"),
    **_crud("membership"),
    **_crud("post"),
    **_crud("person"),
    **_crud("tenure"),
    "registry_organization_head": Operation(RETRIEVE, "organization"),
    "registry_organization_members": Operation(RETRIEVE, "organization"),
    "registry_person_tenures": Operation(RETRIEVE, "person"),
    "registry_popolo_export": Operation(
        LIST,
        "person",
        params={},
        listed=lambda response: [item["id"] for item in response.json()["persons"]],
    ),
    "registry_popolo_import": Operation(IMPORT, "person", body=_popolo_person),
}

ENTITIES = {
    "state": Entity(
        "code",
        lambda owner, visibility: {
            "code": "nw",
            "name_ru": "Новое",
            "owner": owner,
            "visibility": visibility,
        },
        {"name_en": "Changed"},
        involves_parties=False,
    ),
    "organization": Entity(
        "slug",
        lambda owner, visibility: {
            "slug": "new-body",
            "kind": "council",
            "name_ru": "Новый орган",
            "parent": owner,
            "owner": owner,
            "visibility": visibility,
        },
        {"name_en": "Changed"},
    ),
    "membership": Entity(
        "id",
        lambda owner, visibility: {
            "organization": owner,
            "member_state": "hs",
            "owner": owner,
            "visibility": visibility,
        },
        {"note": "changed"},
    ),
    "post": Entity(
        "slug",
        lambda owner, visibility: {
            "slug": "new-post",
            "organization": owner,
            "label_ru": "Новая должность",
            "owner": owner,
            "visibility": visibility,
        },
        {"label_en": "Changed"},
    ),
    "person": Entity(
        "slug",
        lambda owner, visibility: {
            "slug": "new-person",
            "name_ru": "Новое лицо",
            "owner": owner,
            "visibility": visibility,
        },
        {"name_en": "Changed"},
        involves_parties=False,
    ),
    "tenure": Entity(
        "id",
        lambda owner, visibility: {
            "person": "helper-person",
            "post": "helper-post-new",
            "owner": owner,
            "visibility": visibility,
        },
        {"note": "changed"},
    ),
}


def build(world) -> None:
    """Create the public helpers, then the four objects of each registry entity."""
    site_admin, home, other = world.site_admin, world.orgs["home"], world.orgs["other"]
    # Public helpers the objects and the creates refer to; never objects themselves.
    helper_state = services.state_create(
        actor=site_admin, data={"code": "hs", "name_ru": "Вспомогательное", "owner": other}
    )
    helper_person = services.person_create(
        actor=site_admin, data={"slug": "helper-person", "name_ru": "Помощник", "owner": other}
    )
    helper_posts = {
        name: services.post_create(
            actor=site_admin,
            data={
                "slug": f"helper-post-{name}",
                "organization": org,
                "label_ru": name,
                "owner": org,
            },
        )
        for name, org in [
            (OWN, home),
            (FOREIGN, other),
            (RESTRICTED, other),
            (PARTIES, home),
            ("new", home),
        ]
    }
    world.helpers.update(person=helper_person, posts=helper_posts)

    objects: dict[str, dict[str, Any]] = {entity: {} for entity in ENTITIES}
    letters = dict(zip(RECORD_OBJECTS, "abcd", strict=True))
    for obj in RECORD_OBJECTS:
        # The organization the record is about: home for "own" and for "parties", so
        # that the parties-visible record involves home; the other organization else.
        about = home if obj in {OWN, PARTIES} else other
        objects["state"][obj] = world.create(
            services.state_create, obj, code=f"x{letters[obj]}", name_ru=f"Государство {obj}"
        )
        objects["organization"][obj] = world.create(
            services.organization_create,
            obj,
            slug=f"{obj}-body",
            kind=OrganizationKind.COUNCIL,
            name_ru=f"Орган {obj}",
            parent=about,
        )
        member = {"member_organization": home} if obj == PARTIES else {"member_state": helper_state}
        # A membership is a fact about its organization, which only its keepers state:
        # the own one is about home; the parties one is other's, with home as the member.
        objects["membership"][obj] = world.create(
            services.membership_create,
            obj,
            organization=home if obj == OWN else other,
            **member,
        )
        objects["post"][obj] = world.create(
            services.post_create, obj, slug=f"{obj}-post", organization=about, label_ru=obj
        )
        objects["person"][obj] = world.create(
            services.person_create, obj, slug=f"{obj}-person", name_ru=f"Лицо {obj}"
        )
        objects["tenure"][obj] = world.create(
            services.tenure_create, obj, person=helper_person, post=helper_posts[obj]
        )
    world.objects.update(objects)


# --- The pages' forms (``collegium.testing.forms``) -----------------------------------


def _organization_page(case: Case) -> str:
    return f"/registry/organizations/{case.record.organization.slug}/"


def _person_page(case: Case) -> str:
    return f"/registry/persons/{case.record.person.slug}/"


# Per entity: its pages' address, the page that links to a record's form (its own page
# by default), the values of a new record, a change, and an invalid datum with its field
# (another for an edit where the first is the key, which is not edited).
_REGISTRY_FORMS: dict[str, dict[str, Any]] = {
    "state": {
        "base": "/registry/states",
        "create": lambda case: {"code": "nw", "name_ru": "Новое"},
        "change": {"name_en": "Changed"},
        "invalid": ("code", "1!"),
        "invalid_change": ("name_ru", ""),
    },
    "organization": {
        "base": "/registry/organizations",
        "create": lambda case: {
            "slug": "fresh-body",
            "kind": "council",
            "name_ru": "Новый орган",
            "parent": case.owner,
        },
        "change": {"name_en": "Changed"},
        "invalid": ("slug", "не слаг"),
        "invalid_change": ("name_ru", ""),
    },
    "membership": {
        "base": "/registry/memberships",
        "page": _organization_page,
        "create": lambda case: {
            "organization": case.owner,
            "member_state": State.objects.get(code="hs").pk,
        },
        "change": {"note": "changed"},
        "invalid": ("start_date", "31.02.2020"),
    },
    "post": {
        "base": "/registry/posts",
        "page": _organization_page,
        "create": lambda case: {
            "slug": "fresh-post",
            "organization": case.owner,
            "label_ru": "Новая должность",
        },
        "change": {"label_en": "Changed"},
        "invalid": ("slug", "не слаг"),
        "invalid_change": ("label_ru", ""),
    },
    "person": {
        "base": "/registry/persons",
        "create": lambda case: {"slug": "fresh-person", "name_ru": "Новое лицо"},
        "change": {"name_en": "Changed"},
        "invalid": ("slug", "не слаг"),
        "invalid_change": ("name_ru", ""),
    },
    "tenure": {
        "base": "/registry/tenures",
        "page": _person_page,
        "create": lambda case: {
            "person": Person.objects.get(slug="helper-person").pk,
            "post": Post.objects.get(slug="helper-post-new").pk,
        },
        "change": {"note": "changed"},
        "invalid": ("start_date", "31.02.2020"),
    },
}


def _registry_forms(entity: str, spec: dict[str, Any]) -> list[PageForm]:
    """The create, edit and delete forms of one registry entity.

    A create form is offered for an object when its owner select offers the
    object's owner (the matrix's create is about the owner); the edit form is
    linked from the record's page, the delete button is on the edit form.
    """
    base, (field, bad) = spec["base"], spec["invalid"]
    change_field, change_bad = spec.get("invalid_change", spec["invalid"])
    page = spec.get("page", base + "/{key}/")
    edit = base + "/{key}/edit/"
    return [
        PageForm(
            f"registry_{entity}_create",
            page=base + "/new/",
            offer="//select[@name='owner']/option[@value='{owner}']",
            target=base + "/new/",
            data=lambda case: {**spec["create"](case), **case.placed()},
            invalid={field: bad},
            field=field,
        ),
        PageForm(
            f"registry_{entity}_update",
            page=page,
            offer=f"//a[@href='{edit}']",
            target=edit,
            data=spec["change"],
            invalid={change_field: change_bad},
            field=change_field,
        ),
        PageForm(
            f"registry_{entity}_delete",
            page=edit,
            offer=f"//form[@action='{base}/{{key}}/delete/']",
            target=base + "/{key}/delete/",
        ),
    ]


FORMS = [form for entity, spec in _REGISTRY_FORMS.items() for form in _registry_forms(entity, spec)]

PAGELESS = {
    "registry_popolo_import": "A bulk exchange with other registries: scripts post Popolo "
    "JSON to the API, or run `collegium popolo import`; people enter records in the forms.",
}
