"""Analysts' own sections: Markdown files in `survey/<year>/sections/`, placed by `editorial:`.

The generated report says what the numbers say; a foreword, "Året der gik" or a box pointing
to KL's guidance is written by an analyst. They write it as a small Markdown file per section
and say in `survey/report.yaml` where it goes:

    editorial:
      - {file: forord.md, after: contents}
      - {file: aaret-der-gik.md, after: suppliers}

`after` is a place in the report (`PLACES`, or a section id of `sections:`). The files of a
year are in `survey/<year>/sections/`; a year without that folder has no editorial sections.
The list is every section any year has: a year's report carries the listed files its folder
holds (years differ), a file in a folder that is not listed is an error (it would silently be
missing from the report), and so is a listed file that no year's folder holds (a typo or a
leftover).

A file may start with one `# Title` (the section's own heading, listed in the contents);
without one it continues the section it follows. Subheadings are `##` and below. A box
(e.g. "Læs mere") is written between two fence lines of three colons:

    ::: Læs mere
    KL's [vejledning om skærmbesøg](https://www.kl.dk/...) beskriver ...
    :::

Everything that cannot be printed faithfully is refused here, when the survey loads, with
the file and line: an image (the report fetches nothing), a link that is not http(s) or
mailto, a second `#` heading, a box left open. Raw HTML is not refused but shown as the
text it is (see `pipeline.report.markdown`, which renders what this module has checked).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.errors import DefinitionError

#: The folder of a year's sections, under `survey/<year>/`.
FOLDER = "sections"
#: A section file larger than this is refused: a long foreword is about 5 kB, and at this size
#: the slowest hostile input renders in about 2 s (scripts/bench_markdown.py).
MAX_BYTES = 30_000
#: Places in the report that are not sections of `sections:`, in reading order:
#: after the contents (a foreword), after "Formål", after the technology overview, and after
#: the quotes, i.e. just before "Om undersøgelsen" (whether or not the year has quotes).
PLACES = ("contents", "purpose", "overview", "quotes")
#: Link schemes that can be printed as an address a reader can type or click.
LINK_SCHEMES = ("http://", "https://", "mailto:")
#: The line that opens (with a title) and closes a box.
BOX_FENCE = ":::"


@dataclass(frozen=True)
class Block:
    """Part of a section: running text, or a box with its own title."""

    kind: str  # "text" or "box"
    source: str
    #: 1-based line in the file where the block's source starts
    line: int
    title: str = ""


@dataclass(frozen=True)
class EditorialSection:
    """One analyst-written section of a year's report."""

    path: Path
    after: str
    #: the `# Title` of the file, plain text; "" when it continues the section it follows
    title: str
    blocks: tuple[Block, ...]
    #: lines with what looks like an HTML tag: printed as typed, so the report stage warns
    raw_html: tuple[int, ...] = ()

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class Placement:
    """One entry of `editorial:` in the report definition, with its line there."""

    file: str
    after: str
    #: line of the entry in report.yaml
    line: int | None = None


def parser() -> MarkdownIt:
    """The one Markdown dialect of the sections: CommonMark without raw HTML, Danish quotes.

    Typographic quotes turn "..." into »...« (and '...' into ›...‹), so the report keeps one
    style of quotation marks whatever the analyst typed. Links are not validated by the parser
    (it would leave a `javascript:` link as literal text); `check_tokens` refuses them instead.
    """
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": "»«›‹"})
    md.enable("smartquotes")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def split_boxes(text: str, path: Path) -> list[Block]:
    """The file's text cut into running text and `:::` boxes (not nested)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    current: list[str] = []
    start = 1
    box: tuple[str, int] | None = None  # (title, line) of an open box

    def flush(kind: str, title: str = "") -> None:
        source = "\n".join(current)
        if source.strip():
            blocks.append(Block(kind, source + "\n", start, title))

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped.startswith(BOX_FENCE):
            current.append(line)
            continue
        title = stripped[len(BOX_FENCE) :].strip(": ")
        if box is None:
            if not title:
                raise DefinitionError(
                    f"a box closes here but none is open (open one with `{BOX_FENCE} Title`)",
                    file=path,
                    row=number,
                )
            flush("text")
            box, current, start = (title, number), [], number + 1
        else:
            if title:
                raise DefinitionError(
                    f"a box opens inside the box opened on line {box[1]}; close that one first "
                    f"with a line `{BOX_FENCE}`",
                    file=path,
                    row=number,
                )
            flush("box", box[0])
            box, current, start = None, [], number + 1
    if box is not None:
        raise DefinitionError(
            f"the box {box[0]!r} is never closed (end it with a line `{BOX_FENCE}`)",
            file=path,
            row=box[1],
        )
    flush("text")
    return blocks


#: Text that looks like an HTML tag ("<b>", "</div>", "<img src=...>").
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")


def raw_html_lines(tokens: Sequence[Token], first_line: int) -> list[int]:
    """Lines whose text holds an HTML tag (CommonMark with HTML off keeps it as text; in a
    code block it is shown on purpose and not counted)."""
    return [
        first_line + token.map[0]
        for token in tokens
        if token.type == "inline"
        and token.map
        and any(_TAG.search(c.content) for c in token.children or [] if c.type == "text")
    ]


def check_tokens(tokens: Sequence[Token], path: Path, first_line: int, *, title_ok: bool) -> str:
    """Refuse what the report cannot print faithfully; return the `# Title` if the block
    starts with one (only allowed where `title_ok`)."""
    title = ""
    for index, token in enumerate(tokens):
        line = first_line + token.map[0] if token.map else first_line
        if token.type == "heading_open" and token.tag == "h1":
            if not (title_ok and index == 0):
                raise DefinitionError(
                    "only the first line may be a `#` heading (the section's title); use `##` "
                    "for a subheading",
                    file=path,
                    row=line,
                )
            title = plain_text(tokens[index + 1])
            if not title:
                raise DefinitionError("the `#` title is empty", file=path, row=line)
        if token.type != "inline":
            continue
        for child in token.children or []:
            if child.type == "image":
                raise DefinitionError(
                    f"an image ({child.attrs.get('src', '')}) cannot be shown: the report "
                    "fetches nothing; describe it in words or link to it with [text](https://...)",
                    file=path,
                    row=line,
                )
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if not href.lower().startswith(LINK_SCHEMES):
                    raise DefinitionError(
                        f"the link {href!r} cannot be printed as an address; links start with "
                        f"{', '.join(LINK_SCHEMES)}",
                        file=path,
                        row=line,
                    )
    return title


def plain_text(inline: Token) -> str:
    """The text of an inline token without its markup ("*Året* der gik" -> "Året der gik")."""
    parts = [c.content for c in inline.children or [] if c.type in ("text", "code_inline")]
    return " ".join("".join(parts).split())


def read_section(path: Path, after: str) -> EditorialSection:
    """Read, decode and check one section file."""
    if not path.is_file():
        raise DefinitionError("no such section file (named in report.yaml `editorial:`)", file=path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DefinitionError(
            f"section is {size:,} bytes; at most {MAX_BYTES:,} are read (split it in two)",
            file=path,
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DefinitionError(
            f"not UTF-8 text (byte {exc.start + 1}); save the file as UTF-8", file=path, row=line
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DefinitionError("a NUL character: not a text file", file=path, row=line)
    blocks = split_boxes(text, path)
    if not blocks:
        raise DefinitionError("the section is empty", file=path)
    md = parser()
    title = ""
    body: list[Block] = []
    html_lines: list[int] = []
    for index, block in enumerate(blocks):
        tokens = md.parse(block.source)
        html_lines += raw_html_lines(tokens, block.line)
        found = check_tokens(tokens, path, block.line, title_ok=index == 0 and block.kind == "text")
        if found:
            title = found
            # the title is rendered as the section heading, the rest as its body
            end = tokens[0].map[1] if tokens[0].map else 1
            rest = "\n".join(block.source.splitlines()[end:])
            block = Block(block.kind, rest + "\n", block.line + end, block.title)
            if not rest.strip():
                continue
        body.append(block)
    return EditorialSection(
        path=path, after=after, title=title, blocks=tuple(body), raw_html=tuple(html_lines)
    )


def places(section_ids: Iterable[str]) -> list[str]:
    """Every place a section can follow, in reading order."""
    ids = list(section_ids)
    return [*PLACES[:3], *ids, *PLACES[3:]]


def sections_for_year(
    folder: Path, placements: Sequence[Placement]
) -> tuple[EditorialSection, ...]:
    """The year's sections from `folder` (`survey/<year>/sections/`), in `placements` order.

    No folder: none. A listed file the folder does not have is not in that year's report
    (years differ; `check_placed_files` catches a listed file no year has); a `.md` file that
    is not listed is an error, since it would silently be missing from the report.
    """
    if not folder.is_dir():
        return ()
    listed = {p.file for p in placements}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() == ".md" and path.name not in listed:
            raise DefinitionError(
                "this section is not placed in the report: add "
                f"`- {{file: {path.name}, after: ...}}` to `editorial:` in report.yaml",
                file=path,
            )
    return tuple(
        read_section(folder / p.file, p.after) for p in placements if (folder / p.file).exists()
    )


def check_placed_files(
    placements: Sequence[Placement], folders: Iterable[Path], source: Path
) -> None:
    """Every file `editorial:` lists is in at least one year's folder: one that none has is a
    typo or a leftover, and is named with its line in report.yaml (`source`)."""
    folders = list(folders)
    for placement in placements:
        if not any((folder / placement.file).exists() for folder in folders):
            raise DefinitionError(
                f"editorial {placement.file}: no survey/<year>/{FOLDER}/ folder has this file; "
                "add it or remove the entry",
                file=source,
                row=placement.line,
            )
