"""The only way the PDF renderer may read anything: a fenced URL fetcher.

WeasyPrint asks its URL fetcher for every stylesheet, image and font a document refers to.
Its default fetcher follows any URL: `file:///etc/passwd`, `http://169.254.169.254/`. A report
contains text written by municipalities and analysts, and although the templates escape all of
it, the fetcher is a second fence: it serves

- `data:` URIs (the charts are embedded this way), and
- files inside one directory (the report templates: the stylesheet, fonts, a logo), after
  resolving `..` and symbolic links,

and refuses everything else (`file:` outside the directory, `http(s):`, `ftp:` ...) by raising
`ResourceRefused`. WeasyPrint then logs the failure and leaves the resource out; the refused
URLs are kept in `refused` so a caller can report them.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

#: Content types by suffix for the files a template directory holds (mimetypes varies by OS).
CONTENT_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


class ResourceRefused(ValueError):
    """The report tried to load a resource outside the templates directory or not data:."""


class SafeURLFetcher(URLFetcher):
    """Serve `data:` URIs and files under `root`; refuse every other URL."""

    def __init__(self, root: str | Path) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.root = Path(root).resolve()
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            self.served.append(url[:40])
            return super().fetch(url, headers)
        if scheme == "file":
            path = self.resolve(url)
            if path is not None:
                self.served.append(url)
                content_type = CONTENT_TYPES.get(path.suffix.lower()) or (
                    mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                )
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
                )
        self.refused.append(url)
        raise ResourceRefused(
            f"refused to load {url[:200]!r}: only data: URIs and files in "
            f"{self.root} may be used in a report"
        )

    def resolve(self, url: str) -> Path | None:
        """The file a `file:` URL names if it is a file inside `root`, else None."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(parts.path)).resolve()
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path
