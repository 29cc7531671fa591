"""The notices in the admin: the site administrator follows them; nobody edits them."""

from collegium.notifications.models import Notice, NoticeStatus
from collegium.testing.http import client_as

LIST = "/admin/notifications/notice/"


def test_the_site_administrator_reads_the_notices_and_their_errors(
    draft_invitation, send, site_admin
):
    send(draft_invitation)
    notice = Notice.objects.order_by("pk").first()
    Notice.objects.filter(pk=notice.pk).update(
        status=NoticeStatus.FAILED, last_error="SMTPRecipientsRefused: 550 no such user"
    )
    client = client_as(site_admin)
    page = client.get(f"{LIST}?status=failed")
    assert page.status_code == 200
    assert notice.key in page.content.decode()
    detail = client.get(f"{LIST}{notice.pk}/change/").content.decode()
    assert "550 no such user" in detail
    assert client.post(f"{LIST}{notice.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{LIST}add/").status_code == 403


def test_a_manager_does_not_see_the_notices(draft_invitation, send, world):
    send(draft_invitation)
    assert client_as(world["managers"]["cis"]).get(LIST).status_code == 403
