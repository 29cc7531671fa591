"""Synthetic tasks and progress reports on the synthetic resolutions (``devdata.synth``).

At scale 1: 100,000 tasks spread over the operative paragraphs of the
documents app's fifteen years of resolutions, and about 500,000 progress
reports (five per task on average), by the lead organization.  ``generate``
is pure (the documents' part and the seed); the rows are written with bulk
inserts inside ``synth_load``'s transaction, under its one audit record.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from collegium.decisions.models import Document, DocumentNode
from collegium.decisions.synth import SynthDecisions, SynthDocument, insert_documents
from collegium.devdata.synth import SYNTH_PREFIX, SynthContext, bulk_insert
from collegium.execution.models import ProgressReport, Task, TaskStatus
from collegium.registry.synth import Tr

TASKS_AT_SCALE_1 = 100_000
REPORTS_PER_TASK = 5  # on average
BATCH = 5000
# What the progress reports are read by first: only a sample is validated row by row
# (``bulk_insert``); the rest share its shape, and the database checks the keys.
CHECKED_SAMPLE = 1000
BIG_ITEMS = 500
BIG_SLUG = f"{SYNTH_PREFIX}resolution-500-provisions"


@dataclass(frozen=True)
class SynthTask:
    document: str  # slug
    paragraph: int  # para_<n>
    lead: str  # organization slug
    deadline: dt.date
    status: str
    weight: int
    reports: tuple[tuple[dt.date, str, int], ...]


@dataclass(frozen=True)
class SynthExecution:
    tasks: tuple[SynthTask, ...]
    # The benchmark's resolution of ``BIG_ITEMS`` provisions, one task each (None: no ministries).
    big: SynthDocument | None = None

    def counts(self) -> dict[str, int]:
        return {
            "tasks": len(self.tasks),
            "benchmark resolutions": int(self.big is not None),
            "progress reports": sum(len(task.reports) for task in self.tasks),
        }


def big_resolution(documents) -> SynthDocument | None:
    """Return a resolution of ``BIG_ITEMS`` provisions, between the parties of a joint one
    when there is one (else of the first resolution)."""
    joint = next((d for d in documents if len(d.parties) > 1), documents[0] if documents else None)
    if joint is None:
        return None
    return SynthDocument(
        slug=BIG_SLUG,
        title=Tr(
            "Постановление на 500 пунктов (синтетическое)",
            "Resolution of 500 provisions (synthetic)",
            "Пастанова на 500 пунктаў (сінтэтычная)",
        ),
        parties=joint.parties,
        dated=dt.date(2024, 11, 19),
        status="in_force",
        paragraphs=tuple(
            Tr(f"Пункт {n} (синтетический).", f"Provision {n} (synthetic).", f"Пункт {n}.")
            for n in range(1, BIG_ITEMS + 1)
        ),
        visibility="public",
    )


def generate(documents, *, scale: float, seed: int) -> SynthExecution:
    """Return the tasks and reports for the synthetic ``documents`` (pure)."""
    rng = random.Random(f"execution-{seed}")
    big = big_resolution(documents)
    slots = [
        (document, number)
        for document in documents
        for number in range(1, len(document.paragraphs) + 1)
    ]
    if not slots:
        return SynthExecution(())
    total = int(TASKS_AT_SCALE_1 * scale)
    tasks = []
    for index in range(total + (BIG_ITEMS if big is not None else 0)):
        if index < total:
            document, number = slots[index % len(slots)]
        else:
            document, number = big, index - total + 1
        deadline = document.dated + dt.timedelta(days=rng.randint(60, 720))
        draw = rng.random()
        status = (
            TaskStatus.DONE if draw < 0.55
            else TaskStatus.IN_PROGRESS if draw < 0.85
            else TaskStatus.NOT_STARTED if draw < 0.95
            else TaskStatus.CANCELLED
        )  # fmt: skip
        count = 0 if status == TaskStatus.NOT_STARTED else rng.randint(1, 2 * REPORTS_PER_TASK + 1)
        reports = []
        percent = 0
        for step in range(count):
            percent = min(100, percent + rng.randint(5, 30))
            last = step == count - 1
            reported = TaskStatus.DONE if status == TaskStatus.DONE and last else "in_progress"
            reports.append(
                (
                    document.dated + dt.timedelta(days=30 * (step + 1)),
                    reported,
                    100 if reported == TaskStatus.DONE else min(percent, 95),
                )
            )
        tasks.append(
            SynthTask(
                document=document.slug,
                paragraph=number,
                lead=document.parties[index % len(document.parties)],
                deadline=deadline,
                status=status,
                weight=rng.randint(1, 5),
                reports=tuple(reports),
            )
        )
    return SynthExecution(tuple(tasks), big)


def synth_generate(context: SynthContext) -> SynthExecution:
    """Return the tasks' part of ``collegium synth``, on the documents' part."""
    return generate(context.parts["decisions"].documents, scale=context.scale, seed=context.seed)


def insert(part: SynthExecution, *, organizations) -> dict[str, int]:
    """Write the benchmark's resolution, the tasks and their reports in bulk; return the counts."""
    if part.big is not None:
        insert_documents(SynthDecisions((part.big,)), organizations=organizations)
    slugs = {task.document for task in part.tasks}
    documents = {d.slug: d for d in Document.objects.filter(slug__in=slugs)}
    nodes = {
        (slug, eid): pk
        for slug, eid, pk in DocumentNode.objects.filter(document__slug__in=slugs).values_list(
            "document__slug", "eid", "pk"
        )
    }
    now = timezone.now()
    tasks = bulk_insert(
        Task,
        [
            Task(
                source_id=nodes[(item.document, f"para_{item.paragraph}")],
                document=documents[item.document],
                title_ru=f"Задача по пункту {item.paragraph}",
                title_en=f"Task on provision {item.paragraph}",
                lead=organizations[item.lead],
                deadline=item.deadline,
                status=item.status,
                weight=item.weight,
                is_illustrative=True,
                created_at=now,
                owner_id=documents[item.document].owner_id,
                visibility=documents[item.document].visibility,
            )
            for item in part.tasks
        ],
    )
    reports = [
        ProgressReport(
            task_id=task.pk,
            date=date,
            status=status,
            percent=percent,
            narrative_ru="Синтетический отчёт.",
            organization=organizations[item.lead],
            created_at=now,
        )
        for task, item in zip(tasks, part.tasks, strict=True)
        for date, status, percent in item.reports
    ]
    bulk_insert(ProgressReport, reports[:CHECKED_SAMPLE])
    ProgressReport.objects.bulk_create(reports[CHECKED_SAMPLE:], batch_size=BATCH)
    return {"tasks": len(tasks), "progress reports": len(reports)}


def synth_insert(context: SynthContext, part: SynthExecution) -> None:
    insert(part, organizations=context.rows["organizations"])


def synth_present() -> bool:
    return Task.objects.filter(document__slug__startswith="synth-").exists()
