"""``collegium invitations generate-all``: what every arrangement requires, for all events."""

import time

from django.core.management.base import BaseCommand

from collegium.core.progress import progress_for
from collegium.events.invitations.generation import invitations_generate_all


class Command(BaseCommand):
    help = (
        "Create every invitation that the arrangements in force require, for every event of "
        "the whole history (past events included), with one audit record per invitation. "
        "Idempotent: a second run creates nothing."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{generate-all}")
        sub.add_parser("generate-all", help="generate the missing invitations of all events")

    def handle(self, *args, action: str, **options):
        started = time.perf_counter()
        result = invitations_generate_all(actor=None, progress=progress_for(self.stdout))
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.created} invitations ({result.existing} there already) "
                f"for {result.events} events in {time.perf_counter() - started:.2f}s."
            )
        )
