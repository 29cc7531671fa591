"""Unavailability periods: the services (access, audit, validation) and the API."""

import datetime as dt
import json

import pytest
from django.test import Client

from collegium.core.audit import verify_chain
from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import AuditRecord, Visibility
from collegium.events.availability.selectors import unavailability_list_visible_to
from collegium.events.availability.services import (
    unavailability_create,
    unavailability_delete,
    unavailability_update,
)
from collegium.events.models import Unavailability
from collegium.registry import services as registry


@pytest.fixture
def person(site_admin, cis):
    return registry.person_create(
        actor=site_admin,
        data={"slug": "lebedev", "name_ru": "Лебедев", "name_en": "Lebedev", "owner": cis},
    )


def _data(person, owner, **extra):
    return {
        "person": person,
        "start_date": dt.date(2026, 3, 1),
        "end_date": dt.date(2026, 3, 5),
        "reason": "leave",
        "owner": owner,
        **extra,
    }


def test_an_editor_records_changes_and_deletes_a_period_each_audited(cis_editor, cis, person):
    before = AuditRecord.objects.count()
    period = unavailability_create(actor=cis_editor, data=_data(person, cis))
    unavailability_update(actor=cis_editor, unavailability=period, data={"reason": "visit"})
    unavailability_delete(actor=cis_editor, unavailability=period)
    actions = list(AuditRecord.objects.order_by("seq").values_list("action", flat=True)[before:])
    assert actions == ["unavailability.create", "unavailability.update", "unavailability.delete"]
    assert not Unavailability.objects.exists()
    assert verify_chain().ok


def test_only_the_owners_editors_write(csto_editor, cis_editor, cis, person):
    with pytest.raises(PermissionDenied):
        unavailability_create(actor=csto_editor, data=_data(person, cis))
    period = unavailability_create(actor=cis_editor, data=_data(person, cis))
    with pytest.raises(PermissionDenied):
        unavailability_update(actor=csto_editor, unavailability=period, data={"reason": "x"})
    with pytest.raises(PermissionDenied):
        unavailability_delete(actor=csto_editor, unavailability=period)


def test_a_period_ends_after_it_starts_and_shows_no_hidden_person(site_admin, cis, csto):
    hidden = registry.person_create(
        actor=site_admin,
        data={"slug": "hidden", "name_ru": "Скрытый", "owner": cis, "visibility": "internal"},
    )
    with pytest.raises(ValidationError) as error:
        unavailability_create(
            actor=site_admin,
            data=_data(hidden, cis, end_date=dt.date(2026, 2, 1), visibility="internal"),
        )
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        unavailability_create(actor=site_admin, data=_data(hidden, csto))
    assert "person" in error.value.message_dict


def test_the_list_filters_by_visibility_person_and_days(site_admin, csto_editor, cis, person):
    unavailability_create(actor=site_admin, data=_data(person, cis))
    unavailability_create(
        actor=site_admin,
        data=_data(
            person,
            cis,
            start_date=dt.date(2026, 6, 1),
            end_date=dt.date(2026, 6, 2),
            visibility=Visibility.INTERNAL,
        ),
    )
    assert unavailability_list_visible_to(user=site_admin).count() == 2
    assert unavailability_list_visible_to(user=csto_editor).count() == 1
    assert (
        unavailability_list_visible_to(
            user=site_admin, person=person, first_day=dt.date(2026, 3, 6)
        ).count()
        == 1
    )
    assert (
        unavailability_list_visible_to(user=site_admin, last_day=dt.date(2026, 2, 28)).count() == 0
    )


def test_the_api_round_trip_and_its_errors(cis_editor, csto_editor, person):
    client = Client()
    client.force_login(cis_editor)
    body = {
        "person": "lebedev",
        "start_date": "2026-03-01",
        "end_date": "2026-03-05",
        "owner": "cis",
    }
    response = client.post(
        "/api/v1/events/unavailability", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["person"] == "lebedev"
    assert created["visibility"] == "public"
    path = f"/api/v1/events/unavailability/{created['id']}"
    response = client.patch(
        path, json.dumps({"end_date": "2026-02-01"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "end_date"]
    response = client.post(
        "/api/v1/events/unavailability",
        json.dumps({**body, "person": "nobody"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert Client().get("/api/v1/events/unavailability", {"person": "lebedev"}).json()["count"] == 1
    assert Client().get("/api/v1/events/unavailability", {"person": "nobody"}).json()["count"] == 0
    other = Client()
    other.force_login(csto_editor)
    assert other.delete(path).status_code == 403
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404


def test_the_person_page_shows_the_periods_the_viewer_may_see(
    client, site_admin, csto_editor, cis, person
):
    unavailability_create(actor=site_admin, data=_data(person, cis, reason="state visit"))
    unavailability_create(
        actor=site_admin,
        data=_data(person, cis, reason="private leave", visibility=Visibility.INTERNAL),
    )
    client.force_login(csto_editor)
    content = client.get("/registry/persons/lebedev/").content.decode()
    assert 'id="unavailability-title"' in content
    assert "state visit" in content
    assert "private leave" not in content
