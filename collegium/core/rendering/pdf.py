"""PDF printed by WeasyPrint from an HTML page, with local files only.

The page and its stylesheet, fonts and pictures come from one directory: the
URL fetcher refuses every other URL (no network, no file elsewhere on the
server), so text taken from the data can never make the printer fetch
anything.  WeasyPrint takes a second to import: only code that prints a PDF
pays for it.
"""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname


def _local_fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class LocalFetcher(URLFetcher):
        """Serve ``file:`` URLs inside one directory, refuse every other URL and record all."""

        def __init__(self, root: Path) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.root = Path(root).resolve()
            self.requested: list[str] = []

        def fetch(self, url, headers=None):
            self.requested.append(url)
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise FatalURLFetchingError(f"Refused a non-local URL: {url}")
            path = Path(url2pathname(parts.path)).resolve()
            if not path.is_relative_to(self.root):
                raise FatalURLFetchingError(f"Refused a file outside {self.root}: {url}")
            return super().fetch(url, headers)

    return LocalFetcher


def local_fetcher(root: Path):
    """Return a WeasyPrint URL fetcher that only reads files under ``root``."""
    return _local_fetcher_class()(root)


def render_pdf(
    html: str, *, root: Path, url_fetcher=None, identifier: bytes | None = None
) -> bytes:
    """Print ``html`` as a PDF; its relative URLs name files in ``root``, the only ones read.

    ``identifier`` replaces the random PDF identifier, so the same document
    prints the same bytes.
    """
    from weasyprint import HTML

    fetcher = url_fetcher if url_fetcher is not None else local_fetcher(root)
    document = HTML(string=html, base_url=Path(root).as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(pdf_identifier=identifier, uncompressed_pdf=False)
