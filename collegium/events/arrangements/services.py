"""Arrangement writes: arrangements, parties, accessions and consents."""

import datetime as dt
from functools import partial
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.accounts.models import User
from collegium.core.audit import audited
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.policy import Decision
from collegium.core.services import assign_fields
from collegium.events.arrangements import policy, selectors
from collegium.events.arrangements.signals import (
    arrangement_in_force,
    arrangement_party_withdrawn,
    consents_requested,
)
from collegium.events.models import (
    CONSENTING_STATES,
    MOTION_TARGETS,
    Accession,
    AccessionStatus,
    Arrangement,
    ArrangementMotion,
    ArrangementParty,
    ArrangementStatus,
    Consent,
    ConsentState,
    MotionKind,
    MotionStatus,
)
from collegium.registry.models import Organization

# A party of an arrangement and its executive body (the party itself or one of its bodies).
type PartyPair = tuple[Organization, Organization]

ARRANGEMENT_MANAGED_FIELDS = frozenset(
    {
        "id",
        "status",
        "proposed_on",
        "in_force_on",
        "suspended_on",
        "resumed_on",
        "terminated_on",
        "created_at",
    }
)


def _today() -> dt.date:
    return timezone.localdate()


def _check_parties(parties: list[PartyPair]) -> None:
    """Each party is named once, with itself or one of its bodies as its executive body."""
    if len(parties) < 2:
        raise ValidationError({"parties": _("An arrangement needs at least two parties.")})
    seen: set[int] = set()
    for organization, body in parties:
        if organization.pk in seen:
            raise ValidationError(
                {"parties": _("%(party)s is named twice.") % {"party": organization}}
            )
        seen.add(organization.pk)
        _check_executive_body(organization, body, field="parties")


def _check_executive_body(organization: Organization, body: Organization, *, field: str) -> None:
    if body.pk != organization.pk and body.parent_id != organization.pk:
        raise ValidationError(
            {
                field: _(
                    "%(body)s is not a body of %(party)s; name the party itself or one of "
                    "its bodies as its executive body."
                )
                % {"body": body, "party": organization}
            }
        )


OWNER_IS_A_PARTY = gettext_lazy(
    "The owner of an arrangement must be one of its parties (or the secretariat that keeps "
    "a party's record): an organization does not bind others without binding itself."
)

# The terms that bind the parties: they change only in a draft, before anyone consents.
TERMS = ("scope", "include_deputies", "direction", "inviting_party")


def _check_owner_is_party(owner: Organization, parties: list[Organization]) -> None:
    if not any(owner.pk in {party.pk, party.owner_id} for party in parties):
        raise ValidationError({"owner": str(OWNER_IS_A_PARTY)})


def _check_inviting_party(arrangement: Arrangement, party_ids: set[int]) -> None:
    if arrangement.inviting_party_id is not None and arrangement.inviting_party_id not in party_ids:
        raise ValidationError(
            {"inviting_party": _("The inviting party must be one of the parties.")}
        )


def _set_parties(arrangement: Arrangement, parties: list[PartyPair]) -> None:
    """Replace the party links (inside the caller's audited block)."""
    wanted = {organization.pk: body for organization, body in parties}
    for link in arrangement.party_links.all():
        if link.organization_id not in wanted:
            link.delete()
        elif link.executive_body_id != wanted[link.organization_id].pk:
            link.executive_body = wanted.pop(link.organization_id)
            link.save(update_fields=["executive_body"])
        else:
            wanted.pop(link.organization_id)
    for organization, body in parties:
        if organization.pk in wanted:
            ArrangementParty.objects.create(
                arrangement=arrangement, organization=organization, executive_body=body
            )


def arrangement_create(
    *, actor: AnyUser, data: dict[str, Any], parties: list[PartyPair]
) -> Arrangement:
    """Create a draft arrangement among ``parties``: ``[(organization, executive body), ...]``."""
    arrangement = Arrangement()
    assign_fields(arrangement, data, managed=ARRANGEMENT_MANAGED_FIELDS)
    if arrangement.owner_id is None:
        raise ValidationError({"owner": _("Choose the organization that owns this arrangement.")})
    policy.can_change(actor, arrangement).enforce()
    _check_parties(parties)
    arrangement.status = ArrangementStatus.DRAFT
    arrangement.created_at = timezone.now()
    arrangement.full_clean()
    _check_inviting_party(arrangement, {organization.pk for organization, _body in parties})
    _check_owner_is_party(arrangement.owner, [organization for organization, _body in parties])
    access.check_reference_visibility(
        arrangement, related={"parties": [org for pair in parties for org in pair]}
    )
    with audited(actor=actor, action="arrangement.create", instance=arrangement):
        arrangement.save(force_insert=True)
        _set_parties(arrangement, parties)
    return arrangement


def arrangement_update(
    *,
    actor: AnyUser,
    arrangement: Arrangement,
    data: dict[str, Any],
    parties: list[PartyPair] | None = None,
) -> Arrangement:
    """Change an arrangement's fields; its parties only while it is a draft or a proposal."""
    policy.can_change(actor, arrangement).enforce()
    if arrangement.status == ArrangementStatus.TERMINATED:
        raise TransitionError(
            _("A terminated arrangement is final and cannot be changed."),
            code="arrangement_terminated_is_final",
        )
    if "status" in data:
        raise ValidationError(
            {
                "status": _(
                    "Change the status through its transitions: propose, bring into force, "
                    "suspend, resume, terminate."
                )
            }
        )
    if parties is not None:
        if arrangement.status != ArrangementStatus.DRAFT:
            raise TransitionError(
                _(
                    "The parties of an arrangement change only in its draft; once proposed, "
                    "a new party joins by accession, with the consent of every party."
                ),
                code="arrangement_parties_by_accession",
            )
        _check_parties(parties)
    changed_terms = [
        name for name in TERMS if name in data and data[name] != getattr(arrangement, name)
    ]
    if changed_terms and arrangement.status != ArrangementStatus.DRAFT:
        raise TransitionError(
            _(
                "The terms that bind the parties (%(fields)s) change only in a draft: "
                "the parties consented to them as they stand."
            )
            % {"fields": ", ".join(changed_terms)},
            code="arrangement_terms_by_consent",
        )
    with audited(actor=actor, action="arrangement.update", instance=arrangement):
        assign_fields(arrangement, data, managed=ARRANGEMENT_MANAGED_FIELDS)
        policy.can_change(actor, arrangement).enforce()  # the new owner's editors too
        arrangement.full_clean()
        if parties is not None:
            party_ids = {organization.pk for organization, _body in parties}
            related = [org for pair in parties for org in pair]
        else:
            links = list(arrangement.party_links.select_related("organization", "executive_body"))
            links = [link for link in links if link.left_on is None]
            party_ids = {link.organization_id for link in links}
            related = [org for link in links for org in (link.organization, link.executive_body)]
        _check_inviting_party(arrangement, party_ids)
        _check_owner_is_party(arrangement.owner, [org for org in related if org.pk in party_ids])
        access.check_reference_visibility(arrangement, related={"parties": related})
        arrangement.save()
        if parties is not None:
            _set_parties(arrangement, parties)
    return arrangement


# --- Motions: the collective steps ----------------------------------------------------

# The date each adopted motion stamps on the arrangement.
MOTION_DATE_FIELDS = {
    MotionKind.BRING_INTO_FORCE: "in_force_on",
    MotionKind.SUSPEND: "suspended_on",
    MotionKind.RESUME: "resumed_on",
    MotionKind.TERMINATE: "terminated_on",
}


def _current_links(arrangement: Arrangement, on: dt.date) -> list[ArrangementParty]:
    """Return the parties bound on ``on`` (joined by then, not left before), in joining order."""
    return [
        link
        for link in arrangement.party_links.select_related("organization").order_by("pk")
        if link.is_current(on)
    ]


def _check_date(on: dt.date, *, field: str) -> None:
    if on > _today():
        raise ValidationError({field: _("This date lies in the future.")})


def _open_motion(
    actor: AnyUser,
    arrangement: Arrangement,
    kind: str,
    moved_by: Organization,
    moved_on: dt.date,
    note: str,
    *,
    bound: list[Organization],
) -> ArrangementMotion:
    """Open a motion with a pending consent of each bound party (inside the caller's transaction).

    With no party bound (a draft or proposal ended by its owner), it is adopted at once.
    """
    if ArrangementMotion.objects.filter(
        arrangement=arrangement, status=MotionStatus.PENDING
    ).exists():
        raise TransitionError(
            _(
                "A motion on this arrangement awaits the parties' consents; it is decided or "
                "withdrawn before another is put."
            ),
            code="motion_pending_already",
        )
    motion = ArrangementMotion(
        arrangement=arrangement,
        kind=kind,
        moved_by=moved_by,
        moved_on=moved_on,
        note=note.strip(),
        created_at=timezone.now(),
    )
    motion.full_clean()
    consents = []
    with audited(actor=actor, action="motion.open", instance=motion, organization=moved_by):
        motion.save(force_insert=True)
        for party in bound:
            consent = Consent(motion=motion, party=party)
            with audited(actor=actor, action="consent.open", instance=consent, organization=party):
                consent.save(force_insert=True)
            consents.append(consent)
    if not bound:
        _motion_adopt(actor, motion, moved_on)
    _consents_requested_after_commit(actor, arrangement, consents)
    return motion


def _consents_requested_after_commit(
    actor: AnyUser, arrangement: Arrangement, consents: list[Consent]
) -> None:
    """Tell the followers, once the transaction commits, which parties' consents are asked."""
    if consents:
        transaction.on_commit(
            partial(
                consents_requested.send,
                sender=Arrangement,
                actor=actor,
                arrangement=arrangement,
                consents=consents,
            )
        )


def _motion_move(
    actor: AnyUser,
    arrangement: Arrangement,
    kind: str,
    party: Organization,
    on: dt.date | None,
    note: str,
    decision: Decision,
) -> ArrangementMotion:
    """Put the motion ``kind`` to the parties bound now, in ``party``'s name."""
    decision.enforce()
    arrangement.check_transition(MOTION_TARGETS[MotionKind(kind)], via=kind)
    moved_on = on or _today()
    _check_date(moved_on, field="on")
    with transaction.atomic():
        if kind == MotionKind.TERMINATE and arrangement.status in UNBOUND_STATUSES:
            # A draft or a proposal binds no one: the owner's motion is adopted at once.
            _lapse_pending_motion(actor, arrangement, moved_on)
            bound: list[Organization] = []
        else:
            bound = [link.organization for link in _current_links(arrangement, moved_on)]
        motion = _open_motion(actor, arrangement, kind, party, moved_on, note, bound=bound)
    arrangement.refresh_from_db()
    return motion


# Statuses in which an arrangement binds no party yet.
UNBOUND_STATUSES = frozenset({ArrangementStatus.DRAFT, ArrangementStatus.PROPOSED})


def arrangement_propose(
    *, actor: AnyUser, arrangement: Arrangement, on: dt.date | None = None, note: str = ""
) -> Arrangement:
    """Put a draft arrangement to the parties: open the motion to bring it into force.

    Every party, the owner's included, then consents; the last consent brings
    the arrangement into force, one refusal sends it back to draft.
    """
    policy.can_propose(actor, arrangement).enforce()
    arrangement.check_transition(ArrangementStatus.PROPOSED)
    proposed_on = on or _today()
    _check_date(proposed_on, field="on")
    owner_link = selectors.owner_link(arrangement)
    if owner_link is None:
        raise ValidationError({"owner": OWNER_IS_A_PARTY})
    with transaction.atomic():
        with audited(actor=actor, action="arrangement.propose", instance=arrangement):
            arrangement.status = ArrangementStatus.PROPOSED
            arrangement.proposed_on = proposed_on
            arrangement.full_clean()
            arrangement.save()
        links = list(arrangement.party_links.select_related("organization").order_by("pk"))
        _open_motion(
            actor,
            arrangement,
            MotionKind.BRING_INTO_FORCE,
            owner_link.organization,
            proposed_on,
            note,
            bound=[link.organization for link in links],
        )
    return arrangement


def arrangement_suspend(
    *,
    actor: AnyUser,
    arrangement: Arrangement,
    party: Organization,
    on: dt.date | None = None,
    note: str = "",
) -> ArrangementMotion:
    """Move, in ``party``'s name, that an arrangement in force be suspended. All consent."""
    decision = policy.can_move_suspension(actor, arrangement, party)
    return _motion_move(actor, arrangement, MotionKind.SUSPEND, party, on, note, decision)


def arrangement_resume(
    *,
    actor: AnyUser,
    arrangement: Arrangement,
    party: Organization,
    on: dt.date | None = None,
    note: str = "",
) -> ArrangementMotion:
    """Move that a suspended arrangement be resumed: it binds the parties again, so all consent."""
    decision = policy.can_move_resumption(actor, arrangement, party)
    return _motion_move(actor, arrangement, MotionKind.RESUME, party, on, note, decision)


def arrangement_terminate(
    *,
    actor: AnyUser,
    arrangement: Arrangement,
    party: Organization,
    on: dt.date | None = None,
    note: str = "",
) -> ArrangementMotion:
    """Move that an arrangement end for good; every remaining party consents.

    A draft or a proposal binds no one: its owner ends it at once (the
    pending proposal lapses).  Ending it lapses the pending accessions.
    """
    decision = policy.can_terminate(actor, arrangement, party)
    return _motion_move(actor, arrangement, MotionKind.TERMINATE, party, on, note, decision)


def motion_withdraw(*, actor: AnyUser, motion: ArrangementMotion) -> ArrangementMotion:
    """Withdraw a pending motion: by the party that put it.  A proposal goes back to draft."""
    policy.can_withdraw_motion(actor, motion).enforce()
    with transaction.atomic():
        locked = _lock_pending_motion(motion)
        _motion_close(actor, locked, MotionStatus.WITHDRAWN, "motion.withdraw", _today())
    motion.refresh_from_db()
    return motion


def _lock_pending_motion(motion: ArrangementMotion) -> ArrangementMotion:
    # Every writer of a motion takes its row lock before any accession's and the audit chain's.
    locked = (
        ArrangementMotion.objects.select_for_update()
        .select_related("arrangement", "arrangement__owner", "moved_by")
        .get(pk=motion.pk)
    )
    if locked.status != MotionStatus.PENDING:
        raise TransitionError(
            _("This motion is no longer pending (“%(status)s”); consents are closed.")
            % {"status": locked.get_status_display()},
            code="motion_not_pending",
        )
    return locked


def _lapse_pending_motion(actor: AnyUser, arrangement: Arrangement, on: dt.date) -> None:
    """Withdraw the arrangement's pending motion, if any: the arrangement is ending anyway."""
    for motion in ArrangementMotion.objects.select_for_update().filter(
        arrangement=arrangement, status=MotionStatus.PENDING
    ):
        with audited(
            actor=actor, action="motion.lapse", instance=motion, organization=motion.moved_by
        ):
            motion.status = MotionStatus.WITHDRAWN
            motion.decided_on = on
            motion.save(update_fields=["status", "decided_on"])


def _motion_close(
    actor: AnyUser, motion: ArrangementMotion, status: str, action: str, on: dt.date
) -> None:
    """Close a motion refused or withdrawn; a proposal that fails goes back to its owner's draft."""
    with audited(actor=actor, action=action, instance=motion, organization=motion.moved_by):
        motion.status = status
        motion.decided_on = on
        motion.save(update_fields=["status", "decided_on"])
    arrangement = motion.arrangement
    if motion.kind == MotionKind.BRING_INTO_FORCE:
        arrangement.check_transition(ArrangementStatus.DRAFT, via="redraft")
        with audited(actor=actor, action="arrangement.redraft", instance=arrangement):
            arrangement.status = ArrangementStatus.DRAFT
            arrangement.save(update_fields=["status"])


def _motion_adopt(actor: AnyUser, motion: ArrangementMotion, on: dt.date) -> None:
    """Adopt a motion every bound party consented to, and make its move on ``on``."""
    with audited(actor=actor, action="motion.adopt", instance=motion, organization=motion.moved_by):
        motion.status = MotionStatus.ADOPTED
        motion.decided_on = on
        motion.save(update_fields=["status", "decided_on"])
    arrangement = motion.arrangement
    kind = MotionKind(motion.kind)
    target = MOTION_TARGETS[kind]
    arrangement.check_transition(target, via=kind)
    if kind == MotionKind.TERMINATE:
        _lapse_accessions(actor, arrangement, on)
    with audited(actor=actor, action=f"arrangement.{kind}", instance=arrangement):
        arrangement.status = target
        setattr(arrangement, MOTION_DATE_FIELDS[kind], on)
        # Only what the move changes: the caller may hold a newer copy of the rest.
        arrangement.save(update_fields=["status", MOTION_DATE_FIELDS[kind]])
    if target == ArrangementStatus.IN_FORCE:
        # The parties' future events covered get their invitations, in this transaction.
        arrangement_in_force.send(sender=Arrangement, actor=actor, arrangement=arrangement)


def _lapse_accessions(actor: AnyUser, arrangement: Arrangement, on: dt.date) -> None:
    pending = Accession.objects.select_for_update().filter(
        arrangement=arrangement, status=AccessionStatus.PENDING
    )
    for accession in pending.order_by("pk"):
        with audited(
            actor=actor,
            action="accession.lapse",
            instance=accession,
            organization=arrangement.owner,
        ):
            accession.status = AccessionStatus.WITHDRAWN
            accession.decided_on = on
            accession.save(update_fields=["status", "decided_on"])


def _settle_motion(actor: AnyUser, motion: ArrangementMotion) -> None:
    """Decide a pending motion once its consents allow: one refusal blocks it, all adopt it."""
    consents = list(motion.consents.all())
    refused = [c for c in consents if c.state == ConsentState.REFUSED]
    if refused:
        on = refused[0].given_on or _today()
        _motion_close(actor, motion, MotionStatus.REFUSED, "motion.refuse", on)
    elif all(c.state in CONSENTING_STATES for c in consents):
        days = [c.given_on for c in consents if c.given_on is not None]
        _motion_adopt(actor, motion, max([motion.moved_on, *days]))


# --- Withdrawal of a party ----------------------------------------------------------------


def arrangement_withdraw_party(
    *, actor: AnyUser, arrangement: Arrangement, party: Organization, on: dt.date | None = None
) -> Arrangement:
    """Withdraw ``party`` from an arrangement in force or suspended, as of ``on`` (today).

    Only the party itself (a manager for it) withdraws.  It stays a party
    through ``on``; the events after it neither cover its events nor invite its
    head, and its draft invitations to them are withdrawn; the others
    continue.  Its pending consents lapse (which may decide a motion or an
    accession).  If it kept the arrangement's record, the first remaining party
    takes it over; if fewer than two parties remain, the arrangement ends.
    """
    policy.can_withdraw_party(actor, arrangement, party).enforce()
    if arrangement.status not in {ArrangementStatus.IN_FORCE, ArrangementStatus.SUSPENDED}:
        raise TransitionError(
            _(
                "A party withdraws from an arrangement in force or suspended; it refuses "
                "a proposal instead (this one is “%(status)s”)."
            )
            % {"status": arrangement.get_status_display()},
            code="arrangement_withdraw_not_binding",
        )
    left_on = on or _today()
    _check_date(left_on, field="on")
    link = next(
        link for link in _current_links(arrangement, left_on) if link.organization_id == party.pk
    )
    if link.joined_on is not None and left_on < link.joined_on:
        raise ValidationError({"on": _("A party withdraws after it joined.")})
    with transaction.atomic():
        # Motion, then accessions, then the audit chain: the order every writer takes.
        motions = list(
            ArrangementMotion.objects.select_for_update()
            .filter(arrangement=arrangement, status=MotionStatus.PENDING)
            .select_related("arrangement", "moved_by")
        )
        accessions = list(
            Accession.objects.select_for_update()
            .filter(arrangement=arrangement, status=AccessionStatus.PENDING)
            .select_related("arrangement", "arrangement__owner", "organization")
            .order_by("pk")
        )
        with audited(actor=actor, action="arrangement.withdraw", instance=link, organization=party):
            link.left_on = left_on
            link.save(update_fields=["left_on"])
        remaining = [
            other for other in _current_links(arrangement, left_on) if other.left_on is None
        ]
        if arrangement.owner_id in {party.pk, party.owner_id} and remaining:
            # The record passes to the secretariat of the first remaining party.
            successor = remaining[0].organization
            with audited(actor=actor, action="arrangement.hand_over", instance=arrangement):
                arrangement.owner = successor.owner or successor
                arrangement.save(update_fields=["owner"])
        if len(remaining) < 2:
            _end_for_want_of_parties(actor, arrangement, left_on)
        else:
            questions: list[ArrangementMotion | Accession] = [*motions, *accessions]
            for question in questions:
                _lapse_consent(actor, question, party)
        arrangement_party_withdrawn.send(
            sender=Arrangement, actor=actor, arrangement=arrangement, party=party, on=left_on
        )
    arrangement.refresh_from_db()
    return arrangement


def _lapse_consent(actor: AnyUser, question: ArrangementMotion | Accession, party: Organization):
    """Drop the pending consent of a party that left, then decide the question if it can be."""
    consent = question.consents.filter(party=party, state=ConsentState.PENDING).first()
    if consent is None:
        return
    with audited(actor=actor, action="consent.lapse", instance=consent, organization=party):
        consent.delete()
    if isinstance(question, ArrangementMotion):
        _settle_motion(actor, question)
    elif not question.consents.exclude(state__in=CONSENTING_STATES).exists():
        _accession_enter_into_force(actor, question)


def _end_for_want_of_parties(actor: AnyUser, arrangement: Arrangement, on: dt.date) -> None:
    """End an arrangement left with fewer than two parties: it binds no one any more."""
    _lapse_pending_motion(actor, arrangement, on)
    _lapse_accessions(actor, arrangement, on)
    arrangement.check_transition(ArrangementStatus.TERMINATED)
    with audited(actor=actor, action="arrangement.terminate", instance=arrangement):
        arrangement.status = ArrangementStatus.TERMINATED
        arrangement.terminated_on = on
        arrangement.save(update_fields=["status", "terminated_on"])


# --- Accession and consent ------------------------------------------------------------


def accession_propose(
    *,
    actor: AnyUser,
    arrangement: Arrangement,
    organization: Organization,
    executive_body: Organization,
    proposed_by: Organization,
    proposed_on: dt.date | None = None,
    note: str = "",
) -> Accession:
    """Propose that ``organization`` joins an arrangement in force; open one consent per party.

    The proposer is any organization (a ministry may voice it); the actor must be
    an editor for it.  The current parties and the newcomer each get a pending
    consent.
    """
    policy.can_propose_accession(actor, proposed_by).enforce()
    if arrangement.status != ArrangementStatus.IN_FORCE:
        raise TransitionError(
            _("A new party accedes only to an arrangement in force (this one is “%(status)s”).")
            % {"status": arrangement.get_status_display()},
            code="accession_arrangement_not_in_force",
        )
    _check_executive_body(organization, executive_body, field="executive_body")
    today = _today()
    current = [
        link
        for link in arrangement.party_links.select_related("organization")
        if link.left_on is None or link.left_on >= today
    ]
    if any(link.organization_id == organization.pk for link in current):
        raise ValidationError(
            {"organization": _("%(party)s is a party already.") % {"party": organization}}
        )
    if arrangement.accessions.filter(
        organization=organization, status=AccessionStatus.PENDING
    ).exists():
        raise TransitionError(
            _("An accession of %(party)s is pending already.") % {"party": organization},
            code="accession_pending_already",
        )
    accession = Accession(
        arrangement=arrangement,
        organization=organization,
        executive_body=executive_body,
        proposed_by=proposed_by,
        proposed_on=proposed_on or today,
        note=note,
        created_at=timezone.now(),
    )
    accession.full_clean()
    with audited(
        actor=actor, action="accession.propose", instance=accession, organization=proposed_by
    ):
        accession.save(force_insert=True)
        consents = []
        for party in [*(link.organization for link in current), organization]:
            consent = Consent(accession=accession, party=party)
            with audited(actor=actor, action="consent.open", instance=consent, organization=party):
                consent.save(force_insert=True)
            consents.append(consent)
    _consents_requested_after_commit(actor, arrangement, consents)
    return accession


def _answer(
    actor: AnyUser,
    question: Accession | ArrangementMotion,
    party: Organization,
    state: str,
    note_reference: str,
    conditions: str,
    given_on: dt.date | None,
) -> Consent:
    """Record ``party``'s answer to a locked, pending question (inside the caller's transaction)."""
    consent = question.consents.filter(party=party).first()
    if consent is None:
        policy.can_record_consent(actor, party, asked=False).enforce()
        raise AssertionError("unreachable: a party not asked is refused")  # pragma: no cover
    if consent.state != ConsentState.PENDING:
        raise TransitionError(
            _(
                "The consent of %(party)s is recorded already (“%(state)s”); "
                "a consent is recorded once."
            )
            % {"party": party, "state": consent.get_state_display()},
            code="consent_recorded_once",
        )
    given_on = given_on or _today()
    _check_date(given_on, field="given_on")
    opened_on = (
        question.moved_on if isinstance(question, ArrangementMotion) else question.proposed_on
    )
    if given_on < opened_on:
        raise ValidationError({"given_on": _("A consent is not given before it is asked.")})
    with audited(actor=actor, action=f"consent.{state}", instance=consent, organization=party):
        consent.state = state
        consent.note_reference = note_reference.strip()
        consent.conditions = conditions.strip()
        # The policy admits only a signed-in manager for the party.
        consent.recorded_by = cast(User, actor)
        consent.recorded_at = timezone.now()
        consent.given_on = given_on
        consent.full_clean()
        consent.save()
    return consent


def _check_answer(actor: AnyUser, party: Organization, state: str) -> None:
    if state not in {ConsentState.GIVEN, ConsentState.REFUSED, ConsentState.GIVEN_ON_BEHALF}:
        raise ValidationError(
            {"state": _("Record a consent as given, refused or given on behalf.")}
        )
    policy.can_record_consent(actor, party).enforce()


def consent_record(
    *,
    actor: AnyUser,
    accession: Accession,
    party: Organization,
    state: str,
    note_reference: str = "",
    conditions: str = "",
    given_on: dt.date | None = None,
) -> Consent:
    """Record ``party``'s answer to an accession: given, refused or given on behalf.

    Only a manager for the party (its secretariat) records it, once.  The last
    consent puts the accession in force and adds the newcomer as a party
    (joined today); one refusal refuses the accession.
    """
    _check_answer(actor, party, state)
    with transaction.atomic():
        # Lock the accession: two parties answering at once must not both find
        # themselves last and both complete it (or complete a refused one).
        # Every writer of an accession takes this lock before the audit chain's.
        locked = Accession.objects.select_for_update().get(pk=accession.pk)
        if locked.status != AccessionStatus.PENDING:
            raise TransitionError(
                _("This accession is no longer pending (“%(status)s”); consents are closed.")
                % {"status": locked.get_status_display()},
                code="accession_not_pending",
            )
        consent = _answer(actor, locked, party, state, note_reference, conditions, given_on)
        if state == ConsentState.REFUSED:
            _accession_close(actor, locked, AccessionStatus.REFUSED, "accession.refuse")
        elif not locked.consents.exclude(state__in=CONSENTING_STATES).exists():
            _accession_enter_into_force(actor, locked)
    accession.refresh_from_db()
    return consent


def motion_consent_record(
    *,
    actor: AnyUser,
    motion: ArrangementMotion,
    party: Organization,
    state: str,
    note_reference: str = "",
    conditions: str = "",
    given_on: dt.date | None = None,
) -> Consent:
    """Record ``party``'s answer to a motion: given, refused or given on behalf.

    Only a manager for the party records it, once.  The last consent adopts
    the motion and makes its move (dated by the latest consent); one refusal
    refuses it (a refused proposal goes back to draft).
    """
    _check_answer(actor, party, state)
    with transaction.atomic():
        # Lock the motion (then, for a termination, the accessions it lapses)
        # before the audit chain: the last two answers must not both adopt it.
        locked = _lock_pending_motion(motion)
        if locked.kind == MotionKind.TERMINATE:
            list(
                Accession.objects.select_for_update()
                .filter(arrangement_id=locked.arrangement_id, status=AccessionStatus.PENDING)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        consent = _answer(actor, locked, party, state, note_reference, conditions, given_on)
        _settle_motion(actor, locked)
    motion.refresh_from_db()
    return consent


def _accession_close(actor: AnyUser, accession: Accession, status: str, action: str) -> None:
    with audited(
        actor=actor, action=action, instance=accession, organization=accession.arrangement.owner
    ):
        accession.status = status
        accession.decided_on = _today()
        accession.save(update_fields=["status", "decided_on"])


def _accession_enter_into_force(actor: AnyUser, accession: Accession) -> None:
    """Put the accession in force and add the newcomer as a party joined today."""
    _accession_close(actor, accession, AccessionStatus.IN_FORCE, "accession.enter_into_force")
    arrangement = accession.arrangement
    with audited(actor=actor, action="arrangement.accede", instance=arrangement):
        link = ArrangementParty.objects.filter(
            arrangement=arrangement, organization=accession.organization
        ).first()
        if link is None:
            ArrangementParty.objects.create(
                arrangement=arrangement,
                organization=accession.organization,
                executive_body=accession.executive_body,
                joined_on=accession.decided_on,
            )
        else:  # a former party rejoins
            link.executive_body = accession.executive_body
            link.joined_on, link.left_on = accession.decided_on, None
            link.save(update_fields=["executive_body", "joined_on", "left_on"])
    # The newcomer's head is invited to the parties' next events, and the
    # newcomer's events invite the others' heads.
    arrangement_in_force.send(sender=Arrangement, actor=actor, arrangement=arrangement)


def accession_withdraw(*, actor: AnyUser, accession: Accession) -> Accession:
    """Withdraw a pending accession: by the newcomer or its proposer (parties refuse instead)."""
    policy.can_withdraw_accession(actor, accession).enforce()
    with transaction.atomic():
        locked = Accession.objects.select_for_update().get(pk=accession.pk)
        if locked.status != AccessionStatus.PENDING:
            raise TransitionError(
                _("Only a pending accession is withdrawn (this one is “%(status)s”).")
                % {"status": locked.get_status_display()},
                code="accession_not_pending",
            )
        _accession_close(actor, locked, AccessionStatus.WITHDRAWN, "accession.withdraw")
    accession.refresh_from_db()
    return accession


# --- Invitations ----------------------------------------------------------------------
