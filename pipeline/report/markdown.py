"""Analysts' Markdown sections as safe HTML for the report (and the web edition).

The text comes from a file anyone with access to `survey/` can edit, so it is rendered as
text, never as markup of its own: raw HTML is shown as the characters typed (CommonMark with
`html` off escapes it), an image becomes its alt text (the survey model refuses images before
it gets here, so the report never fetches anything), and a link is printed as its text
followed by the address in brackets, "KL's vejledning (https://www.kl.dk/...)", because a
printed report cannot be clicked; no `href` is written at all, so neither the PDF nor the web
edition points anywhere the analyst's text chose.

Headings move below the report's own: the file's `# Title` is the section heading (h2, like
every chapter), `##` becomes h3 and so on, never deeper than h6. A `:::` box becomes an
`<aside>` with its title (see `pipeline.survey.sections` for the syntax).

Pure functions: Markdown text in, `Markup` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from pipeline.survey.sections import Block, EditorialSection, parser

#: The report's chapter headings are h2; a section's `##` is one level below them.
CHAPTER_LEVEL = 2


def _link_text(tokens: Sequence[Token], idx: int) -> str:
    """The plain text between a link_open at `idx` and its link_close."""
    parts = []
    for token in tokens[idx + 1 :]:
        if token.type == "link_close":
            break
        parts.append(token.content)
    return "".join(parts).strip()


def _shown_address(href: str) -> str:
    return href[len("mailto:") :] if href.lower().startswith("mailto:") else href


def _make_renderer(heading_shift: int) -> MarkdownIt:
    md = parser()

    def heading_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        level = min(int(tokens[idx].tag[1]) + heading_shift, 6)
        env.setdefault("headings", []).append(level)
        return f"<h{level}>"

    def heading_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        return f"</h{env['headings'].pop()}>\n"

    def link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        href = str(tokens[idx].attrs.get("href", ""))
        shown = _shown_address(href)
        # a bare address (<https://...>) is printed once, not as "x (x)"
        bare = _link_text(tokens, idx) in (href, shown)
        env.setdefault("links", []).append((href, shown, bare))
        if bare and tokens[idx + 1].type == "text":  # <mailto:x@y.dk> prints "x@y.dk"
            tokens[idx + 1].content = shown
        return '<span class="url">' if bare else '<span class="link-text">'

    def link_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        href, shown, bare = env["links"].pop()
        if bare:
            return "</span>"
        return f'</span> (<span class="url">{escape(shown)}</span>)'

    def image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        alt = "".join(c.content for c in token.children or []) or token.content
        return str(escape(alt))

    for name, rule in {
        "heading_open": heading_open,
        "heading_close": heading_close,
        "link_open": link_open,
        "link_close": link_close,
        "image": image,
    }.items():
        md.add_render_rule(name, rule)
    return md


def render_markdown(source: str, *, heading_shift: int = CHAPTER_LEVEL - 1) -> Markup:
    """Markdown text as HTML, with headings moved down by `heading_shift` levels."""
    md = _make_renderer(heading_shift)
    return Markup(md.render(source, {}))


def render_block(block: Block, *, heading_shift: int = CHAPTER_LEVEL - 1) -> Markup:
    """Running text as it is; a box as an aside with its title."""
    body = render_markdown(block.source, heading_shift=heading_shift)
    if block.kind != "box":
        return body
    # the title is one line of inline Markdown, rendered by the same safe rules
    title = _make_renderer(heading_shift).renderInline(block.title, {})
    return Markup(
        f'<aside class="editorial-box"><p class="box-title">{title}</p>\n{body}</aside>\n'
    )


def render_section(section: EditorialSection, *, heading_shift: int = CHAPTER_LEVEL - 1) -> Markup:
    """The body of an analyst's section (its title is laid out by the template).

    `heading_shift=0` for a web page whose own title is the h1: `##` becomes h2 there."""
    return Markup("").join(
        render_block(block, heading_shift=heading_shift) for block in section.blocks
    )
