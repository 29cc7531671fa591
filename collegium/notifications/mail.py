"""The e-mail of a notice: plain text and HTML from templates, in the recipient's language."""

import email.policy
import hashlib
from email.header import Header
from email.message import EmailMessage
from email.policy import Policy

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
    message = NoticeEmail(
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


class NoticeEmail(EmailMultiAlternatives):
    """A message whose subject survives header folding whole.

    Python's e-mail package (3.12 at least) may drop the space between two
    words when it folds a long non-ASCII header into encoded words: RFC 2047
    makes whitespace between two encoded words invisible, and the folder puts
    the space there ("Заседание ВысшегоГосударственного Совета ...").  The
    subject is therefore encoded here with ``email.header.Header``, which keeps
    each space inside an encoded word, in lines short enough that the
    generator writes them as they are.
    """

    def message(self, *, policy: Policy | None = email.policy.default) -> EmailMessage:
        msg = super().message(policy=policy or email.policy.default)
        subject = str(self.subject)
        if not subject.isascii():
            del msg["Subject"]
            encoded = Header(subject, "utf-8", header_name="Subject").encode(linesep="\n")
            msg.set_raw("Subject", encoded)
        return msg


def _one_line(content: Content) -> str:
    return " ".join(content.subject.split())


def _domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >")
    return address or "collegium.localhost"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]
