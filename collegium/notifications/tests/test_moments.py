"""Who is told of what: each moment's recipients, their choices, the record's visibility."""

import datetime as dt

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from collegium.accounts.models import Role
from collegium.accounts.services import user_update
from collegium.events.arrangements import services as arrangement_services
from collegium.events.invitations import services as invitation_services
from collegium.events.models import InvitationStatus
from collegium.events.tests.arrangements.arrangement_fixtures import NEWCOMER
from collegium.notifications import services
from collegium.notifications.models import Moment, Notice, NoticeStatus
from collegium.notifications.notices import reminders_create
from collegium.notifications.sending import notice_deliver
from collegium.notifications.tests.conftest import in_days


def _told(moment: str) -> list[str]:
    """Return the usernames with a notice of ``moment``, sorted."""
    return sorted(Notice.objects.filter(moment=moment).values_list("user__username", flat=True))


def test_an_invitation_sent_tells_the_invitees_secretariat(draft_invitation, send):
    """Every user with a role in the invited organization, not the organizer's."""
    send(draft_invitation)
    assert _told(Moment.INVITATION_SENT) == ["cis-editor", "cis-manager"]


def test_an_answer_tells_the_organizers_secretariat_but_not_who_answered(
    draft_invitation, send, world, make_user, site_admin, django_capture_on_commit_callbacks
):
    """The organizer's users hear of the answer, a viewer too; the invitee's editor does not."""
    viewer = make_user(world["orgs"]["csto"], Role.VIEWER, username="csto-viewer")
    user_update(actor=site_admin, user=viewer, data={"email": "csto-viewer@example.org"})
    send(draft_invitation)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.invitation_answer(
            actor=world["editors"]["cis"],
            invitation=draft_invitation,
            status=InvitationStatus.ACCEPTED,
        )
    assert _told(Moment.INVITATION_ANSWERED) == ["csto-editor", "csto-manager", "csto-viewer"]


def test_a_corrected_answer_is_told_again(
    draft_invitation, send, world, django_capture_on_commit_callbacks
):
    """Each answer recorded is its own notice: accepted, then corrected to declined."""
    send(draft_invitation)
    for status in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED):
        with django_capture_on_commit_callbacks(execute=True):
            invitation_services.invitation_answer(
                actor=world["editors"]["cis"], invitation=draft_invitation, status=status
            )
    assert _told(Moment.INVITATION_ANSWERED) == [
        "csto-editor",
        "csto-editor",
        "csto-manager",
        "csto-manager",
    ]


def test_a_proposal_asks_each_party_but_not_the_proposer(
    make_arrangement, world, mailboxes, django_capture_on_commit_callbacks
):
    """Putting a draft to the parties tells every party's users, the one who put it excepted."""
    arrangement = make_arrangement(status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        arrangement_services.arrangement_propose(
            actor=world["managers"]["csto"], arrangement=arrangement
        )
    assert _told(Moment.CONSENT_REQUESTED) == [
        "cis-editor",
        "cis-manager",
        "csto-editor",
        "sco-editor",
        "sco-manager",
    ]


def test_an_accession_asks_the_parties_and_the_newcomer(
    make_arrangement, world, mailboxes, django_capture_on_commit_callbacks
):
    """The proposer (a ministry, no party) is not asked; the three parties and the newcomer are."""
    arrangement = make_arrangement()
    Notice.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        arrangement_services.accession_propose(
            actor=world["editors"]["mfa-ru"],
            arrangement=arrangement,
            organization=world["orgs"][NEWCOMER],
            executive_body=world["bodies"][NEWCOMER],
            proposed_by=world["orgs"]["mfa-ru"],
        )
    assert _told(Moment.CONSENT_REQUESTED) == sorted(
        f"{party}-{role}"
        for party in ("csto", "cis", "sco", NEWCOMER)
        for role in ("editor", "manager")
    )


# fmt: off
PREFERENCES = [
    # moment off for cis-editor   cis-editor told  cis-manager told
    ({},                          True,            True),
    ({"invitation_sent": False},  False,           True),
    ({"reply_due": False},        True,            True),
    ({"invitation_sent": True},   True,            True),
]
# fmt: on


@pytest.mark.parametrize(("choice", "editor_told", "manager_told"), PREFERENCES)
def test_each_user_chooses_the_moments(
    draft_invitation, send, mailboxes, choice, editor_told, manager_told
):
    """A moment turned off reaches nobody who turned it off; another's choice is theirs."""
    editor = mailboxes["cis-editor"]
    if choice:
        services.preferences_update(actor=editor, user=editor, data=choice)
    send(draft_invitation)
    told = _told(Moment.INVITATION_SENT)
    assert ("cis-editor" in told) is editor_told
    assert ("cis-manager" in told) is manager_told


def test_without_an_address_or_active_account_nobody_is_written_to(
    draft_invitation, send, mailboxes, site_admin
):
    """A user with no address, or deactivated, gets no notice."""
    user_update(actor=site_admin, user=mailboxes["cis-editor"], data={"email": ""})
    user_update(actor=site_admin, user=mailboxes["cis-manager"], data={"is_active": False})
    send(draft_invitation)
    assert _told(Moment.INVITATION_SENT) == []


def test_the_language_of_the_mail_is_each_users(draft_invitation, send, mailboxes):
    """The manager chose English; the editor, who never chose, reads Russian."""
    manager = mailboxes["cis-manager"]
    services.preferences_update(actor=manager, user=manager, data={"language": "en"})
    send(draft_invitation)
    languages = dict(
        Notice.objects.values_list("user__username", "language").filter(
            moment=Moment.INVITATION_SENT
        )
    )
    assert languages == {"cis-editor": "ru", "cis-manager": "en"}
    for notice in Notice.objects.order_by("pk"):
        assert notice_deliver(notice_id=notice.pk).status == NoticeStatus.SENT
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {
        "cis-editor@example.org": "Приглашение на мероприятие «Сессия СКБ ОДКБ»",
        "cis-manager@example.org": "Invitation to “CSTO Collective Security Council”",
    }


def test_notices_are_queued_for_the_worker_after_the_commit(draft_invitation, send):
    """One ``notice_send`` task per notice, and the periodic scan, queued once."""
    send(draft_invitation)
    notices = list(Notice.objects.order_by("pk").values_list("pk", flat=True))
    queued = DBTaskResult.objects.order_by("enqueued_at", "pk")
    sends = [t.args_kwargs["args"][0] for t in queued if t.task_path.endswith(".notice_send")]
    scans = [t for t in queued if t.task_path.endswith(".notifications_scan")]
    assert sorted(sends) == notices
    assert len(scans) == 1


def test_nothing_is_told_before_the_commit(draft_invitation, world):
    """Inside the writing transaction no notice exists: the signal waits for the commit."""
    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=draft_invitation)
    assert not Notice.objects.exists()


# --- Reply date near ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_ahead", "reminded"),
    [
        (2, True),  # the reply date is the first day (no day left before): 3 days or less
        (3, True),
        (4, False),
        (33, True),  # a month before: the reply date is in 3 days
        (34, False),
    ],
)
def test_a_reply_date_near_reminds_the_invitee_once(
    make_arrangement, make_event, world, mailboxes, send, days_ahead, reminded
):
    make_arrangement()
    event = make_event(slug="soon", **in_days(days_ahead))
    invitation = event.invitations.get(invitee_post=world["posts"]["cis"][0])
    if days_ahead >= 33:
        # Sent long ago: the letter asks for an answer a month before the event.
        invitation_services.invitation_send(
            actor=world["editors"]["csto"],
            invitation=invitation,
            sent_at=invitation.created_at - dt.timedelta(days=60),
        )
    else:
        send(invitation)
    first = reminders_create()
    assert sorted(n.user.username for n in first) == (
        ["cis-editor", "cis-manager"] if reminded else []
    )
    assert reminders_create() == []  # once per invitation


def test_an_answered_invitation_is_not_reminded_of(
    make_arrangement, make_event, world, mailboxes, send
):
    make_arrangement()
    event = make_event(slug="soon", **in_days(2))
    invitation = send(event.invitations.get(invitee_post=world["posts"]["cis"][0]))
    invitation_services.invitation_answer(
        actor=world["editors"]["cis"], invitation=invitation, status=InvitationStatus.DECLINED
    )
    assert reminders_create() == []


def test_a_reminder_whose_answer_came_meanwhile_is_dropped(
    make_arrangement, make_event, world, mailboxes, send
):
    """A reminder created before the answer, sent after it, is not sent: nothing to remind of."""
    make_arrangement()
    event = make_event(slug="soon", **in_days(2))
    invitation = send(event.invitations.get(invitee_post=world["posts"]["cis"][0]))
    reminders = reminders_create()
    invitation_services.invitation_answer(
        actor=world["editors"]["cis"], invitation=invitation, status=InvitationStatus.ACCEPTED
    )
    assert {notice_deliver(notice_id=n.pk).status for n in reminders} == {NoticeStatus.DROPPED}
    # The subject of a reminder in either language the users here read (ru, en).
    assert not any(
        "срок ответа" in m.subject.lower() or "reply date" in m.subject.lower() for m in mail.outbox
    )


def test_past_correspondence_tells_nobody(
    make_arrangement, make_event, world, mailboxes, send, django_capture_on_commit_callbacks
):
    """An invitation sent, or answered, once its event has begun is history: no notice."""
    make_arrangement()
    event = make_event(slug="held", **in_days(-2))
    invitation = send(event.invitations.get(invitee_post=world["posts"]["cis"][0]))
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.invitation_answer(
            actor=world["editors"]["cis"], invitation=invitation, status=InvitationStatus.ACCEPTED
        )
    assert not Notice.objects.exists()


def test_the_notices_of_a_moment_cost_a_fixed_number_of_queries_per_recipient(
    draft_invitation, world, mailboxes, make_user, site_admin, django_assert_num_queries
):
    """The recipients are read in one query; each then costs its visibility check and insert.

    Fixed: the event, the invited organization, the recipients, the outer savepoint and
    its release.
    """
    from collegium.notifications.services import invitation_sent_notify

    invitation_services.invitation_send(actor=world["editors"]["csto"], invitation=draft_invitation)
    draft_invitation.refresh_from_db()
    # Per recipient: roles, party ids, the visibility check; a savepoint, the insert, its release.
    per_recipient = 6
    with django_assert_num_queries(5 + 2 * per_recipient):
        assert len(invitation_sent_notify(actor=None, invitation=draft_invitation)) == 2
    Notice.objects.all().delete()
    for n in range(3):
        user = make_user(world["orgs"]["cis"], Role.VIEWER, username=f"cis-viewer-{n}")
        user_update(actor=site_admin, user=user, data={"email": f"v{n}@example.org"})
    draft_invitation.refresh_from_db()  # its event and organization read again
    with django_assert_num_queries(5 + 5 * per_recipient):
        assert len(invitation_sent_notify(actor=None, invitation=draft_invitation)) == 5
