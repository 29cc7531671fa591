"""Invitation letters as downloads: DOCX and PDF, for whoever may see the invitation.

A hidden invitation answers 404 like a missing one; a letter the registry
cannot fill in yet answers 409 with a page naming what to fill in.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from collegium.core.exceptions import TransitionError
from collegium.core.views import or_404
from collegium.events.letters.data import (
    CONTENT_TYPES,
    LetterIncomplete,
    access_invitation_for_letter,
    invitation_letter,
)


def letter_response(content: bytes, filename: str, extension: str) -> HttpResponse:
    """Return the letter as an attachment that no shared cache keeps."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def invitation_letter_download(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """Return the invitation's letter as DOCX or PDF."""
    invitation = or_404(access_invitation_for_letter, request.user, pk)
    try:
        content, filename = invitation_letter(invitation, user=request.user, extension=extension)
    except TransitionError as exc:
        problems = exc.problems if isinstance(exc, LetterIncomplete) else [exc.message]
        return render(
            request,
            "events/letter_incomplete.html",
            {"invitation": invitation, "problems": problems},
            status=409,
        )
    return letter_response(content, filename, extension)
