"""The registry's part of the demo scenario: the real organizations, states, memberships,
posts, persons and tenures of DOMAIN.md (the facts are in ``registry.demo_data``).

Loaded after the demo's administrator exists and before the users and the
events, which find the organizations and states in ``context.shared``.
"""

import datetime as dt
from typing import NotRequired, TypedDict, cast

from collegium.devdata import demo
from collegium.registry import demo_data as data
from collegium.registry import services as registry
from collegium.registry.models import Membership, Organization, Person, Post, State, Tenure


class OrganizationSpec(TypedDict):
    """One entry of ``demo_data.ORGANIZATIONS``."""

    slug: str
    kind: str
    parent: str | None
    owner: str
    name: tuple[str, str, str]  # ru, en, be
    acronym: tuple[str, str, str]
    seat: tuple[str, str, str, str] | None  # state code, then the city in ru, en, be
    founding_date: NotRequired[dt.date]
    other_names: NotRequired[list[str]]


# ``demo_data`` holds plain literals; this is their shape.
ORGANIZATIONS = cast(list[OrganizationSpec], data.ORGANIZATIONS)


def _names(values: list[str]) -> list[dict[str, str]]:
    return [{"name": value, "lang": "en" if value.isascii() else "ru"} for value in values]


@demo.foreign_records
def registry_records_not_in_the_demo() -> dict[str, int]:
    return {
        "organizations": Organization.objects.exclude(
            slug__in=[o["slug"] for o in ORGANIZATIONS]
        ).count(),
        "states": State.objects.exclude(code__in=[s[0] for s in data.STATES]).count(),
        "persons": Person.objects.exclude(slug__in=[p[0] for p in data.PERSONS]).count(),
    }


@demo.step(order=demo.REFERENCE)
def load_registry(context: demo.DemoContext) -> None:
    """Load the registry; leave its organizations and states to the later steps."""
    orgs = _load_organizations(context)
    states = _load_states(context, orgs)
    _set_organization_seats_and_parents(context, orgs, states)
    _load_memberships(context, orgs, states)
    posts = _load_posts(context, orgs)
    persons = _load_persons(context, orgs)
    _load_tenures(context, posts, persons)
    context.shared["organizations"] = orgs
    context.shared["states"] = states


def _load_organizations(context: demo.DemoContext) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    # Self-owned organizations first: they own everyone else's records.
    ordered = sorted(ORGANIZATIONS, key=lambda o: o["owner"] != o["slug"])
    for spec in ordered:
        values: dict[str, object] = {
            "kind": spec["kind"],
            "name_ru": spec["name"][0],
            "name_en": spec["name"][1],
            "name_be": spec["name"][2],
            "acronym_ru": spec["acronym"][0],
            "acronym_en": spec["acronym"][1],
            "acronym_be": spec["acronym"][2],
            "founding_date": spec.get("founding_date"),
            "other_names": _names(spec.get("other_names", [])),
        }
        if spec["owner"] != spec["slug"]:
            values["owner"] = orgs[spec["owner"]]
        orgs[spec["slug"]] = context.upsert(
            Organization,
            {"slug": spec["slug"]},
            values,
            create=registry.organization_create,
            update=lambda a, o, d: registry.organization_update(actor=a, organization=o, data=d),
            kind="organizations",
        )
    return orgs


def _load_states(context: demo.DemoContext, orgs: dict[str, Organization]) -> dict[str, State]:
    states: dict[str, State] = {}
    for code, ru, en, be, aliases in data.STATES:
        states[code] = context.upsert(
            State,
            {"code": code},
            {
                "name_ru": ru,
                "name_en": en,
                "name_be": be,
                "other_names": _names(aliases),
                # The Russian ministry keeps the shared list of states in the demo.
                "owner": orgs["mfa-ru"],
            },
            create=registry.state_create,
            update=lambda a, s, d: registry.state_update(actor=a, state=s, data=d),
            kind="states",
        )
    return states


def _set_organization_seats_and_parents(
    context: demo.DemoContext, orgs: dict[str, Organization], states: dict[str, State]
) -> None:
    for spec in ORGANIZATIONS:
        seat = spec["seat"]
        values = {
            "parent": orgs[spec["parent"]] if spec["parent"] else None,
            "seat_state": states[seat[0]] if seat else None,
            "seat_city_ru": seat[1] if seat else "",
            "seat_city_en": seat[2] if seat else "",
            "seat_city_be": seat[3] if seat else "",
        }
        organization = orgs[spec["slug"]]
        changes = demo.differs(organization, values)
        if changes:
            registry.organization_update(
                actor=context.actor, organization=organization, data=changes
            )
            # Completing an organization created moments ago is part of creating it.
            if not context.result.created.get("organizations"):
                context.result.count("organizations", "updated")


def _load_memberships(
    context: demo.DemoContext, orgs: dict[str, Organization], states: dict[str, State]
) -> None:
    for org_slug, member, role, status, start, end, approximate, note in data.MEMBERSHIPS:
        organization = orgs[org_slug]
        lookup: dict[str, object] = {"organization": organization, "start_date": start}
        if member.startswith("org:"):
            lookup["member_organization"] = orgs[member.removeprefix("org:")]
        else:
            lookup["member_state"] = states[member]
        context.upsert(
            Membership,
            lookup,
            {
                "role": role,
                "status": status,
                "end_date": end,
                "dates_approximate": approximate,
                "note": note,
                "owner": organization.owner,
            },
            create=registry.membership_create,
            update=lambda a, m, d: registry.membership_update(actor=a, membership=m, data=d),
            kind="memberships",
        )


def _load_posts(context: demo.DemoContext, orgs: dict[str, Organization]) -> dict[str, Post]:
    posts: dict[str, Post] = {}
    for slug, org_slug, is_head, labels in data.POSTS:
        organization = orgs[org_slug]
        posts[slug] = context.upsert(
            Post,
            {"slug": slug},
            {
                "organization": organization,
                "is_head": is_head,
                "label_ru": labels[0],
                "label_en": labels[1],
                "label_be": labels[2],
                **data.POST_LETTER_FORMS.get(slug, {}),
                "owner": organization.owner,
            },
            create=registry.post_create,
            update=lambda a, p, d: registry.post_update(actor=a, post=p, data=d),
            kind="posts",
        )
    return posts


def _load_persons(context: demo.DemoContext, orgs: dict[str, Organization]) -> dict[str, Person]:
    persons: dict[str, Person] = {}
    for slug, owner, names, aliases in data.PERSONS:
        persons[slug] = context.upsert(
            Person,
            {"slug": slug},
            {
                "name_ru": names[0],
                "name_en": names[1],
                "name_be": names[2],
                "other_names": _names(aliases),
                **data.PERSON_LETTER_FORMS.get(slug, {}),
                "owner": orgs[owner],
            },
            create=registry.person_create,
            update=lambda a, p, d: registry.person_update(actor=a, person=p, data=d),
            kind="persons",
        )
    return persons


def _load_tenures(
    context: demo.DemoContext, posts: dict[str, Post], persons: dict[str, Person]
) -> None:
    for person, post, start, end, approximate, acting, note in data.TENURES:
        context.upsert(
            Tenure,
            {"person": persons[person], "post": posts[post], "start_date": start},
            {
                "end_date": end,
                "dates_approximate": approximate,
                "acting": acting,
                "note": note,
                "owner": posts[post].owner,
            },
            create=registry.tenure_create,
            update=lambda a, t, d: registry.tenure_update(actor=a, tenure=t, data=d),
            kind="tenures",
        )
