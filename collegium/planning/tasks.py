"""The planning's background task: solve a queued version (run by ``collegium db_worker``)."""

from django.tasks import task

from collegium.planning.services import version_solve


@task
def plan_version_solve(version_id: int) -> dict:
    """Solve the version and return its figures (kept as the task's result)."""
    version = version_solve(version_id=version_id)
    return {"version": version.number, "status": version.status, "state": version.state}
