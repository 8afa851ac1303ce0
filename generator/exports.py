"""The open-data downloads: JSON, GeoJSON, CSV, a Frictionless Data Package, and the Atom feed.

Input: an ``Atlas`` and its ``History`` (generator/history.py). Output: ``{docs-tree path: bytes}`` for ``downloads/*`` and
``feed.xml``, which the publisher copies to ``/downloads/`` and ``/feed.xml``
(outside the language folders, so the Chinese and English pages link to the
same files).

    files = write_exports(atlas, History(atlas))
    files["downloads/platforms.csv"][:3] == b"\\xef\\xbb\\xbf"   # UTF-8 BOM, for Excel

Rules every writer keeps:

- Deterministic: keys sorted where order means nothing, records in file order,
  no timestamps except the data's ``as_of`` (and commit times in the feed).
- CSV: UTF-8 with BOM, RFC 4180 (comma, double quotes doubled, CRLF), several
  values in one cell joined by ``;``. A text cell that begins with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so spreadsheet
  programs show it as text instead of running it as a formula.
- GeoJSON coordinates are [lon, lat]; ``lonlat`` is the only conversion.
- Every URL is absolute: the site's address comes from generator/site_config.py.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from generator.counts import HOME_REGION
from generator.history import Commit, Event, History
from generator.paths import RECORD_FILES
from generator.records import PAGE_FAMILIES, Atlas, Record, host_ids, league_ids, league_of
from generator.site_config import site_url

DOWNLOADS = "downloads"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MULTI_SEP = ";"
LICENCE_URLS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/"}
LICENCE_TITLES = {"CC-BY-4.0": "Creative Commons Attribution 4.0 International"}
FEED_LIMIT = 100


# ------------------------------------------------------------------------------------ helpers ---

def neutralise_cell(value: Any) -> str:
    """A CSV cell: text starting like a formula gets a leading quote; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte-order mark, every cell through ``neutralise_cell``."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_json(value: Any) -> bytes:
    """Compact, key-sorted UTF-8 JSON ending with a newline.

    Compact rather than indented: Python's indenting encoder is pure Python and took
    2 s for atlas.json at 3,000 records (the C encoder: 0.1 s), and programs and
    browsers' JSON viewers are who reads these files.
    """
    return (json.dumps(plain(value), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def plain(value: Any) -> Any:
    """Read-only record fields as plain dicts and lists, for the JSON writer."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def lonlat(location: Mapping) -> list[float]:
    """GeoJSON position of a record location: [longitude, latitude] (the only conversion)."""
    return [location["lon"], location["lat"]]


def _side(text: Mapping | None, lang: str) -> str:
    return "" if not text else text.get(lang, "")


def _join(values: Iterable[Any] | None) -> str:
    return MULTI_SEP.join(str(v) for v in values or ())


def _joined_texts(values: Iterable[Mapping] | None, lang: str) -> str:
    return MULTI_SEP.join(_side(v, lang) for v in values or ())


def _regions(r: Record) -> list[str]:
    return list(host_ids(r))


# ---------------------------------------------------------------------------------- columns ---

@dataclass(frozen=True)
class Column:
    """One CSV column: its name, Table Schema type, description, and how to read it from a row."""

    name: str
    type: str
    description: str
    get: Callable[[Any], Any]


def _text_columns(name: str, key: str, what: str) -> list[Column]:
    return [Column(f"{name}_zh", "string", f"{what} (Chinese)", lambda r, k=key: _side(r.get(k), "zh")),
            Column(f"{name}_en", "string", f"{what} (English)", lambda r, k=key: _side(r.get(k), "en"))]


def _approval_columns(key: str, what: str) -> list[Column]:
    def part(r: Record, field: str, lang: str | None = None) -> Any:
        a = r.get(key)
        if not a:
            return None
        return _side(a.get(field), lang) if lang else a.get(field)

    return [Column(f"{key}_date", "string", f"{what}: date as YYYY, YYYY-MM or YYYY-MM-DD",
                   lambda r: part(r, "date")),
            Column(f"{key}_not_later_than", "string", f"{what}: when only a latest date is known, that date "
                   "(it happened on or before it), YYYY, YYYY-MM or YYYY-MM-DD", lambda r: part(r, "not_later_than")),
            Column(f"{key}_authority_zh", "string", f"{what}: authority (Chinese)",
                   lambda r: part(r, "authority", "zh")),
            Column(f"{key}_authority_en", "string", f"{what}: authority (English)",
                   lambda r: part(r, "authority", "en")),
            Column(f"{key}_document", "string", f"{what}: id of the document, a row of documents.csv",
                   lambda r: part(r, "document"))]


def _location_columns() -> list[Column]:
    def loc(r: Record, field: str) -> Any:
        return r.location[field] if r.location is not None and field in r.location else None

    return [Column("lat", "number", "Latitude, WGS-84", lambda r: loc(r, "lat")),
            Column("lon", "number", "Longitude, WGS-84", lambda r: loc(r, "lon")),
            Column("precision", "string", "exact (the place itself) or approximate (its town or area)",
                   lambda r: loc(r, "precision"))]


class Exporter:
    """Builds every download from one atlas."""

    def __init__(self, atlas: Atlas, history: History | None = None, base_url: str | None = None):
        self.atlas = atlas
        self.base = site_url() if base_url is None else base_url
        self.history = history or History(atlas)
        self._source_rows: list[tuple] | None = None

    def source_rows(self) -> list[tuple]:
        """(fact, source) for every source of every fact, in file order; computed once (sources.csv)."""
        if self._source_rows is None:
            from generator.support import iter_facts

            self._source_rows = [(fact, source) for fact in iter_facts(self.atlas)
                                 for source in fact.block.get("sources") or ()]
        return self._source_rows

    def page(self, r: Record) -> str:
        return f"{self.base}{r.family}/{r.id}/"

    def label(self, vocabulary: str, key: str | None, lang: str) -> str:
        return self.atlas.label(vocabulary, key, lang) if key else ""

    # Table definitions ---------------------------------------------------------------------------
    def common_head(self, kind_vocab: str) -> list[Column]:
        return [
            Column("id", "string", "Record id; its page is <site>/<family>/<id>/", lambda r: r.id),
            Column("name_zh", "string", "Name (Chinese)", lambda r: r.name["zh"]),
            Column("name_en", "string", "Name (English)", lambda r: r.name["en"]),
            Column("aliases", "string", "Other names, separated by ;", lambda r: _join(r.get("aliases"))),
            Column("kind", "string", f"Type: a key of the {kind_vocab} vocabulary", lambda r: r.kind),
            Column("kind_zh", "string", "Type label (Chinese)", lambda r: self.label(kind_vocab, r.kind, "zh")),
            Column("kind_en", "string", "Type label (English)", lambda r: self.label(kind_vocab, r.kind, "en")),
        ]

    def status_columns(self) -> list[Column]:
        return [
            Column("level", "string", "Level: a key of the level vocabulary", lambda r: r.get("level")),
            Column("status", "string", "Status at the date of its source: approved, applying, proposed, "
                   "planned or benchmark", lambda r: r.status),
            Column("status_zh", "string", "Status label (Chinese)", lambda r: self.label("status", r.status, "zh")),
            Column("status_en", "string", "Status label (English)", lambda r: self.label("status", r.status, "en")),
        ]

    def tail(self) -> list[Column]:
        return [
            *_text_columns("summary", "summary", "Summary written by the atlas"),
            Column("last_changed", "string", "Date the record last changed (git history; else its latest "
                   "dated entry), YYYY, YYYY-MM or YYYY-MM-DD",
                   lambda r: (self.history.last_changed(r).date if self.history.last_changed(r) else None)),
            Column("page_url", "string", "The record's page on the atlas site (Chinese; add en/ for English)",
                   self.page),
        ]

    def tables(self) -> dict[str, tuple[list[Column], list[Any], str]]:
        """Each CSV: (columns, rows, what one row is)."""
        regions = [
            Column("regions", "string", "Region ids where it lies, separated by ; (rows of the regions in atlas.json)",
                   lambda r: _join(_regions(r))),
            Column("leagues", "string", "League or prefecture-level city (盟市) ids, separated by ;",
                   lambda r: _join(league_ids(self.atlas, r))),
        ]
        platforms = [*self.common_head("platform_kind"), *self.status_columns(), *regions,
                     *_approval_columns("approved", "Approval"), *_location_columns(),
                     Column("area_value", "number", "Area", lambda r: r.area["value"] if r.get("area") else None),
                     Column("area_unit", "string", "Unit of the area: km2 or ha",
                            lambda r: r.area["unit"] if r.get("area") else None),
                     Column("industries_zh", "string", "Leading industries (Chinese), separated by ;",
                            lambda r: _joined_texts(r.get("industries"), "zh")),
                     Column("industries_en", "string", "Leading industries (English), separated by ;",
                            lambda r: _joined_texts(r.get("industries"), "en")),
                     Column("documents", "string", "Ids of related documents, separated by ;",
                            lambda r: _join(r.get("documents"))),
                     Column("related", "string", "Ids of related records, separated by ;",
                            lambda r: _join(r.get("related"))),
                     *self.tail()]

        def counterpart(r: Record, field: str, lang: str | None = None) -> Any:
            cp = r.get("counterpart")
            if not cp:
                return None
            return _side(cp.get(field), lang) if lang else cp.get(field)

        ports = [*self.common_head("port_mode"), *self.status_columns(),
                 Column("class", "string", "first-class or second-class", lambda r: r.get("class")),
                 Column("opening", "string", "year-round or seasonal", lambda r: r.get("opening")),
                 *regions,
                 Column("counterpart_zh", "string", "Counterpart port across the border (Chinese)",
                        lambda r: counterpart(r, "name", "zh")),
                 Column("counterpart_en", "string", "Counterpart port across the border (English)",
                        lambda r: counterpart(r, "name", "en")),
                 Column("counterpart_country", "string", "Region id of the neighbouring country",
                        lambda r: counterpart(r, "country")),
                 *_approval_columns("approved", "Approval"), *_location_columns(),
                 Column("documents", "string", "Ids of related documents, separated by ;",
                        lambda r: _join(r.get("documents"))),
                 *self.tail()]
        cooperation = [*self.common_head("cooperation_kind"), *self.status_columns(),
                       Column("parties", "string", "Region or organisation ids of the parties, separated by ;",
                              lambda r: _join(r.get("parties"))),
                       *_approval_columns("established", "Established"),
                       *_approval_columns("approved", "Approval"),
                       Column("covers_zh", "string", "What it covers (Chinese), separated by ;",
                              lambda r: _joined_texts(r.get("covers"), "zh")),
                       Column("covers_en", "string", "What it covers (English), separated by ;",
                              lambda r: _joined_texts(r.get("covers"), "en")),
                       Column("documents", "string", "Ids of related documents, separated by ;",
                              lambda r: _join(r.get("documents"))),
                       *self.tail()]
        documents = [
            Column("id", "string", "Document id; its page is <site>/documents/<id>/", lambda r: r.id),
            *_text_columns("title", "title", "Title"),
            Column("kind", "string", "Type: a key of the document_kind vocabulary", lambda r: r.kind),
            Column("number", "string", "Official document number (文号)", lambda r: r.get("number")),
            *_text_columns("issuer", "issuer", "Issuing body"),
            Column("issuers", "string", "Organisation ids of the issuers, separated by ;",
                   lambda r: _join(r.get("issuers"))),
            Column("date", "string", "Date issued: YYYY, YYYY-MM or YYYY-MM-DD", lambda r: r.get("date")),
            *_text_columns("published", "published", "Where it was published"),
            Column("url", "string", "Where the text can be read", lambda r: r.get("url")),
            Column("tasks", "integer", "Number of key tasks (rows of tasks.csv with section=task)",
                   lambda r: len(r.get("tasks") or ())),
            Column("guarantees", "integer", "Number of organisational guarantees",
                   lambda r: len(r.get("guarantees") or ())),
            Column("targets", "integer", "Number of quantitative targets (rows of targets.csv)",
                   lambda r: len(r.get("targets") or ())),
            Column("cites", "string", "Ids of documents it cites, separated by ;", lambda r: _join(r.get("cites"))),
            *_text_columns("summary", "summary", "Summary written by the atlas"),
            Column("page_url", "string", "The document's page on the atlas site", self.page),
        ]

        def org_names(item: Mapping, lang: str) -> str:
            return MULTI_SEP.join(self.atlas.get(o).name[lang] if o in self.atlas.by_id else o
                                  for o in item.get("departments") or ())

        tasks = [
            Column("document", "string", "Document id (a row of documents.csv)", lambda t: t[0].id),
            Column("document_number", "string", "The document's official number", lambda t: t[0].get("number")),
            Column("section", "string", "task (重点任务) or guarantee (组织保障)", lambda t: t[1]),
            Column("number", "integer", "Number of the task within the document", lambda t: t[2].get("number")),
            Column("group_zh", "string", "Part of the document it belongs to (Chinese)",
                   lambda t: _side(t[2].get("group"), "zh")),
            Column("group_en", "string", "Part of the document it belongs to (English)",
                   lambda t: _side(t[2].get("group"), "en")),
            Column("title_zh", "string", "Task title (Chinese)", lambda t: _side(t[2].get("title"), "zh")),
            Column("title_en", "string", "Task title (English)", lambda t: _side(t[2].get("title"), "en")),
            Column("summary_zh", "string", "What the task asks (Chinese)", lambda t: _side(t[2].get("summary"), "zh")),
            Column("summary_en", "string", "What the task asks (English)", lambda t: _side(t[2].get("summary"), "en")),
            Column("departments", "string", "Organisation ids responsible, in the document's order, separated by ;",
                   lambda t: _join(t[2].get("departments"))),
            Column("departments_zh", "string", "Their names (Chinese), separated by ;", lambda t: org_names(t[2], "zh")),
            Column("departments_en", "string", "Their names (English), separated by ;", lambda t: org_names(t[2], "en")),
            Column("departments_open", "boolean", "true when the document ends the list with 等 (and others): the list is not complete",
                   lambda t: bool(t[2].get("departments_open"))),
            Column("quote", "string", "The document's own words", lambda t: t[2].get("quote")),
        ]
        targets = [
            Column("document", "string", "Document id (a row of documents.csv)", lambda t: t[0].id),
            Column("document_number", "string", "The document's official number", lambda t: t[0].get("number")),
            Column("id", "string", "Target id, unique within the document", lambda t: t[1]["id"]),
            Column("metric_zh", "string", "What is measured (Chinese)", lambda t: _side(t[1]["metric"], "zh")),
            Column("metric_en", "string", "What is measured (English)", lambda t: _side(t[1]["metric"], "en")),
            Column("comparator", "string", "at-least, at-most, equal or within-top", lambda t: t[1]["comparator"]),
            Column("value", "number", "Target value", lambda t: t[1]["value"]),
            Column("unit", "string", "percent, rank, count, yuan or km2", lambda t: t[1]["unit"]),
            Column("annual", "boolean", "true when the value is an annual average",
                   lambda t: bool(t[1].get("annual", False))),
            Column("deadline", "string", "Year (or date) it is due", lambda t: t[1]["deadline"]),
            Column("subject_zh", "string", "What the target applies to (Chinese)", lambda t: _side(t[1]["subject"], "zh")),
            Column("subject_en", "string", "What the target applies to (English)", lambda t: _side(t[1]["subject"], "en")),
            Column("scope_zh", "string", "Ranking pool or scope (Chinese)", lambda t: _side(t[1].get("scope"), "zh")),
            Column("scope_en", "string", "Ranking pool or scope (English)", lambda t: _side(t[1].get("scope"), "en")),
            Column("quote", "string", "The document's own words", lambda t: t[1]["quote"]),
        ]
        timeline = [
            Column("date", "string", "YYYY, YYYY-MM or YYYY-MM-DD", lambda e: e.date),
            Column("date_is_not_later_than", "boolean", "true when the event happened on or before the date, "
                   "not on it (only a latest date is known)", lambda e: e.not_later),
            Column("event", "string", "approved, established, status (a dated status change) or issued "
                   "(a document was issued)", lambda e: e.kind),
            Column("status", "string", "Status the event gives the record, when it gives one", lambda e: e.status),
            Column("family", "string", "platforms, ports, cooperation or documents", lambda e: e.record.family),
            Column("record", "string", "Record id", lambda e: e.record.id),
            Column("name_zh", "string", "Record name (Chinese)", lambda e: e.record.name["zh"]),
            Column("name_en", "string", "Record name (English)", lambda e: e.record.name["en"]),
            Column("text_zh", "string", "Authority, event or issuer (Chinese)", lambda e: _side(e.text, "zh")),
            Column("text_en", "string", "Authority, event or issuer (English)", lambda e: _side(e.text, "en")),
            Column("page_url", "string", "The record's page on the atlas site", lambda e: self.page(e.record)),
        ]
        coverage = [
            Column("document", "string", "Source document id (a row of documents.csv)", lambda c: c[0].document.id),
            Column("item", "integer", "Number of the item within the document's register, from 1", lambda c: c[1]),
            Column("name_zh", "string", "What the document names, in our words (Chinese)",
                   lambda c: _side(c[2].get("name"), "zh")),
            Column("name_en", "string", "What the document names, in our words (English)",
                   lambda c: _side(c[2].get("name"), "en")),
            Column("type", "string", "A key of the coverage_type vocabulary", lambda c: c[2].get("type")),
            Column("quote", "string", "The document's own words naming it", lambda c: c[2].get("quote")),
            Column("records", "string", "Ids of the records that hold it, separated by ; (empty when left out)",
                   lambda c: _join(c[2].get("records"))),
            Column("left_out", "string", "Why it has no record: a key of the coverage_reason vocabulary",
                   lambda c: c[2].get("left_out")),
            Column("note_zh", "string", "Our note on how it is held or why it is left out (Chinese)",
                   lambda c: _side(c[2].get("note"), "zh")),
            Column("note_en", "string", "Our note on how it is held or why it is left out (English)",
                   lambda c: _side(c[2].get("note"), "en")),
        ]
        sources = self.source_columns()
        from generator.coverage import document_coverage

        coverage_rows = [(d, n, item) for d in document_coverage(self.atlas)
                         for n, item in enumerate(d.items, start=1)]
        docs = self.atlas.records("documents")
        task_rows = [(d, section, item) for d in docs for section, key in (("task", "tasks"), ("guarantee", "guarantees"))
                     for item in d.get(key) or ()]
        target_rows = [(d, g) for d in docs for g in d.get("targets") or ()]
        return {
            "platforms": (platforms, list(self.atlas.records("platforms")), "platform"),
            "ports": (ports, list(self.atlas.records("ports")), "port"),
            "cooperation": (cooperation, list(self.atlas.records("cooperation")), "cooperation relationship"),
            "documents": (documents, list(docs), "document"),
            "tasks": (tasks, task_rows, "task or guarantee of a document"),
            "targets": (targets, target_rows, "quantitative target of a document"),
            "timeline": (timeline, list(self.history.events), "dated event"),
            "coverage": (coverage, coverage_rows, "thing a source document names (data/coverage.yaml)"),
            "sources": (sources, self.source_rows(), "source of a stated fact (disputes left out)"),
        }

    def source_columns(self) -> list[Column]:
        """sources.csv: every source of every fact, with its publisher, the original it names and the fact's support."""
        from generator.publishers import host_of
        from generator.support import source_level

        register = self.atlas.publishers

        def path(fact) -> str:
            return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(fact.path))

        def publisher(source: Mapping, part: str) -> Any:
            found = register.of_url(source["url"]) if source.get("url") else None
            if found is None:
                return None
            return found.type if part == "type" else found.name.get(part)

        def original(source: Mapping, part: str) -> Any:
            return (source.get("original") or {}).get(part)

        def number(source: Mapping) -> Any:
            doc = source.get("document")
            return self.atlas.get(doc).get("number") if doc and doc in self.atlas.by_id else None

        return [
            Column("family", "string", "platforms, ports, cooperation, regions, documents, organisations or "
                   "national_totals", lambda fs: fs[0].record.family),
            Column("record", "string", "Record id", lambda fs: fs[0].record.id),
            Column("part", "string", "Which fact of the record: empty for the record itself, else approved, "
                   "location, history[0], facts[2], ...", lambda fs: path(fs[0])),
            Column("fact_zh", "string", "Our words for the fact where it has them (Chinese)",
                   lambda fs: _side(fs[0].text, "zh")),
            Column("fact_en", "string", "Our words for the fact where it has them (English)",
                   lambda fs: _side(fs[0].text, "en")),
            Column("support", "string", "The fact's support, computed from all its sources: official, reported, "
                   "secondary or weak", lambda fs: fs[0].support),
            Column("source_support", "string", "What this source alone gives: official, reported, secondary or weak",
                   lambda fs: source_level(fs[1], register)),
            Column("document", "string", "Id of the document quoted or copied (a row of documents.csv)",
                   lambda fs: fs[1].get("document")),
            Column("document_number", "string", "That document's official number", lambda fs: number(fs[1])),
            Column("url", "string", "The web page read", lambda fs: fs[1].get("url")),
            Column("host", "string", "Its website, as data/publishers.yaml registers it",
                   lambda fs: host_of(fs[1]["url"]) if fs[1].get("url") else None),
            Column("publisher_zh", "string", "The website's publisher (Chinese)", lambda fs: publisher(fs[1], "zh")),
            Column("publisher_en", "string", "The website's publisher (English)", lambda fs: publisher(fs[1], "en")),
            Column("publisher_type", "string", "A key of the publisher_type vocabulary",
                   lambda fs: publisher(fs[1], "type")),
            Column("original_publisher", "string", "Who first published what the page copies, as the copy says",
                   lambda fs: original(fs[1], "publisher")),
            Column("original_title", "string", "The original's title, where the copy gives it",
                   lambda fs: original(fs[1], "title")),
            Column("original_date", "string", "The original's date: YYYY, YYYY-MM or YYYY-MM-DD",
                   lambda fs: original(fs[1], "date")),
            Column("title", "string", "The page's title as recorded", lambda fs: fs[1].get("title")),
            Column("accessed", "string", "Date the page was read", lambda fs: fs[1].get("accessed")),
            Column("quote", "string", "The source's own words", lambda fs: fs[1].get("quote")),
            Column("page_url", "string", "The record's page on the atlas site (national totals: the comparison "
                   "page)", lambda fs: f"{self.base}compare/" if fs[0].record.family == "national_totals"
                   else self.page(fs[0].record)),
        ]

    # Writers ---------------------------------------------------------------------------------------
    def atlas_json(self) -> bytes:
        records = {family: [r.fields for r in self.atlas.records(family)] for family in RECORD_FILES}
        return write_json({"meta": self.atlas.meta, "vocabularies": self.atlas.vocabularies, "records": records})

    def geojson_features(self) -> list[dict]:
        features = []
        for r in self.atlas.located():
            features.append({
                "type": "Feature",
                "id": r.id,
                "geometry": {"type": "Point", "coordinates": lonlat(r.location)},
                "properties": {"id": r.id, "family": r.family, "name_zh": r.name["zh"], "name_en": r.name["en"],
                               "kind": r.kind, "status": r.status, "precision": r.location.get("precision"),
                               "url": self.page(r)},
            })
        return features

    def geojson(self) -> bytes:
        return write_json({"type": "FeatureCollection", "features": self.geojson_features()})

    def write_all(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {f"{DOWNLOADS}/atlas.json": self.atlas_json(),
                                   f"{DOWNLOADS}/atlas.geojson": self.geojson()}
        for name, (columns, rows, _) in self.tables().items():
            files[f"{DOWNLOADS}/{name}.csv"] = write_csv([c.name for c in columns],
                                                         ([c.get(row) for c in columns] for row in rows))
        files[f"{DOWNLOADS}/datapackage.json"] = write_json(self.datapackage(files))
        for feed in feeds(self.atlas):
            files[feed.path] = write_feed(self.atlas, self.history, self.base, feed)
        return files

    # Data Package ----------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """How many records (or rows) each download holds."""
        out = {"atlas.json": sum(len(self.atlas.records(f)) for f in RECORD_FILES),
               "atlas.geojson": len(self.atlas.located())}
        for name, (_, rows, _) in self.tables().items():
            out[f"{name}.csv"] = len(rows)
        return out

    def datapackage(self, files: Mapping[str, bytes]) -> dict:
        meta = self.atlas.meta
        licence = meta.get("licence") or "CC-BY-4.0"
        counts = self.counts()

        def resource(path: str, **rest: Any) -> dict:
            data = files[f"{DOWNLOADS}/{path}"]
            name = path.replace(".", "-")
            return {"name": name, "path": path, "bytes": len(data),
                    "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "x-records": counts[path], **rest}

        resources = [
            resource("atlas.json", profile="data-resource", format="json", mediatype="application/json",
                     encoding="utf-8", title="All records, every field",
                     description="Every record of every data file with all its fields, plus the atlas's meta "
                                 "(as_of, licence, repository) and vocabularies. Record fields are documented "
                                 "by the JSON Schemas in data/schema/ of the repository.",
                     **{"x-jsonSchema": self.atlas_json_schema()}),
            resource("atlas.geojson", profile="data-resource", format="geojson", mediatype="application/geo+json",
                     encoding="utf-8", title="Located records",
                     description="A GeoJSON FeatureCollection of every record with a location; coordinates are "
                                 "[longitude, latitude] (WGS-84).",
                     **{"x-jsonSchema": self.geojson_schema()}),
        ]
        for name, (columns, _, row) in self.tables().items():
            resources.append(resource(
                f"{name}.csv", profile="tabular-data-resource", format="csv", mediatype="text/csv",
                encoding="utf-8", title=f"{name}.csv",
                description=f"One row per {row}. UTF-8 with a byte-order mark; RFC 4180; several values in one "
                            f"cell are separated by ';'. Text cells that begin with = + - @, a tab or a carriage "
                            f"return start with an added ' so that spreadsheets do not run them as formulas.",
                dialect={"delimiter": ",", "doubleQuote": True, "header": True, "lineTerminator": "\r\n",
                         "quoteChar": '"'},
                schema={"fields": [{"name": c.name, "type": c.type, "description": c.description}
                                   for c in columns],
                        "missingValues": [""]}))
        repo = meta["repository"]
        return {
            "profile": "data-package",
            "name": "nmg-policy-atlas",
            "title": f"{meta['title']['zh']} · {meta['title']['en']}",
            "description": _side(meta.get("description"), "en") + f" Data as of {meta['as_of']}.",
            "x-as_of": str(meta["as_of"]),
            "homepage": self.base or repo,
            "licenses": [{"name": licence, "path": LICENCE_URLS.get(licence, repo),
                          "title": LICENCE_TITLES.get(licence, licence)}],
            "sources": [{"title": "Atlas data files (data/*.yaml)", "path": repo}],
            "contributors": [{"title": f"{meta['title']['en']} team", "path": repo, "role": "author"}],
            "keywords": ["Inner Mongolia", "内蒙古", "policy platforms", "development zones", "ports"],
            "resources": resources,
        }

    def atlas_json_schema(self) -> dict:
        families = {f: {"type": "array", "items": {"type": "object"},
                        "description": f"Records of data/{RECORD_FILES[f]}; fields as in "
                                       f"data/schema/{f}.schema.json"} for f in RECORD_FILES}
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                "required": ["meta", "vocabularies", "records"],
                "properties": {
                    "meta": {"type": "object", "description": "data/atlas.yaml: title, description, as_of, "
                                                              "licence, repository, branch"},
                    "vocabularies": {"type": "object", "description": "data/vocabularies.yaml: each closed list of "
                                                                      "values with zh and en labels"},
                    "records": {"type": "object", "properties": families, "required": sorted(families)}}}

    def geojson_schema(self) -> dict:
        props = {"id": ("string", "Record id"), "family": ("string", "platforms, ports, cooperation or regions"),
                 "name_zh": ("string", "Name (Chinese)"), "name_en": ("string", "Name (English)"),
                 "kind": ("string", "Type key (vocabulary depends on the family)"),
                 "status": (["string", "null"], "Status key (null for regions)"),
                 "precision": ("string", "exact or approximate"),
                 "url": ("string", "The record's page on the atlas site")}
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                "description": "GeoJSON FeatureCollection (RFC 7946). Each feature's geometry is a Point "
                               "[longitude, latitude]; its properties are listed here.",
                "properties": {"features": {"type": "array", "items": {"type": "object", "properties": {
                    "geometry": {"type": "object", "description": "Point, coordinates [lon, lat]"},
                    "properties": {"type": "object", "properties": {
                        k: {"type": t, "description": d} for k, (t, d) in props.items()}}}}}}}


def write_exports(atlas: Atlas, history: History | None = None) -> dict[str, bytes]:
    """Every download and the change feed, keyed by docs-tree path."""
    return Exporter(atlas, history).write_all()


DOWNLOAD_ORDER = ("atlas.json", "atlas.geojson", "platforms.csv", "ports.csv", "cooperation.csv", "documents.csv",
                  "tasks.csv", "targets.csv", "timeline.csv", "coverage.csv", "sources.csv", "datapackage.json")


def describe_downloads(exporter: Exporter, files: Mapping[str, bytes]) -> list[dict[str, Any]]:
    """What the downloads page lists: each file of ``files`` with its size and record count, in page order."""
    counts = exporter.counts()
    return [{"name": name, "path": f"{DOWNLOADS}/{name}", "bytes": len(files[f"{DOWNLOADS}/{name}"]),
             "records": counts.get(name), "key": "dl_" + name.replace(".", "_")} for name in DOWNLOAD_ORDER]


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


@dataclass(frozen=True)
class Feed:
    """One Atom feed: where it is published, what it follows, and which records it keeps."""

    path: str                          # "feed.xml", "feeds/ports.xml", "feeds/league-hohhot.xml"
    follows: tuple[str, str] | None    # (zh, en) words for what it follows; None: everything
    page: str                          # the page it belongs to, inside a language: "", "ports/", ...
    keep: Callable[[str, str], bool] | None = None   # (family, record id) -> in this feed?


# Families with a feed of their own, and their words (the same as the site's navigation).
FEED_FAMILIES = {"platforms": ("政策平台", "Policy platforms"), "ports": ("口岸", "Ports"),
                 "cooperation": ("合作关系", "Cooperation"), "documents": ("政策文件", "Documents")}


def league_members(atlas: Atlas) -> dict[str, set[str]]:
    """For each league or city (盟市): the ids of the records in it (its own regions included)."""
    members: dict[str, set[str]] = {}
    for family in PAGE_FAMILIES:
        for r in atlas.records(family):
            for host in ((r.id,) if family == "regions" else host_ids(r)):
                league = league_of(atlas, host)
                if league is not None:
                    members.setdefault(league, set()).add(r.id)
    return members


def feeds(atlas: Atlas) -> list[Feed]:
    """The site-wide feed, one per family, and one per league or city (盟市) of Inner Mongolia."""
    out = [Feed("feed.xml", None, "")]
    for family, words in FEED_FAMILIES.items():
        out.append(Feed(f"feeds/{family}.xml", words, f"{family}/", lambda f, _, fam=family: f == fam))
    for league, ids in sorted(league_members(atlas).items()):
        region = atlas.get(league)
        if region.get("parent") != HOME_REGION:
            continue  # a city in another autonomous region (Nanning in Guangxi): not one of ours
        out.append(Feed(f"feeds/league-{league}.xml", (region.name["zh"], region.name["en"]),
                        f"regions/{league}/", lambda _, rid, keep=frozenset(ids): rid in keep))
    return out


def feed_path(atlas: Atlas, page: str) -> str | None:
    """The feed that follows one page (a family index or a league's region page), if any."""
    return next((f.path for f in feeds(atlas) if f.page == page and f.follows), None)


def write_feed(atlas: Atlas, history: History, base_url: str, feed: Feed = Feed("feed.xml", None, "")) -> bytes:
    """An Atom feed of data changes: one entry per commit that edited its records, one per dated event."""
    repo = atlas.meta["repository"].rstrip("/")
    title = atlas.meta["title"]
    base = base_url.rstrip("/") + "/"
    keep = feed.keep or (lambda family, rid: True)
    entries: list[tuple[str, list[str]]] = []
    for commit in history.commits():
        edits = tuple(e for e in commit.edits if keep(e.family, e.record_id))
        if edits:
            entries.append((commit.timestamp, _commit_entry(atlas, Commit(commit.timestamp, commit.sha, edits),
                                                            repo, base)))
            if len(entries) == FEED_LIMIT:
                break
    events = [ev for ev in history.status_events() if keep(ev.record.family, ev.record.id)]
    for ev in events[:FEED_LIMIT]:
        entries.append((_atom_time(ev.date), _event_entry(atlas, ev, repo, base)))
    entries.sort(key=lambda e: e[0], reverse=True)
    entries = entries[:FEED_LIMIT]
    updated = entries[0][0] if entries else _atom_time(str(atlas.meta["as_of"]))
    heading = f"{_esc(title['zh'])} · {_esc(title['en'])}"
    if feed.follows:
        heading = f"{_esc(title['zh'])}：{_esc(feed.follows[0])} · {_esc(title['en'])}: {_esc(feed.follows[1])}"
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh">',
             f'  <title>{heading}</title>',
             '  <subtitle>数据更改 · Data changes</subtitle>',
             f'  <id>{_esc(repo)}/{_esc(feed.path)}</id>',
             f'  <link rel="alternate" type="text/html" href="{_esc(base + feed.page)}"/>',
             f'  <link rel="self" type="application/atom+xml" href="{_esc(base + feed.path)}"/>',
             f'  <updated>{updated}</updated>',
             f'  <author><name>{_esc(title["zh"])} · {_esc(title["en"])}</name><uri>{_esc(repo)}</uri></author>',
             f'  <rights>{_esc(atlas.meta.get("licence") or "CC-BY-4.0")}</rights>']
    for _, entry in entries:
        lines.extend(entry)
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _commit_entry(atlas: Atlas, commit: Commit, repo: str, base: str) -> list[str]:
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


def _esc(value: Any) -> str:
    return xml_escape(str(value), {'"': "&quot;"})
