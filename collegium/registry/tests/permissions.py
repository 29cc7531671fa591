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
from collegium.registry.models import OrganizationKind
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
