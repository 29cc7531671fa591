"""Find what each app contributes in a module of a conventional name, like ``admin.py``."""

import sys
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


def app_modules(name: str) -> list[ModuleType]:
    """Import every installed app's ``name`` module; return them in ``INSTALLED_APPS`` order.

    ``name`` may be dotted (``"tests.permissions"``).  An app without the module
    is skipped; a module that exists but fails to import raises, as with the admin.
    """
    autodiscover_modules(name)
    found = (sys.modules.get(f"{config.name}.{name}") for config in apps.get_app_configs())
    return [module for module in found if module is not None]
