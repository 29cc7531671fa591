"""The e-mail of a notice: plain text and HTML from templates, in the recipient's language."""

import hashlib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from collegium.notifications.content import Content, absolute_url, notice_content
from collegium.notifications.models import Notice


def notice_message(notice: Notice) -> EmailMultiAlternatives | None:
    """Return the notice's message to its recipient, or None when nothing is left to tell."""
    with translation.override(notice.language):
        content = notice_content(notice)
        if content is None:
            return None
        context = {
            "content": content,
            "user": notice.user,
            "preferences_url": absolute_url(reverse("notifications:preferences")),
        }
        text = render_to_string("notifications/email/notice.txt", context)
        html = render_to_string("notifications/email/notice.html", context)
    message = EmailMultiAlternatives(
        subject=_one_line(content),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.user.email],
        headers={
            # The same notice keeps one identity if it ever goes out twice.
            "Message-ID": f"<notice-{notice.pk}.{_digest(notice.key)}@{_domain()}>",
            "Auto-Submitted": "auto-generated",
            "Content-Language": notice.language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _one_line(content: Content) -> str:
    return " ".join(content.subject.split())


def _domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >")
    return address or "collegium.localhost"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]
