"""Arrangement writes: arrangements, parties, accessions and consents."""

import datetime as dt
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.accounts.models import User
from collegium.core.audit import audited
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.services import assign_fields
from collegium.events.arrangements import policy
from collegium.events.arrangements.signals import arrangement_in_force
from collegium.events.models import (
    CONSENTING_STATES,
    Accession,
    AccessionStatus,
    Arrangement,
    ArrangementParty,
    ArrangementStatus,
    Consent,
    ConsentState,
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
        if arrangement.status not in {ArrangementStatus.DRAFT, ArrangementStatus.PROPOSED}:
            raise TransitionError(
                _(
                    "The parties of an arrangement in force change only by accession, "
                    "with the consent of every party."
                ),
                code="arrangement_parties_by_accession",
            )
        _check_parties(parties)
    with audited(actor=actor, action="arrangement.update", instance=arrangement):
        assign_fields(arrangement, data, managed=ARRANGEMENT_MANAGED_FIELDS)
        policy.can_change(actor, arrangement).enforce()  # the new owner's editors too
        arrangement.full_clean()
        if parties is not None:
            party_ids = {organization.pk for organization, _body in parties}
            related = [org for pair in parties for org in pair]
        else:
            links = list(arrangement.party_links.select_related("organization", "executive_body"))
            party_ids = {link.organization_id for link in links}
            related = [org for link in links for org in (link.organization, link.executive_body)]
        _check_inviting_party(arrangement, party_ids)
        access.check_reference_visibility(arrangement, related={"parties": related})
        arrangement.save()
        if parties is not None:
            _set_parties(arrangement, parties)
    return arrangement


def _arrangement_move(
    actor: AnyUser,
    arrangement: Arrangement,
    status: str,
    action: str,
    date_field: str,
    on: dt.date | None,
    *,
    via: str | None = None,
) -> Arrangement:
    policy.can_change(actor, arrangement).enforce()
    arrangement.check_transition(status, via=via)
    with audited(actor=actor, action=action, instance=arrangement):
        arrangement.status = status
        setattr(arrangement, date_field, on or _today())
        arrangement.full_clean()
        arrangement.save()
    return arrangement


def arrangement_propose(
    *, actor: AnyUser, arrangement: Arrangement, on: dt.date | None = None
) -> Arrangement:
    """Put a draft arrangement to the parties."""
    return _arrangement_move(
        actor, arrangement, ArrangementStatus.PROPOSED, "arrangement.propose", "proposed_on", on
    )


def arrangement_bring_into_force(
    *, actor: AnyUser, arrangement: Arrangement, on: dt.date | None = None
) -> Arrangement:
    """Bring a proposed arrangement into force (on ``on``, today by default).

    The parties' future events covered get their invitations in the same transaction.
    """
    with transaction.atomic():
        _arrangement_move(
            actor,
            arrangement,
            ArrangementStatus.IN_FORCE,
            "arrangement.bring_into_force",
            "in_force_on",
            on,
        )
        arrangement_in_force.send(sender=Arrangement, actor=actor, arrangement=arrangement)
    return arrangement


def arrangement_suspend(
    *, actor: AnyUser, arrangement: Arrangement, on: dt.date | None = None
) -> Arrangement:
    """Suspend an arrangement in force; it may be resumed."""
    return _arrangement_move(
        actor, arrangement, ArrangementStatus.SUSPENDED, "arrangement.suspend", "suspended_on", on
    )


def arrangement_resume(
    *, actor: AnyUser, arrangement: Arrangement, on: dt.date | None = None
) -> Arrangement:
    """Bring a suspended arrangement back into force."""
    with transaction.atomic():
        _arrangement_move(
            actor,
            arrangement,
            ArrangementStatus.IN_FORCE,
            "arrangement.resume",
            "resumed_on",
            on,
            via="resume",
        )
        arrangement_in_force.send(sender=Arrangement, actor=actor, arrangement=arrangement)
    return arrangement


def arrangement_terminate(
    *, actor: AnyUser, arrangement: Arrangement, on: dt.date | None = None
) -> Arrangement:
    """End an arrangement for good; pending accessions lapse as withdrawn."""
    with transaction.atomic():
        # Accession rows before the audit chain, in the order consent_record takes them.
        pending = list(
            Accession.objects.select_for_update()
            .filter(arrangement=arrangement, status=AccessionStatus.PENDING)
            .order_by("pk")
        )
        arrangement = _arrangement_move(
            actor,
            arrangement,
            ArrangementStatus.TERMINATED,
            "arrangement.terminate",
            "terminated_on",
            on,
        )
        for accession in pending:
            with audited(
                actor=actor,
                action="accession.lapse",
                instance=accession,
                organization=arrangement.owner,
            ):
                accession.status = AccessionStatus.WITHDRAWN
                accession.decided_on = arrangement.terminated_on
                accession.save(update_fields=["status", "decided_on"])
    return arrangement


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
        for party in [*(link.organization for link in current), organization]:
            consent = Consent(accession=accession, party=party)
            with audited(actor=actor, action="consent.open", instance=consent, organization=party):
                consent.save(force_insert=True)
    return accession


def consent_record(
    *,
    actor: AnyUser,
    accession: Accession,
    party: Organization,
    state: str,
    note_reference: str = "",
    conditions: str = "",
) -> Consent:
    """Record ``party``'s answer to an accession: given, refused or given on behalf.

    Only a manager for the party (its secretariat) records it, once.  The last
    consent puts the accession in force and adds the newcomer as a party
    (joined today); one refusal refuses the accession.
    """
    if state not in {ConsentState.GIVEN, ConsentState.REFUSED, ConsentState.GIVEN_ON_BEHALF}:
        raise ValidationError(
            {"state": _("Record a consent as given, refused or given on behalf.")}
        )
    policy.can_record_consent(actor, party).enforce()
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
        consent = Consent.objects.filter(accession=locked, party=party).first()
        if consent is None:
            raise ValidationError(
                {
                    "party": _("%(party)s is not asked to consent to this accession.")
                    % {"party": party}
                }
            )
        if consent.state != ConsentState.PENDING:
            raise TransitionError(
                _(
                    "The consent of %(party)s is recorded already (“%(state)s”); "
                    "a consent is recorded once."
                )
                % {"party": party, "state": consent.get_state_display()},
                code="consent_recorded_once",
            )
        with audited(actor=actor, action=f"consent.{state}", instance=consent, organization=party):
            consent.state = state
            consent.note_reference = note_reference.strip()
            consent.conditions = conditions.strip()
            # can_record_consent above admits only a signed-in manager for the party.
            consent.recorded_by = cast(User, actor)
            consent.recorded_at = timezone.now()
            consent.full_clean()
            consent.save()
        if state == ConsentState.REFUSED:
            _accession_close(actor, locked, AccessionStatus.REFUSED, "accession.refuse")
        elif not locked.consents.exclude(state__in=CONSENTING_STATES).exists():
            _accession_enter_into_force(actor, locked)
    accession.refresh_from_db()
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
    """Withdraw a pending accession: by its proposer or by the arrangement's owner."""
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
