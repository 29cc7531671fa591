"""Arrangements endpoints: arrangements, their status moves, accessions and consents.

Reads are open to anonymous callers (public arrangements only); writes need a
token or the session.  An arrangement the caller may not see answers 404,
like its motions and accessions.  The services decide who may write
(``arrangements.policy``, a 403 naming the rule): the owner's editors draw up
an arrangement and put it to the parties; an editor for a party moves to
suspend, resume or end it; only a manager for a party records its consent to
a motion or an accession, or withdraws it (403 for another party); every
move that binds the parties waits for all their consents.  Illegal moves
answer 409 with the rule in ``detail`` and a ``code``.
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
from collegium.events.arrangements.access import (
    access_accession_by_id,
    access_arrangement_by_slug,
    access_motion_by_id,
)
from collegium.events.arrangements.schemas import (
    AccessionInputSchema,
    AccessionSchema,
    ArrangementInputSchema,
    ArrangementMoveInputSchema,
    ArrangementPatchSchema,
    ArrangementSchema,
    ConsentInputSchema,
    MotionInputSchema,
    MotionSchema,
    PartyWithdrawalInputSchema,
)
from collegium.events.models import Accession, Arrangement, ArrangementMotion, ArrangementStatus
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


def _motion_reloaded(motion: ArrangementMotion) -> ArrangementMotion:
    return selectors.motions_of(motion.arrangement).get(pk=motion.pk)


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


def _motion(
    request: HttpRequest, slug: str, service: Callable[..., ArrangementMotion], payload: Schema
) -> Status:
    """Put a motion in the name of ``moved_by``: a pending consent of each party bound."""
    arrangement = access_arrangement_by_slug(request.user, slug)
    assert isinstance(payload, MotionInputSchema)  # noqa: S101 (narrows the type)
    motion = service(
        actor=request.user,
        arrangement=arrangement,
        party=organization_for_field(request.user, payload.moved_by, "moved_by"),
        on=payload.on,
        note=payload.note,
    )
    return Status(201, _motion_reloaded(motion))


@router.post(
    "/arrangements/{slug}/suspend",
    response={201: MotionSchema},
    auth=api_auth_required,
    operation_id="events_arrangement_suspend",
)
def arrangement_suspend(request: HttpRequest, slug: Text, payload: MotionInputSchema) -> Status:
    """Move that an arrangement in force be suspended; every current party consents."""
    return _motion(request, slug, services.arrangement_suspend, payload)


@router.post(
    "/arrangements/{slug}/resume",
    response={201: MotionSchema},
    auth=api_auth_required,
    operation_id="events_arrangement_resume",
)
def arrangement_resume(request: HttpRequest, slug: Text, payload: MotionInputSchema) -> Status:
    """Move that a suspended arrangement be resumed; every current party consents."""
    return _motion(request, slug, services.arrangement_resume, payload)


@router.post(
    "/arrangements/{slug}/terminate",
    response={201: MotionSchema},
    auth=api_auth_required,
    operation_id="events_arrangement_terminate",
)
def arrangement_terminate(request: HttpRequest, slug: Text, payload: MotionInputSchema) -> Status:
    """Move that an arrangement end for good; every remaining party consents.

    A draft or a proposal binds no one: its owner ends it at once (the motion
    answers as adopted).
    """
    return _motion(request, slug, services.arrangement_terminate, payload)


@router.post(
    "/arrangements/{slug}/withdraw",
    response=ArrangementSchema,
    auth=api_auth_required,
    operation_id="events_arrangement_withdraw",
)
def arrangement_withdraw(
    request: HttpRequest, slug: Text, payload: PartyWithdrawalInputSchema
) -> Arrangement:
    """Withdraw your party: bound through ``on``; the other parties continue."""
    arrangement = access_arrangement_by_slug(request.user, slug)
    arrangement = services.arrangement_withdraw_party(
        actor=request.user,
        arrangement=arrangement,
        party=organization_for_field(request.user, payload.party, "party"),
        on=payload.on,
    )
    return _reloaded(arrangement)


# --- Motions ---------------------------------------------------------------------------


@router.get(
    "/arrangements/{slug}/motions",
    response=list[MotionSchema],
    operation_id="events_motion_list",
)
def motion_list(request: HttpRequest, slug: Text) -> list[ArrangementMotion]:
    """List an arrangement's motions (to bring into force, suspend, resume, end) and consents."""
    arrangement = access_arrangement_by_slug(request.user, slug)
    return list(selectors.motions_of(arrangement))


@router.post(
    "/motions/{motion_id}/consents",
    response=MotionSchema,
    auth=api_auth_required,
    operation_id="events_motion_consent_record",
)
def motion_consent_record(
    request: HttpRequest, motion_id: int, payload: ConsentInputSchema
) -> ArrangementMotion:
    """Record your party's answer to a motion: given, refused, or given on behalf (with the note).

    The last consent adopts the motion and makes its move; one refusal refuses it.
    """
    motion = access_motion_by_id(request.user, motion_id)
    services.motion_consent_record(
        actor=request.user,
        motion=motion,
        party=organization_for_field(request.user, payload.party, "party"),
        state=payload.state,
        note_reference=payload.note_reference,
        conditions=payload.conditions,
        given_on=payload.given_on,
    )
    return _motion_reloaded(motion)


@router.post(
    "/motions/{motion_id}/withdraw",
    response=MotionSchema,
    auth=api_auth_required,
    operation_id="events_motion_withdraw",
)
def motion_withdraw(request: HttpRequest, motion_id: int) -> ArrangementMotion:
    """Withdraw a pending motion (the party that put it); a withdrawn proposal returns to draft."""
    motion = access_motion_by_id(request.user, motion_id)
    return _motion_reloaded(services.motion_withdraw(actor=request.user, motion=motion))


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
    """Withdraw a pending accession (the new party or its proposer)."""
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
        given_on=payload.given_on,
    )
    return _accession_reloaded(accession)
