"""Reader views: the timeline chart, the analysis pages' tables, and the helpers their templates call.

Input: an ``Atlas`` and its ``History`` (generator/history.py: dated events, git
edits, last-changed dates). Output: what the view pages print: counts, groups,
matrices and an SVG timeline drawn at build time.

    views = ReaderViews(atlas, History(atlas))
    views.pages()                                  # [(template, page path), ...]
    views.last_changed(atlas.get("hohhot-etdz"))   # Change(date="2026-11-22", kind="edited", ...)

The same data and the same history always give the same bytes: nothing reads
the clock, and ties are broken by record id.
"""
from __future__ import annotations

import functools
import posixpath
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from generator.history import Change, Commit, Event, History
from generator.records import Atlas, Record, league_ids

# Lanes of the timeline chart, top to bottom.
LANES = ("approved", "status", "issued")
# Years the timeline chart shows one by one; older events share an "earlier" column.
TIMELINE_YEARS = 36


def page_url(from_page: str, target_dir: str) -> str:
    """A relative URL for raw HTML, from a page (``timeline/index.md``) to a folder page."""
    here = posixpath.dirname(from_page) or "."
    rel = posixpath.relpath(target_dir.rstrip("/") or ".", here)
    return "./" if rel == "." else rel + "/"


class ReaderViews:
    """Everything the reader views share, computed once per build."""

    def __init__(self, atlas: Atlas, history: History | None = None):
        self.atlas = atlas
        self.history = history or History(atlas)
        self.events = self.history.events
        self.edits = self.history.edits

    # Record footers and change lists (generator/history.py) ------------------------------------
    def last_changed(self, record: Record) -> Change | None:
        """When ``record`` last changed (see ``History.last_changed``)."""
        return self.history.last_changed(record)

    def commit_url(self, sha: str) -> str:
        return self.history.commit_url(sha)

    def commits(self) -> list[Commit]:
        """Commits that edited records, newest first."""
        return self.history.commits()

    def status_events(self) -> list[Event]:
        """Approvals, establishments and status changes, newest first."""
        return self.history.status_events()

    @functools.cached_property
    def first_publication(self) -> Commit | None:
        """The first import: the oldest commit, when all it did was add records (None otherwise).

        "290 added" on one day tells a reader nothing; the home page says when the atlas was
        first published instead, and lists the edits made since.
        """
        commits = self.commits()
        if commits and all(e.action == "added" for e in commits[-1].edits):
            return commits[-1]
        return None

    def recent_commits(self, limit: int) -> list[Commit]:
        """The newest ``limit`` commits that edited records, the first import left out."""
        first = self.first_publication
        return [c for c in self.commits() if first is None or c.sha != first.sha][:limit]

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
    def timeline_years(self) -> list[tuple[int, list[Event]]]:
        """Events grouped by year, newest year first, oldest first inside a year."""
        years: dict[int, list[Event]] = {}
        for ev in self.events:
            years.setdefault(ev.year, []).append(ev)
        return sorted(years.items(), reverse=True)

    def pages(self) -> list[tuple[str, str]]:
        """The view pages for ``render_pages``: (template, path inside one language)."""
        return [
            ("pages/downloads.md.j2", "downloads/index.md"),
            ("pages/timeline.md.j2", "timeline/index.md"),
            ("pages/targets.md.j2", "targets/index.md"),
            ("pages/departments.md.j2", "departments/index.md"),
            ("pages/compare.md.j2", "compare/index.md"),
            ("pages/sources_wanted.md.j2", "sources-wanted/index.md"),
        ]

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
        # The same name at the lane's top right, for phones, where the chart opens at its right end.
        out.append(f'<text class="atlas-tl-lanelabel atlas-tl-lanelabel--end" x="{width - right}" y="{y + 12}" '
                   f'text-anchor="end" aria-hidden="true">{_esc(c.L("tl_lane_" + lane))}</text>')
        for (ln, year), stack in sorted(stacks.items()):
            if ln != lane:
                continue
            for k, ev in enumerate(stack):
                cy = base - step * (k + 0.5) - 2
                status = ev.status or ev.kind  # established and issued events carry no status
                tip = " · ".join(p for p in (c.event_date(ev), ev.record.name[c.lang], _event_phrase(c, ev)) if p)
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


