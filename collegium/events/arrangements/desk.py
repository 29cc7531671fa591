"""The desk's consents to record: the accessions and motions that wait for the user's party."""

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from collegium.access.rules import own_organization_ids
from collegium.core.desk import DESK_LINKS, DeskItem, DeskLink, register_desk_item
from collegium.events.arrangements.selectors import visible_arrangements
from collegium.events.models import (
    AccessionStatus,
    Consent,
    ConsentState,
    MotionKind,
    MotionStatus,
)


def consents_to_record(request: HttpRequest) -> DeskItem | None:
    """Return the pending consents of the parties the user's organizations speak for.

    A party's consent is recorded by its secretariat, the owner of its record
    (``policy.can_record_consent``); only questions still open count.
    """
    own = own_organization_ids(request.user)
    if not own:
        return None
    visible = visible_arrangements(request.user).values("pk")
    consents = (
        Consent.objects.filter(state=ConsentState.PENDING, party__owner_id__in=own)
        .filter(
            Q(accession__status=AccessionStatus.PENDING, accession__arrangement__in=visible)
            | Q(motion__status=MotionStatus.PENDING, motion__arrangement__in=visible)
        )
        .select_related("party", "accession__arrangement", "accession__organization")
        .select_related("motion__arrangement")
        .order_by("pk")
    )
    count = consents.count()
    links = []
    for consent in consents[:DESK_LINKS] if count else []:
        # A consent answers an accession or a motion (a constraint of the table).
        if consent.motion is not None:
            arrangement = consent.motion.arrangement
            question = _("motion: %(kind)s") % {"kind": MotionKind(consent.motion.kind).label}
        elif consent.accession is not None:
            arrangement = consent.accession.arrangement
            question = _("accession of %(party)s") % {"party": consent.accession.organization}
        else:
            continue
        links.append(
            DeskLink(
                label=f"{arrangement.title}: {question}",
                url=reverse("arrangements:detail", args=[arrangement.slug]),
                note=_("for %(party)s") % {"party": consent.party},
            )
        )
    return DeskItem(
        title=gettext_lazy("Consents to record"),
        count=count,
        url=reverse("arrangements:list"),
        hint=gettext_lazy("Accessions and motions that wait for your party's answer."),
        links=links,
    )


register_desk_item(name="consents-to-record", read=consents_to_record, order=10)
