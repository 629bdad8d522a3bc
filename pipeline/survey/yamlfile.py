"""The one place that parses YAML: every file in `survey/` is read through `read_yaml`.

Analysts edit these files by hand, so anything can arrive: a folder where a file should be,
another encoding, a syntax error, anchors that expand a few lines into gigabytes ("billion
laughs"), or nesting deep enough to exhaust Python's stack. Each becomes one
`DefinitionError` naming the file (and the line where there is one), never a traceback; and
the parsed node tree is kept so later checks can point at the line of any key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import DefinitionError, StatusmaalingError

#: A survey definition file larger than this is refused (the taxonomy is about 100 kB).
MAX_BYTES = 5_000_000
#: Deeper nesting than this is refused (the survey's files nest 4-5 levels).
MAX_DEPTH = 40
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file: the plain data and the node tree (for line numbers)."""

    path: Path
    data: Any
    root: yaml.Node | None

    def line(self, *keys: str | int) -> int | None:
        """1-based line of the value at `keys` (mapping keys and list indexes), or of the
        deepest part of the path that exists; None for an empty file."""
        return line_of(self.root, keys)


def line_of(node: yaml.Node | None, keys: Sequence[str | int]) -> int | None:
    """The line (1-based) of the deepest node found along `keys`."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if 0 <= key < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _check_tree(root: yaml.Node, path: Path, error: type[StatusmaalingError]) -> None:
    """Refuse aliases (a node reached twice) and nesting deeper than MAX_DEPTH."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise error(
                "YAML anchors and aliases (&name / *name) are not allowed here; write the "
                "values out",
                file=path,
                row=node.start_mark.line + 1,
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise error(
                f"nested more than {MAX_DEPTH} levels deep", file=path, row=node.start_mark.line + 1
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def read_yaml(
    path: str | Path,
    *,
    what: str,
    error: type[StatusmaalingError] = DefinitionError,
    required: bool = True,
) -> YamlDoc:
    """Read and parse `path` safely (no tags, no aliases, bounded size and depth).

    `what` names the file for the reader ("codebook", "taxonomy"); a missing file is an error
    when `required`, else an empty document.
    """
    path = Path(path)
    if path.is_dir():
        raise error(f"expected a YAML file ({what}) but found a folder", file=path)
    if not path.exists():
        if not required:
            return YamlDoc(path, None, None)
        raise error(f"no {what} (expected a YAML file here)", file=path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise error(f"{what} is {size:,} bytes; at most {MAX_BYTES:,} are read", file=path)
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read the {what}: {exc.strerror or exc}", file=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(f"not UTF-8 text (byte {exc.start + 1})", file=path, row=line) from None
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_tree(root, path, error)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or "syntax error"
        row = mark.line + 1 if mark is not None else None
        raise error(f"not valid YAML: {problem}", file=path, row=row) from None
    except RecursionError:
        raise error(f"nested more than {MAX_DEPTH} levels deep", file=path) from None
    finally:
        loader.dispose()
    return YamlDoc(path, data, root)


def scalar(text: str, *, flow: bool = False) -> str:
    """`text` as a YAML scalar: plain where it reads back unchanged, else double-quoted.

    `flow`: the scalar stands inside `{...}` or `[...]`, where commas and brackets end it.
    """
    plain = (
        text == text.strip()
        and not (flow and any(c in text for c in ",[]{}"))
        and text
        and not text.startswith(tuple("!&*[]{}|>'\"%@`#,?:-"))
        and ": " not in text
        and " #" not in text
    )
    if plain:
        try:
            if yaml.load(text, Loader=_Loader) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)
