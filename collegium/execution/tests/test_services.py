"""Task services: creation from provisions, moves, reports by the responsible party only,
carry-over lineage, derived overdue, the SQL roll-up against the engine."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.models import AuditRecord
from collegium.execution import selectors, services
from collegium.execution.engine import rollup
from collegium.execution.models import Task, TaskStatus
from collegium.execution.tests.conftest import provision

pytestmark = pytest.mark.django_db


def report(actor, task, **data):
    data.setdefault("date", dt.date(2025, 1, 10))
    data.setdefault("status", "in_progress")
    data.setdefault("percent", 40)
    return services.progress_report_add(actor=actor, task=task, data=data)


def test_task_takes_the_provision_wording_and_is_audited(make_task, resolution):
    """A task from a paragraph takes its wording; its creation is audited with its parties."""
    task = make_task()
    assert task.title_ru == "Пункт 1"
    assert task.title_en == "Provision 1"
    assert task.document == resolution
    record = AuditRecord.objects.filter(action="task.create", object_id=str(task.pk)).get()
    assert record.object_type == "execution.task"


def test_preamble_yields_no_task(make_task, resolution):
    """A preamble's paragraph is not an operative provision."""
    node = resolution.nodes.get(kind="paragraph", parent__kind="preamble")
    with pytest.raises(ValidationError) as exc:
        make_task(node=node)
    assert "source" in exc.value.message_dict


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("ru_manager", True), ("by_manager", True), ("ru_editor", False), ("site_admin", False)],
)
def test_who_creates_tasks(request, make_task, who, allowed):
    """Only a manager for a party to the document creates its tasks."""
    actor = request.getfixturevalue(who)
    if allowed:
        make_task(actor=actor)
    else:
        with pytest.raises(PermissionDenied, match="creates its tasks"):
            make_task(actor=actor)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("ru_editor", True),  # the lead's secretariat
        ("ru_manager", True),
        ("by_editor", True),  # a co-executor's
        ("outsider_editor", False),
        ("site_admin", False),
    ],
)
def test_only_the_responsible_party_reports(
    request, make_task, make_user, outsider, mfa_by, who, allowed
):
    """The lead and the co-executors report; anyone else gets 403 naming the rule."""
    request.getfixturevalue("by_editor")
    if who == "outsider_editor":
        actor = make_user(outsider, "editor")
    else:
        actor = request.getfixturevalue(who)
    task = make_task(co_executors=[mfa_by])
    if allowed:
        made = report(actor, task)
        assert made.organization in {task.lead, mfa_by}
    else:
        with pytest.raises(PermissionDenied, match="responsible party"):
            report(actor, task)


def test_a_non_party_manager_does_not_report(make_task, by_manager):
    """A manager of the other party that is not responsible for the task does not report."""
    task = make_task()
    with pytest.raises(PermissionDenied, match="responsible party"):
        report(by_manager, task)


def test_report_moves_the_task(make_task, ru_editor):
    """A report in progress starts the task; a report done completes it at 100%."""
    task = make_task()
    report(ru_editor, task)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    with pytest.raises(ValidationError) as exc:
        report(ru_editor, task, status="done", percent=90)
    assert "percent" in exc.value.message_dict
    report(ru_editor, task, status="done", percent=100)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_overdue_is_derived(make_task, ru_editor):
    """Overdue: open and past the deadline, in the annotation and the property alike."""
    task = make_task(deadline=dt.date(2025, 3, 1))
    for today, expected in ((dt.date(2025, 3, 1), False), (dt.date(2025, 3, 2), True)):
        annotated = Task.objects.with_overdue(today).get(pk=task.pk)
        assert annotated.is_overdue is expected
        assert task.is_overdue_on(today) is expected
    report(ru_editor, task, status="done", percent=100)
    task.refresh_from_db()
    assert not task.is_overdue_on(dt.date(2026, 1, 1))
    assert not Task.objects.with_overdue(dt.date(2026, 1, 1)).get(pk=task.pk).is_overdue


def test_carry_over_shows_the_lineage_both_ways(make_task, make_resolution, ru_manager, mfa_by):
    """A carried task is final; the new one in the next resolution points back to it."""
    task = make_task(co_executors=[mfa_by])
    later = make_resolution(dated=dt.date(2025, 11, 25))
    successor = services.task_carry_over(actor=ru_manager, task=task, into=provision(later, 2))
    task.refresh_from_db()
    assert task.status == TaskStatus.CARRIED_OVER
    assert successor.carried_from == task
    assert task.carried_into == successor
    assert list(successor.co_executors.all()) == [mfa_by]
    with pytest.raises(TransitionError):
        services.task_carry_over(actor=ru_manager, task=task, into=provision(later, 3))
    with pytest.raises(TransitionError):
        services.progress_report_add(
            actor=ru_manager, task=task, data={"status": "in_progress", "percent": 1}
        )


def test_carry_over_needs_another_resolution(make_task, resolution, ru_manager):
    task = make_task()
    with pytest.raises(ValidationError) as exc:
        services.task_carry_over(actor=ru_manager, task=task, into=provision(resolution, 2))
    assert "into" in exc.value.message_dict


def test_sql_rollup_matches_the_engine(
    make_task, resolution, ru_manager, ru_editor, django_assert_num_queries
):
    """The SQL roll-up (weighted mean of children, three levels) equals the engine's."""
    root = make_task()
    a = make_task(parent=root, weight=3)
    b = make_task(parent=root, weight=1)
    a1 = make_task(parent=a, weight=1)
    a2 = make_task(parent=a, weight=2)
    c = make_task(node=provision(resolution, 2))
    report(ru_editor, a1, percent=30)
    report(ru_editor, a2, status="done", percent=100)
    report(ru_editor, b, percent=50)
    report(ru_editor, b, percent=70, date=dt.date(2025, 2, 1))
    report(ru_editor, c, percent=10)
    services.task_update(actor=ru_manager, task=b, data={"weight": 2})
    rows = Task.objects.values("pk", "parent_id", "weight", "status")
    latest = {t.pk: t.latest_percent for t in selectors.with_progress(Task.objects.all())}
    nodes = [
        rollup.Node(r["pk"], r["parent_id"], r["weight"], r["status"], latest[r["pk"]])
        for r in rows
    ]
    expected = rollup.progress(nodes)
    with django_assert_num_queries(1):
        got = {t.pk: t.progress for t in selectors.with_progress(Task.objects.all())}
    assert got == pytest.approx(expected)
    # a = (30*1 + 100*2)/3; root = (a*3 + 70*2)/5
    assert got[root.pk] == pytest.approx(((230 / 3) * 3 + 70 * 2) / 5)


def test_weights_are_editable_even_when_closed(make_task, ru_manager, ru_editor):
    task = make_task()
    report(ru_editor, task, status="done", percent=100)
    task.refresh_from_db()
    services.task_update(actor=ru_manager, task=task, data={"weight": 5})
    with pytest.raises(TransitionError):
        services.task_update(actor=ru_manager, task=task, data={"deadline": dt.date(2026, 1, 1)})


def test_moves_follow_the_workflow(make_task, ru_manager, ru_editor):
    task = make_task()
    services.task_move(actor=ru_manager, task=task, target="cancelled")
    with pytest.raises(TransitionError, match="final"):
        services.task_move(actor=ru_manager, task=task, target="in_progress")
    with pytest.raises(PermissionDenied):
        services.task_move(actor=ru_editor, task=task, target="done")
