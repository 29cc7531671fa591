from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "collegium.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    # The read cache (core.cache): the cached session users and their roles.
    cache_depends_on = ()

    def ready(self) -> None:
        from collegium.accounts import signals  # noqa: F401
