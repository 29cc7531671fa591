"""Load the demo scenario and print the demo logins."""

from django.core.management.base import BaseCommand, CommandError

from collegium.devdata.demo import DemoRefused, demo_load
from collegium.registry import demo_data


class Command(BaseCommand):
    help = (
        "Load the demo scenario (the real organizations, members and office-holders, demo users, "
        "the joint collegium of 25 Nov 2025). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even though the database holds data that is not the demo's",
        )

    def handle(self, *args, force: bool, **options):
        try:
            result = demo_load(force=force)
        except DemoRefused as exc:
            raise CommandError(f"Demo not loaded: {exc}.") from exc
        if result.changed:
            for label, counts in (("created", result.created), ("updated", result.updated)):
                if counts:
                    listed = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
                    self.stdout.write(f"Demo {label}: {listed}.")
        else:
            self.stdout.write("Demo scenario already loaded; nothing changed.")
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Demo logins (password for all: {demo_data.DEMO_PASSWORD})")
        )
        width = max(len(u[0]) for u in demo_data.DEMO_USERS)
        for username, _org, label in demo_data.DEMO_USERS:
            self.stdout.write(f"  {username:<{width}}  manager, {label}")
        self.stdout.write(f"  {demo_data.DEMO_ADMIN:<{width}}  site administrator")
        self.stdout.write("")
