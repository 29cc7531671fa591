"""The desk's texts to agree: drafts (and circulated minutes) waiting for the user's party."""

from django.db.models import F, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.core.desk import DESK_LINKS, DeskItem, DeskLink, register_desk_item
from collegium.decisions import policy
from collegium.decisions.models import DocumentKind, DocumentParty, DocumentStatus
from collegium.decisions.selectors import visible_documents


def texts_to_agree(request: HttpRequest) -> DeskItem | None:
    """Return the parties' links, of the user's organizations, that wait for an agreement.

    A party agrees through the managers of its secretariat (the owner of its
    record, ``policy.can_agree``); only drafts count, minutes once circulated
    (they are approved then, not as drafts), and a party that agreed an
    earlier revision is asked again.
    """
    own = policy.agreeing_secretariat_ids(request.user)  # viewers and editors agree nothing
    if not own:
        return None
    links = (
        DocumentParty.objects.filter(
            (Q(document__status=DocumentStatus.DRAFT) & ~Q(document__kind=DocumentKind.MINUTES))
            | Q(document__status=DocumentStatus.CIRCULATED),
            organization__owner_id__in=own,
            document__in=visible_documents(request.user).values("pk"),
        )
        .filter(
            Q(agreed_revision__isnull=True)
            | ~Q(agreed_revision__number=F("document__revision_number"))
        )
        .select_related("document", "organization")
        .order_by("document__slug", "pk")
    )
    count = links.count()
    return DeskItem(
        title=gettext_lazy("Texts to agree"),
        count=count,
        url=reverse("decisions:list") + "?status=draft",
        hint=gettext_lazy(
            "Draft documents and circulated minutes whose current text waits for your "
            "party's agreement or approval."
        ),
        links=[
            DeskLink(
                label=link.document.title,
                url=reverse("decisions:detail", args=[link.document.slug]),
                note=_("for %(party)s") % {"party": link.organization},
            )
            for link in (links[:DESK_LINKS] if count else [])
        ],
    )


register_desk_item(name="texts-to-agree", read=texts_to_agree, order=20)
