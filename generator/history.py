"""What happened to the data, and when: dated events, record edits from git, last-changed dates.

Input: an ``Atlas`` (and, when the data files sit in a git checkout, their
history). Output: a ``History`` that the reader views, the pages, the downloads
and the feeds share: the dated events, each commit's record edits with the
fields they changed, and the date each record last changed.

    history = History(atlas)
    history.last_changed(atlas.get("hohhot-etdz"))   # Change(date="2026-11-22", kind="edited", ...)
    history.record_edits("hohhot-etdz")              # [Edit(..., fields=(FieldChange("status", ...),))]

This module sits at the bottom of the generator (it imports only ``records``),
so that ``views``, ``exports`` and ``pages`` can all use it without importing
each other.

Where dates come from, in order of preference:

1. git history of the data files. Each commit that touched a file is read back
   (``git cat-file``) and its records compared with the version before, so a
   record's date is the last commit that changed *that record*, not the file,
   and each edit knows which of the record's fields it changed.
   A shallow clone's oldest commit is a baseline, not an edit. Set
   ``ATLAS_GIT_HISTORY=0`` to ignore git (golden tests should, so that committing
   does not change their output).
2. the records' own dated entries: approval, establishment and status history.

The same data and the same history always give the same result: nothing reads
the clock, and ties are broken by record id.
"""
from __future__ import annotations

import functools
import json
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from generator.records import Atlas, Record

# Families whose records carry approvals and status histories.
EVENT_FAMILIES = ("platforms", "ports", "cooperation")
_ZERO_SHA = "0" * 40
# A changed field's old and new values are kept when both are this short as JSON text: the
# history section shows them; longer values (a list of sources, a summary) are only named.
SHORT_VALUE = 80


# ----------------------------------------------------------------------------------- events ---

@dataclass(frozen=True)
class Event:
    """A dated fact of the world: an approval, an establishment, a status change, a document issued."""

    date: str              # YYYY, YYYY-MM or YYYY-MM-DD as the data gives it
    record: Record
    kind: str              # "approved" | "established" | "status" | "issued"
    status: str | None     # the status this event gives the record, when it gives one
    text: Mapping | None   # bilingual: the authority, the event, or the issuer
    not_later: bool = False  # the date is a "not later than" bound (approved: {not_later_than: ...})

    @property
    def year(self) -> int:
        return int(self.date[:4])

    @property
    def lane(self) -> str:
        return {"approved": "approved", "established": "approved"}.get(self.kind, self.kind)

    def sort_key(self) -> tuple:
        return (self.date, self.record.family, self.record.id, self.kind)


def collect_events(atlas: Atlas) -> list[Event]:
    """Every dated event in the data, oldest first."""
    events: list[Event] = []
    for family in EVENT_FAMILIES:
        for r in atlas.records(family):
            for kind in ("approved", "established"):
                a = r.get(kind)
                when = a and (a.get("date") or a.get("not_later_than"))
                if when:
                    events.append(Event(when, r, kind, "approved" if kind == "approved" else None,
                                        a.get("authority"), not_later=not a.get("date")))
            for h in r.get("history") or ():
                events.append(Event(h["date"], r, "status", h.get("status"), h.get("event")))
    for d in atlas.records("documents"):
        if d.get("date"):
            events.append(Event(d.get("date"), d, "issued", None, d.get("issuer")))
    return sorted(events, key=Event.sort_key)


# ------------------------------------------------------------------------------- git history ---

@dataclass(frozen=True)
class FieldChange:
    """One field of a record that an edit changed: its path (``status``, ``approved.date``)
    and, when both are short, the old and new values (text as written, other values as JSON;
    None: the field was absent before or after)."""

    path: str
    old: str | None
    new: str | None
    short: bool      # False: the values are too long to show; only the field is named


@dataclass(frozen=True)
class Edit:
    """A commit that added, changed or removed one record, and the fields it changed."""

    timestamp: str   # UTC, RFC 3339: 2026-11-22T04:18:36Z
    commit: str
    family: str
    record_id: str
    action: str      # "added" | "changed" | "removed"
    fields: tuple[FieldChange, ...] = ()  # for "changed": what changed, in field order

    @property
    def date(self) -> str:
        return self.timestamp[:10]


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes | None:
    """Run git; None when git is missing, the folder is not a checkout, or git fails."""
    env = dict(os.environ, LC_ALL="C", GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0")
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, input=stdin,
                              capture_output=True, timeout=120, env=env, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# Old versions of data files: plain values only, through the fast safe loader when available.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _record_versions(text: bytes, family: str) -> dict[str, dict] | None:
    """Each record of one version of a data file, by id, as plain values (None: unreadable)."""
    try:
        value = yaml.load(text.decode("utf-8"), Loader=_LOADER)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    items = value.get(family) if isinstance(value, dict) else None
    if not isinstance(items, list):
        return None
    return {item["id"]: item for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _as_text(value: Any) -> str:
    """A value as the history shows it: text as written, anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def field_changes(before: Mapping, after: Mapping) -> tuple[FieldChange, ...]:
    """The fields that differ between two versions of a record, one level into mappings.

    ``name.en`` rather than ``name`` when only the English name changed; lists (sources,
    history) are compared whole. Order: the new version's field order, then removed fields.
    """
    out: list[FieldChange] = []
    for key in [*after, *(k for k in before if k not in after)]:
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            for sub in [*new, *(k for k in old if k not in new)]:
                if old.get(sub) != new.get(sub):
                    out.append(_change(f"{key}.{sub}", old.get(sub), new.get(sub), sub in old, sub in new))
        else:
            out.append(_change(key, old, new, key in before, key in after))
    return tuple(out)


def _change(path: str, old: Any, new: Any, had: bool, has: bool) -> FieldChange:
    old_text = _as_text(old) if had else None
    new_text = _as_text(new) if has else None
    short = all(t is None or len(t) <= SHORT_VALUE for t in (old_text, new_text))
    return FieldChange(path, old_text if short else None, new_text if short else None, short)


@functools.lru_cache(maxsize=64)
def _file_edits(path: str, family: str, head: str) -> tuple[Edit, ...]:
    """Every record edit in the committed history of one data file (``head`` keys the cache)."""
    file = Path(path)
    top = _git(["rev-parse", "--show-toplevel"], file.parent)
    if top is None:
        return ()
    root = Path(top.decode().strip())
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return ()
    # The mainline only (merges compared with their first parent), so that commits of merged
    # branches, interleaved by date, never look like a change followed by its undoing.
    log = _git(["log", "--first-parent", "--diff-merges=first-parent", "--format=%x1e%H%x1f%cI", "--raw",
                "--no-abbrev", "--no-renames", "--", rel], root)
    if not log:
        return ()
    commits: list[tuple[str, str, str]] = []  # (sha, timestamp, blob) oldest first
    for chunk in log.decode("utf-8", "replace").split("\x1e")[1:]:
        lines = chunk.strip("\n").split("\n")
        sha, stamp = lines[0].split("\x1f")
        blob = next((ln.split()[3] for ln in lines[1:] if ln.startswith(":") and ln.split("\t")[-1] == rel), None)
        if blob is not None:
            commits.append((sha, _utc(stamp), blob))
    commits.reverse()
    blobs = sorted({b for _, _, b in commits if b != _ZERO_SHA})
    contents = _read_blobs(blobs, root)
    shallow_file = _git(["rev-parse", "--git-path", "shallow"], root)
    boundary: set[str] = set()
    if shallow_file:
        shallow_path = root / shallow_file.decode().strip()
        if shallow_path.is_file():
            boundary = set(shallow_path.read_text().split())

    edits: list[Edit] = []
    before: dict[str, dict] = {}
    for i, (sha, stamp, blob) in enumerate(commits):
        now = {} if blob == _ZERO_SHA else _record_versions(contents.get(blob, b""), family)
        if now is None:
            continue  # an unreadable version: compare the next one with the last readable one
        if not (i == 0 and sha in boundary):
            for rid in sorted(set(before) | set(now)):
                if rid not in before:
                    edits.append(Edit(stamp, sha, family, rid, "added"))
                elif rid not in now:
                    edits.append(Edit(stamp, sha, family, rid, "removed"))
                elif before[rid] != now[rid]:
                    edits.append(Edit(stamp, sha, family, rid, "changed", field_changes(before[rid], now[rid])))
        before = now
    return tuple(edits)


def _read_blobs(shas: list[str], root: Path) -> dict[str, bytes]:
    """The contents of many blobs through one ``git cat-file --batch``."""
    if not shas:
        return {}
    out = _git(["cat-file", "--batch"], root, stdin=("\n".join(shas) + "\n").encode())
    contents: dict[str, bytes] = {}
    pos = 0
    while out and pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        contents[header[0].decode()] = out[pos:pos + size]
        pos += size + 1
    return contents


def git_history_enabled() -> bool:
    """False when ``ATLAS_GIT_HISTORY`` turns the reading of git history off."""
    return os.environ.get("ATLAS_GIT_HISTORY", "1") not in ("0", "false", "no", "off")


def collect_edits(atlas: Atlas) -> list[Edit]:
    """Record edits from git history of the data files, oldest first ([] without git)."""
    if not git_history_enabled():
        return []
    files: dict[str, str] = {}
    for family in atlas.families:
        for r in atlas.records(family):
            files.setdefault(str(Path(r.file).resolve()), family)
    edits: list[Edit] = []
    for path, family in sorted(files.items()):
        folder = Path(path).parent
        if not folder.is_dir():
            continue
        head = _git(["rev-parse", "HEAD"], folder)
        if head is None:
            continue
        edits.extend(_file_edits(path, family, head.decode().strip()))
    return sorted(edits, key=lambda e: (e.timestamp, e.family, e.record_id, e.commit))


# ------------------------------------------------------------------------------------ changes ---

@dataclass(frozen=True)
class Commit:
    """One commit's record edits."""

    timestamp: str
    sha: str
    edits: tuple[Edit, ...]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for action in ("added", "changed", "removed"):
            n = sum(1 for e in self.edits if e.action == action)
            if n:
                out[action] = n
        return out


@dataclass(frozen=True)
class Change:
    """When a record last changed, for its page footer.

    ``kind`` is "edited" (a commit changed the record: ``commit`` and ``url`` are
    set) or "event" (no history available: the record's latest dated entry).
    """

    date: str
    kind: str
    commit: str | None = None
    url: str | None = None

    @property
    def short_commit(self) -> str:
        return (self.commit or "")[:7]



class History:
    """The events and edits of one atlas, read once per build and shared by every writer."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        self.events = collect_events(atlas)
        self.git_read = git_history_enabled()
        self.edits = collect_edits(atlas)
        self._by_record: dict[str, list[Edit]] = {}
        for e in self.edits:
            self._by_record.setdefault(e.record_id, []).append(e)  # oldest first
        self._last_event: dict[str, Event] = {}
        for ev in self.events:
            self._last_event[ev.record.id] = ev

    def record_edits(self, record_id: str) -> list[Edit]:
        """The commits that changed one record, newest first."""
        return self._by_record.get(record_id, [])[::-1]

    def last_changed(self, record: Record) -> Change | None:
        """When ``record`` last changed: its last commit, else its latest dated entry, else None."""
        edits = self._by_record.get(record.id)
        edit = edits[-1] if edits else None
        if edit is not None and edit.action != "removed":
            return Change(edit.date, "edited", edit.commit, self.commit_url(edit.commit))
        event = self._last_event.get(record.id)
        if event is not None and event.kind != "issued":
            return Change(event.date, "event")
        return None

    def commit_url(self, sha: str) -> str:
        """The commit's page in the repository."""
        return f"{self.atlas.meta['repository'].rstrip('/')}/commit/{sha}"

    def commits(self) -> list[Commit]:
        """Commits that edited records, newest first, each with its edits in id order."""
        by_sha: dict[str, list[Edit]] = {}
        for e in self.edits:
            by_sha.setdefault(e.commit, []).append(e)
        commits = [Commit(edits[0].timestamp, sha, tuple(sorted(edits, key=lambda e: (e.family, e.record_id))))
                   for sha, edits in by_sha.items()]
        return sorted(commits, key=lambda c: (c.timestamp, c.sha), reverse=True)

    def status_events(self) -> list[Event]:
        """Approvals, establishments and status changes, newest first."""
        return sorted((ev for ev in self.events if ev.kind != "issued"), key=Event.sort_key, reverse=True)
