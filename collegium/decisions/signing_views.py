"""Document pages of the signing and the exports: the sign step, downloads, the signed PDF.

The document page shows each party's signature verified now (green/red) and
offers the sign button exactly when the signatory's rule allows it and the
status permits it; the downloads are one call of the exports each.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from collegium.access.rules import AnyUser
from collegium.core.exceptions import TransitionError, ValidationError
from collegium.core.views import or_404
from collegium.decisions import exports, selectors, signing
from collegium.decisions.access import access_document_by_slug
from collegium.decisions.models import Document, DocumentKind, DocumentSignedPdf, DocumentStatus
from collegium.registry.models import Organization

FORMATS = {"docx", "pdf", "xml"}


def export_links(document: Document) -> list[dict[str, str]]:
    """Return the download links of the document page: each language, and side by side."""
    links = []
    base = reverse("decisions:export", args=[document.slug])
    labels = {"ru": _("Russian"), "be": _("Belarusian"), "en": _("English")}
    for fmt, name in [("docx", "DOCX"), ("pdf", "PDF")]:
        for pair in (("ru", "be"), ("ru", "en")):
            links.append(
                {
                    "url": f"{base}?format={fmt}&languages={','.join(pair)}",
                    "label": "%s: %s | %s" % (name, labels[pair[0]], labels[pair[1]]),  # noqa: UP031
                }
            )
        for language in ("ru", "be", "en"):
            links.append(
                {
                    "url": f"{base}?format={fmt}&languages={language}",
                    "label": "%s: %s" % (name, labels[language]),  # noqa: UP031
                }
            )
    for language in ("ru", "be", "en"):
        links.append(
            {
                "url": f"{base}?format=xml&languages={language}",
                "label": "Akoma Ntoso XML: %s" % labels[language],  # noqa: UP031
            }
        )
    return links


def signing_context(user: AnyUser, document: Document) -> dict[str, Any]:
    """Return what the document page shows of the signatures and the downloads.

    A draft has no signature and offers none (signing starts from the agreed
    text); only an account linked to a person can be a signatory.
    """
    context: dict[str, Any] = {
        "signatures": [],
        "sign_parties": [],
        "signed_pdf": False,
        "export_links": export_links(document),
    }
    # Minutes are approved, never signed; a draft has nothing signed yet.
    if document.status == DocumentStatus.DRAFT or document.kind == DocumentKind.MINUTES:
        return context
    context["signatures"] = signing.document_signatures(document)
    signed = {item.signature.organization_id for item in context["signatures"]}
    if getattr(user, "person_id", None) is not None and not document.is_signed_text:
        context["sign_parties"] = [
            link.organization
            for link in document.party_links.all()
            if link.organization_id not in signed
            and signing.can_sign_now(user, document, link.organization)
        ]
    if document.is_signed_text:
        context["signed_pdf"] = DocumentSignedPdf.objects.filter(document=document).exists()
    return context


@login_required
@require_POST
def document_sign(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign the document for the party named, today (its authorized signatory only)."""
    document = or_404(access_document_by_slug, request.user, slug)
    party = Organization.objects.filter(slug=request.POST.get("party", "")).first()
    if party is None:
        raise Http404("no such party")
    try:
        signing.document_sign(actor=request.user, document=document, organization=party)
    except PermissionDenied:
        raise
    except TransitionError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Signed."))
    return redirect("decisions:detail", slug=slug)


def export_response(document: Document, fmt: str, languages: list[str]) -> HttpResponse:
    """Return the export of ``document`` in ``fmt`` (raises ``exports.ExportError``)."""
    snapshot = selectors.document_snapshot(document)
    if fmt == "docx":
        data = exports.render_docx(snapshot, languages)
    elif fmt == "pdf":
        data = exports.render_pdf(snapshot, languages, labels=signing.export_labels(document))
    else:
        if len(languages) != 1:
            raise exports.ExportError(_("An Akoma Ntoso expression is in one language."))
        seat = document.owner.seat_state if document.owner_id else None
        data = exports.render_akn(
            snapshot,
            languages[0],
            country=(seat.code.lower() if seat is not None else "ru"),
            generated=document.signed_on or document.dated or dt.date(2000, 1, 1),
        )
    extension = "akn.xml" if fmt == "xml" else fmt
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[fmt])
    name = f"{document.slug}-{'-'.join(languages)}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _languages(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@require_GET
def document_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the document as DOCX, PDF or Akoma Ntoso XML, in one or two languages."""
    document = or_404(access_document_by_slug, request.user, slug)
    fmt = request.GET.get("format", "pdf")
    if fmt not in FORMATS:
        return HttpResponse(
            _("format: use docx, pdf or xml."), status=422, content_type="text/plain"
        )
    try:
        return export_response(document, fmt, _languages(request.GET.get("languages", "ru")))
    except exports.ExportError as exc:
        return HttpResponse(
            _("languages: %(rule)s.") % {"rule": exc}, status=422, content_type="text/plain"
        )


def signed_pdf_response(document: Document) -> HttpResponse:
    stored = DocumentSignedPdf.objects.filter(document=document).first()
    if stored is None:
        raise Http404("the document has no signed PDF")
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.slug}-signed.pdf"'
    return response


@require_GET
def document_signed_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Download the signed PDF as it was stored when the last party signed."""
    return signed_pdf_response(or_404(access_document_by_slug, request.user, slug))
