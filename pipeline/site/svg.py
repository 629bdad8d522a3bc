"""A chart from the report model (an SVG data: URI) as markup to inline in a web page.

Inline rather than `<img>`: no extra request, text stays crisp, and print keeps vectors. The
chart's ids (clip paths, hatch patterns) are prefixed with the figure's id, because matplotlib
gives identical hatches identical ids and several charts share one page; the root gets
`role="img"` and a `<title>` holding the figure's alt text, so a screen reader hears exactly
what the PDF's alt text says.
"""

from __future__ import annotations

import base64
import re
from xml.sax.saxutils import escape

_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.S)
_ROOT = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(width|height)="[^"]*"')


def decode_data_uri(uri: str) -> str:
    """The SVG text of a `data:image/svg+xml;base64,...` URI."""
    head, _, payload = uri.partition(",")
    if not head.startswith("data:image/svg+xml"):
        raise ValueError(f"not an SVG data URI: {head[:40]!r}")
    return base64.b64decode(payload).decode("utf-8")


def inline_svg(svg: str, prefix: str, alt: str) -> str:
    """`svg` ready to sit in HTML: no prolog, ids prefixed, sized by CSS, titled by `alt`."""
    text = _PROLOG.sub("", svg).strip()
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', text)
    root = _ROOT.search(text)
    if root is None:
        raise ValueError("no <svg> element")
    tag = _SIZE.sub("", root.group(0))
    title_id = f"{prefix}-alt"
    tag = tag[:-1] + f' role="img" class="chart" aria-labelledby="{title_id}">'
    title = f'<title id="{title_id}">{escape(alt)}</title>'
    return text[: root.start()] + tag + title + text[root.end() :]
