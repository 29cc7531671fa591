"""The planning's background task: solve a queued version (run by ``collegium db_worker``)."""

from django.tasks import task

from collegium.core.audit import audited
from collegium.planning.models import PlanVersion
from collegium.planning.solving import version_solve


@task
def plan_version_solve(version_id: int) -> dict:
    """Solve the version and return its figures (kept as the task's result)."""
    version = version_solve(version_id=version_id)
    return {"version": version.number, "status": version.status, "state": version.state}


def version_queue(version_id: int) -> None:
    """Queue the solve of a version and note the task's id on it (after the commit)."""
    result = plan_version_solve.enqueue(version_id)
    version = PlanVersion.objects.select_related("plan__owner").filter(pk=version_id).first()
    if version is None or version.task_id:
        return
    with audited(
        actor=None, action="planversion.queue", instance=version, organization=version.plan.owner
    ):
        version.task_id = str(result.id)[:64]
        version.save(update_fields=["task_id"])
