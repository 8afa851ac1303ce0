"""A file per record: ``/<family>/<id>.json`` and ``.geojson``, the index ``/api/index.json``,
and the JSON Schema every record file follows, ``/api/record.schema.json``.

Input: an ``Atlas``, its ``History`` and the site's address. Output:
``{docs-tree path: bytes}``; the paths sit outside the language folders, so both
languages' record pages link the same files.

    files = write_record_files(atlas, History(atlas), "https://example.org/atlas/")
    json.loads(files["platforms/hohhot-etdz.json"])["urls"]["page"]
    # "https://example.org/atlas/platforms/hohhot-etdz/"

A record file holds the record exactly as in ``downloads/atlas.json``, plus what a
reader of one record needs and could not see there: its page (both languages),
how strong the support of each of its facts is (generator/support.py), when it
last changed and by which commit, the data release it belongs to, and the
SHA-256 of each quote, so anyone can later check that a quote was not altered.
Every URL is absolute. The record's own fields are described by the data schemas,
published beside the record schema under ``/api/schema/`` and referenced from it.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from generator.exports import LICENCE_URLS, lonlat, write_json
from generator.history import History
from generator.paths import SCHEMA_DIR
from generator.records import PAGE_FAMILIES, Atlas, Record
from generator.releases import current_release
from generator.support import LEVELS, iter_facts

API = "api"
SCHEMA_PATH = f"{API}/record.schema.json"
INDEX_PATH = f"{API}/index.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_path(record: Record) -> str:
    """The docs-tree path of a record's JSON file."""
    return f"{record.family}/{record.id}.json"


def geojson_path(record: Record) -> str:
    """The docs-tree path of a located record's GeoJSON file."""
    return f"{record.family}/{record.id}.geojson"


def quote_paths(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every quote inside a record's fields: (its path, e.g. ``approved.sources[0].quote``, the text)."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            here = f"{path}.{key}" if path else str(key)
            if key == "quote" and isinstance(inner, str):
                yield here, inner
            else:
                yield from quote_paths(inner, here)
    elif isinstance(value, (list, tuple)):
        for i, inner in enumerate(value):
            yield from quote_paths(inner, f"{path}[{i}]")


def fact_path(path: tuple) -> str:
    """A fact's place in the record as text: "" (the record itself), "approved", "history[0]"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RecordFiles:
    """Builds the per-record files of one atlas."""

    def __init__(self, atlas: Atlas, history: History, base_url: str):
        self.atlas = atlas
        self.history = history
        self.base = base_url
        release = current_release(atlas.meta)
        self.release = None if release is None else {
            "tag": release.tag, "date": release.date, "url": release.page_url, "doi": release.doi}
        licence = atlas.meta.get("licence") or "CC-BY-4.0"
        self.licence = {"id": licence, "url": LICENCE_URLS.get(licence, atlas.meta["repository"])}
        # Each record's facts with their support level, computed once for the whole atlas.
        self.support: dict[str, list[dict[str, str]]] = {}
        for fact in iter_facts(atlas):
            self.support.setdefault(fact.record.id, []).append(
                {"path": fact_path(fact.path), "kind": fact.kind, "level": fact.support})

    def urls(self, r: Record) -> dict[str, str | None]:
        return {"page": f"{self.base}{r.family}/{r.id}/", "page_en": f"{self.base}en/{r.family}/{r.id}/",
                "json": self.base + json_path(r),
                "geojson": self.base + geojson_path(r) if r.location is not None else None}

    def record_json(self, r: Record) -> dict[str, Any]:
        change = self.history.last_changed(r)
        return {
            "$schema": self.base + SCHEMA_PATH,
            "id": r.id,
            "family": r.family,
            "urls": self.urls(r),
            "record": r.fields,
            "support": self.support.get(r.id, []),
            "last_changed": None if change is None else {
                "date": change.date, "kind": change.kind, "commit": change.commit, "commit_url": change.url},
            "quotes": [{"path": p, "sha256": sha256_text(q)} for p, q in quote_paths(r.fields)],
            "release": self.release,
            "data_as_of": str(self.atlas.meta["as_of"]),
            "licence": self.licence,
        }

    def record_geojson(self, r: Record) -> dict[str, Any]:
        urls = self.urls(r)
        return {"type": "FeatureCollection", "features": [{
            "type": "Feature", "id": r.id,
            "geometry": {"type": "Point", "coordinates": lonlat(r.location)},
            "properties": {"id": r.id, "family": r.family, "name_zh": r.name["zh"], "name_en": r.name["en"],
                           "kind": r.kind, "status": r.status, "precision": r.location.get("precision"),
                           "url": urls["page"], "json": urls["json"]}}]}

    def index(self) -> dict[str, Any]:
        records = []
        for family in PAGE_FAMILIES:
            for r in self.atlas.records(family):
                records.append({"id": r.id, "family": family, "name_zh": r.name["zh"], "name_en": r.name["en"],
                                **self.urls(r)})
        return {"data_as_of": str(self.atlas.meta["as_of"]), "release": self.release,
                "schema": self.base + SCHEMA_PATH, "count": len(records), "records": records}

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of a record file; ``record`` follows the family's data schema."""
        url = {"type": "string", "format": "uri", "pattern": "^https?://"}
        by_family = [{"if": {"properties": {"family": {"const": f}}},
                      "then": {"properties": {"record": {"$ref": f"schema/{f}.schema.json#/$defs/record"}}}}
                     for f in PAGE_FAMILIES]
        return {
            "$schema": DRAFT,
            "$id": self.base + SCHEMA_PATH,
            "title": "Atlas record file (/<family>/<id>.json)",
            "description": "One record of the atlas with its page URLs, the support level of each fact, last "
                           "change, data release and the SHA-256 of each quote. 'record' holds the record's fields exactly as in "
                           "downloads/atlas.json, described by the data schemas under api/schema/.",
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "family", "urls", "record", "support", "last_changed", "quotes", "release",
                         "data_as_of", "licence"],
            "properties": {
                "$schema": {"const": self.base + SCHEMA_PATH},
                "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                "family": {"enum": list(PAGE_FAMILIES)},
                "urls": {"type": "object", "additionalProperties": False,
                         "required": ["page", "page_en", "json", "geojson"],
                         "properties": {"page": url, "page_en": url, "json": url,
                                        "geojson": {"anyOf": [url, {"type": "null"}]}}},
                "record": {"type": "object", "description": "The record's fields, as in the data file"},
                "support": {"type": "array", "description": "How strong the support of each fact of the record is, "
                            "computed from who published its sources (official, reported, secondary, weak)",
                            "items": {"type": "object", "additionalProperties": False,
                                      "required": ["path", "kind", "level"],
                                      "properties": {
                                          "path": {"type": "string", "description": "Where the fact is in 'record' "
                                                   "('' is the record itself)"},
                                          "kind": {"type": "string"},
                                          "level": {"enum": list(LEVELS)}}}},
                "last_changed": {"anyOf": [{"type": "null"}, {
                    "type": "object", "additionalProperties": False, "required": ["date", "kind"],
                    "properties": {
                        "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}){0,2}$"},
                        "kind": {"enum": ["edited", "event"], "description": "edited: a commit changed the "
                                 "record; event: no git history was read, the record's latest dated entry"},
                        "commit": {"type": ["string", "null"]},
                        "commit_url": {"anyOf": [url, {"type": "null"}]}}}]},
                "quotes": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False, "required": ["path", "sha256"],
                    "properties": {"path": {"type": "string", "description": "Where the quote is in 'record'"},
                                   "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                                              "description": "SHA-256 of the quote's UTF-8 bytes"}}}},
                "release": {"anyOf": [{"type": "null"}, {
                    "type": "object", "additionalProperties": False, "required": ["tag", "date", "url", "doi"],
                    "properties": {"tag": {"type": "string", "pattern": r"^data-\d{4}-\d{2}-\d{2}$"},
                                   "date": {"type": "string"}, "url": url,
                                   "doi": {"type": ["string", "null"]}}}],
                    "description": "The newest data release when the file was built (null before the first)"},
                "data_as_of": {"type": "string"},
                "licence": {"type": "object", "required": ["id", "url"],
                            "properties": {"id": {"type": "string"}, "url": url}},
            },
            "allOf": by_family,
        }

    def data_schemas(self) -> dict[str, bytes]:
        """The data schemas the record schema refers to, each with its published address as ``$id``."""
        files = {}
        for name in ("common", *PAGE_FAMILIES):
            schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
            schema["$id"] = f"{self.base}{API}/schema/{name}.schema.json"
            files[f"{API}/schema/{name}.schema.json"] = write_json(schema)
        return files

    def write_all(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for family in PAGE_FAMILIES:
            for r in self.atlas.records(family):
                files[json_path(r)] = write_json(self.record_json(r))
                if r.location is not None:
                    files[geojson_path(r)] = write_json(self.record_geojson(r))
        files[INDEX_PATH] = write_json(self.index())
        files[SCHEMA_PATH] = write_json(self.schema())
        files.update(self.data_schemas())
        return files


def write_record_files(atlas: Atlas, history: History, base_url: str) -> dict[str, bytes]:
    """Every per-record file, the index and the schemas, keyed by docs-tree path."""
    return RecordFiles(atlas, history, base_url).write_all()


