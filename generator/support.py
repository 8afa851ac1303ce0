"""How strong each fact's support is, computed from who published its sources; and the figures about sources.

Input: an ``Atlas`` (its records and its publisher register). Output: a support level per fact
(``official``, ``reported``, ``secondary`` or ``weak``), the list of facts with where each is
written, and the figures that ``python -m generator sources``, the about page and the
"Sources wanted" page all print.

    level = support_level(record.approved, atlas.publishers)     # -> "reported"
    figures = source_figures(atlas)                              # -> {"sources": 709, ...}

The level is never typed by an editor: it follows from the sources.
- A source that quotes a document of ``documents.yaml`` (``document:``), or a page that is a copy
  of one (``url:`` with ``document:``), or a page on a government or official-document site: official.
- A page of state media or a news outlet, or a copy whose ``original`` names such a publisher (or a
  government body: the copy is then as good as a report of it, not as the document itself): reported.
- An encyclopedia or a dataset (or a copy naming one as its original): secondary.
- A mirror or forum page with no identified original, or a site missing from the register: weak.
A fact is as strong as its strongest source. A hand-set ``confidence`` lowers it and never raises
it: ``likely`` caps it at secondary (a weak or indirect source), ``unverified`` makes it weak.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.publishers import Register, host_of
from generator.records import Atlas, Fields, Record

# Strongest first.
LEVELS = ("official", "reported", "secondary", "weak")
RANK = {level: i for i, level in enumerate(LEVELS)}
LEVEL_OF_TYPE = {
    "government": "official",
    "official-document": "official",
    "state-media": "reported",
    "news": "reported",
    "encyclopedia": "secondary",
    "dataset": "secondary",
    "mirror": "weak",
    "forum": "weak",
}
# The best level an original named by a copy can give: a named original is not the document itself.
ORIGINAL_CAP = "reported"
CONFIDENCE_CAP = {"verified": "official", "likely": "secondary", "unverified": "weak"}
COPY_TYPES = ("mirror", "forum")

# The parts of a record that state facts, in page order, and the word for each on pages.
FACT_KINDS = ("record", "approved", "established", "history", "location", "area", "counterpart", "facts", "figures")
# How today's data marks a fact taken from the reference notes' memory rather than from a source.
MEMORY_MARKS = re.compile(r"from memory|凭记忆|憑記憶|recalled", re.IGNORECASE)


def _get(mapping: Mapping, key: str) -> Any:
    """``mapping.get(key)``, reading a record's ``Fields`` through its plain mapping.

    ``Fields.get`` goes through ``__getitem__`` and an exception handler; the figures read a few
    hundred thousand fields at national scale, where that was half their time.
    """
    return (mapping._data if type(mapping) is Fields else mapping).get(key)


def _items(mapping: Mapping):
    return (mapping._data if type(mapping) is Fields else mapping).items()


def _weaker(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def _stronger(a: str, b: str) -> str:
    return a if RANK[a] <= RANK[b] else b


def source_level(source: Mapping, register: Register) -> str:
    """The support one source gives: official, reported, secondary or weak."""
    if _get(source, "document"):
        return "official"
    url = _get(source, "url")
    if not isinstance(url, str):
        return "weak"
    publisher = register.of_url(url)
    level = LEVEL_OF_TYPE.get(publisher.type, "weak") if publisher else "weak"
    original = _get(source, "original")
    if isinstance(original, Mapping) and isinstance(_get(original, "publisher"), str):
        named = register.named(original["publisher"])
        if named is not None:
            level = _stronger(level, _weaker(LEVEL_OF_TYPE.get(named.type, "weak"), ORIGINAL_CAP))
    return level


def support_level(block: Mapping, register: Register) -> str:
    """The support of one fact (any mapping with ``sources`` and maybe ``confidence``): its strongest
    source's level, lowered (never raised) by a hand-set confidence."""
    level = "weak"
    for source in _get(block, "sources") or ():
        level = _stronger(level, source_level(source, register))
        if level == "official":
            break
    return _weaker(level, CONFIDENCE_CAP.get(_get(block, "confidence") or "verified", "official"))


@dataclass(frozen=True)
class Fact:
    """One sourced statement of a record: where it is (path inside the record), what kind, its support."""

    record: Record
    path: tuple
    kind: str
    block: Mapping
    support: str

    @property
    def text(self) -> Mapping | None:
        """Our words for the fact, where the data has them (facts, history events)."""
        return self.block.get("text") or self.block.get("event")


def iter_facts(atlas: Atlas) -> Iterator[Fact]:
    """Every stated fact of every record, in file order: the record itself, then its parts.

    Disputes are not facts (they say where sources disagree) and are left out.
    """
    register = atlas.publishers
    for record in atlas.all_records():
        fields = record.fields
        for kind in FACT_KINDS:
            if kind == "record":
                if _get(fields, "sources"):
                    yield Fact(record, (), kind, fields, support_level(fields, register))
                continue
            value = _get(fields, kind)
            if isinstance(value, Mapping) and _get(value, "sources"):
                yield Fact(record, (kind,), kind, value, support_level(value, register))
            elif isinstance(value, tuple):
                for i, item in enumerate(value):
                    if isinstance(item, Mapping) and _get(item, "sources"):
                        yield Fact(record, (kind, i), kind, item, support_level(item, register))


def iter_sources(value: Any) -> Iterator[Mapping]:
    """Every source (a mapping with a quote and a url or document) anywhere inside ``value``."""
    # Exact type checks: isinstance against the Mapping ABC was a third of the figures' time.
    kind = type(value)
    if kind is Fields or kind is dict:
        data = value._data if kind is Fields else value
        if "quote" in data and ("url" in data or "document" in data) and type(data["quote"]) is str:
            yield value
            return
        for inner in data.values():
            yield from iter_sources(inner)
    elif kind is tuple or kind is list:
        for inner in value:
            yield from iter_sources(inner)


def _texts(value: Any) -> Iterator[str]:
    """Every string inside a block except quotes and URLs (our words and notes, not the sources')."""
    kind = type(value)
    if kind is str:
        yield value
    elif kind is Fields or kind is dict:
        for key, inner in _items(value):
            if key not in ("quote", "url", "title", "sources"):
                yield from _texts(inner)
    elif kind is tuple or kind is list:
        for inner in value:
            yield from _texts(inner)


def from_memory(block: Mapping) -> bool:
    """True when a fact or dispute says it rests on the reference notes' memory rather than a source."""
    return any(MEMORY_MARKS.search(text) for text in _texts(block))


def iter_memory_leads(atlas: Atlas) -> Iterator[tuple[Record, tuple, Mapping]]:
    """Facts, disputes and notes whose words say they were recalled from memory: (record, path, block)."""
    for record in atlas.all_records():
        for kind in ("approved", "established", "location", "area", "counterpart", "history", "facts", "disputes"):
            value = _get(record.fields, kind)
            items = [((kind,), value)] if isinstance(value, Mapping) else \
                [((kind, i), item) for i, item in enumerate(value or ()) if isinstance(value, tuple)]
            for path, item in items:
                if isinstance(item, Mapping) and from_memory(item):
                    yield record, path, item


# What the "Sources wanted" page lists, in its order.
WANTS = ("weak", "date", "authority", "document", "seat", "approximate", "memory")


@dataclass(frozen=True)
class Gap:
    """One thing an editor can improve: a record, the part to edit (and its line), what is wanted."""

    record: Record
    path: tuple
    want: str  # one of WANTS
    line: int
    fact: Fact | None = None
    block: Mapping | None = None


def approved_records(atlas: Atlas) -> list[Record]:
    """Platforms and ports whose status is approved."""
    return [r for family in ("platforms", "ports") for r in atlas.records(family) if r.status == "approved"]


def approval_gaps(atlas: Atlas, record: Record) -> list[str]:
    """What an approved record's approval lacks: any of date, authority, document (a numbered one)."""
    block = record.get("approved")
    block = block if isinstance(block, Mapping) else {}
    missing = []
    if not (block.get("date") or block.get("not_later_than")):
        missing.append("date")
    if not block.get("authority"):
        missing.append("authority")
    doc_id = block.get("document")
    if not (doc_id and doc_id in atlas.by_id and atlas.get(doc_id).get("number")):
        missing.append("document")
    return missing


def iter_gaps(atlas: Atlas, facts: list[Fact] | None = None,
              leads: list[tuple[Record, tuple, Mapping]] | None = None) -> Iterator[Gap]:
    """Everything the "Sources wanted" page lists, grouped by what is wanted, each in file order.

    ``facts`` and ``leads`` (from ``iter_facts`` and ``iter_memory_leads``) are computed when not given.
    """
    facts = list(iter_facts(atlas)) if facts is None else facts
    weak = [Gap(f.record, f.path, "weak", atlas.line_of(f.record, f.path), f, f.block)
            for f in facts if f.support == "weak"]
    # Records stay in file order; inside a record, rows follow the lines an editor scrolls through.
    order = {record.id: i for i, record in enumerate(atlas.all_records())}
    yield from sorted(weak, key=lambda g: (order[g.record.id], g.line))
    approved = approved_records(atlas)
    for want in ("date", "authority", "document"):
        for record in approved:
            if want in approval_gaps(atlas, record):
                path = ("approved",) if record.get("approved") else ("status",)
                yield Gap(record, path, want, atlas.line_of(record, path))
    for want in ("seat", "approximate"):
        for record in atlas.located():
            if record.location.get("precision") == want:
                path = ("location", "precision")
                yield Gap(record, path, want, atlas.line_of(record, path))
    for record, path, block in (iter_memory_leads(atlas) if leads is None else leads):
        yield Gap(record, path, "memory", atlas.line_of(record, path), None, block)


class SourceReport:
    """The figures and the editors' worklist of one atlas, each computed once when first asked for.

    Pages read it as ``sources_report.figures`` and ``sources_report.gaps(want)``; the command
    ``python -m generator sources`` prints the same ``figures``.
    """

    def __init__(self, atlas: Atlas):
        self.atlas = atlas
        self._figures: dict[str, Any] | None = None
        self._gaps: dict[str, list[Gap]] | None = None
        self._facts: list[Fact] | None = None
        self._leads: list[tuple[Record, tuple, Mapping]] | None = None

    def _computed(self) -> tuple[list[Fact], list[tuple[Record, tuple, Mapping]]]:
        if self._facts is None:
            self._facts = list(iter_facts(self.atlas))
            self._leads = list(iter_memory_leads(self.atlas))
        return self._facts, self._leads

    @property
    def figures(self) -> dict[str, Any]:
        if self._figures is None:
            self._figures = source_figures(self.atlas, *self._computed())
        return self._figures

    def gaps(self, want: str) -> list[Gap]:
        """The worklist rows of one kind (see WANTS)."""
        if self._gaps is None:
            grouped: dict[str, list[Gap]] = {w: [] for w in WANTS}
            for gap in iter_gaps(self.atlas, *self._computed()):
                grouped[gap.want].append(gap)
            self._gaps = grouped
        return self._gaps[want]

    def percent(self, *levels: str) -> int:
        """The share of facts (whole per cent, rounded down) whose support is one of ``levels``."""
        figures = self.figures
        if not figures["facts"]:
            return 0
        return 100 * sum(figures["facts_by_support"][lv] for lv in levels) // figures["facts"]

    def publishers_of(self, block: Mapping) -> list[tuple[str, str | None]]:
        """(host, publisher type) of each web source of a fact, without repeats, for the worklist."""
        out: dict[str, str | None] = {}
        for source in _get(block, "sources") or ():
            if isinstance(source.get("url"), str):
                publisher = self.atlas.publishers.of_url(source["url"])
                out.setdefault(host_of(source["url"]) or source["url"], publisher.type if publisher else None)
        return list(out.items())


def source_figures(atlas: Atlas, facts: list[Fact] | None = None,
                   leads: list[tuple[Record, tuple, Mapping]] | None = None) -> dict[str, Any]:
    """The figures about sources and support, one JSON-ready dict for the command, about page and worklist.

    ``facts`` and ``leads`` (from ``iter_facts`` and ``iter_memory_leads``) are computed when not given.
    """
    register = atlas.publishers
    sources = [s for r in atlas.all_records() for s in iter_sources(r.fields)]
    by_type: Counter = Counter()
    unknown: set[str] = set()
    copies = copies_named = 0
    for s in sources:
        if "url" not in s:
            continue
        publisher = register.of_url(s["url"])
        if publisher is None:
            unknown.add(host_of(s["url"]) or s["url"])
            by_type["unregistered"] += 1
            continue
        by_type[publisher.type] += 1
        if publisher.type in COPY_TYPES:
            copies += 1
            copies_named += bool(_get(s, "original") or _get(s, "document"))
    facts = list(iter_facts(atlas)) if facts is None else facts
    leads = list(iter_memory_leads(atlas)) if leads is None else leads
    by_support = Counter(f.support for f in facts)
    approved = approved_records(atlas)
    missing = Counter(want for r in approved for want in approval_gaps(atlas, r))
    precision = Counter(r.location.get("precision") for r in atlas.located())
    return {
        "sources": len(sources),
        "url_sources": sum(1 for s in sources if "url" in s),
        "document_sources": sum(1 for s in sources if "url" not in s),
        "by_type": {t: by_type[t] for t in sorted(by_type)},
        "unregistered_hosts": sorted(unknown),
        "copies": copies,
        "copies_naming_original": copies_named,
        "facts": len(facts),
        "facts_by_support": {level: by_support[level] for level in LEVELS},
        "from_memory": len(leads),
        "approved_records": len(approved),
        "approved_missing": {want: missing[want] for want in ("date", "authority", "document")},
        "located_by_precision": {p: precision[p] for p in sorted(precision)},
    }


def format_figures(figures: Mapping[str, Any]) -> str:
    """The figures as lines of text for the terminal."""
    facts = figures["facts"] or 1
    lines = [f"sources: {figures['sources']} ({figures['url_sources']} web pages, "
             f"{figures['document_sources']} quotes of documents in documents.yaml)",
             "web sources by publisher type:"]
    lines += [f"  {kind:<18} {n:>5}" for kind, n in figures["by_type"].items()]
    lines.append(f"mirror and forum sources naming their original: {figures['copies_naming_original']} of "
                 f"{figures['copies']}")
    lines.append(f"unregistered hosts: {len(figures['unregistered_hosts'])}"
                 + (f" ({', '.join(figures['unregistered_hosts'])})" if figures["unregistered_hosts"] else ""))
    lines.append(f"facts: {figures['facts']}")
    lines += [f"  {level:<18} {n:>5}  {100 * n / facts:5.1f} %" for level, n in figures["facts_by_support"].items()]
    lines.append(f"from memory: {figures['from_memory']}")
    missing = figures["approved_missing"]
    lines.append(f"approved platforms and ports: {figures['approved_records']}; without a date: {missing['date']}, "
                 f"without an authority: {missing['authority']}, without a numbered document: {missing['document']}")
    lines.append("located records by precision: "
                 + ", ".join(f"{p} {n}" for p, n in figures["located_by_precision"].items()))
    return "\n".join(lines)
