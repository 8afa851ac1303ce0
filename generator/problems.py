"""Problems found in the data, and the three ways to print them.

Input: ``Problem`` values collected by the loader and validator.
Output: lines of text, GitHub annotations, or JSON.

    print(format_problems([Problem("data/ports.yaml", 3, "ports[0].id", "invalid-id", "...")], "text"))
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: file, 1-based line, record path, code, plain-words message."""

    file: str
    line: int
    path: str
    code: str
    message: str


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Return problems sorted by file, line, path and message, without repeats."""
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.path, p.message, p.code))


def count_line(problems: list[Problem]) -> str:
    """Summarise how many problems there are in how many files."""
    files = {p.file for p in problems}
    noun = "problem" if len(problems) == 1 else "problems"
    file_noun = "file" if len(files) == 1 else "files"
    return f"{len(problems)} {noun} in {len(files)} {file_noun}"


def _github_escape(text: str, *, is_property: bool = False) -> str:
    # GitHub's workflow-command syntax: % CR LF must be escaped, and in properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_problems(problems: list[Problem], fmt: str = "text") -> str:
    """Render sorted problems as ``text`` (FILE:LINE: PATH: MESSAGE), ``github`` or ``json``."""
    problems = sort_problems(problems)
    if fmt == "json":
        return json.dumps({"problems": [asdict(p) for p in problems], "count": len(problems)},
                          ensure_ascii=False, indent=2)
    lines = []
    for p in problems:
        if fmt == "github":
            title = _github_escape(f"{p.code}", is_property=True)
            lines.append(f"::error file={_github_escape(p.file, is_property=True)},line={p.line},"
                         f"title={title}::{_github_escape(f'{p.path}: {p.message}')}")
        else:
            lines.append(f"{p.file}:{p.line}: {p.path}: {p.message}")
    lines.append(count_line(problems))
    return "\n".join(lines)
