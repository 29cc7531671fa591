"""The notifications' item on the desk: e-mails to the user that could not be delivered yet."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from collegium.core.desk import DeskItem, register_desk_item
from collegium.notifications.models import Notice, NoticeStatus


def notices_undelivered(request: HttpRequest) -> DeskItem | None:
    """Return how many of the user's notices failed and wait to be retried; None if none."""
    if not request.user.is_authenticated:
        return None
    count = Notice.objects.filter(user_id=request.user.pk, status=NoticeStatus.FAILED).count()
    if not count:
        return None
    return DeskItem(
        title=gettext_lazy("E-mails not delivered yet"),
        count=count,
        url=reverse("notifications:preferences"),
        hint=gettext_lazy(
            "The mail server refused them or could not be reached; they are retried. "
            "What they say awaits you on this desk too."
        ),
    )


register_desk_item(name="notices-undelivered", read=notices_undelivered, order=90)
