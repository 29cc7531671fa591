from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "collegium.signatures"
    label = "signatures"
    verbose_name = _("Signatures")
    # Signatures name persons, posts and organizations (registry) and the users who signed.
    cache_depends_on = ("registry", "accounts")
