"""The worker's part of a solve: run the engine on a queued version and save its result.

Kept apart from ``services`` so that the task module (``tasks``) and the services both
import it, and neither the other.
"""

from collegium.core.audit import audited
from collegium.planning.engine.fileio import dumps_result, parse
from collegium.planning.engine.solver import solve
from collegium.planning.models import PlanVersion, VersionState


def version_solve(*, version_id: int) -> PlanVersion:
    """Solve a queued version and save the result with its audit record (the worker's part)."""
    version = PlanVersion.objects.select_related("plan__owner").get(pk=version_id)
    if version.state == VersionState.DONE:
        return version
    with audited(
        actor=None, action="planversion.start", instance=version, organization=version.plan.owner
    ):
        version.state = VersionState.RUNNING
        version.save(update_fields=["state"])
    try:
        problem = parse(version.input)
        result = solve(problem, time_limit=version.plan.time_limit, workers=2)
        output = dumps_result(problem, result, phrases=True)
    except Exception as exc:
        with audited(
            actor=None, action="planversion.fail", instance=version, organization=version.plan.owner
        ):
            version.state = VersionState.FAILED
            version.error = str(exc)[:2000]
            version.save(update_fields=["state", "error"])
        raise
    with audited(
        actor=None, action="planversion.solve", instance=version, organization=version.plan.owner
    ):
        version.result = output
        version.status = output["status"]
        version.objective = output["objective"]
        version.bound = output["bound"]
        version.gap = output["gap"]
        version.solve_seconds = output["solve_seconds"]
        version.state = VersionState.DONE
        version.save()
    return version
