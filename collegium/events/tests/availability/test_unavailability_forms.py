"""The unavailability forms on the person page: record, change, remove a period.

Each calls the API's service; the person page offers the links exactly when
the availability policy allows, a hidden person or period answers 404 like
a missing one, and an invalid period is shown in the user's language.
"""

import datetime as dt

import pytest
from django.urls import reverse

from collegium.accounts.models import Role
from collegium.core.models import AuditRecord, Visibility
from collegium.events.availability import policy
from collegium.events.availability.services import unavailability_create
from collegium.events.models import Unavailability
from collegium.events.tests.pages import messages_of, page_text
from collegium.registry import services as registry
from collegium.testing.http import client_as


def _last_action() -> str:
    return AuditRecord.objects.order_by("-seq").values_list("action", flat=True)[0]


@pytest.fixture
def person(site_admin, cis):
    return registry.person_create(
        actor=site_admin,
        data={"slug": "lebedev", "name_ru": "Лебедев", "name_en": "Lebedev", "owner": cis},
    )


@pytest.fixture
def people(site_admin, csto_editor, cis_editor, make_user, cis):
    return {
        "site admin": site_admin,
        "cis editor": cis_editor,
        "cis viewer": make_user(cis, Role.VIEWER, username="cis-viewer"),
        "csto editor": csto_editor,
        "anonymous": None,
    }


@pytest.fixture
def period(cis_editor, cis, person):
    return unavailability_create(
        actor=cis_editor,
        data={
            "person": person,
            "start_date": dt.date(2026, 3, 1),
            "end_date": dt.date(2026, 3, 5),
            "reason": "leave",
            "owner": cis,
        },
    )


def test_the_person_page_offers_the_forms_exactly_as_the_policy_allows(people, person, period):
    """A test that fails if a link is offered to someone the policy refuses."""
    create = reverse("events:unavailability-create", args=["lebedev"])
    edit = reverse("events:unavailability-edit", args=[period.pk])
    delete = reverse("events:unavailability-delete", args=[period.pk])
    for name, user in people.items():
        client = client_as(user, language="en")
        html = page_text(client.get(reverse("registry:person-detail", args=["lebedev"])))
        may_add = user is not None and bool(policy.can_create(user))
        may_change = user is not None and bool(policy.can_change(user, period))
        assert (create in html) is may_add, name
        assert (edit in html) is may_change, name
        assert (delete in html) is may_change, name
        for url, allowed in ((create, may_add), (edit, may_change), (delete, may_change)):
            status = client.get(url).status_code
            assert status == (200 if allowed else 302 if user is None else 403), (name, url)
    # The CSTO's editor may record periods it keeps itself, not change the CIS's.
    assert [n for n, u in people.items() if u and policy.can_create(u)] == [
        "site admin",
        "cis editor",
        "csto editor",
    ]


def test_a_hidden_person_or_period_answers_404_like_a_missing_one(
    site_admin, cis, cis_editor, csto_editor, person
):
    registry.person_create(
        actor=site_admin,
        data={"slug": "hidden", "name_ru": "Скрытый", "owner": cis, "visibility": "internal"},
    )
    hidden = unavailability_create(
        actor=cis_editor,
        data={
            "person": person,
            "start_date": dt.date(2026, 3, 1),
            "end_date": dt.date(2026, 3, 1),
            "owner": cis,
            "visibility": Visibility.INTERNAL,
        },
    )
    client = client_as(csto_editor)
    for slug in ("hidden", "missing"):
        url = reverse("events:unavailability-create", args=[slug])
        assert client.get(url).status_code == 404
    for pk in (hidden.pk, hidden.pk + 1000):
        for view in ("events:unavailability-edit", "events:unavailability-delete"):
            assert client.get(reverse(view, args=[pk])).status_code == 404
            assert client.post(reverse(view, args=[pk])).status_code == 404
    assert Unavailability.objects.filter(pk=hidden.pk).exists()


def test_a_period_is_recorded_changed_and_removed_through_the_service(cis_editor, person):
    client = client_as(cis_editor, language="en")
    response = client.post(
        reverse("events:unavailability-create", args=["lebedev"]),
        {
            "start_date": "2026-05-04",
            "end_date": "2026-05-08",
            "reason": "state visit",
            "owner": "cis",
            "visibility": "parties",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person-detail", args=["lebedev"])
    period = Unavailability.objects.get(person=person)
    assert (period.start_date, period.end_date) == (dt.date(2026, 5, 4), dt.date(2026, 5, 8))
    assert period.visibility == Visibility.PARTIES
    assert _last_action() == "unavailability.create"
    assert messages_of(response) == ["The period of unavailability is recorded."]

    url = reverse("events:unavailability-edit", args=[period.pk])
    assert 'value="2026-05-04"' in page_text(client.get(url))
    response = client.post(
        url,
        {
            "start_date": "2026-05-04",
            "end_date": "2026-05-06",
            "reason": "visit",
            "owner": "cis",
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.end_date, period.reason) == (dt.date(2026, 5, 6), "visit")
    assert _last_action() == "unavailability.update"

    url = reverse("events:unavailability-delete", args=[period.pk])
    assert "Remove the period" in page_text(client.get(url))
    response = client.post(url)
    assert response.status_code == 302
    assert not Unavailability.objects.exists()
    assert _last_action() == "unavailability.delete"


def test_an_invalid_period_is_shown_again_with_the_error_in_russian(cis_editor, person):
    client = client_as(cis_editor, language="ru")
    response = client.post(
        reverse("events:unavailability-create", args=["lebedev"]),
        {
            "start_date": "2026-05-08",
            "end_date": "2026-05-04",
            "owner": "cis",
            "visibility": "public",
        },
    )
    assert response.status_code == 200
    html = page_text(response)
    assert 'id="id_end_date_error"><li>Дата окончания раньше даты начала.</li>' in html, html
    assert not Unavailability.objects.exists()


@pytest.mark.parametrize("name", ["cis viewer", "csto editor"])
def test_a_user_the_policy_refuses_changes_nothing(people, period, name):
    client = client_as(people[name])
    edit = client.post(
        reverse("events:unavailability-edit", args=[period.pk]),
        {"start_date": "2026-03-01", "end_date": "2026-03-02", "owner": "cis"},
    )
    delete = client.post(reverse("events:unavailability-delete", args=[period.pk]))
    assert (edit.status_code, delete.status_code) == (403, 403)
    period.refresh_from_db()
    assert period.end_date == dt.date(2026, 3, 5)
