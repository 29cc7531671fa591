"""Registry endpoints: states, organizations, memberships, posts, persons, tenures, Popolo.

Each route parses its input, finds the object through the entity's access
door (a record the caller may not see answers 404 like a missing one), calls
one selector or service and returns.  Reads are open to anonymous callers
(public records only); writes need a token or the session, and the services
decide whether the caller is an editor of the owning organization (403 if not).

Every GET answer is kept in the version-keyed read cache (``core.cache``):
the key holds the registry's data version, the caller's scope, the language,
the date and the full URL, so a write to the registry shows at once (writes
to other domains leave the entries valid) and no caller ever gets what
another scope sees.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Body, Router, Schema, Status
from ninja.pagination import paginate

from collegium.access.rules import AnyUser, filter_visible
from collegium.accounts.api_auth import api_auth_required
from collegium.core.api.pagination import Pagination
from collegium.core.api.schemas import Date, Text
from collegium.core.cache import cached_api_read
from collegium.core.exceptions import ValidationError
from collegium.core.text import contains_unstorable
from collegium.registry import selectors, services
from collegium.registry.access import (
    access_membership_by_id,
    access_organization_by_slug,
    access_person_by_slug,
    access_post_by_slug,
    access_state_by_code,
    access_tenure_by_id,
)
from collegium.registry.models import (
    Membership,
    Organization,
    OrganizationKind,
    Person,
    Post,
    State,
    Tenure,
)
from collegium.registry.schemas import (
    HeadSchema,
    MembershipInputSchema,
    MembershipPatchSchema,
    MembershipSchema,
    OrganizationInputSchema,
    OrganizationPatchSchema,
    OrganizationSchema,
    PersonInputSchema,
    PersonPatchSchema,
    PersonSchema,
    PopoloImportResultSchema,
    PostInputSchema,
    PostPatchSchema,
    PostSchema,
    StateInputSchema,
    StatePatchSchema,
    StateSchema,
    TenureInputSchema,
    TenurePatchSchema,
    TenureSchema,
)

if TYPE_CHECKING:
    from collegium.registry.popolo import ImportResult

router = Router(tags=["registry"])

# Input fields that name another record, and how: the model and its stable key.
REFERENCES: dict[str, tuple[type[Model], str]] = {
    "owner": (Organization, "slug"),
    "parent": (Organization, "slug"),
    "organization": (Organization, "slug"),
    "member_organization": (Organization, "slug"),
    "seat_state": (State, "code"),
    "member_state": (State, "code"),
    "person": (Person, "slug"),
    "post": (Post, "slug"),
}

# What every serialized record reads besides its own row; selected in one query.
MEMBERSHIP_RELATED = ("organization", "member_state", "member_organization", "owner")
TENURE_RELATED = ("person", "post__organization", "owner")


def _model_data(user: AnyUser, payload: Schema, *, partial: bool = False) -> dict[str, Any]:
    """Turn a request body into service data, replacing stable keys by the records.

    A key that names no record the caller can see is reported on its field,
    the same whether the record is missing or hidden.
    """
    data = payload.model_dump(exclude_unset=partial)
    errors = {}
    for field, value in data.items():
        if field not in REFERENCES or value is None:
            continue
        model, key = REFERENCES[field]
        found = filter_visible(model._default_manager.all(), user).filter(**{key: value}).first()
        if found is None:
            errors[field] = _("Unknown %(model)s: “%(key)s”.") % {
                "model": model._meta.verbose_name,
                "key": value,
            }
        data[field] = found
    if errors:
        raise ValidationError(errors)
    return data


def _stable[QS: QuerySet[Any, Any]](queryset: QS) -> QS:
    """Order by the model's ordering and then the primary key, so pages never overlap."""
    return queryset.order_by(*queryset.model._meta.ordering, "pk")


class Head(TypedDict):
    """The head of an organization on a date (``HeadSchema``)."""

    organization: str
    on: dt.date
    tenure: Tenure | None


# --- States -----------------------------------------------------------------


@router.get("/states", response=list[StateSchema], operation_id="registry_state_list")
@cached_api_read
@paginate(Pagination)
def state_list(request: HttpRequest, q: Text = "") -> QuerySet[State]:
    """List the states the caller may see; ``q`` searches names and the ISO code."""
    states = selectors.state_list_visible_to(user=request.user, q=q)
    return _stable(states.select_related("owner"))


@router.get("/states/{code}", response=StateSchema, operation_id="registry_state_retrieve")
@cached_api_read
def state_retrieve(request: HttpRequest, code: Text) -> State:
    return access_state_by_code(request.user, code)


@router.post(
    "/states",
    response={201: StateSchema},
    auth=api_auth_required,
    operation_id="registry_state_create",
)
def state_create(request: HttpRequest, payload: StateInputSchema) -> Status:
    state = services.state_create(actor=request.user, data=_model_data(request.user, payload))
    return Status(201, state)


@router.patch(
    "/states/{code}",
    response=StateSchema,
    auth=api_auth_required,
    operation_id="registry_state_update",
)
def state_update(request: HttpRequest, code: Text, payload: StatePatchSchema) -> State:
    state = access_state_by_code(request.user, code)
    data = _model_data(request.user, payload, partial=True)
    return services.state_update(actor=request.user, state=state, data=data)


@router.delete(
    "/states/{code}",
    response={204: None},
    auth=api_auth_required,
    operation_id="registry_state_delete",
)
def state_delete(request: HttpRequest, code: Text) -> Status:
    state = access_state_by_code(request.user, code)
    services.state_delete(actor=request.user, state=state)
    return Status(204, None)


# --- Organizations --------------------------------------------------------------


@router.get(
    "/organizations", response=list[OrganizationSchema], operation_id="registry_organization_list"
)
@cached_api_read
@paginate(Pagination)
def organization_list(
    request: HttpRequest,
    q: Text = "",
    kind: OrganizationKind | None = None,
    parent: Text | None = None,
) -> QuerySet[Organization]:
    """List the organizations the caller may see.

    ``q`` searches names, acronyms and slugs; ``kind`` picks one kind;
    ``parent`` (a slug) lists the bodies of that organization.
    """
    organizations = selectors.organization_list_visible_to(user=request.user, q=q, kind=kind or "")
    if parent:
        organizations = organizations.filter(parent__slug=parent)
    return _stable(organizations.select_related("owner"))


@router.get(
    "/organizations/{slug}",
    response=OrganizationSchema,
    operation_id="registry_organization_retrieve",
)
@cached_api_read
def organization_retrieve(request: HttpRequest, slug: Text) -> Organization:
    return access_organization_by_slug(request.user, slug)


@router.post(
    "/organizations",
    response={201: OrganizationSchema},
    auth=api_auth_required,
    operation_id="registry_organization_create",
)
def organization_create(request: HttpRequest, payload: OrganizationInputSchema) -> Status:
    organization = services.organization_create(
        actor=request.user, data=_model_data(request.user, payload)
    )
    return Status(201, organization)


@router.patch(
    "/organizations/{slug}",
    response=OrganizationSchema,
    auth=api_auth_required,
    operation_id="registry_organization_update",
)
def organization_update(
    request: HttpRequest, slug: Text, payload: OrganizationPatchSchema
) -> Organization:
    organization = access_organization_by_slug(request.user, slug)
    data = _model_data(request.user, payload, partial=True)
    return services.organization_update(actor=request.user, organization=organization, data=data)


@router.delete(
    "/organizations/{slug}",
    response={204: None},
    auth=api_auth_required,
    operation_id="registry_organization_delete",
)
def organization_delete(request: HttpRequest, slug: Text) -> Status:
    organization = access_organization_by_slug(request.user, slug)
    services.organization_delete(actor=request.user, organization=organization)
    return Status(204, None)


@router.get(
    "/organizations/{slug}/head",
    response=HeadSchema,
    operation_id="registry_organization_head",
)
@cached_api_read
def organization_head(request: HttpRequest, slug: Text, on: Date | None = None) -> Head:
    """Return the tenure of the organization's head on the date ``on`` (today by default).

    A substantive holder wins over an acting one; ``tenure`` is null when the
    post was vacant (or no head is recorded).
    """
    organization = access_organization_by_slug(request.user, slug)
    on = on or timezone.localdate()
    tenure = selectors.head_of(organization, on=on, user=request.user)
    return {"organization": organization.slug, "on": on, "tenure": tenure}


@router.get(
    "/organizations/{slug}/members",
    response=list[MembershipSchema],
    operation_id="registry_organization_members",
)
@cached_api_read
@paginate(Pagination)
def organization_members(
    request: HttpRequest, slug: Text, on: Date | None = None
) -> QuerySet[Membership]:
    """List the memberships in force on the date ``on`` (today by default), suspended ones too."""
    organization = access_organization_by_slug(request.user, slug)
    memberships = selectors.members_of(organization, on=on, user=request.user)
    return memberships.select_related(*MEMBERSHIP_RELATED)


# --- Memberships --------------------------------------------------------------


@router.get(
    "/memberships", response=list[MembershipSchema], operation_id="registry_membership_list"
)
@cached_api_read
@paginate(Pagination)
def membership_list(
    request: HttpRequest,
    organization: Text | None = None,
    member_state: Text | None = None,
    member_organization: Text | None = None,
    on: Date | None = None,
) -> QuerySet[Membership]:
    """List memberships; filter by the organization joined, the member, or the date ``on``."""
    memberships = selectors.membership_list_visible_to(user=request.user, on=on)
    if organization:
        memberships = memberships.filter(organization__slug=organization)
    if member_state:
        memberships = memberships.filter(member_state__code=member_state)
    if member_organization:
        memberships = memberships.filter(member_organization__slug=member_organization)
    return memberships.select_related(*MEMBERSHIP_RELATED)


@router.get(
    "/memberships/{membership_id}",
    response=MembershipSchema,
    operation_id="registry_membership_retrieve",
)
@cached_api_read
def membership_retrieve(request: HttpRequest, membership_id: int) -> Membership:
    return access_membership_by_id(request.user, membership_id)


@router.post(
    "/memberships",
    response={201: MembershipSchema},
    auth=api_auth_required,
    operation_id="registry_membership_create",
)
def membership_create(request: HttpRequest, payload: MembershipInputSchema) -> Status:
    membership = services.membership_create(
        actor=request.user, data=_model_data(request.user, payload)
    )
    return Status(201, membership)


@router.patch(
    "/memberships/{membership_id}",
    response=MembershipSchema,
    auth=api_auth_required,
    operation_id="registry_membership_update",
)
def membership_update(
    request: HttpRequest, membership_id: int, payload: MembershipPatchSchema
) -> Membership:
    membership = access_membership_by_id(request.user, membership_id)
    data = _model_data(request.user, payload, partial=True)
    return services.membership_update(actor=request.user, membership=membership, data=data)


@router.delete(
    "/memberships/{membership_id}",
    response={204: None},
    auth=api_auth_required,
    operation_id="registry_membership_delete",
)
def membership_delete(request: HttpRequest, membership_id: int) -> Status:
    membership = access_membership_by_id(request.user, membership_id)
    services.membership_delete(actor=request.user, membership=membership)
    return Status(204, None)


# --- Posts --------------------------------------------------------------------


@router.get("/posts", response=list[PostSchema], operation_id="registry_post_list")
@cached_api_read
@paginate(Pagination)
def post_list(request: HttpRequest, organization: Text | None = None) -> QuerySet[Post]:
    """List posts; ``organization`` (a slug) keeps the posts of one organization."""
    posts = selectors.post_list_visible_to(user=request.user)
    if organization:
        posts = posts.filter(organization__slug=organization)
    return _stable(posts.select_related("owner"))


@router.get("/posts/{slug}", response=PostSchema, operation_id="registry_post_retrieve")
@cached_api_read
def post_retrieve(request: HttpRequest, slug: Text) -> Post:
    return access_post_by_slug(request.user, slug)


@router.post(
    "/posts",
    response={201: PostSchema},
    auth=api_auth_required,
    operation_id="registry_post_create",
)
def post_create(request: HttpRequest, payload: PostInputSchema) -> Status:
    post = services.post_create(actor=request.user, data=_model_data(request.user, payload))
    return Status(201, post)


@router.patch(
    "/posts/{slug}",
    response=PostSchema,
    auth=api_auth_required,
    operation_id="registry_post_update",
)
def post_update(request: HttpRequest, slug: Text, payload: PostPatchSchema) -> Post:
    post = access_post_by_slug(request.user, slug)
    data = _model_data(request.user, payload, partial=True)
    return services.post_update(actor=request.user, post=post, data=data)


@router.delete(
    "/posts/{slug}",
    response={204: None},
    auth=api_auth_required,
    operation_id="registry_post_delete",
)
def post_delete(request: HttpRequest, slug: Text) -> Status:
    post = access_post_by_slug(request.user, slug)
    services.post_delete(actor=request.user, post=post)
    return Status(204, None)


# --- Persons ------------------------------------------------------------------


@router.get("/persons", response=list[PersonSchema], operation_id="registry_person_list")
@cached_api_read
@paginate(Pagination)
def person_list(request: HttpRequest, q: Text = "") -> QuerySet[Person]:
    """List the persons the caller may see; ``q`` searches names and slugs."""
    persons = selectors.person_list_visible_to(user=request.user, q=q)
    return _stable(persons.select_related("owner"))


@router.get("/persons/{slug}", response=PersonSchema, operation_id="registry_person_retrieve")
@cached_api_read
def person_retrieve(request: HttpRequest, slug: Text) -> Person:
    return access_person_by_slug(request.user, slug)


@router.post(
    "/persons",
    response={201: PersonSchema},
    auth=api_auth_required,
    operation_id="registry_person_create",
)
def person_create(request: HttpRequest, payload: PersonInputSchema) -> Status:
    person = services.person_create(actor=request.user, data=_model_data(request.user, payload))
    return Status(201, person)


@router.patch(
    "/persons/{slug}",
    response=PersonSchema,
    auth=api_auth_required,
    operation_id="registry_person_update",
)
def person_update(request: HttpRequest, slug: Text, payload: PersonPatchSchema) -> Person:
    person = access_person_by_slug(request.user, slug)
    data = _model_data(request.user, payload, partial=True)
    return services.person_update(actor=request.user, person=person, data=data)


@router.delete(
    "/persons/{slug}",
    response={204: None},
    auth=api_auth_required,
    operation_id="registry_person_delete",
)
def person_delete(request: HttpRequest, slug: Text) -> Status:
    person = access_person_by_slug(request.user, slug)
    services.person_delete(actor=request.user, person=person)
    return Status(204, None)


@router.get(
    "/persons/{slug}/tenures",
    response=list[TenureSchema],
    operation_id="registry_person_tenures",
)
@cached_api_read
@paginate(Pagination)
def person_tenures(request: HttpRequest, slug: Text) -> QuerySet[Tenure]:
    """List every tenure of the person the caller may see, newest first."""
    person = access_person_by_slug(request.user, slug)
    return selectors.tenures_of(person, user=request.user).select_related(*TENURE_RELATED)


# --- Tenures ------------------------------------------------------------------


@router.get("/tenures", response=list[TenureSchema], operation_id="registry_tenure_list")
@cached_api_read
@paginate(Pagination)
def tenure_list(
    request: HttpRequest,
    person: Text | None = None,
    post: Text | None = None,
    organization: Text | None = None,
    on: Date | None = None,
) -> QuerySet[Tenure]:
    """List tenures; filter by person, post, the post's organization, or the date ``on``."""
    tenures = selectors.tenure_list_visible_to(user=request.user, on=on)
    if person:
        tenures = tenures.filter(person__slug=person)
    if post:
        tenures = tenures.filter(post__slug=post)
    if organization:
        tenures = tenures.filter(post__organization__slug=organization)
    return tenures.select_related(*TENURE_RELATED)


@router.get("/tenures/{tenure_id}", response=TenureSchema, operation_id="registry_tenure_retrieve")
@cached_api_read
def tenure_retrieve(request: HttpRequest, tenure_id: int) -> Tenure:
    return access_tenure_by_id(request.user, tenure_id)


@router.post(
    "/tenures",
    response={201: TenureSchema},
    auth=api_auth_required,
    operation_id="registry_tenure_create",
)
def tenure_create(request: HttpRequest, payload: TenureInputSchema) -> Status:
    tenure = services.tenure_create(actor=request.user, data=_model_data(request.user, payload))
    return Status(201, tenure)


@router.patch(
    "/tenures/{tenure_id}",
    response=TenureSchema,
    auth=api_auth_required,
    operation_id="registry_tenure_update",
)
def tenure_update(request: HttpRequest, tenure_id: int, payload: TenurePatchSchema) -> Tenure:
    tenure = access_tenure_by_id(request.user, tenure_id)
    data = _model_data(request.user, payload, partial=True)
    return services.tenure_update(actor=request.user, tenure=tenure, data=data)


@router.delete(
    "/tenures/{tenure_id}",
    response={204: None},
    auth=api_auth_required,
    operation_id="registry_tenure_delete",
)
def tenure_delete(request: HttpRequest, tenure_id: int) -> Status:
    tenure = access_tenure_by_id(request.user, tenure_id)
    services.tenure_delete(actor=request.user, tenure=tenure)
    return Status(204, None)


# --- Popolo ---------------------------------------------------------------------


# Not cached: the whole registry in one body would fill the read cache at once.
@router.get("/popolo", response=dict[str, Any], operation_id="registry_popolo_export")
def popolo_export(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    """Export every registry record the caller may see as one Popolo JSON document."""
    from collegium.registry.popolo import export_popolo

    return export_popolo(user=request.user)


@router.post(
    "/popolo",
    response=PopoloImportResultSchema,
    auth=api_auth_required,
    operation_id="registry_popolo_import",
)
def popolo_import(request: HttpRequest, document: dict[str, Any] = Body(...)) -> "ImportResult":  # noqa: B008
    """Import a Popolo JSON document: all or nothing, upserting by stable key.

    The caller needs the editor role in the owner of every record it touches.
    """
    from collegium.registry.popolo import import_popolo

    if contains_unstorable(document):
        raise ValidationError(
            _(
                "Control characters (other than tab and line breaks) and unpaired surrogates "
                "are not allowed."
            )
        )
    return import_popolo(actor=request.user, data=document)
