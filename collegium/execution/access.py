"""One door per task and progress report: return it or raise ``NotFound``."""

from collegium.access.rules import AnyUser
from collegium.core.exceptions import NotFound
from collegium.execution.models import ProgressReport, Task
from collegium.execution.selectors import task_detail, visible_tasks


def access_task_by_id(user: AnyUser, task_id: int) -> Task:
    """Return the task the user may see, with its progress, or raise ``NotFound``."""
    task = visible_tasks(user).filter(pk=task_id).first()
    if task is None:
        raise NotFound(Task._meta.verbose_name)
    return task_detail(task)


def access_report_by_id(user: AnyUser, task: Task, report_id: int) -> ProgressReport:
    """Return the report ``report_id`` of a task seen through its door, or raise ``NotFound``."""
    report = ProgressReport.objects.filter(task=task, pk=report_id).first()
    if report is None:
        raise NotFound(ProgressReport._meta.verbose_name)
    return report
