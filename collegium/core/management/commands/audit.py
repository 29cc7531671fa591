"""``collegium audit verify`` and ``collegium audit checkpoint``.

``verify`` checks the chain and, unless told otherwise, the latest checkpoint
the task worker keeps (``settings.AUDIT_CHECKPOINT_PATH``), so a chain cut
short below it is reported without naming a file, with the checkpoint's head
and the chain's length; while there is none yet, ``verify`` says so.
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.core import audit


class Command(BaseCommand):
    help = "Verify the audit hash chain, or write a signed checkpoint of its head."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify,checkpoint}")
        verify = sub.add_parser("verify", help="check every record; report the first broken one")
        verify.add_argument(
            "--checkpoint",
            type=Path,
            help="a checkpoint file written earlier: also detect truncation after it "
            "(default: settings.AUDIT_CHECKPOINT_PATH, the latest one, when it exists)",
        )
        verify.add_argument(
            "--no-checkpoint",
            action="store_true",
            help="check the chain alone, without the latest checkpoint",
        )
        checkpoint = sub.add_parser(
            "checkpoint", help="write an Ed25519-signed statement of the chain head"
        )
        checkpoint.add_argument(
            "--output", "-o", type=Path, help="file to write (default: standard output)"
        )
        verify.add_argument(
            "--public-key",
            type=Path,
            help="Ed25519 public key (PEM) to check the checkpoint with; keep it off the "
            "database host (default: the public half of --key)",
        )
        public = sub.add_parser(
            "public-key", help="print the public key of the signing key (PEM), to keep apart"
        )
        for subparser in (verify, checkpoint, public):
            subparser.add_argument(
                "--key", type=Path, help="signing key (default: settings.AUDIT_SIGNING_KEY_PATH)"
            )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            if action == "verify":
                checkpoint = options.get("checkpoint")
                latest_missing = None
                if checkpoint is None and not options.get("no_checkpoint"):
                    checkpoint = self._latest_checkpoint()
                    if checkpoint is None:
                        latest_missing = settings.AUDIT_CHECKPOINT_PATH
                self._verify(checkpoint, options.get("key"), options.get("public_key"))
                if latest_missing is not None:
                    self.stderr.write(
                        f"note: no checkpoint at {latest_missing} yet (the task worker writes "
                        "it), so records removed from the end of the chain would go unnoticed"
                    )
            elif action == "public-key":
                self.stdout.write(audit.public_key_pem(audit.load_signing_key(options.get("key"))))
            else:
                self._checkpoint(options.get("output"), options.get("key"))
        except (OSError, ValueError, TypeError) as exc:
            # Unreadable or wrong key files: name the problem, no traceback.
            raise CommandError(f"cannot use the key: {exc}") from exc

    def _latest_checkpoint(self) -> Path | None:
        """Return the checkpoint the task worker keeps up to date, if there is one."""
        path = settings.AUDIT_CHECKPOINT_PATH
        if path is None or not Path(path).exists():
            return None
        return Path(path)

    def _verify(
        self, checkpoint_path: Path | None, key: Path | None, public_key: Path | None
    ) -> None:
        result = audit.verify_chain()
        if not result.ok:
            raise CommandError(
                f"audit chain BROKEN at record #{result.broken_seq} ({result.reason}); "
                f"{result.head_seq} records before it verify"
            )
        if checkpoint_path is not None:
            try:
                checkpoint = json.loads(checkpoint_path.read_text())
            except FileNotFoundError as exc:
                raise CommandError(f"checkpoint file not found: {checkpoint_path}") from exc
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read checkpoint {checkpoint_path}: {exc}") from exc
            except RecursionError as exc:
                raise CommandError(
                    f"cannot read checkpoint {checkpoint_path}: it is nested too deeply"
                ) from exc
            try:
                audit.checkpoint_check(checkpoint, key_path=key, public_key_path=public_key)
            except FileNotFoundError as exc:
                raise CommandError(str(exc)) from exc
            except audit.ChainTruncated as exc:
                raise CommandError(
                    f"audit chain TRUNCATED: it ends at record #{exc.last_seq} "
                    f"({result.count} records), but the checkpoint {checkpoint_path} "
                    f"signed record #{exc.head_seq} as its head"
                ) from exc
            except audit.CheckpointError as exc:
                raise CommandError(f"audit chain does not match the checkpoint: {exc}") from exc
            self.stdout.write(
                f"checkpoint OK: record #{checkpoint['statement']['head_seq']} is intact "
                f"({checkpoint_path})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {result.count} records, head #{result.head_seq} {result.head_hash}"
            )
        )

    def _checkpoint(self, output: Path | None, key: Path | None) -> None:
        try:
            checkpoint = audit.checkpoint_create(key_path=key)
        except audit.CheckpointError as exc:
            raise CommandError(str(exc)) from exc
        text = json.dumps(checkpoint, indent=2, ensure_ascii=False) + "\n"
        if output is None:
            sys.stdout.write(text)
            return
        try:
            output.write_text(text)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc}") from exc
        statement = checkpoint["statement"]
        self.stderr.write(
            f"checkpoint of record #{statement['head_seq']} written to {output}; "
            "keep it outside the database host"
        )
