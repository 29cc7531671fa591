"""The ``collegium`` command: every manage.py command, plus ``serve`` and ``demo``.

``collegium serve`` runs the production server (gunicorn) the way a
deployment would; ``collegium audit verify`` and the rest are management
commands of the apps.
"""

import os
import sys


def main(argv: list[str] | None = None, prog: str = "collegium") -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings.base")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings module)
    except ImproperlyConfigured as exc:
        # A missing or bad environment variable: its one line, not the traceback of the import.
        sys.stderr.write(f"{prog}: {exc}\n")
        return 1
    argv = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line([prog, *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
