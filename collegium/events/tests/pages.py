"""Reading the events pages in tests: the text, the messages shown, a record's audit trail."""

import re

from django.contrib.messages import get_messages

from collegium.core.models import AuditRecord


def page_text(response) -> str:
    """Return the response's HTML with each run of whitespace as one space."""
    return re.sub(r"\s+", " ", response.content.decode())


def messages_of(response) -> list[str]:
    """Return the messages the response's request left for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def audit_actions(record) -> list[str]:
    """Return the actions of the audit records of ``record``, oldest first."""
    return list(
        AuditRecord.objects.filter(object_type=record._meta.label_lower, object_id=str(record.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
