"""``collegium runserver``: Django's development server, started only if pages can render.

Under the default settings static files need ``collectstatic`` first (see
``collegium.core.staticfiles``); without it every page would answer 500, so
the server says so and does not start.
"""

from typing import Any

from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.management.base import CommandError

from collegium.core.staticfiles import static_files_problem


class Command(RunserverCommand):
    def handle(self, *args: Any, **options: Any) -> None:
        problem = static_files_problem()
        if problem is not None:
            raise CommandError(
                f"{problem}\nRun `collegium collectstatic --no-input` first, or start the "
                "development server with DJANGO_SETTINGS_MODULE=collegium.settings.dev, "
                "which serves the static files from the source folders."
            )
        super().handle(*args, **options)
