from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "collegium.decisions"
    label = "decisions"
    verbose_name = _("Decisions")
    # Document pages show organizations, the meeting (an event) and the users who agreed.
    cache_depends_on = ("registry", "accounts", "events")
