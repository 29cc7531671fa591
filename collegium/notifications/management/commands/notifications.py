"""``collegium notifications remind``: remind the invitees of reply dates come near."""

from django.conf import settings
from django.core.management.base import BaseCommand

from collegium.notifications.services import reminders_send
from collegium.notifications.tasks import scan_schedule


class Command(BaseCommand):
    help = (
        "Create and queue the reminders of invitations whose reply date is "
        "NOTIFY_REPLY_DUE_DAYS days away or nearer, once per invitation (a second run sends "
        "nothing twice), and make sure the worker's periodic scan is queued. The task worker "
        "sends them."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{remind}")
        sub.add_parser("remind", help="queue the reminders of reply dates come near")

    def handle(self, *args, action: str, **options):
        notices = reminders_send()
        invitations = len({notice.object_id for notice in notices})
        scan_schedule(delay=settings.NOTIFY_SCAN_INTERVAL)
        self.stdout.write(
            self.style.SUCCESS(
                f"Queued {len(notices)} reminders of {invitations} invitations "
                f"(reply date within {settings.NOTIFY_REPLY_DUE_DAYS} days)."
            )
        )
