"""API schemas of tasks, progress reports and the interim-results report."""

import datetime as dt

from ninja import Field, Schema

from collegium.core.api.schemas import Date, InputBase, Text
from collegium.execution.models import Periodicity, ProgressReport, Task, TaskStatus


class TaskSchema(Schema):
    id: int
    document: str = Field(description="Slug of the resolution or programme.")
    source: str = Field(description="Stable identifier (eId) of the provision.")
    title: str = Field(description="The title in the language of the request.")
    title_ru: str
    title_en: str
    title_be: str
    lead: str = Field(description="Slug of the lead organization.")
    co_executors: list[str]
    start: dt.date | None
    deadline: dt.date | None
    periodicity: Periodicity
    next_due: dt.date | None
    status: TaskStatus
    is_overdue: bool = Field(description="Derived: open and past its deadline today.")
    progress: float = Field(description="Percent done; a parent's is its children's weighted mean.")
    weight: int
    parent: int | None
    carried_from: int | None
    carried_into: int | None
    is_illustrative: bool

    @staticmethod
    def resolve_document(obj: Task) -> str:
        return obj.document.slug

    @staticmethod
    def resolve_source(obj: Task) -> str:
        return obj.source.eid

    @staticmethod
    def resolve_lead(obj: Task) -> str:
        return obj.lead.slug

    @staticmethod
    def resolve_co_executors(obj: Task) -> list[str]:
        return [party.slug for party in obj.co_executors.all()]

    @staticmethod
    def resolve_next_due(obj: Task) -> dt.date | None:
        return obj.next_due()

    @staticmethod
    def resolve_is_overdue(obj: Task) -> bool:
        value = getattr(obj, "is_overdue", None)
        return obj.is_overdue_on() if value is None else bool(value)

    @staticmethod
    def resolve_progress(obj: Task) -> float:
        return float(getattr(obj, "progress", 0.0) or 0.0)

    @staticmethod
    def resolve_parent(obj: Task) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_carried_from(obj: Task) -> int | None:
        return obj.carried_from_id

    @staticmethod
    def resolve_carried_into(obj: Task) -> int | None:
        successor = getattr(obj, "carried_into", None)
        return successor.pk if successor is not None else None


class TaskFilterSchema(Schema):
    party: Text | None = Field(None, description="Slug of a lead or co-executing organization.")
    status: TaskStatus | None = None
    overdue: bool | None = None
    document: Text | None = Field(None, description="Slug of the source document.")


class TaskInputSchema(InputBase):
    document: Text = Field(description="Slug of the resolution or programme.")
    source: Text = Field(description="eId of the operative paragraph or programme item.")
    lead: Text = Field(description="Slug of the lead organization.")
    co_executors: list[Text] = []
    title_ru: Text = ""
    title_en: Text = ""
    title_be: Text = ""
    start: Date | None = None
    deadline: Date | None = None
    periodicity: Periodicity = Periodicity.ONCE
    weight: int = 1
    parent: int | None = None
    is_illustrative: bool = False


class TaskPatchSchema(InputBase):
    title_ru: Text | None = None
    title_en: Text | None = None
    title_be: Text | None = None
    lead: Text | None = None
    co_executors: list[Text] | None = None
    start: Date | None = None
    deadline: Date | None = None
    periodicity: Periodicity | None = None
    weight: int | None = None
    parent: int | None = None


class TaskMoveInputSchema(InputBase):
    status: TaskStatus


class CarryOverInputSchema(InputBase):
    document: Text = Field(description="Slug of the later resolution.")
    source: Text = Field(description="eId of its provision the task continues under.")
    deadline: Date | None = None


class ProgressReportSchema(Schema):
    id: int
    task: int
    date: dt.date
    status: TaskStatus
    percent: int
    narrative_ru: str
    narrative_en: str
    narrative_be: str
    evidence_file: str | None = Field(description="Name of the evidence file, if any.")
    evidence_url: str
    author: str | None
    organization: str

    @staticmethod
    def resolve_task(obj: ProgressReport) -> int:
        return obj.task_id

    @staticmethod
    def resolve_evidence_file(obj: ProgressReport) -> str | None:
        return obj.evidence_file.name or None

    @staticmethod
    def resolve_author(obj: ProgressReport) -> str | None:
        return obj.author.get_username() if obj.author is not None else None

    @staticmethod
    def resolve_organization(obj: ProgressReport) -> str:
        return obj.organization.slug


class ProgressReportFormSchema(Schema):
    """A progress report as multipart form fields (the evidence file beside them)."""

    date: Date | None = None
    status: TaskStatus
    percent: int = Field(ge=0, le=100)
    narrative_ru: Text = ""
    narrative_en: Text = ""
    narrative_be: Text = ""
    evidence_url: Text = ""


class InterimQuerySchema(Schema):
    date: Date | None = Field(None, description="The state on this day (default: the meeting's).")


class CountsSchema(Schema):
    name: str
    done: int = 0
    in_progress: int = 0
    overdue: int = 0
    carried_over: int = 0
    not_started: int = 0
    cancelled: int = 0


class InterimItemSchema(Schema):
    source: str
    section: str
    eid: str
    num: str
    text: str
    state: str
    progress: float
    narrative: str
    narrative_date: dt.date | None


class OverdueTaskSchema(Schema):
    party: str
    task: int
    title: str
    deadline: dt.date | None


class InterimSchema(Schema):
    meeting: str
    date: dt.date
    resolution: str | None
    programmes: list[str]
    items: list[InterimItemSchema]
    by_party: list[CountsSchema]
    by_section: list[CountsSchema]
    overdue: list[OverdueTaskSchema]
