"""Invitation letters in the API: the DOCX and the PDF of one invitation.

Open to whoever may see the invitation (anonymous callers: public ones); a
hidden invitation answers 404 like a missing one.  A letter the registry
cannot fill in yet answers 409 with ``code: letter_incomplete`` and a
``detail`` naming each record and field to fill in (a cancelled event's:
``letter_event_cancelled``).  Drafts print as specimens.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from collegium.events.letters.data import (
    CONTENT_TYPES,
    access_invitation_for_letter,
    invitation_letter,
)
from collegium.events.letters.views import letter_response

router = Router(tags=["events"])


def _responses(extension: str, label: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": f"The bilingual letter as {label}, as an attachment.",
                "content": {
                    CONTENT_TYPES[extension]: {"schema": {"type": "string", "format": "binary"}}
                },
            },
            404: {"description": "No such invitation, or hidden from the caller."},
            409: {"description": "A form the letter needs is missing; `detail` names it."},
        }
    }


def _letter(request: HttpRequest, invitation_id: int, extension: str) -> HttpResponse:
    invitation = access_invitation_for_letter(request.user, invitation_id)
    content, filename = invitation_letter(invitation, user=request.user, extension=extension)
    return letter_response(content, filename, extension)


@router.get(
    "/invitations/{invitation_id}/letter.docx",
    operation_id="events_invitation_letter_docx",
    openapi_extra=_responses("docx", "DOCX"),
)
def invitation_letter_docx(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Return the invitation letter (Russian, then English) as an editable DOCX."""
    return _letter(request, invitation_id, "docx")


@router.get(
    "/invitations/{invitation_id}/letter.pdf",
    operation_id="events_invitation_letter_pdf",
    openapi_extra=_responses("pdf", "PDF"),
)
def invitation_letter_pdf(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Return the invitation letter (Russian, then English) as an A4 PDF."""
    return _letter(request, invitation_id, "pdf")
