"""Problems found in the data, and the three ways to print them.

Input: ``Problem`` values collected by the loader and validator.
Output: lines of text, GitHub annotations, or JSON, in Chinese followed by English
(``lang="zh"``, the default) or in English only (``lang="en"``).

    print(format_problems([problem("data/ports.yaml", 3, "ports[0].id", "invalid-id", value=shown("X"))]))
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from generator.messages import NOTHING, Text, code_of, say

# GitHub shows at most this many error annotations of one step; the others are dropped silently.
GITHUB_ANNOTATION_LIMIT = 10
LANGUAGES = ("zh", "en")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: file, 1-based line, record path, code, message in English and Chinese."""

    file: str
    line: int
    path: str
    code: str
    message: str
    message_zh: str = ""


def problem(file: str, line: int, path: str, key: str, /, **values: Any) -> Problem:
    """A ``Problem`` at ``file:line`` (``path`` in the record) with the catalogue's message ``key``."""
    return text_problem(file, line, path, key, say(key, **values))


def text_problem(file: str, line: int, path: str, key: str, text: Text) -> Problem:
    """A ``Problem`` whose two-language message is already made; ``key`` gives its code."""
    return Problem(file, line, path, code_of(key), text.en, text.zh)


# Where a problem sits in a change: on a line the editor changed, in a file they changed, elsewhere.
Rank = Callable[[Problem], int]


def sort_problems(problems: Iterable[Problem], rank: Rank | None = None) -> list[Problem]:
    """Return problems without repeats, sorted by ``rank`` (when given), then file, line, path and message."""
    if rank is None:
        return sorted(set(problems), key=lambda p: (p.file, p.line, p.path, p.message, p.code))
    return sorted(set(problems), key=lambda p: (rank(p), p.file, p.line, p.path, p.message, p.code))


def count_text(problems: list[Problem], changed: int | None = None) -> Text:
    """Say how many problems there are in how many files (and how many are in the change, when known)."""
    files = {p.file for p in problems}
    text = say("count", count=len(problems), files=len(files),
               noun=Text("个问题", "problem" if len(problems) == 1 else "problems"),
               file_noun=Text("个文件", "file" if len(files) == 1 else "files"))
    if changed:
        text = text + Text("；", "; ") + say("count/changed", changed=changed)
    return text


def count_line(problems: list[Problem], lang: str = "en", changed: int | None = None) -> str:
    """The last line of a report: the count in ``lang`` (``zh``: Chinese, then English)."""
    return in_language(count_text(problems, changed), lang, " · ")


def in_language(text: Text, lang: str, joiner: str = "\n") -> str:
    """``text`` in English (``en``) or in Chinese followed by English (``zh``)."""
    if lang == "en" or text == NOTHING:
        return text.en
    return f"{text.zh}{joiner}{text.en}"


def _message(p: Problem, lang: str, joiner: str) -> str:
    if lang == "en" or not p.message_zh:
        return p.message
    return f"{p.message_zh}{joiner}{p.message}"


def _github_escape(text: str, *, is_property: bool = False) -> str:
    # GitHub's workflow-command syntax: % CR LF must be escaped, and in properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_text_line(p: Problem, lang: str = "zh") -> str:
    """One problem as ``FILE:LINE: PATH: MESSAGE``; in Chinese the English follows on an indented line."""
    return f"{p.file}:{p.line}: {p.path}: {_message(p, lang, chr(10) + '    ')}"


def format_problems(problems: list[Problem], fmt: str = "text", lang: str = "zh", *,
                    rank: Rank | None = None) -> str:
    """Render problems as ``text`` (FILE:LINE: PATH: MESSAGE), ``github`` or ``json``.

    ``rank`` orders them (0 first: the lines and files an editor changed); ``github`` annotates
    only the first ``GITHUB_ANNOTATION_LIMIT`` (what GitHub shows) and prints the rest as log lines.
    """
    problems = sort_problems(problems, rank)
    changed = sum(1 for p in problems if rank(p) < 2) if rank else None
    if fmt == "json":
        return json.dumps({"problems": [asdict(p) for p in problems], "count": len(problems)},
                          ensure_ascii=False, indent=2)
    lines = []
    if fmt == "github":
        annotated, rest = problems[:GITHUB_ANNOTATION_LIMIT], problems[GITHUB_ANNOTATION_LIMIT:]
        for p in annotated:
            title = _github_escape(p.code, is_property=True)
            lines.append(f"::error file={_github_escape(p.file, is_property=True)},line={p.line},"
                         f"title={title}::{_github_escape(f'{p.path}: {_message(p, lang, chr(10))}')}")
        if rest:
            lines.append(in_language(say("github/more", shown=len(annotated), more=len(rest)), lang, " · "))
            lines += [format_text_line(p, lang) for p in rest]
    else:
        lines = [format_text_line(p, lang) for p in problems]
    lines.append(count_line(problems, lang, changed))
    return "\n".join(lines)


def format_summary(problems: list[Problem], lang: str = "zh", *, rank: Rank | None = None) -> str:
    """A Markdown report of every problem for GitHub's job summary (``$GITHUB_STEP_SUMMARY``)."""
    problems = sort_problems(problems, rank)
    changed = sum(1 for p in problems if rank(p) < 2) if rank else None
    head = in_language(say("github/summary-title"), lang, " · ")
    out = [f"### {_md_cell(head)}", "", _md_cell(count_line(problems, lang, changed)), ""]
    columns = [in_language(say(f"github/column-{c}"), lang, " / ") for c in ("place", "path", "code", "message")]
    out.append("| " + " | ".join(_md_cell(c) for c in columns) + " |")
    out.append("|---|---|---|---|")
    for p in problems:
        out.append(f"| `{_md_cell(p.file)}:{p.line}` | {_md_cell(p.path)} | {_md_cell(p.code)} | "
                   f"{_md_cell(_message(p, lang, '<br>'), keep_br=True)} |")
    return "\n".join(out) + "\n"


def _md_cell(text: str, *, keep_br: bool = False) -> str:
    """Text for a Markdown table cell: no HTML, no pipes, no line breaks (data may hold any of them)."""
    text = text.replace("&", "&amp;").replace("<br>", "\x00") if keep_br else text.replace("&", "&amp;")
    text = text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("`", "'")
    text = text.replace("\r", " ").replace("\n", " ")
    return text.replace("\x00", "<br>")
