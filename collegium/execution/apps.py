from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExecutionConfig(AppConfig):
    name = "collegium.execution"
    label = "execution"
    verbose_name = _("Execution")
    # Task pages show organizations, users, the documents the tasks come from and meetings.
    cache_depends_on = ("registry", "accounts", "events", "decisions")
