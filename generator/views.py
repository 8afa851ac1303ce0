"""Reader views: dated events, data changes from git, the timeline chart and the Atom feed.

Input: an ``Atlas`` (and, when the data files sit in a git checkout, their
history). Output: the dated events that the timeline and home page list, the
date each record last changed, an SVG timeline drawn at build time, and the
bytes of ``feed.xml``.

    views = ReaderViews(atlas)
    views.last_changed(atlas.get("hohhot-etdz"))   # Change(date="2026-11-22", kind="edited", ...)
    views.pages()                                  # [(template, page path), ...]

Where dates come from, in order of preference:

1. git history of the data files. Each commit that touched a file is read back
   (``git cat-file``) and its records compared with the version before, so a
   record's date is the last commit that changed *that record*, not the file.
   A shallow clone's oldest commit is a baseline, not an edit. Set
   ``ATLAS_GIT_HISTORY=0`` to ignore git (golden tests should, so that committing
   does not change their output).
2. the records' own dated entries: approval, establishment and status history.

The same data and the same history always give the same bytes: nothing reads
the clock, and ties are broken by record id.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import yaml

from generator.records import PAGE_FAMILIES, Atlas, Record

# Families whose records carry approvals and status histories.
EVENT_FAMILIES = ("platforms", "ports", "cooperation")
# Lanes of the timeline chart, top to bottom.
LANES = ("approved", "status", "issued")
FEED_LIMIT = 100
# Years the timeline chart shows one by one; older events share an "earlier" column.
TIMELINE_YEARS = 36
_ZERO_SHA = "0" * 40


# ----------------------------------------------------------------------------------- events ---

@dataclass(frozen=True)
class Event:
    """A dated fact of the world: an approval, an establishment, a status change, a document issued."""

    date: str              # YYYY, YYYY-MM or YYYY-MM-DD as the data gives it
    record: Record
    kind: str              # "approved" | "established" | "status" | "issued"
    status: str | None     # the status this event gives the record, when it gives one
    text: Mapping | None   # bilingual: the authority, the event, or the issuer

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
                if a and a.get("date"):
                    events.append(Event(a["date"], r, kind, "approved" if kind == "approved" else None,
                                        a.get("authority")))
            for h in r.get("history") or ():
                events.append(Event(h["date"], r, "status", h.get("status"), h.get("event")))
    for d in atlas.records("documents"):
        if d.get("date"):
            events.append(Event(d.get("date"), d, "issued", None, d.get("issuer")))
    return sorted(events, key=Event.sort_key)


# ------------------------------------------------------------------------------- git history ---

@dataclass(frozen=True)
class Edit:
    """A commit that added, changed or removed one record."""

    timestamp: str   # UTC, RFC 3339: 2026-11-22T04:18:36Z
    commit: str
    family: str
    record_id: str
    action: str      # "added" | "changed" | "removed"

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


def _record_digests(text: bytes, family: str) -> dict[str, str] | None:
    """Each record id in one version of a data file, with a digest of its content."""
    try:
        value = yaml.load(text.decode("utf-8"), Loader=_LOADER)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    items = value.get(family) if isinstance(value, dict) else None
    if not isinstance(items, list):
        return None
    out: dict[str, str] = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            blob = json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
            out[item["id"]] = hashlib.sha1(blob.encode("utf-8")).hexdigest()
    return out


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
    before: dict[str, str] = {}
    for i, (sha, stamp, blob) in enumerate(commits):
        now = {} if blob == _ZERO_SHA else _record_digests(contents.get(blob, b""), family)
        if now is None:
            continue  # an unreadable version: compare the next one with the last readable one
        if not (i == 0 and sha in boundary):
            for rid in sorted(set(before) | set(now)):
                if rid not in before:
                    edits.append(Edit(stamp, sha, family, rid, "added"))
                elif rid not in now:
                    edits.append(Edit(stamp, sha, family, rid, "removed"))
                elif before[rid] != now[rid]:
                    edits.append(Edit(stamp, sha, family, rid, "changed"))
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


def collect_edits(atlas: Atlas) -> list[Edit]:
    """Record edits from git history of the data files, oldest first ([] without git)."""
    if os.environ.get("ATLAS_GIT_HISTORY", "1") in ("0", "false", "no", "off"):
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


def league_ids(atlas: Atlas, record: Record) -> list[str]:
    """The league or prefecture-level city (盟市) each of a record's regions lies in."""
    hosts = [record.get("region")] if record.get("region") else list(record.get("regions") or ())
    out: list[str] = []
    for host in hosts:
        node = atlas.by_id.get(host)
        seen: set[str] = set()
        while node is not None and node.id not in seen:
            seen.add(node.id)
            parent = atlas.by_id.get(node.get("parent") or "")
            if parent is not None and parent.kind == "autonomous-region":
                if node.id not in out:
                    out.append(node.id)
                break
            node = parent
    return out


def page_url(from_page: str, target_dir: str) -> str:
    """A relative URL for raw HTML, from a page (``timeline/index.md``) to a folder page."""
    here = posixpath.dirname(from_page) or "."
    rel = posixpath.relpath(target_dir.rstrip("/") or ".", here)
    return "./" if rel == "." else rel + "/"


class ReaderViews:
    """Everything the reader views share, computed once per build."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        self.events = collect_events(atlas)
        self.edits = collect_edits(atlas)
        self._last_edit: dict[str, Edit] = {}
        for e in self.edits:
            self._last_edit[e.record_id] = e  # sorted oldest first, so the last one wins
        self._last_event: dict[str, Event] = {}
        for ev in self.events:
            self._last_event[ev.record.id] = ev
        self._downloads: dict[str, bytes] | None = None

    # Record footers ----------------------------------------------------------------------------
    def last_changed(self, record: Record) -> Change | None:
        """When ``record`` last changed: its last commit, else its latest dated entry, else None."""
        edit = self._last_edit.get(record.id)
        if edit is not None and edit.action != "removed":
            return Change(edit.date, "edited", edit.commit, self.commit_url(edit.commit))
        event = self._last_event.get(record.id)
        if event is not None and event.kind != "issued":
            return Change(event.date, "event")
        return None

    def commit_url(self, sha: str) -> str:
        return f"{self.atlas.meta['repository'].rstrip('/')}/commit/{sha}"

    # Counts ------------------------------------------------------------------------------------
    @functools.cached_property
    def status_counts(self) -> dict[tuple[str, str], int]:
        """How many records of each (family, status); counted once instead of per template loop."""
        counts: dict[tuple[str, str], int] = {}
        for family in ("platforms", "ports", "cooperation"):
            for r in self.atlas.records(family):
                counts[(family, r.status)] = counts.get((family, r.status), 0) + 1
        return counts

    @functools.cached_property
    def kind_counts(self) -> dict[str, tuple[int, int]]:
        """Platforms of each kind: (all, approved)."""
        counts: dict[str, tuple[int, int]] = {}
        for r in self.atlas.records("platforms"):
            n, approved = counts.get(r.kind, (0, 0))
            counts[r.kind] = (n + 1, approved + (r.status == "approved"))
        return counts

    # Lists -------------------------------------------------------------------------------------
    def commits(self) -> list["Commit"]:
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

    def timeline_years(self) -> list[tuple[int, list[Event]]]:
        """Events grouped by year, newest year first, oldest first inside a year."""
        years: dict[int, list[Event]] = {}
        for ev in self.events:
            years.setdefault(ev.year, []).append(ev)
        return sorted(years.items(), reverse=True)

    def downloads(self) -> dict[str, bytes]:
        """The download files (computed once; the downloads page shows their sizes)."""
        if self._downloads is None:
            from generator.exports import write_exports

            self._downloads = write_exports(self.atlas, self)
        return self._downloads

    def pages(self) -> list[tuple[str, str]]:
        """The view pages for ``render_pages``: (template, path inside one language)."""
        return [
            ("pages/downloads.md.j2", "downloads/index.md"),
            ("pages/timeline.md.j2", "timeline/index.md"),
            ("pages/targets.md.j2", "targets/index.md"),
            ("pages/departments.md.j2", "departments/index.md"),
            ("pages/compare.md.j2", "compare/index.md"),
        ]

    def download_list(self) -> list[dict[str, Any]]:
        """Each download with its size and record count, for the downloads page."""
        from generator.exports import describe_downloads

        return describe_downloads(self.atlas, self)

    def citation(self, lang: str) -> str:
        """How to cite the atlas, in Chinese (GB/T 7714 style) or English."""
        from generator.exports import site_url

        meta = self.atlas.meta
        title, as_of = meta["title"], str(meta["as_of"])
        url = site_url() or meta["repository"]
        licence_id = meta.get("licence") or "CC-BY-4.0"
        licence = {"CC-BY-4.0": "CC BY 4.0"}.get(licence_id, licence_id)
        if lang == "zh":
            return f"{title['zh']}团队. {title['zh']}[DS/OL]. 数据截至 {as_of}. {url}. 许可：{licence}."
        return (f"{title['en']} team ({as_of[:4]}). {title['en']} ({title['zh']}) [data set], "
                f"data as of {as_of}. {url}. Licence: {licence}.")

    # Page helpers ------------------------------------------------------------------------------
    def url(self, c, target: Record | str) -> str:
        """A relative URL from the page being rendered to a record page (for raw HTML)."""
        record = self.atlas.get(target) if isinstance(target, str) else target
        return page_url(c.page_path, f"{record.family}/{record.id}")

    def index_groups(self, family: str) -> list[tuple[Record, int]]:
        """The regions hosting records of ``family`` and how many each hosts, most first.

        For family indexes too long for one page: the counts are those of the region pages'
        own lists (``Atlas.region_members``), so a record in several regions counts in each.
        """
        counts = {rid: sum(1 for m in members if m.family == family)
                  for rid, members in self.atlas.region_members.items()}
        ranked = sorted(((rid, n) for rid, n in counts.items() if n), key=lambda kv: (-kv[1], kv[0]))
        return [(self.atlas.get(rid), n) for rid, n in ranked]

    def leagues(self, record: Record) -> list[str]:
        return league_ids(self.atlas, record)

    def short_name(self, record: Record, lang: str) -> str:
        """A name short enough for a matrix column: the Chinese short name when the data gives one."""
        if lang == "zh":
            aliases = [a for a in record.get("aliases") or () if len(a) < len(record.name["zh"])]
            return min(aliases, key=len) if aliases else record.name["zh"]
        return record.name["en"]

    def task_matrix(self, document: Record) -> tuple[list[tuple[str, Any]], list[str], dict[str, int]]:
        """A document's tasks and guarantees that name departments, the departments in order of
        first mention, and how many of the items each one carries."""
        items = [(section, item) for section in ("tasks", "guarantees")
                 for item in document.get(section) or () if item.get("departments")]
        orgs: list[str] = []
        counts: dict[str, int] = {}
        for _, item in items:
            for o in dict.fromkeys(item["departments"]):
                if o not in counts:
                    orgs.append(o)
                counts[o] = counts.get(o, 0) + 1
        return items, orgs, counts

    def compare_rows(self, total: Record) -> list[dict[str, Any]]:
        """A national total's figures by date: {as_of, national: [figure], inner: [figure]}, oldest first."""
        rows: dict[str, dict[str, Any]] = {}
        for f in total.get("figures") or ():
            row = rows.setdefault(str(f["as_of"]), {"as_of": str(f["as_of"]), "national": [], "inner": []})
            row["national" if f["scope"] == "national" else "inner"].append(f)
        return [rows[k] for k in sorted(rows)]

    def atlas_count(self, kind: str | None) -> list[Record]:
        """Inner Mongolia's approved platforms of a kind in this atlas (benchmarks elsewhere excluded)."""
        return [r for r in self.atlas.records("platforms") if kind and r.kind == kind and r.status == "approved"]

    def benchmark_kinds(self) -> list[tuple[str, list[Record], list[Record]]]:
        """Each platform kind with benchmark platforms: (kind, Inner Mongolia's platforms, benchmarks)."""
        platforms = self.atlas.records("platforms")
        kinds = list(dict.fromkeys(r.kind for r in platforms if r.status == "benchmark"))
        order = list(self.atlas.vocabularies["platform_kind"]["values"])
        kinds.sort(key=lambda k: order.index(k) if k in order else len(order))
        return [(k, [r for r in platforms if r.kind == k and r.status != "benchmark"],
                 [r for r in platforms if r.kind == k and r.status == "benchmark"]) for k in kinds]

    def timeline_svg(self, c) -> str:
        """The timeline chart for one page (``c`` is its PageContext)."""
        return draw_timeline_svg(self, c)


# ---------------------------------------------------------------------------------- timeline ---

def _esc(value: Any) -> str:
    return xml_escape(str(value), {'"': "&quot;"})


def draw_timeline_svg(views: ReaderViews, c) -> str:
    """An SVG chart of events: one lane per kind, one column per year, a linked dot per event.

    Drawn at build time so it reads without JavaScript; every dot links to its
    record and carries a <title> that browsers show on hover and screen readers read.
    Years more than ``TIMELINE_YEARS`` before the last share one "earlier" column,
    so a port opened in 1902 does not squeeze the decades where most events are.
    """
    events = views.events
    if not events:
        return ""
    last = max(max(ev.year for ev in events), int(str(views.atlas.meta["as_of"])[:4]))
    first = min(ev.year for ev in events)
    first -= first % 5
    start = max(first, last - TIMELINE_YEARS + 1)
    start -= start % 5
    earlier = [ev for ev in events if ev.year < start]
    years = list(range(start, last + 1))
    left, right, top, step, radius, width = 96, 14, 24, 10, 4, 720
    gap = 1.5 if earlier else 0.0  # the "earlier" column and a gap before the first real year
    col = (width - left - right) / (len(years) + gap + (1 if earlier else 0))

    def x_of(year: int) -> float:
        if year < start:
            return left + 0.5 * col
        return left + ((1 + gap if earlier else 0) + years.index(year) + 0.5) * col

    stacks: dict[tuple[str, int], list[Event]] = {}
    for ev in events:
        stacks.setdefault((ev.lane, max(ev.year, start - 1)), []).append(ev)
    lanes = [lane for lane in LANES if any(ev.lane == lane for ev in events)]
    heights = {lane: max(3, max(len(v) for (ln, _), v in stacks.items() if ln == lane)) * step + 14
               for lane in lanes}
    y_bottom = top + sum(heights.values())
    height = y_bottom + 24
    out = [f'<svg class="atlas-timeline-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="group" aria-label="{_esc(c.L("tl_chart_title"))}" xmlns="http://www.w3.org/2000/svg">']
    years_with_events = {ev.year for ev in events}
    ticks: list[tuple[float, str, int | None]] = []
    if earlier:
        ticks.append((x_of(start - 1), c.L("tl_earlier"), max(ev.year for ev in earlier)))
    for year in years:
        # Every fifth year, and the last one when its label cannot collide with the one before.
        if year % 5 == 0 or (year == last and last % 5 >= 3):
            ticks.append((x_of(year), str(year), year if year in years_with_events else None))
    for x, text, anchor in ticks:
        out.append(f'<line class="atlas-tl-grid" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{y_bottom}"/>')
        label = f'<text class="atlas-tl-year" x="{x:.1f}" y="{y_bottom + 16}" text-anchor="middle">{_esc(text)}</text>'
        out.append(f'<a href="#y{anchor}">{label}</a>' if anchor else label)
    y = top
    for lane in lanes:
        h = heights[lane]
        base = y + h - 4
        out.append(f'<line class="atlas-tl-lane" x1="{left - 8}" y1="{base}" x2="{width - right}" y2="{base}"/>')
        out.append(f'<text class="atlas-tl-lanelabel" x="{left - 14}" y="{base - 4}" text-anchor="end">'
                   f'{_esc(c.L("tl_lane_" + lane))}</text>')
        for (ln, year), stack in sorted(stacks.items()):
            if ln != lane:
                continue
            for k, ev in enumerate(stack):
                cy = base - step * (k + 0.5) - 2
                status = ev.status or ev.kind  # established and issued events carry no status
                tip = " · ".join(p for p in (c.date(ev.date), ev.record.name[c.lang], _event_phrase(c, ev)) if p)
                out.append(f'<a href="{_esc(views.url(c, ev.record))}"><circle class="atlas-tl-dot '
                           f'atlas-tl-dot--{_esc(status)}" cx="{x_of(year):.1f}" cy="{cy:.1f}" r="{radius}">'
                           f'<title>{_esc(tip)}</title></circle></a>')
        y += h
    out.append("</svg>")
    return "".join(out)


def _event_phrase(c, ev: Event) -> str:
    """A short description of an event in the page's language (plain text)."""
    if ev.kind == "status":
        what = c.t(ev.text) if ev.text else ""
        return c.label("status", ev.status) + (c.L("colon") + what if what else "")
    who = c.t(ev.text) if ev.text else ""
    return c.L("tl_" + ev.kind) + (c.L("lp") + who + c.L("rp") if who else "")


# -------------------------------------------------------------------------------------- feed ---

def _atom_time(date: str) -> str:
    """An RFC 3339 time from a data date (YYYY, YYYY-MM, YYYY-MM-DD) or a git timestamp."""
    if "T" in date:
        return date
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"


ACTION_WORDS = {"added": ("新增", "added"), "changed": ("修改", "changed"), "removed": ("删除", "removed")}
EVENT_WORDS = {"approved": ("批准", "Approved"), "established": ("确立", "Established"),
               "status": ("状态", "Status")}


def record_path(atlas: Atlas, family: str, record_id: str) -> str | None:
    """The page folder that shows a record (national totals live on /compare/), or None."""
    if family == "national_totals":
        return "compare/"
    if record_id in atlas.by_id and family in PAGE_FAMILIES:
        return f"{family}/{record_id}/"
    return None


def write_feed(atlas: Atlas, views: ReaderViews, site_url: str = "") -> bytes:
    """The Atom feed of data changes: one entry per commit that edited records, one per dated event."""
    repo = atlas.meta["repository"].rstrip("/")
    title = atlas.meta["title"]
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries: list[tuple[str, list[str]]] = []
    for commit in views.commits()[:FEED_LIMIT]:
        entries.append((commit.timestamp, _commit_entry(atlas, commit, repo, base)))
    for ev in views.status_events()[:FEED_LIMIT]:
        entries.append((_atom_time(ev.date), _event_entry(atlas, ev, repo, base)))
    entries.sort(key=lambda e: e[0], reverse=True)
    entries = entries[:FEED_LIMIT]
    updated = entries[0][0] if entries else _atom_time(str(atlas.meta["as_of"]))
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh">',
             f'  <title>{_esc(title["zh"])} · {_esc(title["en"])}</title>',
             '  <subtitle>数据更改 · Data changes</subtitle>',
             f'  <id>{_esc(repo)}/feed.xml</id>',
             f'  <link rel="alternate" type="text/html" href="{_esc(base or "./")}"/>',
             f'  <link rel="self" type="application/atom+xml" href="{_esc(base + "feed.xml")}"/>',
             f'  <updated>{updated}</updated>',
             f'  <author><name>{_esc(title["zh"])} · {_esc(title["en"])}</name><uri>{_esc(repo)}</uri></author>',
             f'  <rights>{_esc(atlas.meta.get("licence") or "CC-BY-4.0")}</rights>']
    for _, entry in entries:
        lines.extend(entry)
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _commit_entry(atlas: Atlas, commit: "Commit", repo: str, base: str) -> list[str]:
    counts = commit.counts()
    zh = "、".join(f"{ACTION_WORDS[a][0]} {n} 条" for a, n in counts.items())
    en = ", ".join(f"{n} {ACTION_WORDS[a][1]}" for a, n in counts.items())
    items = []
    for e in commit.edits:
        record = atlas.by_id.get(e.record_id)
        name = f"{record.name['zh']} · {record.name['en']}" if record else e.record_id
        path = record_path(atlas, e.family, e.record_id) if e.action != "removed" else None
        text = f"{ACTION_WORDS[e.action][0]} {ACTION_WORDS[e.action][1]}: {_esc(name)} ({_esc(e.family)}/{_esc(e.record_id)})"
        items.append(f'<li><a href="{_esc(base + path)}">{text}</a></li>' if path else f"<li>{text}</li>")
    content = f'<p><a href="{_esc(repo)}/commit/{commit.sha}">{commit.sha[:7]}</a></p><ul>{"".join(items)}</ul>'
    first = commit.edits[0]
    link = record_path(atlas, first.family, first.record_id) if len(commit.edits) == 1 else None
    href = base + link if link else f"{repo}/commit/{commit.sha}"
    return ["  <entry>",
            f"    <title>数据更新：{_esc(zh)} · Data update: {_esc(en)}</title>",
            f'    <link rel="alternate" type="text/html" href="{_esc(href)}"/>',
            f"    <id>{_esc(repo)}/commit/{commit.sha}</id>",
            f"    <updated>{commit.timestamp}</updated>",
            f'    <content type="html">{_esc(content)}</content>',
            "  </entry>"]


def _event_entry(atlas: Atlas, ev: Event, repo: str, base: str) -> list[str]:
    zh, en = EVENT_WORDS[ev.kind]
    if ev.kind == "status":
        zh += f"：{atlas.label('status', ev.status, 'zh')}"
        en += f": {atlas.label('status', ev.status, 'en')}"
    r = ev.record
    text = ev.text or {}
    summary = f"{ev.date} · {zh} · {r.name['zh']}" + (f"：{text['zh']}" if text else "") + \
              f" · {en} · {r.name['en']}" + (f": {text['en']}" if text else "")
    return ["  <entry>",
            f"    <title>{_esc(zh)}：{_esc(r.name['zh'])} · {_esc(en)}: {_esc(r.name['en'])}</title>",
            f'    <link rel="alternate" type="text/html" href="{_esc(base + r.family + "/" + r.id + "/")}"/>',
            f"    <id>{_esc(repo)}/blob/{_esc(atlas.meta.get('branch') or 'main')}/data/{r.family}.yaml"
            f"#{_esc(r.id)}/{ev.kind}/{ev.date}</id>",
            f"    <updated>{_atom_time(ev.date)}</updated>",
            f"    <summary>{_esc(summary)}</summary>",
            "  </entry>"]
