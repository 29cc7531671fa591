"""The invitation forms: an ad hoc invitation, the correction of an answer, in the browser.

Each calls the API's service; the page offers it exactly when the invitations
policy allows, a hidden event answers 404 like a missing one, and a refused
or invalid write is shown in the user's language.
"""

import re

import pytest
from django.urls import reverse

from collegium.accounts.models import Role
from collegium.core.models import Visibility
from collegium.events.invitations import policy, services
from collegium.events.models import Invitation, InvitationStatus
from collegium.events.tests.pages import audit_actions, messages_of, page_text
from collegium.testing.http import client_as


@pytest.fixture
def summit(make_arrangement, make_event):
    """A CSTO summit under the three-party arrangement: invitations to the CIS and SCO heads."""
    make_arrangement()
    return make_event(slug="summit")


@pytest.fixture
def people(world, site_admin, make_user):
    return {
        "site admin": site_admin,
        "csto editor": world["editors"]["csto"],
        "csto viewer": make_user(world["orgs"]["csto"], Role.VIEWER, username="csto-viewer"),
        "cis editor": world["editors"]["cis"],
        "sco editor": world["editors"]["sco"],
        "anonymous": None,
    }


@pytest.fixture
def to_cis(summit, world):
    """The summit's invitation to the CIS head, sent."""
    invitation = Invitation.objects.get(event=summit, invitee_organization__slug="cis")
    services.invitation_send(actor=world["editors"]["csto"], invitation=invitation)
    return invitation


# --- Ad hoc -----------------------------------------------------------------------------------


def test_the_ad_hoc_form_is_offered_exactly_as_the_policy_allows(summit, people):
    url = reverse("events:invitation-create", args=["summit"])
    for name, user in people.items():
        client = client_as(user, language="en")
        page = page_text(client.get(reverse("events:event-detail", args=["summit"])))
        allowed = user is not None and bool(policy.can_create_ad_hoc(user, summit))
        assert (url in page) is allowed, name
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, name
        elif user is None:
            assert response.status_code == 302
        else:
            assert response.status_code == 403, name
    assert [n for n, u in people.items() if u and policy.can_create_ad_hoc(u, summit)] == [
        "site admin",
        "csto editor",
    ]


def test_a_hidden_event_answers_404_like_a_missing_one(make_event, world):
    make_event(slug="hidden", visibility=Visibility.INTERNAL)
    client = client_as(world["editors"]["cis"])
    for slug in ("hidden", "missing"):
        url = reverse("events:invitation-create", args=[slug])
        assert client.get(url).status_code == 404
        assert client.post(url, {"post": "mfa-ru-head"}).status_code == 404


def test_an_ad_hoc_invitation_is_created_through_the_service(summit, world):
    client = client_as(world["editors"]["csto"], language="en")
    url = reverse("events:invitation-create", args=["summit"])
    assert 'value="mfa-ru-deputy"' in page_text(client.get(url))
    response = client.post(url, {"post": "mfa-ru-deputy"})
    invitation = Invitation.objects.get(event=summit, invitee_post__slug="mfa-ru-deputy")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#invitation-{invitation.pk}")
    assert invitation.arrangement is None
    assert invitation.status == InvitationStatus.DRAFT
    assert audit_actions(invitation) == ["invitation.create_ad_hoc"]
    assert messages_of(response) == [
        "The holder of deputy is invited; the invitation is a draft until sent."
    ]


def test_an_invalid_ad_hoc_invitation_shows_the_error_next_to_the_post_in_russian(summit, world):
    client = client_as(world["editors"]["csto"], language="ru")
    url = reverse("events:invitation-create", args=["summit"])
    response = client.post(url, {"post": ""})
    assert response.status_code == 200
    assert 'id="id_post_error"><li>Обязательное поле.</li>' in page_text(response)
    client.post(url, {"post": "mfa-ru-head"})
    response = client.post(url, {"post": "mfa-ru-head"})
    assert response.status_code == 200
    assert (
        'id="id_post_error"><li>Эта должность уже приглашена на это мероприятие.</li>'
        in page_text(response)
    )
    assert Invitation.objects.filter(event=summit, invitee_post__slug="mfa-ru-head").count() == 1


# --- Correcting an answer ---------------------------------------------------------------------


def _offered(client, invitation) -> list[str]:
    html = page_text(client.get(reverse("events:event-detail", args=[invitation.event.slug])))
    row = re.search(rf'<tr id="invitation-{invitation.pk}">(.*?)</tr>', html)
    if row is None:
        return []
    return re.findall(r'/correct/"> .*? name="status" value="(\w+)"', row.group(1))


def test_the_correction_is_offered_exactly_as_the_policy_allows(to_cis, people, world):
    services.invitation_answer(
        actor=world["editors"]["cis"], invitation=to_cis, status=InvitationStatus.ACCEPTED
    )
    for name, user in people.items():
        allowed = user is not None and any(
            policy.can_correct_answer(user, to_cis, on_behalf=on_behalf)
            for on_behalf in (False, True)
        )
        assert _offered(client_as(user), to_cis) == (["declined"] if allowed else []), name
    assert _offered(client_as(world["editors"]["cis"]), to_cis) == ["declined"]


def test_the_invitee_corrects_its_answer_through_the_service(to_cis, world):
    cis = world["editors"]["cis"]
    services.invitation_answer(actor=cis, invitation=to_cis, status=InvitationStatus.ACCEPTED)
    client = client_as(cis, language="en")
    response = client.post(
        reverse("events:invitation-correct", args=[to_cis.pk]), {"status": "declined"}
    )
    assert response.status_code == 302
    to_cis.refresh_from_db()
    assert to_cis.status == InvitationStatus.DECLINED
    assert audit_actions(to_cis)[-1] == "invitation.correct_answer"
    assert messages_of(response) == ["The answer is corrected: the invitation is now “Declined”."]
    assert _offered(client, to_cis) == ["accepted"]


def test_a_correction_by_the_wrong_side_is_refused_naming_the_rule(to_cis, world):
    services.invitation_answer(
        actor=world["editors"]["cis"], invitation=to_cis, status=InvitationStatus.ACCEPTED
    )
    client = client_as(world["editors"]["csto"], language="ru")
    url = reverse("events:invitation-correct", args=[to_cis.pk])
    response = client.post(url, {"status": "declined", "on_behalf": "on"})
    # A refusal by the policy is a 403, as in the API, whose page names the rule.
    assert response.status_code == 403
    assert "Секретариат организатора исправляет только ответ" in response.content.decode()
    to_cis.refresh_from_db()
    assert to_cis.status == InvitationStatus.ACCEPTED
    assert audit_actions(to_cis)[-1] == "invitation.accepted"


def test_the_organizer_corrects_an_answer_it_recorded_on_behalf(to_cis, world):
    csto = world["editors"]["csto"]
    services.invitation_answer(
        actor=csto, invitation=to_cis, status=InvitationStatus.DECLINED, on_behalf=True
    )
    client = client_as(csto)
    assert _offered(client, to_cis) == ["accepted"]
    client.post(
        reverse("events:invitation-correct", args=[to_cis.pk]),
        {"status": "accepted", "on_behalf": "on"},
    )
    to_cis.refresh_from_db()
    assert to_cis.status == InvitationStatus.ACCEPTED
    assert to_cis.answered_on_behalf
