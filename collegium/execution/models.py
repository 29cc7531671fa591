"""Tasks that execute the parties' decisions, their progress reports and their reminders."""

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.core.i18n import TranslatedField
from collegium.core.models import AuditedModel, AuditedQuerySet, OwnedModel
from collegium.core.workflow import Transition, Workflow, WorkflowMixin
from collegium.execution.engine import schedule


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    CARRIED_OVER = "carried_over", _("Carried over")


OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


class Periodicity(models.TextChoices):
    ONCE = schedule.ONCE, _("Once")
    MONTHLY = schedule.MONTHLY, _("Monthly")
    QUARTERLY = schedule.QUARTERLY, _("Quarterly")
    HALF_YEARLY = schedule.HALF_YEARLY, _("Every half-year")
    YEARLY = schedule.YEARLY, _("Yearly")


_OPEN = {TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS}

TASK_WORKFLOW = Workflow(
    "task",
    states=TaskStatus,
    transitions=[
        Transition(
            "start",
            {TaskStatus.NOT_STARTED},
            TaskStatus.IN_PROGRESS,
            rule=_("Only a task not started yet is started."),
        ),
        Transition("complete", _OPEN, TaskStatus.DONE, rule=_("Only an open task is completed.")),
        Transition(
            "cancel", _OPEN, TaskStatus.CANCELLED, rule=_("Only an open task is cancelled.")
        ),
        Transition(
            "carry_over",
            _OPEN,
            TaskStatus.CARRIED_OVER,
            rule=_("Only an unfinished task is carried over into the next resolution."),
        ),
        # A report may reopen a task marked done too early.
        Transition("reopen", {TaskStatus.DONE}, TaskStatus.IN_PROGRESS),
    ],
    refused=_(
        "A task cannot move from “%(current)s” to “%(target)s”; %(rule)s "
        "From “%(current)s” it may move to: %(allowed)s."
    ),
    nothing=_("nothing (final)"),
    final={
        TaskStatus.CANCELLED: (
            _("A cancelled task is final; create a new task instead."),
            "task_cancelled_is_final",
        ),
        TaskStatus.CARRIED_OVER: (
            _("A carried-over task is final; its continuation is the task it was carried into."),
            "task_carried_over_is_final",
        ),
    },
)


def overdue_q(today: dt.date) -> Q:
    """Return the condition of an overdue task on ``today`` (open, its deadline passed)."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=today)


class TaskQuerySet(AuditedQuerySet):
    def with_overdue(self, today: dt.date | None = None) -> "TaskQuerySet":
        """Annotate ``is_overdue``: derived from the deadline and the status, never stored."""
        today = today or timezone.localdate()
        return self.annotate(
            is_overdue=Case(
                When(overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self, today: dt.date | None = None) -> "TaskQuerySet":
        return self.filter(overdue_q(today or timezone.localdate()))


class Task(WorkflowMixin, OwnedModel):
    """A task that executes a provision of a resolution or an item of a programme.

    ``source`` is the document part (its stable identifier never changes);
    ``lead`` is the responsible organization, ``co_executors`` share the work
    and may report.  Overdue is derived (``is_overdue_on``, ``with_overdue``).
    """

    source = models.ForeignKey(
        "decisions.DocumentNode",
        verbose_name=_("provision"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    document = models.ForeignKey(
        "decisions.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="tasks",
        editable=False,
    )
    title_ru = models.CharField(_("title (ru)"), max_length=400)
    title_en = models.CharField(_("title (en)"), max_length=400, blank=True)
    title_be = models.CharField(_("title (be)"), max_length=400, blank=True)
    lead = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("lead organization"),
        on_delete=models.PROTECT,
        related_name="tasks_led",
    )
    co_executors = models.ManyToManyField(
        "registry.Organization",
        verbose_name=_("co-executing organizations"),
        blank=True,
        related_name="tasks_co_executed",
    )
    start = models.DateField(_("start"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    periodicity = models.CharField(
        _("periodicity"),
        max_length=12,
        choices=Periodicity.choices,
        default=Periodicity.ONCE,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=14, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    weight = models.PositiveIntegerField(
        _("weight"), default=1, validators=[MaxValueValidator(1000)]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_into",
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    title = TranslatedField("title")

    objects: ClassVar[models.Manager["Task"]] = TaskQuerySet.as_manager()
    party_paths = ("lead_id", "co_executors__id", "document__party_links__organization_id")
    workflow = TASK_WORKFLOW

    class Meta:
        ordering = ["document_id", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["status", "deadline"], name="task_status_deadline_idx"),
            models.Index(fields=["lead", "status"], name="task_lead_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title_ru

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start and self.deadline and self.deadline < self.start:
            errors["deadline"] = _("The deadline is not before the start.")
        if self.periodicity and self.start is None:
            errors["start"] = _("A periodic task needs a start: its periods count from it.")
        if self.parent_id is not None and self.pk is not None and self.parent_id == self.pk:
            errors["parent"] = _("A task is not its own parent.")
        if errors:
            raise ValidationError(errors)

    def next_due(self, today: dt.date | None = None) -> dt.date | None:
        return schedule.next_due(
            deadline=self.deadline,
            periodicity=self.periodicity,
            start=self.start,
            today=today or timezone.localdate(),
        )

    def is_overdue_on(self, today: dt.date | None = None) -> bool:
        """Return whether the task is overdue on ``today`` (the rule of ``overdue_q``)."""
        return schedule.is_overdue(
            status=self.status, due=self.deadline, today=today or timezone.localdate()
        )

    @property
    def is_open(self) -> bool:
        return self.status in _OPEN


def evidence_path(instance: "ProgressReport", filename: str) -> str:
    return f"execution/evidence/{instance.task_id}/{filename}"


class ProgressReport(AuditedModel):
    """A responsible party's report on a task: its status, percent, narrative and evidence."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=14, choices=TaskStatus.choices)
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MaxValueValidator(100)]
    )
    narrative_ru = models.TextField(_("narrative (ru)"), blank=True)
    narrative_en = models.TextField(_("narrative (en)"), blank=True)
    narrative_be = models.TextField(_("narrative (be)"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to=evidence_path, max_length=300, blank=True
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("reporting party"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    narrative = TranslatedField("narrative")

    class Meta:
        ordering = ["task_id", "-date", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [models.Index(fields=["task", "-date", "-id"], name="report_latest_idx")]

    def __str__(self) -> str:
        return f"{self.percent}% on task {self.task_id} ({self.date})"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, to be retried")


class TaskReminder(AuditedModel):
    """A reminder of a task's deadline; the key (task, kind, due date) is sent at most once."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=20)
    due = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    recipients = models.JSONField(_("recipients"), default=list)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("task reminder")
        verbose_name_plural = _("task reminders")
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "due"], name="one_reminder_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder of task {self.task_id} due {self.due}"


def own_progress_expression(percent: Any) -> Case:
    """Return the SQL of ``engine.rollup.own_progress`` over a percent expression."""
    return Case(
        When(status=TaskStatus.DONE, then=Value(100.0)),
        default=Coalesce(percent * Value(1.0), Value(0.0)),
        output_field=models.FloatField(),
    )
