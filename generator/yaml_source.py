"""Read one YAML file safely, keeping the line of every value.

Input: a file path and the name to report it by. Output: a ``YamlSource`` with
the plain Python value (dicts, lists, str, int, float, bool, None), a map from
each value's path to its 1-based line, and the problems found while reading.

    src = read_yaml(Path("data/ports.yaml"), "data/ports.yaml")
    src.line_of(("ports", 0, "id"))   # -> 3

What it guards against, because editors write these files by hand and pull
requests may come from anyone:
- YAML 1.1 surprises: ``NO``, ``yes``, ``on`` and ``2024-01-22`` stay strings as
  written; only ``true``/``false``, ``null``/``~``, decimal integers and plain
  decimal floats get a type (the YAML 1.2 core schema).
- duplicate keys (PyYAML silently keeps the last one): reported, never merged;
- tags such as ``!!python/object``: reported, never constructed;
- anchors and aliases (``&a``/``*a``, and so "billion laughs"): reported;
- files that are not UTF-8, empty, too large, or nested too deep.
"""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.messages import NOTHING, say
from generator.problems import Problem
from generator.problems import problem as make_problem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

Path_ = tuple  # a value's place: keys and list indexes from the top


# libyaml's parser is about ten times faster than the pure-Python one; both give the same
# nodes and marks, and only the composer runs here (no constructor), so either is safe.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR_TAG = "tag:yaml.org,2002:str"
_DIGITS = frozenset("0123456789")


class AtlasLoader(_BaseLoader):
    """A safe loader whose implicit types follow the YAML 1.2 core schema."""

    def resolve(self, kind, value, implicit):
        """``BaseResolver.resolve``, shortened (libyaml asks once per node, so once per value and key).

        The same answer: a quoted or "!"-tagged scalar is text; a plain one gets the first implicit
        resolver for its first character that matches, else text. Path and wildcard resolvers,
        which the atlas does not use, are left to the original.
        """
        if self.yaml_path_resolvers or None in self.yaml_implicit_resolvers:
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        if kind is yaml.MappingNode:
            return self.DEFAULT_MAPPING_TAG
        if kind is yaml.SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return super().resolve(kind, value, implicit)


AtlasLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", list("-+.0123456789")),
]:
    AtlasLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)

SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass
class YamlSource:
    """What reading one file gave: its value, each value's line, and problems."""

    file: str
    value: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Values written without quotes that start with a digit (2024-03-19, 2012): text in YAML 1.2,
    # but a date or a number to other YAML tools, so a date field must not hold one.
    unquoted: set[Path_] = field(default_factory=set)

    def line_of(self, path: Path_) -> int:
        """Return the line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def format_path(path: Path_) -> str:
    """Render a value path as ``platforms[3].location.lat``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


# What libyaml says (left) and the catalogue's instruction for an editor (right), checked in order.
_SYNTAX_HINTS = [
    ("found unexpected end of stream", "yaml-syntax/unclosed-quote"),
    ("found duplicate anchor", "yaml-syntax/duplicate-anchor"),
    ("mapping values are not allowed", "yaml-syntax/colon-in-value"),
    ("did not find expected '-' indicator", "yaml-syntax/misaligned-item"),
    ("did not find expected ',' or '}'", "yaml-syntax/unclosed-brace"),
    ("did not find expected ',' or ']'", "yaml-syntax/unclosed-bracket"),
    ("could not find expected ':'", "yaml-syntax/no-colon"),
    ("found character that cannot start any token", "yaml-syntax/reserved-character"),
    ("found undefined alias", "yaml-syntax/star"),
    ("found another document", "yaml-syntax/second-document"),
    ("did not find expected key", "yaml-syntax/misfit-line"),
]
# Errors that libyaml finds only lines later: the place they started is the one to fix.
_REPORT_AT_START = ("while scanning a quoted scalar", "while scanning a simple key", "while parsing a flow mapping",
                    "while parsing a flow sequence")


# A Chinese input method's punctuation where YAML needs its own: the full-width character, the
# ASCII one to write instead, and what YAML would have read it as.
_FULL_WIDTH_OPENERS = {"“": ('"', "role/quote"), "‘": ("'", "role/quote"), "「": ('"', "role/quote"),
                       "『": ('"', "role/quote"), "【": ("[", "role/bracket"), "［": ("[", "role/bracket"),
                       "｛": ("{", "role/bracket"), "（": ("{", "role/bracket")}
_KEY = r"[A-Za-z_][A-Za-z0-9_]*"


def _full_width_slip(lines: list[str], line_numbers: list[int]) -> tuple[int, str, dict] | None:
    """A full-width character used as YAML syntax on one of ``line_numbers`` (0-based), if any."""
    for i in line_numbers:
        if not 0 <= i < len(lines):
            continue
        line = lines[i]
        if re.match(r"^ *\u3000", line):
            return i + 1, "yaml-syntax/full-width-space", {}
        key = re.match(rf"^\s*(?:- )?({_KEY})\s*：", line) or re.search(rf"[{{,]\s*({_KEY})\s*：", line)
        if key:
            return i + 1, "yaml-syntax/full-width-colon", {"key": key[1]}
        comma = re.search(rf"，\s*({_KEY})\s*[:：]", line)
        if comma and re.search(r"[{\[]", line[:comma.start()]):
            return i + 1, "yaml-syntax/full-width-comma", {"key": comma[1]}
        opener = re.match(rf"^\s*(?:- )?(?:{_KEY}\s*:\s+)?([{''.join(_FULL_WIDTH_OPENERS)}])", line)
        if opener:
            ascii_, role = _FULL_WIDTH_OPENERS[opener[1]]
            return i + 1, "yaml-syntax/full-width-opener", {"char": opener[1], "ascii": ascii_, "role": say(role)}
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str, dict]:
    """Return the line to fix, the catalogue key and its values for a YAML syntax error."""
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and exc.context in _REPORT_AT_START:
        mark = exc.context_mark
    lines = text.splitlines()
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    number = (mark.line + 1) if mark else 1
    # libyaml names some tabs ("found a tab character ...") and not others ("cannot start any token").
    if "\\t" in problem or "tab character" in problem or ("cannot start any token" in problem and "\t" in line):
        return number, "yaml-syntax/tab", {}
    near = [mark.line, mark.line - 1] if mark else []
    if exc.problem_mark and exc.context_mark and exc.context_mark.line < exc.problem_mark.line:
        near += range(exc.context_mark.line, exc.problem_mark.line - 1)
    slip = _full_width_slip(lines, near)
    if slip:
        return slip
    for words, key in _SYNTAX_HINTS:
        if words in problem:
            # A quote left open swallows the lines after it, and libyaml stumbles only where it closes.
            opened = _unclosed_quote_line(lines, mark.line) if mark else None
            if opened is not None and opened != mark.line:
                return opened + 1, "yaml-syntax/unclosed-quote", {}
            return number, key, {}
    context = f" ({exc.context})" if exc.context and exc.problem else ""
    return number, "yaml-syntax", {"problem": problem, "context": context}


def _unclosed_quote_line(lines: list[str], last: int, window: int = 20) -> int | None:
    """The nearest line at or before ``last`` with an odd number of double quotes (an unclosed "), if any."""
    for i in range(min(last, len(lines) - 1), max(-1, last - window), -1):
        line = lines[i].replace('\\"', "")
        if not line.lstrip().startswith("#") and line.count('"') % 2:
            return i
    return None


def read_yaml(path: Path, display: str) -> YamlSource:
    """Read ``path`` and return its value, value lines and reading problems."""
    src = YamlSource(display)

    def problem(line: int, key: str, where: Path_ = (), /, **values) -> None:
        src.problems.append(make_problem(display, line, format_path(where), key, **values))

    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem(1, "unreadable-file", reason=exc.strerror or exc)
        return src
    if len(raw) > MAX_FILE_BYTES:
        problem(1, "file-too-large", size=f"{len(raw):,}", limit=f"{MAX_FILE_BYTES:,}")
        return src
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(line, "not-utf8", byte=f"{raw[exc.start]:02x}")
        return src
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        problem(text[: text.index("\x00")].count("\n") + 1, "not-utf8/nul")
        return src

    with _gc_paused():
        return _compose_and_convert(src, text, problem)


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while a file becomes nodes and values.

    Composing allocates hundreds of thousands of nodes and marks that all stay alive, and each
    automatic collection walks every one of them again: for a large file that was most of the
    reading time. Nodes and values form no reference cycles; whatever else is left over is
    collected as usual once the collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _compose_and_convert(src: YamlSource, text: str, problem) -> YamlSource:
    loader = AtlasLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        line, key, values = _syntax_problem(exc, text)
        problem(line, key, **values)
        return src
    except yaml.YAMLError as exc:  # errors without a position
        problem(1, "yaml-syntax", problem=str(exc), context="")
        return src
    except RecursionError:
        problem(1, "too-deep", limit=MAX_DEPTH)
        return src
    finally:
        loader.dispose()

    if node is None:
        problem(1, "empty-file")
        return src
    # An alias can only name an anchor, and an anchor needs a "&": without one, no node can repeat.
    src.value = _convert(node, (), src, problem, set() if "&" in text else None, 0)
    if any(p.code == "alias" for p in src.problems):
        _place_aliases(src, text)
    return src


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _AliasFinder(yaml.SafeLoader):
    """The pure-Python composer, noting where each alias (*name) is written and under which key.

    The composer hands an alias back as the very node it names, so the node's own line is the
    anchor's (&name), not the alias's. This records the alias event's line instead.
    """

    def __init__(self, text: str):
        super().__init__(text)
        self.parents: dict[int, tuple[int | None, Any]] = {}
        self.found: list[tuple[int, str, int | None, int | None, Any]] = []

    def compose_node(self, parent, index):
        key = index.value if isinstance(index, yaml.Node) else index
        parent_id = id(parent) if parent is not None else None
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            self.found.append((event.start_mark.line + 1, event.anchor,
                               target.start_mark.line + 1 if target is not None else None, parent_id, key))
        node = super().compose_node(parent, index)
        self.parents.setdefault(id(node), (parent_id, key))
        return node


def _place_aliases(src: YamlSource, text: str) -> None:
    """Report each alias once per line, at the line where it is written, naming its anchor."""
    finder = _AliasFinder(text)
    try:
        finder.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return  # keep the problems as first reported
    finally:
        finder.dispose()

    def path_of(node_id: int | None) -> Path_:
        parts: list = []
        while node_id is not None and node_id in finder.parents:
            node_id, key = finder.parents[node_id]
            parts.append(key)
        return tuple(reversed(parts[:-1])) if parts else ()  # the last step is the root's (None)

    placed: dict[int, Problem] = {}
    for line, anchor, anchor_line, parent_id, key in finder.found:
        if line in placed or key is None:
            continue
        where = path_of(parent_id) + (key,)
        at = say("alias/at", line=anchor_line) if anchor_line else NOTHING
        placed[line] = make_problem(src.file, line, format_path(where), "alias/placed", anchor=anchor, at=at)
    if placed:
        src.problems = [p for p in src.problems if p.code != "alias"] + list(placed.values())


def _convert(node: yaml.Node, where: Path_, src: YamlSource, problem, seen: set[int] | None, depth: int) -> Any:
    """Turn a composed node into plain Python values, recording lines and problems.

    ``seen`` collects the nodes met so far, to refuse one met twice (an alias); ``None`` when the
    text has no anchor, so that no node can be met twice.
    """
    lines = src.lines
    lines.setdefault(where, node.start_mark.line + 1)
    scalar_node, sequence_node = yaml.ScalarNode, yaml.SequenceNode
    str_tag, seq_tag, map_tag = _STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
    mark_seen = seen.add if seen is not None else None
    unquoted = src.unquoted.add

    # One call per node of a large file: locals only, and the line of ``where`` is already recorded
    # by the caller (a mapping value's is its key's line, a list item's its own).
    def convert(node: yaml.Node, where: Path_, depth: int) -> Any:
        if mark_seen is not None:
            if id(node) in seen:
                problem(node.start_mark.line + 1, "alias", where)
                return None
            mark_seen(id(node))
        if depth > MAX_DEPTH:
            problem(node.start_mark.line + 1, "too-deep/values", where, limit=MAX_DEPTH)
            return None
        tag = node.tag

        if isinstance(node, scalar_node):
            if tag == str_tag:
                if node.value[:1] in _DIGITS and not node.style:
                    unquoted(where)
                return node.value
            if tag not in SCALAR_TAGS:
                problem(node.start_mark.line + 1, "forbidden-tag", where, tag=_shown_tag(tag))
                return None
            return _scalar(node, where, problem)

        if isinstance(node, sequence_node):
            if tag != seq_tag:
                problem(node.start_mark.line + 1, "forbidden-tag/list", where, tag=_shown_tag(tag))
                return None
            items = []
            inline = mark_seen is None and depth < MAX_DEPTH  # a plain text item needs no checks of its own
            for i, item in enumerate(node.value):
                child = where + (i,)
                lines.setdefault(child, item.start_mark.line + 1)
                if inline and item.tag == str_tag and isinstance(item, scalar_node):
                    text = item.value
                    if text[:1] in _DIGITS and not item.style:
                        unquoted(child)
                    items.append(text)
                else:
                    items.append(convert(item, child, depth + 1))
            return items

        if tag != map_tag:
            problem(node.start_mark.line + 1, "forbidden-tag/mapping", where, tag=_shown_tag(tag))
            return None
        out: dict[str, Any] = {}
        inline = mark_seen is None and depth < MAX_DEPTH
        for key_node, value_node in node.value:
            if key_node.tag != str_tag or key_node.value == "<<" or not isinstance(key_node, scalar_node):
                if not isinstance(key_node, scalar_node) or key_node.tag not in SCALAR_TAGS:
                    problem(key_node.start_mark.line + 1, "bad-key", where)
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                    problem(key_node.start_mark.line + 1, "merge-key", where)
                    continue
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            child = where + (key,)
            if key in out:  # the first one's line is the one recorded for this path
                problem(key_line, "duplicate-key", child, key=key, first=lines[child])
                continue
            lines[child] = key_line
            if inline and value_node.tag == str_tag and isinstance(value_node, scalar_node):
                text = value_node.value
                if text[:1] in _DIGITS and not value_node.style:
                    unquoted(child)
                out[key] = text
            else:
                out[key] = convert(value_node, child, depth + 1)
        return out

    return convert(node, where, depth)


def _scalar(node: yaml.ScalarNode, where: Path_, problem) -> Any:
    value = node.value
    if node.tag == "tag:yaml.org,2002:str":
        return value
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        if value.lower() not in ("true", "false"):
            problem(node.start_mark.line + 1, "bad-value", where, value=value)
            return None
        return value.lower() == "true"
    if node.tag == "tag:yaml.org,2002:int":
        if len(value) > 30 or not re.fullmatch(r"[-+]?[0-9]+", value):
            problem(node.start_mark.line + 1, "bad-number/whole", where, value=value[:40])
            return None
        return int(value)
    try:
        return float(value)
    except ValueError:
        problem(node.start_mark.line + 1, "bad-number", where, value=value)
        return None
