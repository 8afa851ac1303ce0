"""What the editor changed, asked of git: which lines, and which of two records came later.

Input: file paths as the validator names them, and a git revision. Output: the changed lines of
each changed file, a ranking for problems (changed lines first, then changed files, then the
rest), and the time a line was added. Without git, or outside a repository, every function
answers ``None`` and the validator keeps its plain order.

    changes = changed_lines("origin/main", Path("data"))   # {"data/ports.yaml": {12, 13}, ...}
    rank = rank_by_change(changes)                          # rank(problem) -> 0, 1 or 2
"""
from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from generator.problems import Problem, Rank

_HUNK = re.compile(r"^@@ -[0-9]+(?:,[0-9]+)? \+([0-9]+)(?:,([0-9]+))? @@")


def _git(args: list[str], cwd: Path) -> str | None:
    """Run git in ``cwd`` and return its output, or None when git is missing or fails."""
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, GIT_OPTIONAL_LOCKS="0", LC_ALL="C"))
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _shown(path: Path) -> str:
    """A path named the way the validator names files (relative to the working folder when inside it)."""
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def changed_lines(ref: str, folder: Path) -> dict[str, set[int]] | None:
    """The lines of files under ``folder`` that differ from where ``ref`` and HEAD met, by file.

    The working tree is compared, so uncommitted edits count; a new untracked file counts as
    changed throughout (an empty set of lines means "the whole file"). Comparing with the merge
    base, not ``ref`` itself, leaves out what others changed on ``ref`` meanwhile.
    """
    folder = folder.resolve()
    top = _git(["rev-parse", "--show-toplevel"], folder)
    base = _git(["merge-base", ref, "HEAD"], folder)
    if top is None or base is None:
        return None
    root = Path(top.strip())
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-renames", base.strip(), "--", "."],
                folder)
    if diff is None:
        return None
    changes: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else changes.setdefault(_shown(root / name[2:]), set())
        elif current is not None and (m := _HUNK.match(line)):
            start, count = int(m[1]), int(m[2]) if m[2] is not None else 1
            # A deletion (count 0) changes the place between two lines: mark both.
            current.update(range(start, start + count) if count else (max(start, 1), start + 1))
    others = _git(["ls-files", "--others", "--exclude-standard", "--", "."], folder)
    for name in (others or "").splitlines():
        changes.setdefault(_shown(folder / name), set())
    return changes


def rank_by_change(changes: dict[str, set[int]]) -> Rank:
    """Rank a problem 0 on a changed line (or in a new file), 1 in a changed file, 2 elsewhere."""

    def rank(p: Problem) -> int:
        lines = changes.get(p.file)
        if lines is None:
            return 2
        return 0 if not lines or p.line in lines else 1

    return rank


def added_at(file: str, line: int) -> float | None:
    """When ``line`` of ``file`` was added (seconds since the epoch; now when not committed yet).

    None when git cannot say (no git, not in a repository); a file git does not track yet is new.
    """
    path = Path(file).resolve()
    if _git(["rev-parse", "--show-toplevel"], path.parent) is None:
        return None
    out = _git(["blame", "--porcelain", "-L", f"{line},{line}", "--", path.name], path.parent)
    if out is None:
        return time.time()  # in a repository but not tracked: just added
    sha = out.split(" ", 1)[0]
    if set(sha) == {"0"}:
        return time.time()
    found = re.search(r"^committer-time ([0-9]+)$", out, re.MULTILINE)
    return float(found[1]) if found else None
