from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "collegium.meetings"
    label = "meetings"
    verbose_name = _("Meetings")
    # The read cache (core.cache): the meeting's panels show its event, the presenters'
    # posts and persons (registry) and whoever may edit them (accounts).
    cache_depends_on = ("events", "registry", "accounts")
