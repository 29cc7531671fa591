"""Evidence files of progress reports: their size and their type, read from their content."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from collegium.core.exceptions import ValidationError

FIELD = "evidence_file"
# The kinds a report may attach, by the signature their content starts with.
PDF, DOCX, ODT, PNG, JPEG = "PDF", "DOCX", "ODT", "PNG", "JPEG"
ALLOWED = (PDF, DOCX, ODT, PNG, JPEG)


def sniff(head: bytes, read_zip=None) -> str | None:
    """Return the kind of a file from its first bytes (a ZIP is opened to tell DOCX from ODT)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04") and read_zip is not None:
        return read_zip()
    return None


def _zip_kind(upload: UploadedFile) -> str | None:
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return ODT
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def check_upload(upload: UploadedFile) -> None:
    """Refuse an empty file, one above ``EXECUTION_EVIDENCE_MAX_BYTES``, or of another type."""
    limit = settings.EXECUTION_EVIDENCE_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError({FIELD: _("Evidence file: the file is empty.")})
    if size > limit:
        raise ValidationError(
            {
                FIELD: _("Evidence file: %(size)s is more than the limit of %(limit)s.")
                % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if sniff(head, lambda: _zip_kind(upload)) is None:
        raise ValidationError(
            {
                FIELD: _("Evidence file: its content is not one of %(allowed)s.")
                % {"allowed": ", ".join(ALLOWED)}
            }
        )
