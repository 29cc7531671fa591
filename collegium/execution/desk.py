"""The desk's tasks to report on: open tasks of the user's organizations, overdue first."""

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.access.rules import own_organization_ids
from collegium.core.desk import DESK_LINKS, DeskItem, DeskLink, register_desk_item
from collegium.execution.models import OPEN_STATUSES, Task
from collegium.execution.selectors import visible_tasks


def overdue_tasks(request: HttpRequest) -> DeskItem | None:
    """Return the overdue tasks the user's organizations lead or co-execute."""
    own = own_organization_ids(request.user)
    if not own:
        return None
    tasks = (
        visible_tasks(request.user)
        .overdue(timezone.localdate())
        .filter(
            Q(lead__owner_id__in=own)
            | Q(pk__in=Task.objects.filter(co_executors__owner_id__in=own).values("pk"))
        )
        .filter(status__in=OPEN_STATUSES)
        .order_by("deadline", "pk")
    )
    count = tasks.count()
    return DeskItem(
        title=gettext_lazy("Overdue tasks"),
        count=count,
        url=reverse("execution:tasks") + "?overdue=1",
        hint=gettext_lazy("Tasks your organization is responsible for whose deadline has passed."),
        links=[
            DeskLink(
                label=task.title,
                url=reverse("execution:task", args=[task.pk]),
                note=_("due %(date)s") % {"date": task.deadline.strftime("%d.%m.%Y")}
                if task.deadline
                else "",
            )
            for task in (tasks[:DESK_LINKS] if count else [])
        ],
    )


register_desk_item(name="overdue-tasks", read=overdue_tasks, order=30)
