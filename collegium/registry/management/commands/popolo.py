"""``collegium popolo export|import``: the registry as a Popolo JSON document.

``export`` writes everything (as the system) or what ``--user`` may see, sorted
so that two exports diff cleanly.  ``import`` checks the whole file, then
upserts it through the registry services as ``--user`` in one transaction;
``--dry-run`` reports what would change and writes nothing.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from collegium.core.exceptions import PermissionDenied, ValidationError
from collegium.core.progress import progress_for
from collegium.registry.popolo import KINDS, SYSTEM, export_popolo, import_popolo


class _DryRun(Exception):
    """Raised to roll back a dry run's transaction."""


class Command(BaseCommand):
    help = "Export or import the registry as a Popolo JSON document."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export,import}")
        export = actions.add_parser("export", help="Write the registry as Popolo JSON.")
        export.add_argument("--output", "-o", help="File to write (default: standard output).")
        export.add_argument(
            "--user", help="Export only what this user may see (default: everything)."
        )
        load = actions.add_parser("import", help="Create or update records from Popolo JSON.")
        load.add_argument("file", help="The Popolo JSON file.")
        load.add_argument(
            "--user", required=True, help="Import as this user (needs the editor role)."
        )
        load.add_argument(
            "--dry-run", action="store_true", help="Check and count the changes, write nothing."
        )

    def handle(self, *args, **options):
        if options["action"] == "export":
            self.export(output=options["output"], username=options["user"])
        else:
            self.load(path=options["file"], username=options["user"], dry_run=options["dry_run"])

    def _user(self, username: str):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Unknown or inactive user: %(name)s") % {"name": username})
        return user

    def export(self, *, output: str | None, username: str | None) -> None:
        user = self._user(username) if username else SYSTEM
        text = json.dumps(export_popolo(user=user), ensure_ascii=False, indent=2, sort_keys=True)
        if not output:
            self.stdout.write(text)
            return
        try:
            Path(output).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": output, "error": exc.strerror}
            ) from exc
        self.stdout.write(_("Wrote %(path)s") % {"path": output})

    def load(self, *, path: str, username: str, dry_run: bool) -> None:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise CommandError(_("No such file: %(path)s") % {"path": path}) from exc
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from exc
        except RecursionError as exc:
            raise CommandError(
                _("%(path)s is not valid JSON: it is nested too deeply.") % {"path": path}
            ) from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                _("%(path)s is not valid JSON: %(error)s (line %(line)s, column %(column)s)")
                % {"path": path, "error": exc.msg, "line": exc.lineno, "column": exc.colno}
            ) from exc
        actor = self._user(username)
        try:
            with transaction.atomic():
                result = import_popolo(actor=actor, data=data, progress=progress_for(self.stdout))
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except ValidationError as exc:
            raise CommandError(
                _("%(path)s was not imported:") % {"path": path}
                + "\n  "
                + "\n  ".join(exc.messages)
            ) from exc
        except (PermissionDenied, ImproperlyConfigured) as exc:
            raise CommandError(
                _("%(path)s was not imported: %(error)s") % {"path": path, "error": exc}
            ) from exc
        for outcome in ("created", "updated", "unchanged"):
            counts = getattr(result, outcome)
            summary = ", ".join(f"{kind} {counts[kind]}" for kind in KINDS)
            self.stdout.write(f"{outcome}: {summary}")
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
