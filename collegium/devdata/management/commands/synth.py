"""Load the synthetic data used by benchmarks: ``collegium synth --scale 1 --seed 1``."""

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.core.exceptions import ValidationError
from collegium.core.progress import progress_for
from collegium.devdata.synth import MAX_SCALE, SYNTH_PREFIX, synth_load


def _scale(value: str) -> float:
    try:
        scale = float(value)
    except ValueError:
        scale = 0.0
    if not 0 < scale <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"use a number in (0, {MAX_SCALE:g}], not {value!r}")
    return scale


class Command(BaseCommand):
    help = (
        "Load deterministic synthetic registry data (slugs start with 'synth-'): at --scale 1 "
        "about 60 organizations, 40 states, 1,500 persons, 15 years of tenures and "
        "memberships, about 1,100 events (2011-2027) and 6 cross-invitation arrangements; no "
        "invitations (run 'collegium invitations generate-all'). Refuses a database that "
        "already has synthetic data unless --force, which then leaves it as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=_scale,
            default=1.0,
            help=f"volume multiplier, fractions allowed (0 < N <= {MAX_SCALE:g}; default 1)",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="succeed without adding anything when synthetic data is already there",
        )

    def handle(self, *args: Any, scale: float, seed: int, force: bool, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = synth_load(
                actor=None,
                scale=scale,
                seed=seed,
                force=force,
                progress=progress_for(self.stdout),
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if not result.loaded:
            self.stdout.write(
                self.style.WARNING(
                    f"Synthetic data ({SYNTH_PREFIX}*) is already present; nothing was added. "
                    "Load into a fresh database to change the scale or the seed."
                )
            )
            return
        counts = ", ".join(f"{count} {name}" for name, count in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded synthetic data (scale {scale:g}, seed {seed}) in "
                f"{time.perf_counter() - started:.1f}s: {counts}."
            )
        )
