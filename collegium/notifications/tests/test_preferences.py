"""Each user's choice: the page, the API, the service and its audit record, the command."""

import pytest
from django.core.management import call_command

from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.models import AuditRecord
from collegium.notifications.models import Moment, Notice, NotificationPreferences
from collegium.notifications.services import preferences_update
from collegium.testing.http import client_as, patch

URL = "/api/v1/accounts/me/notifications"
PAGE = "/accounts/notifications/"


def _audited() -> list[str]:
    return list(
        AuditRecord.objects.filter(object_type="notifications.notificationpreferences")
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- The service ------------------------------------------------------------------------


def test_a_user_changes_their_own_choices_audited(make_user):
    """The first save stores the defaults with the change; the chain records who and what."""
    user = make_user()
    preferences = preferences_update(
        actor=user, user=user, data={"reply_due": False}, interface_language="be"
    )
    assert (preferences.invitation_sent, preferences.reply_due, preferences.language) == (
        True,
        False,
        "be",
    )
    record = AuditRecord.objects.get(object_type="notifications.notificationpreferences")
    assert record.actor_id == user.pk
    assert record.action == "notification_preferences.update"
    assert record.changes["before"] is None
    assert record.changes["after"]["reply_due"] is False


def test_a_save_that_changes_nothing_writes_nothing(make_user):
    user = make_user()
    preferences_update(actor=user, user=user, data={"reply_due": False})
    preferences_update(actor=user, user=user, data={"reply_due": False})
    assert _audited() == ["notification_preferences.update"]


@pytest.mark.parametrize("actor", ["other", "admin", "anonymous"])
def test_nobody_chooses_for_another(make_user, site_admin, actor):
    """Not another user, not the site administrator: a person's mailbox is theirs."""
    user = make_user()
    others = {"other": make_user(), "admin": site_admin, "anonymous": None}
    with pytest.raises(PermissionDenied):
        preferences_update(actor=others[actor], user=user, data={"reply_due": False})
    assert not NotificationPreferences.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"colour": True}, "colour"),
        ({"reply_due": "yes"}, "reply_due"),
        ({"language": "fr"}, "language"),
    ],
)
def test_a_wrong_choice_names_its_field(make_user, data, field):
    user = make_user()
    with pytest.raises(ValidationError) as refused:
        preferences_update(actor=user, user=user, data=data)
    assert field in refused.value.message_dict


# --- The API ----------------------------------------------------------------------------


def test_the_api_reads_the_defaults_then_the_choices(make_user):
    """Unchosen: all on, the request's language; PATCH changes only what it names."""
    user = make_user()
    client = client_as(user, language="en")
    assert client.get(URL).json() == {
        "invitation_sent": True,
        "invitation_answered": True,
        "consent_requested": True,
        "reply_due": True,
        "language": "en",
        "email": "",
    }
    response = patch(client, URL, {"consent_requested": False, "language": "be"})
    assert response.status_code == 200, response.content
    assert response.json()["consent_requested"] is False
    assert response.json()["language"] == "be"
    assert client.get(URL).json()["invitation_sent"] is True
    assert _audited() == ["notification_preferences.update"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reply_due": None}, "reply_due"),
        ({"reply_due": "sometimes"}, "reply_due"),
        ({"language": "de"}, "language"),
        ({"colour": True}, "colour"),
    ],
)
def test_the_api_refuses_a_wrong_choice_with_its_field(make_user, body, field):
    client = client_as(make_user())
    response = patch(client, URL, body)
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == [field]
    assert not NotificationPreferences.objects.exists()


def test_the_api_needs_a_signed_in_user(db):
    assert client_as().get(URL).status_code == 401
    assert patch(client_as(), URL, {"reply_due": False}).status_code == 401


# --- The page ---------------------------------------------------------------------------


def test_the_page_shows_the_choices_in_russian_and_saves_them(make_user):
    """Linked from the account menu; all on at first; a save is audited and shown again."""
    user = make_user()
    client = client_as(user)
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{PAGE}"' in html  # the account menu
    assert "Уведомления по электронной почте" in html
    assert html.count('type="checkbox"') == 4
    assert html.count("checked") == 4
    assert "нет адреса электронной почты" in html
    response = client.post(
        PAGE, {"invitation_sent": "on", "consent_requested": "on", "language": "en"}
    )
    assert response.status_code == 302
    preferences = NotificationPreferences.objects.get(user=user)
    assert [preferences.wants(moment) for moment in Moment.values] == [True, False, True, False]
    assert preferences.language == "en"
    assert _audited() == ["notification_preferences.update"]
    assert client.get(PAGE).content.decode().count("checked") == 2


def test_the_page_refuses_an_unknown_language_naming_the_field(make_user):
    client = client_as(make_user())
    response = client.post(PAGE, {"language": "xx"})
    assert response.status_code == 400
    assert "xx" in response.content.decode()
    assert not NotificationPreferences.objects.exists()


def test_the_page_needs_a_signed_in_user(db):
    response = client_as().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- The command ------------------------------------------------------------------------


def test_the_command_reminds_once(make_arrangement, make_event, world, mailboxes, send, capsys):
    """``collegium notifications remind`` twice: the reminders are queued the first time only."""
    from collegium.notifications.tests.conftest import in_days

    make_arrangement()
    event = make_event(slug="soon", **in_days(2))
    send(event.invitations.get(invitee_post=world["posts"]["cis"][0]))
    call_command("notifications", "remind")
    call_command("notifications", "remind")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Queued 2 reminders of 1 invitations (reply date within 3 days).",
        "Queued 0 reminders of 0 invitations (reply date within 3 days).",
    ]
    assert Notice.objects.filter(moment=Moment.REPLY_DUE).count() == 2
