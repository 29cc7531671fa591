"""Template helpers of the document pages."""

from django import template
from django.utils.html import format_html

register = template.Library()

STATUS_BADGES = {
    "draft": "badge--outline",
    "circulated": "badge--warn",
    "agreed": "badge--navy",
    "approved": "badge--ok",
    "signed": "badge--ok",
    "in_force": "badge--ok",
    "superseded": "badge--warn",
    "expired": "badge--warn",
}


@register.simple_tag
def document_badge(value: str, label: str) -> str:
    """Return a badge for a document's status."""
    return format_html(
        '<span class="badge {}">{}</span>', STATUS_BADGES.get(value, "badge--outline"), label
    )


@register.filter
def language_label(code: str) -> str:
    """Return the language code as the pages show it: RU, BE, EN."""
    return code.upper()
