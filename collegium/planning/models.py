"""Plans of inter-ministry consultations, their requests, blackouts and solved versions.

A plan (``ConsultationPlan``) belongs to its parties (two or more ministries);
its requests, manual blackouts and versions belong to the plan: whoever sees
the plan sees them (no visibility of their own).  A version keeps the engine's
input and output as JSON (the documented file formats of ``engine.fileio``),
so a version can be solved again or checked by others.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collegium.core.i18n import TranslatedField
from collegium.core.models import AuditedModel, OwnedModel
from collegium.core.workflow import Transition, Workflow, WorkflowMixin

ALTERNATE = "alternate"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    APPROVED = "approved", _("Approved")


PLAN_WORKFLOW = Workflow(
    "plan",
    states=PlanStatus,
    transitions=[
        Transition("agree", {PlanStatus.DRAFT}, PlanStatus.AGREED),
        Transition("reopen", {PlanStatus.AGREED, PlanStatus.APPROVED}, PlanStatus.DRAFT),
        Transition("approve", {PlanStatus.DRAFT, PlanStatus.AGREED}, PlanStatus.APPROVED),
    ],
    refused=_(
        "A plan cannot move from “%(current)s” to “%(target)s”; "
        "from “%(current)s” it may move to: %(allowed)s."
    ),
    nothing=_("nothing (the status is final)"),
)


class ConsultationPlan(WorkflowMixin, OwnedModel):
    """The plan of consultations of two or more ministries for one year."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    year = models.PositiveIntegerField(_("year"))
    title_ru = models.CharField(_("title (ru)"), max_length=400)
    title_en = models.CharField(_("title (en)"), max_length=400, blank=True)
    title_be = models.CharField(_("title (be)"), max_length=400, blank=True)
    parties = models.ManyToManyField(
        "registry.Organization", verbose_name=_("parties"), related_name="consultation_plans"
    )
    capitals = models.JSONField(
        _("capitals"),
        default=dict,
        blank=True,
        help_text=_("The host city of each party by its slug; by default the party's seat city."),
    )
    max_per_week = models.PositiveSmallIntegerField(
        _("consultations per week at most"), null=True, blank=True
    )
    max_per_week_per_department = models.PositiveSmallIntegerField(
        _("consultations per week and department at most"), null=True, blank=True
    )
    hosting_tolerance = models.PositiveSmallIntegerField(
        _("hosting balance tolerance"),
        null=True,
        blank=True,
        help_text=_("The most by which the rounds two parties host may differ."),
    )
    extra_non_working_days = models.JSONField(
        _("extra non-working days"),
        default=list,
        blank=True,
        help_text=_("Dates YYYY-MM-DD besides the public holidays of both states."),
    )
    weights = models.JSONField(
        _("weights"),
        default=dict,
        blank=True,
        help_text=_("The objective's weights: unplaced, window, spread, moved."),
    )
    time_limit = models.FloatField(_("time limit of a solve (s)"), default=10.0)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_version = models.ForeignKey(
        "planning.PlanVersion",
        verbose_name=_("approved version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    document = models.OneToOneField(
        "decisions.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_plan",
        editable=False,
        help_text=_(
            "The plan as a document of its parties (drawn up on approval): "
            "they agree and sign it there."
        ),
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo content not taken from an official source."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    title = TranslatedField("title")
    party_paths = ("parties__id",)
    workflow = PLAN_WORKFLOW

    class Meta:
        ordering = ["-year", "slug"]
        verbose_name = _("plan of consultations")
        verbose_name_plural = _("plans of consultations")

    def __str__(self) -> str:
        return self.title_ru or self.slug

    def clean(self) -> None:
        super().clean()
        if self.year is not None and not 1900 <= self.year <= 2200:
            raise ValidationError({"year": _("Give a year between 1900 and 2200.")})
        errors: dict[str, Any] = {}
        if not isinstance(self.capitals, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip()
            for k, v in self.capitals.items()
        ):
            errors["capitals"] = _("Give an object of party slug → city name.")
        days = self.extra_non_working_days
        if not isinstance(days, list):
            errors["extra_non_working_days"] = _("Give a list of dates YYYY-MM-DD.")
        else:
            for value in days:
                try:
                    dt.date.fromisoformat(str(value))
                except ValueError:
                    errors["extra_non_working_days"] = _("%(value)s is not a date YYYY-MM-DD.") % {
                        "value": value
                    }
                    break
        allowed = {"unplaced", "window", "spread", "moved"}
        if not isinstance(self.weights, dict) or any(
            k not in allowed or isinstance(v, bool) or not isinstance(v, int) or v < 0
            for k, v in self.weights.items()
        ):
            errors["weights"] = _(
                "Give whole numbers of at least 0 for the keys unplaced, window, spread, moved."
            )
        if self.time_limit is not None and not 0.1 <= self.time_limit <= 600:
            errors["time_limit"] = _("Give a time limit between 0.1 and 600 seconds.")
        if errors:
            raise ValidationError(errors)


class Level(models.TextChoices):
    DEPUTY_MINISTER = "deputy_minister", _("Deputy minister")
    DEPARTMENT_DIRECTOR = "department_director", _("Department director")
    EXPERT = "expert", _("Expert")


class ConsultationRequest(AuditedModel):
    """One round of consultations to place: who, on what, how long, when preferably."""

    plan = models.ForeignKey(
        ConsultationPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    code = models.SlugField(_("code"), max_length=40)
    topic_ru = models.CharField(_("topic (ru)"), max_length=400)
    topic_en = models.CharField(_("topic (en)"), max_length=400, blank=True)
    topic_be = models.CharField(_("topic (be)"), max_length=400, blank=True)
    level = models.CharField(
        _("level"), max_length=30, choices=Level.choices, default=Level.DEPARTMENT_DIRECTOR
    )
    party_a = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("first party"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_b = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("second party"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department_a = models.CharField(_("department of the first party"), max_length=300, blank=True)
    department_b = models.CharField(_("department of the second party"), max_length=300, blank=True)
    lead_a = models.ForeignKey(
        "registry.Post",
        verbose_name=_("lead of the first party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A post: its holder on the dates leads the delegation."),
    )
    lead_b = models.ForeignKey(
        "registry.Post",
        verbose_name=_("lead of the second party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    days = models.PositiveSmallIntegerField(_("working days"), default=1)
    window_start = models.DateField(_("window from"), null=True, blank=True)
    window_end = models.DateField(_("window to"), null=True, blank=True)
    host = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the parties alternate with the previous round of the topic."),
    )
    previous_host = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("host of the previous round"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    min_gap_days = models.PositiveSmallIntegerField(_("minimum gap (days)"), default=0)
    topic_key = models.SlugField(_("topic key"), max_length=80, blank=True)
    pinned = models.DateField(_("pinned date"), null=True, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("calendar event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    document_eid = models.CharField(
        _("paragraph of the plan's document"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("The stable identifier of the round's paragraph in the plan's document."),
    )

    topic = TranslatedField("topic")

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="planning_request_code_unique")
        ]

    def __str__(self) -> str:
        # Not translated: it is also the object's name in the audit chain.
        return f"consultation request {self.code} of plan {self.plan_id}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.days is not None and self.days < 1:
            errors["days"] = _("A consultation lasts at least one day.")
        if self.party_a_id and self.party_a_id == self.party_b_id:
            errors["party_b"] = _("The two parties must differ.")
        if self.window_start and self.window_end and self.window_end < self.window_start:
            errors["window_end"] = _("The window ends before it starts.")
        pair = {self.party_a_id, self.party_b_id}
        for name in ("host", "previous_host"):
            value = getattr(self, f"{name}_id")
            if value is not None and value not in pair:
                errors[name] = _("Choose one of the request's two parties.")
        for name, party in (("lead_a", self.party_a_id), ("lead_b", self.party_b_id)):
            post = getattr(self, name)
            if (
                post is not None
                and party is not None
                and party not in {post.organization_id, post.organization.parent_id}
            ):
                errors[name] = _("Choose a post of this party (or of its departments).")
        if errors:
            raise ValidationError(errors)


class ManualBlackout(AuditedModel):
    """Days on which an official (a post's holder), or every official of the plan, is away."""

    plan = models.ForeignKey(
        ConsultationPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="blackouts",
    )
    post = models.ForeignKey(
        "registry.Post",
        verbose_name=_("post"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every lead official of the plan."),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "start_date", "pk"]
        verbose_name = _("blackout")
        verbose_name_plural = _("blackouts")

    def __str__(self) -> str:
        return f"blackout {self.start_date}..{self.end_date} of plan {self.plan_id}"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


class VersionState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PlanVersion(AuditedModel):
    """One solve of a plan: the engine's input and its result, numbered within the plan."""

    plan = models.ForeignKey(
        ConsultationPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("re-planned from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=VersionState.choices, default=VersionState.QUEUED
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    input = models.JSONField(_("input"), default=dict)
    result = models.JSONField(_("result"), default=dict, blank=True)
    status = models.CharField(_("solver status"), max_length=12, blank=True)
    objective = models.FloatField(_("objective"), null=True, blank=True)
    bound = models.FloatField(_("best bound"), null=True, blank=True)
    gap = models.FloatField(_("gap"), null=True, blank=True)
    solve_seconds = models.FloatField(_("solve time (s)"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planning_version_unique")
        ]

    def __str__(self) -> str:
        return f"version {self.number} of plan {self.plan_id}"

    @property
    def status_label(self) -> str:
        """The solver's status in the reader's language (the engine reports it in English)."""
        labels = {
            "optimal": _("optimal (proven)"),
            "feasible": _("feasible (not proven optimal)"),
            "infeasible": _("not everything fits"),
        }
        return str(labels.get(self.status, self.status))
