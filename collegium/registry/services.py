"""Writes to the registry.  Each checks access, validates and appends its audit record.

The records are written by the generic owned-record services
(``core.services.record_create`` and friends) with the access layer's rule
(the owner's editors change a record) and the registry's own checks.
"""

from typing import Any

from django.utils.translation import gettext as _

from collegium.access import rules as access
from collegium.access.rules import AnyUser
from collegium.core.audit import audited
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import OwnedModel
from collegium.core.services import assign_fields, record_create, record_delete, record_update
from collegium.registry.models import Membership, Organization, Person, Post, State, Tenure


def _check_integrity(actor: AnyUser, instance: OwnedModel) -> None:
    """Check what only the services know: who may state facts about whom, and visibility.

    A membership, post or tenure is a fact about an organization: only editors
    for that organization's secretariat (the owner of its record) state it,
    whoever owns the new record.  A record may not make a hidden record visible.
    """
    subject = getattr(instance, "subject_organization", lambda: None)()
    if subject is not None and not access.speaks_for(actor, subject, "editor"):
        raise PermissionDenied(
            _("Only editors for %(organization)s record facts about it.")
            % {"organization": subject}
        )
    access.check_reference_visibility(instance)
    access.check_referrer_visibility(instance)


def _create[M: OwnedModel](*, actor: AnyUser, model: type[M], data: dict[str, Any]) -> M:
    return record_create(
        actor=actor, model=model, data=data, may_change=access.can_change, check=_check_integrity
    )


def _update[M: OwnedModel](*, actor: AnyUser, instance: M, data: dict[str, Any]) -> M:
    return record_update(
        actor=actor,
        instance=instance,
        data=data,
        may_change=access.can_change,
        check=_check_integrity,
    )


def _delete(*, actor: AnyUser, instance: OwnedModel) -> None:
    record_delete(actor=actor, instance=instance, may_change=access.can_change)


def state_create(*, actor: AnyUser, data: dict[str, Any]) -> State:
    return _create(actor=actor, model=State, data=data)


def state_update(*, actor: AnyUser, state: State, data: dict[str, Any]) -> State:
    return _update(actor=actor, instance=state, data=data)


def state_delete(*, actor: AnyUser, state: State) -> None:
    _delete(actor=actor, instance=state)


def organization_create(*, actor: AnyUser, data: dict[str, Any]) -> Organization:
    """Create an organization; without an owner it owns its own record.

    Only a site administrator creates a self-owned organization (a new
    secretariat on the system); others create records owned by their own.
    """
    if data.get("owner") is None and data.get("owner_id") is None:
        access.require_role(actor, None, "editor")  # site administrators only
        organization = Organization()
        assign_fields(organization, data)
        organization.full_clean()
        _check_integrity(actor, organization)
        with audited(actor=actor, action="organization.create", instance=organization):
            organization.save(force_insert=True)
            organization.owner = organization
            organization.save(update_fields=["owner"])
        return organization
    return _create(actor=actor, model=Organization, data=data)


def organization_update(
    *, actor: AnyUser, organization: Organization, data: dict[str, Any]
) -> Organization:
    return _update(actor=actor, instance=organization, data=data)


def organization_delete(*, actor: AnyUser, organization: Organization) -> None:
    _delete(actor=actor, instance=organization)


def membership_create(*, actor: AnyUser, data: dict[str, Any]) -> Membership:
    return _create(actor=actor, model=Membership, data=data)


def membership_update(
    *, actor: AnyUser, membership: Membership, data: dict[str, Any]
) -> Membership:
    return _update(actor=actor, instance=membership, data=data)


def membership_delete(*, actor: AnyUser, membership: Membership) -> None:
    _delete(actor=actor, instance=membership)


def post_create(*, actor: AnyUser, data: dict[str, Any]) -> Post:
    return _create(actor=actor, model=Post, data=data)


def post_update(*, actor: AnyUser, post: Post, data: dict[str, Any]) -> Post:
    return _update(actor=actor, instance=post, data=data)


def post_delete(*, actor: AnyUser, post: Post) -> None:
    _delete(actor=actor, instance=post)


def person_create(*, actor: AnyUser, data: dict[str, Any]) -> Person:
    return _create(actor=actor, model=Person, data=data)


def person_update(*, actor: AnyUser, person: Person, data: dict[str, Any]) -> Person:
    return _update(actor=actor, instance=person, data=data)


def person_delete(*, actor: AnyUser, person: Person) -> None:
    _delete(actor=actor, instance=person)


def _check_tenure_overlap(actor: AnyUser, tenure: Tenure) -> None:
    """Two substantive holders of one post cannot overlap; an acting holder may."""
    if tenure.acting:
        return
    others = Tenure.objects.filter(post_id=tenure.post_id, acting=False).exclude(pk=tenure.pk)
    for other in others:
        starts_before_other_ends = (
            other.end_date is None
            or tenure.start_date is None
            or tenure.start_date <= other.end_date
        )
        ends_after_other_starts = (
            tenure.end_date is None
            or other.start_date is None
            or tenure.end_date >= other.start_date
        )
        if starts_before_other_ends and ends_after_other_starts:
            holder = other.person if access.can_view(actor, other.person) else _("another person")
            raise ValidationError(
                {
                    "start_date": _("The post is already held by %(holder)s in this period.")
                    % {"holder": holder}
                }
            )


def tenure_create(*, actor: AnyUser, data: dict[str, Any]) -> Tenure:
    # The overlap check runs under the audit chain's lock: two writers must not both pass it.
    return record_create(
        actor=actor,
        model=Tenure,
        data=data,
        may_change=access.can_change,
        check=_check_integrity,
        locked_check=_check_tenure_overlap,
    )


def tenure_update(*, actor: AnyUser, tenure: Tenure, data: dict[str, Any]) -> Tenure:
    return record_update(
        actor=actor,
        instance=tenure,
        data=data,
        may_change=access.can_change,
        check=_check_integrity,
        locked_check=_check_tenure_overlap,
    )


def tenure_delete(*, actor: AnyUser, tenure: Tenure) -> None:
    _delete(actor=actor, instance=tenure)
