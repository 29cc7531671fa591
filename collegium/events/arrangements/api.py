"""Arrangements endpoints: arrangements, their status moves, accessions and consents.

Reads are open to anonymous callers (public arrangements only); writes need a
token or the session.  An arrangement the caller may not see answers 404,
like its accessions.  The services decide who may write: the owner's editors
move an arrangement; an editor for the proposing organization proposes or
withdraws an accession; only a manager for a party records its consent (403
for another party's).  Illegal moves answer 409 with the rule in ``detail``
and a ``code``.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from collegium.access.rules import AnyUser
from collegium.accounts.api_auth import api_auth_required
from collegium.core.api.pagination import Pagination
from collegium.core.api.schemas import Text
from collegium.events.arrangements import selectors, services
from collegium.events.arrangements.access import access_accession_by_id, access_arrangement_by_slug
from collegium.events.arrangements.schemas import (
    AccessionInputSchema,
    AccessionSchema,
    ArrangementInputSchema,
    ArrangementMoveInputSchema,
    ArrangementPatchSchema,
    ArrangementSchema,
    ConsentInputSchema,
)
from collegium.events.models import Accession, Arrangement, ArrangementStatus
from collegium.registry.access import organization_for_field

router = Router(tags=["events"])


class ArrangementFilterSchema(Schema):
    status: ArrangementStatus | None = None


def _arrangement_data(
    user: AnyUser, payload: Schema, *, partial: bool = False
) -> tuple[dict[str, Any], list[services.PartyPair] | None]:
    """Turn a request body into service data and parties, replacing slugs by records."""
    data = payload.model_dump(exclude_unset=partial)
    parties: list[services.PartyPair] | None = None
    if "parties" in data:
        parties = [
            (
                organization_for_field(user, item["organization"], "parties"),
                organization_for_field(user, item["executive_body"], "parties"),
            )
            for item in data.pop("parties") or []
        ]
    for field in ("owner", "inviting_party"):
        if data.get(field) is not None:
            data[field] = organization_for_field(user, data[field], field)
    return data, parties


def _reloaded(arrangement: Arrangement) -> Arrangement:
    return (
        Arrangement.objects.select_related("owner", "inviting_party")
        .prefetch_related(selectors.party_links_prefetch())
        .get(pk=arrangement.pk)
    )


def _accession_reloaded(accession: Accession) -> Accession:
    return selectors.accessions_of(accession.arrangement).get(pk=accession.pk)


@router.get(
    "/arrangements", response=list[ArrangementSchema], operation_id="events_arrangement_list"
)
@paginate(Pagination)
def arrangement_list(
    request: HttpRequest, filters: Query[ArrangementFilterSchema]
) -> QuerySet[Arrangement]:
    """List the arrangements the caller may see, by title."""
    return selectors.arrangement_list_visible_to(user=request.user, status=filters.status or "")


@router.get(
    "/arrangements/{slug}",
    response=ArrangementSchema,
    operation_id="events_arrangement_retrieve",
)
def arrangement_retrieve(request: HttpRequest, slug: Text) -> Arrangement:
    return access_arrangement_by_slug(request.user, slug)


@router.post(
    "/arrangements",
    response={201: ArrangementSchema},
    auth=api_auth_required,
    operation_id="events_arrangement_create",
)
def arrangement_create(request: HttpRequest, payload: ArrangementInputSchema) -> Status:
    """Create a draft arrangement."""
    data, parties = _arrangement_data(request.user, payload)
    arrangement = services.arrangement_create(actor=request.user, data=data, parties=parties or [])
    return Status(201, _reloaded(arrangement))


@router.patch(
    "/arrangements/{slug}",
    response=ArrangementSchema,
    auth=api_auth_required,
    operation_id="events_arrangement_update",
)
def arrangement_update(
    request: HttpRequest, slug: Text, payload: ArrangementPatchSchema
) -> Arrangement:
    arrangement = access_arrangement_by_slug(request.user, slug)
    data, parties = _arrangement_data(request.user, payload, partial=True)
    arrangement = services.arrangement_update(
        actor=request.user, arrangement=arrangement, data=data, parties=parties
    )
    return _reloaded(arrangement)


def _move(
    request: HttpRequest,
    slug: str,
    service: Callable[..., Arrangement],
    move: ArrangementMoveInputSchema,
) -> Arrangement:
    """Make one status move; ``?on=YYYY-MM-DD`` dates it (today by default)."""
    arrangement = access_arrangement_by_slug(request.user, slug)
    return _reloaded(service(actor=request.user, arrangement=arrangement, on=move.on))


@router.post(
    "/arrangements/{slug}/propose",
    response=ArrangementSchema,
    auth=api_auth_required,
    operation_id="events_arrangement_propose",
)
def arrangement_propose(
    request: HttpRequest, slug: Text, move: Query[ArrangementMoveInputSchema]
) -> Arrangement:
    """Put a draft arrangement to the parties."""
    return _move(request, slug, services.arrangement_propose, move)


@router.post(
    "/arrangements/{slug}/bring-into-force",
    response=ArrangementSchema,
    auth=api_auth_required,
    operation_id="events_arrangement_bring_into_force",
)
def arrangement_bring_into_force(
    request: HttpRequest, slug: Text, move: Query[ArrangementMoveInputSchema]
) -> Arrangement:
    """Bring a proposed arrangement into force."""
    return _move(request, slug, services.arrangement_bring_into_force, move)


@router.post(
    "/arrangements/{slug}/suspend",
    response=ArrangementSchema,
    auth=api_auth_required,
    operation_id="events_arrangement_suspend",
)
def arrangement_suspend(
    request: HttpRequest, slug: Text, move: Query[ArrangementMoveInputSchema]
) -> Arrangement:
    """Suspend an arrangement in force."""
    return _move(request, slug, services.arrangement_suspend, move)


@router.post(
    "/arrangements/{slug}/resume",
    response=ArrangementSchema,
    auth=api_auth_required,
    operation_id="events_arrangement_resume",
)
def arrangement_resume(
    request: HttpRequest, slug: Text, move: Query[ArrangementMoveInputSchema]
) -> Arrangement:
    """Bring a suspended arrangement back into force."""
    return _move(request, slug, services.arrangement_resume, move)


@router.post(
    "/arrangements/{slug}/terminate",
    response=ArrangementSchema,
    auth=api_auth_required,
    operation_id="events_arrangement_terminate",
)
def arrangement_terminate(
    request: HttpRequest, slug: Text, move: Query[ArrangementMoveInputSchema]
) -> Arrangement:
    """End an arrangement for good (final: it cannot be re-opened)."""
    return _move(request, slug, services.arrangement_terminate, move)


# --- Accessions and consents -------------------------------------------------------


@router.get(
    "/arrangements/{slug}/accessions",
    response=list[AccessionSchema],
    operation_id="events_accession_list",
)
def accession_list(request: HttpRequest, slug: Text) -> list[Accession]:
    """List an arrangement's accessions with each party's consent."""
    arrangement = access_arrangement_by_slug(request.user, slug)
    return list(selectors.accessions_of(arrangement))


@router.post(
    "/arrangements/{slug}/accessions",
    response={201: AccessionSchema},
    auth=api_auth_required,
    operation_id="events_accession_propose",
)
def accession_propose(request: HttpRequest, slug: Text, payload: AccessionInputSchema) -> Status:
    """Propose that a new party joins an arrangement in force; opens a consent per party."""
    arrangement = access_arrangement_by_slug(request.user, slug)
    user = request.user
    accession = services.accession_propose(
        actor=user,
        arrangement=arrangement,
        organization=organization_for_field(user, payload.organization, "organization"),
        executive_body=organization_for_field(user, payload.executive_body, "executive_body"),
        proposed_by=organization_for_field(user, payload.proposed_by, "proposed_by"),
        proposed_on=payload.proposed_on,
        note=payload.note,
    )
    return Status(201, _accession_reloaded(accession))


@router.post(
    "/accessions/{accession_id}/withdraw",
    response=AccessionSchema,
    auth=api_auth_required,
    operation_id="events_accession_withdraw",
)
def accession_withdraw(request: HttpRequest, accession_id: int) -> Accession:
    """Withdraw a pending accession (its proposer or the arrangement's owner)."""
    accession = access_accession_by_id(request.user, accession_id)
    accession = services.accession_withdraw(actor=request.user, accession=accession)
    return _accession_reloaded(accession)


@router.post(
    "/accessions/{accession_id}/consents",
    response=AccessionSchema,
    auth=api_auth_required,
    operation_id="events_consent_record",
)
def consent_record(
    request: HttpRequest, accession_id: int, payload: ConsentInputSchema
) -> Accession:
    """Record your party's consent: given, refused, or given on behalf (with the note's reference).

    The last consent puts the accession in force; one refusal refuses it.
    """
    accession = access_accession_by_id(request.user, accession_id)
    services.consent_record(
        actor=request.user,
        accession=accession,
        party=organization_for_field(request.user, payload.party, "party"),
        state=payload.state,
        note_reference=payload.note_reference,
        conditions=payload.conditions,
    )
    return _accession_reloaded(accession)
