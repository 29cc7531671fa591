"""Admin wording that Django builds by pasting a model's name into a phrase.

Django writes "Add %s" with the name in the nominative ("Добавить организация");
Russian and Belarusian need the accusative ("Добавить организацию").  The
accusative of a model's name is a translation of its English name in the
context "accusative"; a name without one is used as it is.
"""

from django import template
from django.db.models.options import Options
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


def accusative(opts: Options) -> str:
    """Return the model's name as the object of a verb, in the active language."""
    raw = str(opts.verbose_name_raw)
    form = pgettext("accusative", raw)
    return form if form != raw else str(opts.verbose_name)


@register.simple_tag
def add_title(opts: Options) -> str:
    """Return "Добавить организацию" / "Add organization" for the model ``opts``."""
    return _("Add %(name)s") % {"name": accusative(opts)}


# The admin's titles that paste the model's name in as an object (Django's msgids).
_TITLES_WITH_AN_OBJECT = (
    "Add %s",
    "Change %s",
    "View %s",
    "Select %s to change",
    "Select %s to view",
    "Select %s",
)


@register.simple_tag
def admin_title(opts: Options | None, title: str) -> str:
    """Return the page's ``title`` with the model's name in the accusative where it is an object.

    "Изменить организация" becomes "Изменить организацию", "Выберите организация для
    изменения" becomes "Выберите организацию для изменения"; any other title is kept.
    """
    if not opts or not title:  # pages without a model (the index) have no opts
        return title
    name = str(opts.verbose_name)
    for pattern in _TITLES_WITH_AN_OBJECT:
        wording = _(pattern)
        if str(title) == wording % name:
            return wording % accusative(opts)
    return title
