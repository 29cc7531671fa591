"""Load the demo scenario and print the demo logins."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.devdata.demo import DemoRefused, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo scenario (the real organizations, members and office-holders, demo users, "
        "the joint collegium of 25 Nov 2025). Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "refresh: bring the scenario's records back to the scenario (undoing what "
                "users did to them), even though the database holds data that is not the "
                "demo's, which stays as it is"
            ),
        )

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        try:
            result = demo_load(force=force)
        except DemoRefused as exc:
            raise CommandError(f"Demo not loaded: {exc}.") from exc
        if result.changed:
            for label, counts in (("created", result.created), ("updated", result.updated)):
                if counts:
                    listed = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
                    self.stdout.write(f"Demo {label}: {listed}.")
            if force:
                self.stdout.write(
                    "Demo refreshed: the scenario's records are back to the scenario "
                    "(audited as demo.refresh); records added outside it are unchanged."
                )
        elif force:
            self.stdout.write(
                "Demo refreshed: every record of the scenario already matched it; nothing "
                "changed. Records added outside the scenario are unchanged."
            )
        else:
            self.stdout.write("Demo scenario already loaded; nothing changed.")
        if result.logins:
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(f"Demo logins (password for all: {result.password})")
            )
            width = max(len(login.username) for login in result.logins)
            for login in result.logins:
                self.stdout.write(f"  {login.username:<{width}}  {login.description}")
            self.stdout.write("")
