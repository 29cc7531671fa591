"""Synthetic resolutions among the synthetic registry's organizations (``devdata.synth``).

``generate_documents()`` is pure: a function of the registry's part and the
seed.  Over fifteen years (2011–2025) each international organization adopts
a resolution at its yearly summit, and each foreign ministry now and then a
joint resolution with another: a modest volume, a few hundred documents at
scale 1, each of five to twelve paragraphs in Russian, English and
Belarusian, with one revision whose snapshot and digest come from the
engine, as the services would save them.  Past documents are in force, a
few superseded or expired.  Written in bulk inside ``synth_load``'s
transaction, under its one audit record.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from collegium.decisions.engine import canonical, structure
from collegium.decisions.models import (
    Document,
    DocumentKind,
    DocumentNode,
    DocumentParty,
    DocumentRevision,
    DocumentStatus,
    PartyRole,
)
from collegium.devdata.synth import SYNTH_NOTE, SYNTH_PREFIX, SynthContext, bulk_insert
from collegium.registry.models import Organization, OrganizationKind
from collegium.registry.synth import SynthData, Tr

FIRST_YEAR, LAST_YEAR = 2011, 2025
JOINT_CHANCE = 0.25
VERBS = (
    Tr("Одобрить", "Approve", "Ухваліць"),
    Tr("Поручить секретариату подготовить", "Instruct the secretariat to prepare",
       "Даручыць сакратарыяту падрыхтаваць"),
    Tr("Продолжить", "Continue", "Працягнуць"),
    Tr("Принять к сведению", "Take note of", "Прыняць да ведама"),
)  # fmt: skip
OBJECTS = (
    Tr("план консультаций", "the plan of consultations", "план кансультацый"),
    Tr("доклад о выполнении решений", "the report on implementing the decisions",
       "даклад аб выкананні рашэнняў"),
    Tr("совместные мероприятия", "the joint events", "сумесныя мерапрыемствы"),
    Tr("координацию позиций", "the coordination of positions", "каардынацыю пазіцый"),
)  # fmt: skip


@dataclass(frozen=True)
class SynthDocument:
    slug: str
    title: Tr
    parties: tuple[str, ...]  # organization slugs, the first drafting and owning
    dated: dt.date
    status: str
    paragraphs: tuple[Tr, ...]
    visibility: str


@dataclass(frozen=True)
class SynthDecisions:
    documents: tuple[SynthDocument, ...]

    def counts(self) -> dict[str, int]:
        return {
            "documents": len(self.documents),
            "document parts": sum(len(d.paragraphs) for d in self.documents),
        }


def _status(rng: random.Random, year: int) -> str:
    if year == LAST_YEAR:
        return DocumentStatus.SIGNED
    draw = rng.random()
    if draw < 0.1:
        return DocumentStatus.SUPERSEDED
    if draw < 0.25:
        return DocumentStatus.EXPIRED
    return DocumentStatus.IN_FORCE


def _paragraphs(rng: random.Random, year: int) -> tuple[Tr, ...]:
    out = []
    for _ in range(rng.randint(5, 12)):
        verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
        out.append(
            Tr(
                f"{verb.ru} {obj.ru} на {year + 1} год.",
                f"{verb.en} {obj.en} for {year + 1}.",
                f"{verb.be} {obj.be} на {year + 1} год.",
            )  # fmt: skip
        )
    return tuple(out)


def generate_documents(data: SynthData, *, seed: int) -> tuple[SynthDocument, ...]:
    """Return the synthetic documents for the registry's ``data`` (pure)."""
    rng = random.Random(f"decisions-{seed}")
    international = [
        o for o in data.organizations if o.kind == OrganizationKind.INTERNATIONAL.value
    ]
    ministries = [o for o in data.organizations if o.kind == OrganizationKind.MINISTRY.value]
    documents: list[SynthDocument] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for org in international:
            documents.append(
                SynthDocument(
                    slug=f"{SYNTH_PREFIX}resolution-{org.slug}-{year}",
                    title=Tr(
                        f"Решение {org.name.ru} ({year})",
                        f"Decision of {org.name.en} ({year})",
                        f"Рашэнне {org.name.be} ({year})",
                    ),  # fmt: skip
                    parties=(org.slug,),
                    dated=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    status=_status(rng, year),
                    paragraphs=_paragraphs(rng, year),
                    visibility=rng.choice(("public", "public", "public", "parties", "internal")),
                )
            )
        if len(ministries) < 2:
            continue
        for ministry in ministries:
            if rng.random() >= JOINT_CHANCE:
                continue
            other = rng.choice([m for m in ministries if m.slug != ministry.slug])
            documents.append(
                SynthDocument(
                    slug=f"{SYNTH_PREFIX}joint-resolution-{ministry.slug}-{other.slug}-{year}",
                    title=Tr(
                        f"Совместное постановление {ministry.name.ru} и {other.name.ru} ({year})",
                        f"Joint resolution of {ministry.name.en} and {other.name.en} ({year})",
                        f"Сумесная пастанова {ministry.name.be} і {other.name.be} ({year})",
                    ),  # fmt: skip
                    parties=(ministry.slug, other.slug),
                    dated=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    status=_status(rng, year),
                    paragraphs=_paragraphs(rng, year),
                    visibility=rng.choice(("public", "parties")),
                )
            )
    # A slug names one document: a ministry pair drawn twice in a year keeps the first.
    unique = {d.slug: d for d in reversed(documents)}
    return tuple(d for d in documents if unique[d.slug] is d)


def synth_generate(context: SynthContext) -> SynthDecisions:
    """Return the documents' part of ``collegium synth``, on the registry's part."""
    return SynthDecisions(generate_documents(context.parts["registry"], seed=context.seed))


def _dates(item: SynthDocument) -> dict[str, dt.date | None]:
    signed = item.dated
    return {
        "agreed_on": signed,
        "signed_on": signed,
        "in_force_on": signed if item.status != DocumentStatus.SIGNED else None,
        "superseded_on": signed.replace(year=signed.year + 1)
        if item.status == DocumentStatus.SUPERSEDED
        else None,
        "expired_on": dt.date(signed.year + 1, 12, 31)
        if item.status == DocumentStatus.EXPIRED
        else None,
    }


def insert_documents(
    data: SynthDecisions, *, organizations: dict[str, Organization]
) -> dict[str, int]:
    """Write the documents with their parties, parts and first revision; return the counts."""
    now = timezone.now()
    documents = bulk_insert(
        Document,
        [
            Document(
                slug=item.slug,
                kind=DocumentKind.RESOLUTION,
                title_ru=item.title.ru,
                title_en=item.title.en,
                title_be=item.title.be,
                dated=item.dated,
                status=item.status,
                is_illustrative=True,
                note=SYNTH_NOTE,
                counters={"": {"para": len(item.paragraphs)}},
                revision_number=1,
                created_at=now,
                owner=organizations[item.parties[0]],
                visibility=item.visibility,
                **_dates(item),
            )
            for item in data.documents
        ],
    )
    parties = bulk_insert(
        DocumentParty,
        [
            DocumentParty(
                document=document,
                organization=organizations[slug],
                role=PartyRole.DRAFTING if index == 0 else PartyRole.PARTY,
            )
            for document, item in zip(documents, data.documents, strict=True)
            for index, slug in enumerate(item.parties)
        ],
    )
    nodes: list[DocumentNode] = []
    revisions: list[DocumentRevision] = []
    for document, item in zip(documents, data.documents, strict=True):
        rows = []
        for number, text in enumerate(item.paragraphs, start=1):
            row: dict[str, object] = {
                "eid": f"para_{number}",
                "kind": structure.PARAGRAPH,
                "parent": None,
                "position": number,
                "num": f"{number}.",
                "text_ru": text.ru,
                "text_en": text.en,
                "text_be": text.be,
            }
            rows.append(row)
            nodes.append(
                DocumentNode(
                    document=document,
                    kind=structure.PARAGRAPH,
                    eid=f"para_{number}",
                    position=number,
                    num=f"{number}.",
                    text_ru=text.ru,
                    text_en=text.en,
                    text_be=text.be,
                )
            )
        meta = {
            "slug": item.slug,
            "kind": DocumentKind.RESOLUTION.value,
            "title": {"ru": item.title.ru, "be": item.title.be, "en": item.title.en},
            "authentic_language": "ru",
            "languages": ["ru", "be", "en"],
            "dated": item.dated.isoformat(),
            "meeting": None,
            "amends": None,
            "illustrative": True,
            "parties": sorted(
                (
                    {"organization": slug, "role": "drafting" if index == 0 else "party"}
                    for index, slug in enumerate(item.parties)
                ),
                key=lambda p: p["organization"],
            ),
        }
        snapshot = canonical.snapshot(meta, rows)
        revisions.append(
            DocumentRevision(
                document=document,
                number=1,
                snapshot=snapshot,
                digest=canonical.digest(snapshot),
                created_at=now,
            )
        )
    bulk_insert(DocumentNode, nodes)
    bulk_insert(DocumentRevision, revisions)
    return {"documents": len(documents), "parties": len(parties), "parts": len(nodes)}


def synth_insert(context: SynthContext, part: SynthDecisions) -> None:
    """Write the documents on the organizations the registry's part wrote."""
    insert_documents(part, organizations=context.rows["organizations"])


def synth_present() -> bool:
    return Document.objects.filter(slug__startswith=SYNTH_PREFIX).exists()
