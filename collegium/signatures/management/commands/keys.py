"""``collegium keys init``, ``rotate``, ``list`` and ``ca``: the signing keys of the installation.

``init`` creates the master key file (``settings.SIGNING_KEY_FILE``, outside
the database) and the certificate authority; ``rotate --person SLUG`` retires
a signatory's key and creates a new one (old signatures stay verifiable);
``list`` shows the keys; ``ca`` prints the authority's certificate (PEM), for
validators such as ``pdfsig`` to trust.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from collegium.registry.models import Person
from collegium.signatures import keystore, services
from collegium.signatures.models import SigningKey
from collegium.signatures.selectors import current_authority


class Command(BaseCommand):
    help = "Create the signing master key and certificate authority; rotate and list keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{init,rotate,list,ca}")
        sub.add_parser("init", help="create the master key file and the certificate authority")
        rotate = sub.add_parser("rotate", help="retire a signatory's key and create a new one")
        rotate.add_argument("--person", required=True, help="the person's slug")
        sub.add_parser("list", help="list the signatories' keys")
        sub.add_parser("ca", help="print the certificate authority's certificate (PEM)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except (services.SigningUnavailable, keystore.KeystoreError) as exc:
            raise CommandError(str(exc)) from exc

    def _init(self, **options: Any) -> None:
        authority, created = services.keys_init(actor=None)
        verb = "created" if created else "exists"
        self.stdout.write(f"master key: {keystore.master_key_path()}")
        self.stdout.write(f"certificate authority {verb}: {authority.name}")
        self.stdout.write(f"fingerprint: {authority.fingerprint}")

    def _rotate(self, *, person: str, **options: Any) -> None:
        record = Person.objects.filter(slug=person).first()
        if record is None:
            raise CommandError(f"no person with the slug {person!r}")
        key = services.signing_key_rotate(actor=None, person=record)
        self.stdout.write(f"{record.slug}: new key {key.fingerprint}")

    def _list(self, **options: Any) -> None:
        for key in SigningKey.objects.select_related("person").order_by(
            "person__slug", "created_at"
        ):
            state = f"retired {key.retired_at:%Y-%m-%d}" if key.retired_at else "current"
            self.stdout.write(
                f"{key.person.slug}\t{key.fingerprint}\t{key.created_at:%Y-%m-%d}\t{state}"
            )

    def _ca(self, **options: Any) -> None:
        authority = current_authority()
        if authority is None:
            raise CommandError("no certificate authority; run `collegium keys init`")
        self.stdout.write(authority.certificate, ending="")
