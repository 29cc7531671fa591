"""The execution part of the demo: tasks from the 2024 resolution and the 2024–2026 Programme,
progress reported by both ministries, one task carried over into the 2025 resolution.

The article says only that the collegia reviewed the interim results; the
tasks, deadlines and reports below are illustrative and marked so
(``is_illustrative``, a badge on every page).  The two secretariats (the demo
users ``mfa-ru`` and ``mfa-by``) write them through the services.  Loaded after
the documents (same band, later app).
"""

import datetime as dt

from collegium.accounts.models import User
from collegium.decisions.models import Document, DocumentNode, NodeKind
from collegium.devdata import demo
from collegium.execution import services
from collegium.execution.models import Task

ILLUSTRATIVE = {"is_illustrative": True}

# Per provision of the 2024 resolution (in order): lead, deadline, reports
# [(reporter, date, status, percent, (ru, be, en))], carried over into the 2025 paragraph.
type Report = tuple[str, dt.date, str, int, tuple[str, str, str]]

RESOLUTION_2024: list[tuple[str, dt.date, list[Report], int | None]] = [
    ("mfa-ru", dt.date(2025, 3, 31), [
        ("mfa-ru", dt.date(2025, 3, 20), "done", 100,
         ("Информация о ходе выполнения Программы рассмотрена (иллюстративно).",
          "Інфармацыя аб ходзе выканання Праграмы разгледжана (ілюстрацыйна).",
          "The information on the Programme was reviewed (illustrative).")),
    ], None),
    ("mfa-by", dt.date(2025, 10, 31), [
        ("mfa-by", dt.date(2025, 4, 15), "in_progress", 40,
         ("Проведены два раунда консультаций из пяти (иллюстративно).",
          "Праведзены два раунды кансультацый з пяці (ілюстрацыйна).",
          "Two rounds of consultations out of five held (illustrative).")),
        ("mfa-ru", dt.date(2025, 9, 30), "in_progress", 60,
         ("Три раунда проведены; остальные перенесены на 2026 год (иллюстративно).",
          "Тры раунды праведзены; астатнія перанесены на 2026 год (ілюстрацыйна).",
          "Three rounds held; the others moved to 2026 (illustrative).")),
    ], 2),
    ("mfa-ru", dt.date(2025, 6, 30), [
        ("mfa-ru", dt.date(2025, 2, 10), "in_progress", 30,
         ("Согласованы позиции к сессии Генассамблеи ООН (иллюстративно).",
          "Узгоднены пазіцыі да сесіі Генасамблеі ААН (ілюстрацыйна).",
          "Positions agreed for the UN General Assembly (illustrative).")),
    ], None),
    ("mfa-by", dt.date(2025, 5, 9), [
        ("mfa-by", dt.date(2025, 5, 8), "done", 100,
         ("Совместные мероприятия к 80-летию Победы проведены (иллюстративно).",
          "Сумесныя мерапрыемствы да 80-годдзя Перамогі праведзены (ілюстрацыйна).",
          "Joint events for the 80th anniversary of the Victory held (illustrative).")),
    ], None),
    ("mfa-ru", dt.date(2025, 11, 20), [
        ("mfa-by", dt.date(2025, 11, 18), "done", 100,
         ("Доклад о промежуточных итогах подготовлен (иллюстративно).",
          "Даклад аб прамежкавых выніках падрыхтаваны (ілюстрацыйна).",
          "The interim report is prepared (illustrative).")),
    ], None),
]  # fmt: skip

# Per programme item (theme order): lead, deadline, quarterly?, reports.
type ItemReport = tuple[str, dt.date, str, int, str | tuple[str, str, str]]

PROGRAMME: list[tuple[str, dt.date, bool, list[ItemReport]]] = [
    ("mfa-ru", dt.date(2026, 12, 31), True, [("mfa-ru", dt.date(2025, 10, 1), "in_progress", 70,
     "Проведены консультации заместителей министров (иллюстративно).")]),
    ("mfa-by", dt.date(2026, 12, 31), False, [("mfa-by", dt.date(2025, 6, 1), "in_progress", 50,
     "Внесены две совместные инициативы (иллюстративно).")]),
    ("mfa-by", dt.date(2025, 9, 1), False, [("mfa-by", dt.date(2025, 9, 1), "done", 100,
     "Мероприятия памяти проведены (иллюстративно).")]),
    ("mfa-ru", dt.date(2026, 12, 31), True, [("mfa-ru", dt.date(2025, 11, 1), "in_progress", 80,
     "Позиции согласованы перед саммитами СНГ, ОДКБ и ШОС (иллюстративно).")]),
    ("mfa-ru", dt.date(2025, 6, 30), False, [("mfa-by", dt.date(2025, 3, 1), "in_progress", 20,
     "Начат обмен оценками санкционных режимов (иллюстративно).")]),
    ("mfa-by", dt.date(2026, 6, 30), False, []),
    ("mfa-by", dt.date(2025, 12, 31), False, [("mfa-by", dt.date(2025, 10, 15), "in_progress", 65,
     "Согласован проект соглашения о консульском взаимодействии (иллюстративно).")]),
    ("mfa-ru", dt.date(2026, 12, 31), False, [("mfa-ru", dt.date(2025, 7, 1), "in_progress", 45,
     "Проведены экспертные консультации (иллюстративно).")]),
]  # fmt: skip


def _operative(document: Document) -> list[DocumentNode]:
    return list(
        document.nodes.filter(kind=NodeKind.PARAGRAPH)
        .exclude(parent__kind=NodeKind.PREAMBLE)
        .order_by("parent__position", "position", "pk")
    )


def _other(slug: str) -> str:
    return "mfa-by" if slug == "mfa-ru" else "mfa-ru"


@demo.step()
def load_tasks(context: demo.DemoContext) -> None:
    """Turn the 2024 provisions and the programme items into tasks with progress reports."""
    resolution = Document.objects.filter(slug="resolution-2024").first()
    programme = Document.objects.filter(slug="programme-2024-2026").first()
    later = Document.objects.filter(slug="resolution-2025").first()
    if resolution is None or programme is None or later is None:
        return
    if Task.objects.filter(document__in=[resolution, programme]).exists():
        return
    orgs = context.shared["organizations"]
    users = {slug: User.objects.get(username=slug) for slug in ("mfa-ru", "mfa-by")}

    def add_reports(task: Task, reports) -> None:
        for reporter, date, status, percent, narrative in reports:
            if isinstance(narrative, tuple):
                wording = dict(
                    zip(("narrative_ru", "narrative_be", "narrative_en"), narrative, strict=True)
                )
            else:
                wording = {"narrative_ru": narrative}
            services.progress_report_add(
                actor=users[reporter], task=task,
                data={"date": date, "status": status, "percent": percent, **wording},
            )  # fmt: skip
            task.refresh_from_db()
            context.result.count("progress reports", "created")

    for node, (lead, deadline, reports, carry) in zip(
        _operative(resolution), RESOLUTION_2024, strict=False
    ):
        task = services.task_create_from_node(
            actor=users[lead], node=node, lead=orgs[lead], co_executors=[orgs[_other(lead)]],
            data={"deadline": deadline, "start": dt.date(2024, 11, 19), **ILLUSTRATIVE},
        )  # fmt: skip
        context.result.count("tasks", "created")
        add_reports(task, reports)
        if carry is not None:
            into = _operative(later)[carry - 1]
            services.task_carry_over(
                actor=users[lead], task=task, into=into,
                data={"deadline": dt.date(2026, 12, 31), "start": dt.date(2025, 11, 25)},
            )  # fmt: skip
            context.result.count("tasks", "created")

    for node, (lead, deadline, quarterly, item_reports) in zip(
        _operative(programme), PROGRAMME, strict=False
    ):
        data = {"deadline": deadline, "start": dt.date(2024, 1, 1), **ILLUSTRATIVE}
        if quarterly:
            data["periodicity"] = "quarterly"
        task = services.task_create_from_node(
            actor=users[lead], node=node, lead=orgs[lead], co_executors=[orgs[_other(lead)]],
            data=data,
        )  # fmt: skip
        context.result.count("tasks", "created")
        add_reports(task, item_reports)


@demo.foreign_records
def execution_records_not_in_the_demo() -> dict[str, int]:
    slugs = ["resolution-2024", "resolution-2025", "programme-2024-2026"]
    return {"tasks": Task.objects.exclude(document__slug__in=slugs).count()}
