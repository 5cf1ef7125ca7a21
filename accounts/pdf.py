"""HTML → PDF with WeasyPrint behind a locked-down URL fetcher (the SKP form, the matriks, the
account slips; here in the lowest layer so that every app may print).

With WeasyPrint's own fetcher, `<link rel="attachment" href="file:///etc/passwd">` embeds that
file in the PDF and `http://` URLs are fetched from the server (SSRF). Ours serves only `data:`
URIs and files that resolve inside our static roots; everything else is refused, so nothing
outside them can be fetched or embedded. WeasyPrint is imported lazily: the import alone costs
~0.7 s, which pages that never print should not pay.
"""

from collections.abc import Iterable
import logging
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings

logger = logging.getLogger(__name__)


class URLDitolak(ValueError):
    """A resource the PDF asked for that we never fetch."""


def static_roots() -> list[Path]:
    """Our own static folders: the only files a PDF may load (fonts come from fontconfig)."""
    roots = [Path(p) for p in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PembatasURL(URLFetcher):
        """Serve `data:` URIs and files under `roots`; refuse everything else."""

        def __init__(self, roots: Iterable[Path]):
            # No redirects and only two schemes even if a URL slips past `fetch` below.
            super().__init__(timeout=5, allowed_protocols={"data", "file"}, allow_redirects=False)
            self.roots = [Path(root).resolve() for root in roots]
            self.ditolak: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = self._path_di_dalam_roots(url)
                if path is not None:
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        path.as_uri(), path.read_bytes(), {"Content-Type": mime}
                    )
            self.ditolak.append(url)
            logger.warning("PDF: URL ditolak: %.200s", url)
            raise URLDitolak(f"URL ditolak: {url[:200]}")

        def _path_di_dalam_roots(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return None
            # resolve() follows symlinks and `..`, so a link out of static/ is caught too.
            path = Path(url2pathname(parts.path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                return path
            return None

    return PembatasURL


def buat_fetcher(roots: Iterable[Path] | None = None):
    """A fresh locked-down fetcher (it records what it refused, for tests and logs)."""
    return _fetcher_class()(static_roots() if roots is None else roots)


def render_pdf(html: str, *, fetcher=None) -> bytes:
    """Render trusted template output to PDF bytes. User text must already be escaped
    (Django templates do it); relative URLs resolve against our first static folder."""
    from weasyprint import HTML

    fetcher = fetcher or buat_fetcher()
    roots = fetcher.roots
    base_url = (roots[0].as_uri() + "/") if roots else None
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
