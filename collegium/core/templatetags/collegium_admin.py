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
