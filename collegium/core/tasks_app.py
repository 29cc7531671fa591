"""django-tasks-db's app under a name in the interface language (its own is English only).

A module of its own: beside ``CoreConfig`` it would make ``collegium.core``'s
default app configuration ambiguous.
"""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")  # type: ignore[assignment]  # lazy, as Django allows
