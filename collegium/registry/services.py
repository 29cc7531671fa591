"""Writes to the registry.  Each checks access, validates and appends its audit record."""

from typing import Any

from django.db import models

from collegium.core import access
from collegium.core.audit import audited
from collegium.core.exceptions import ValidationError

from .models import Membership, Organization, Person, Post, State, Tenure


def _assign(instance: models.Model, data: dict[str, Any]) -> None:
    field_names = {f.name for f in instance._meta.concrete_fields} | {
        f.attname for f in instance._meta.concrete_fields
    }
    unknown = sorted(set(data) - field_names)
    if unknown:
        raise ValidationError({name: "unknown field" for name in unknown})
    for name, value in data.items():
        setattr(instance, name, value)


def _require_owner(instance: models.Model) -> None:
    if instance.owner_id is None:
        raise ValidationError({"owner": "Choose the organization that owns this record."})


def _create(*, actor, model: type[models.Model], data: dict[str, Any]):
    instance = model()
    _assign(instance, data)
    _require_owner(instance)
    access.require_role(actor, instance.owner_id, "editor")
    instance.full_clean()
    with audited(actor=actor, action=f"{model._meta.model_name}.create", instance=instance):
        instance.save(force_insert=True)
    return instance


def _update(*, actor, instance: models.Model, data: dict[str, Any]):
    access.require_change(actor, instance)
    with audited(actor=actor, action=f"{instance._meta.model_name}.update", instance=instance):
        _assign(instance, data)
        # Moving a record to another owner needs the editor role there too.
        access.require_role(actor, instance.owner_id, "editor")
        instance.full_clean()
        instance.save()
    return instance


def _delete(*, actor, instance: models.Model) -> None:
    access.require_change(actor, instance)
    try:
        with audited(actor=actor, action=f"{instance._meta.model_name}.delete", instance=instance):
            instance.delete()
    except models.ProtectedError as exc:
        raise ValidationError(
            "This record is still referenced by other records; end or remove those first."
        ) from exc


def state_create(*, actor, data: dict[str, Any]) -> State:
    return _create(actor=actor, model=State, data=data)


def state_update(*, actor, state: State, data: dict[str, Any]) -> State:
    return _update(actor=actor, instance=state, data=data)


def state_delete(*, actor, state: State) -> None:
    _delete(actor=actor, instance=state)


def organization_create(*, actor, data: dict[str, Any]) -> Organization:
    """Create an organization; without an owner it owns its own record.

    Only a site administrator creates a self-owned organization (a new
    secretariat on the system); others create records owned by their own.
    """
    if data.get("owner") is None and data.get("owner_id") is None:
        access.require_role(actor, None, "editor")  # site administrators only
        organization = Organization()
        _assign(organization, data)
        organization.full_clean()
        with audited(actor=actor, action="organization.create", instance=organization):
            organization.save(force_insert=True)
            organization.owner = organization
            organization.save(update_fields=["owner"])
        return organization
    return _create(actor=actor, model=Organization, data=data)


def organization_update(*, actor, organization: Organization, data: dict[str, Any]) -> Organization:
    return _update(actor=actor, instance=organization, data=data)


def organization_delete(*, actor, organization: Organization) -> None:
    _delete(actor=actor, instance=organization)


def membership_create(*, actor, data: dict[str, Any]) -> Membership:
    return _create(actor=actor, model=Membership, data=data)


def membership_update(*, actor, membership: Membership, data: dict[str, Any]) -> Membership:
    return _update(actor=actor, instance=membership, data=data)


def membership_delete(*, actor, membership: Membership) -> None:
    _delete(actor=actor, instance=membership)


def post_create(*, actor, data: dict[str, Any]) -> Post:
    return _create(actor=actor, model=Post, data=data)


def post_update(*, actor, post: Post, data: dict[str, Any]) -> Post:
    return _update(actor=actor, instance=post, data=data)


def post_delete(*, actor, post: Post) -> None:
    _delete(actor=actor, instance=post)


def person_create(*, actor, data: dict[str, Any]) -> Person:
    return _create(actor=actor, model=Person, data=data)


def person_update(*, actor, person: Person, data: dict[str, Any]) -> Person:
    return _update(actor=actor, instance=person, data=data)


def person_delete(*, actor, person: Person) -> None:
    _delete(actor=actor, instance=person)


def _check_tenure_overlap(tenure: Tenure) -> None:
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
            raise ValidationError(
                {"start_date": f"The post is already held by {other.person} in this period."}
            )


def tenure_create(*, actor, data: dict[str, Any]) -> Tenure:
    tenure = Tenure()
    _assign(tenure, data)
    _require_owner(tenure)
    access.require_role(actor, tenure.owner_id, "editor")
    tenure.full_clean()
    with audited(actor=actor, action="tenure.create", instance=tenure):
        _check_tenure_overlap(tenure)
        tenure.save(force_insert=True)
    return tenure


def tenure_update(*, actor, tenure: Tenure, data: dict[str, Any]) -> Tenure:
    access.require_change(actor, tenure)
    with audited(actor=actor, action="tenure.update", instance=tenure):
        _assign(tenure, data)
        access.require_role(actor, tenure.owner_id, "editor")
        tenure.full_clean()
        _check_tenure_overlap(tenure)
        tenure.save()
    return tenure


def tenure_delete(*, actor, tenure: Tenure) -> None:
    _delete(actor=actor, instance=tenure)
