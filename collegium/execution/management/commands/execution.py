"""``collegium execution remind``: record the reminders due today and queue their sending."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from collegium.execution.reminders import reminder_plan


class Command(BaseCommand):
    help = "Tasks and their progress: reminders of deadlines."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{remind}")
        remind = sub.add_parser(
            "remind", help="record the reminders due and queue every unsent one for the worker"
        )
        remind.add_argument("--today", help="the day to plan for (YYYY-MM-DD; default: today)")

    def handle(self, *args, action: str, today: str | None = None, **options) -> None:
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today: {exc}") from exc
        with transaction.atomic():
            created = reminder_plan(today=day)
        self.stdout.write(f"{len(created)} reminder(s) recorded; unsent ones queued.")
