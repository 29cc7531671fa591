"""``collegium documents verify``: every signed document's signatures against its stored text.

Lists each signed document with its result (``ok``, ``RED``, or ``unsigned``
for one recorded as signed without a signature kept here) and, per party,
the signatory, the key and the reason; exits 1 naming the documents whose
stored text no longer matches what was signed.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.decisions import signing


class Command(BaseCommand):
    help = "Verify the signatures of every signed document against its stored text."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify}")
        sub.add_parser("verify", help="verify every signed document; exit 1 if one is red")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        checks = signing.documents_verify()
        red = []
        for check in checks:
            self.stdout.write(f"{check.verdict}\t{check.document.slug}\t{check.document.status}")
            for item in check.signatures:
                signature = item.signature
                self.stdout.write(
                    f"\t{signature.organization.slug}\t{signature.signatory}"
                    f"\t{item.verification.fingerprint[:16]}\t{item.verification.colour}"
                    f"\t{item.verification.reason}"
                )
            if not check.ok:
                red.append(check.document.slug)
        self.stdout.write(f"{len(checks)} signed documents, {len(red)} not verified")
        if red:
            raise CommandError(
                "the stored text no longer matches the signatures of: " + ", ".join(red)
            )
