"""The desk names the user's e-mails not delivered yet, and nothing while all go out."""

from collegium.notifications.models import Notice, NoticeStatus
from collegium.testing.http import client_as


def _desk(client) -> str:
    return client.get("/").content.decode()


def test_failed_notices_show_on_their_recipients_desk_only(draft_invitation, send, mailboxes):
    send(draft_invitation)
    editor, manager = mailboxes["cis-editor"], mailboxes["cis-manager"]
    assert "Письма, ещё не доставленные" not in _desk(client_as(editor))
    Notice.objects.filter(user=editor).update(status=NoticeStatus.FAILED)
    page = _desk(client_as(editor))
    assert "Письма, ещё не доставленные" in page
    assert 'href="/accounts/notifications/"' in page
    assert "Письма, ещё не доставленные" not in _desk(client_as(manager))
