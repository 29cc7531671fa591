"""Serve Collegium with gunicorn, the way production runs it."""

import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError

from collegium.core.staticfiles import static_files_problem


class Command(BaseCommand):
    help = "Serve the site with gunicorn (production server, static files via WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, bind, workers, threads, **options):
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
        if gunicorn is None:
            raise CommandError("gunicorn is not installed in this environment (run make install)")
        problem = static_files_problem()
        if problem is not None:
            raise CommandError(f"{problem}\nRun `collegium collectstatic --no-input` first.")
        self.stdout.write(f"Collegium is serving on http://{bind}/  (Ctrl+C stops it)")
        sys.stdout.flush()
        os.execv(  # noqa: S606 (replace this process with the server)
            gunicorn,
            [
                gunicorn,
                "collegium.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--access-logfile",
                "-",
                "--logger-class",
                "collegium.core.logs.MaskingGunicornLogger",
                "--graceful-timeout",
                "10",
            ],
        )
