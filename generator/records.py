"""The validated data as an ``Atlas``: records, vocabularies and the relations between them.

Input: ``LoadedData`` that passed validation. Output: an immutable ``Atlas``
whose records keep their YAML fields as read-only mappings, plus indexes that
pages, maps and exports share (a region's platforms, a document's records, an
organisation's tasks).

    atlas = build_atlas(validate_data(Path("data"))[0])
    atlas.get("hohhot-etdz").name.zh

Records are one ``Record`` type with a ``family`` rather than a class per file:
the families share almost every field (name, kind, status, sources, ...), and
keeping the YAML mapping intact means nothing an editor wrote is dropped on the
way to a page.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator.paths import RECORD_FILES
from generator.publishers import Register, read_register

# Families that get a page per record, in navigation order, with their URL folder.
PAGE_FAMILIES = ("platforms", "ports", "cooperation", "regions", "documents", "organisations")
FAMILY_KIND_VOCABULARY = {
    "platforms": "platform_kind",
    "ports": "port_mode",
    "cooperation": "cooperation_kind",
    "regions": "region_kind",
    "documents": "document_kind",
    "organisations": "organisation_kind",
}


def freeze(value: Any) -> Any:
    """Return a deep read-only copy: mappings become ``Fields``, lists tuples."""
    if isinstance(value, dict):
        return Fields({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    return value


class Fields(Mapping):
    """Read-only record fields that templates can read as ``r.name.zh`` or ``r["name"]``."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping):
        # Nested mappings are wrapped once, by freeze(), not on every read: templates read
        # fields about two million times at 3,000 records.
        object.__setattr__(self, "_data", MappingProxyType(data))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"Fields({dict(self._data)!r})"


@dataclass(frozen=True)
class Record:
    """One record: its family (platforms, ports, ...), id, fields, and where it was written."""

    family: str
    id: str
    fields: Fields
    file: str
    line: int

    @property
    def name(self) -> Fields:
        """The record's bilingual name (a document's title)."""
        return self.fields.get("name") or self.fields["title"]

    @property
    def kind(self) -> str | None:
        return self.fields.get("kind")

    @property
    def status(self) -> str | None:
        return self.fields.get("status")

    @property
    def location(self) -> Fields | None:
        return self.fields.get("location")

    @property
    def url_path(self) -> str:
        """The page path inside one language, e.g. ``platforms/hohhot-etdz/``."""
        return f"{self.family}/{self.id}/"

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

    def __getattr__(self, key: str) -> Any:
        # Lets templates write r.region for any YAML field; dunder lookups stay normal.
        if key.startswith("__") or key == "fields":
            raise AttributeError(key)
        try:
            return self.fields[key]
        except KeyError:
            raise AttributeError(key) from None


@dataclass(frozen=True)
class TaskRef:
    """A task or guarantee of a document, as seen from an organisation."""

    document: Record
    section: str  # "tasks" or "guarantees"
    item: Fields


@dataclass(frozen=True)
class Atlas:
    """Everything the writers need, with relations computed once."""

    meta: Fields
    vocabularies: Fields
    families: Mapping[str, tuple[Record, ...]]
    by_id: Mapping[str, Record]
    region_members: Mapping[str, tuple[Record, ...]] = field(default_factory=dict)
    region_children: Mapping[str, tuple[Record, ...]] = field(default_factory=dict)
    document_mentions: Mapping[str, tuple[Record, ...]] = field(default_factory=dict)
    organisation_tasks: Mapping[str, tuple[TaskRef, ...]] = field(default_factory=dict)
    referrers: Mapping[str, tuple[Record, ...]] = field(default_factory=dict)
    # The coverage register (data/coverage.yaml) as read, or None when the data folder has none.
    coverage: Fields | None = None
    # The register of source websites (data/publishers.yaml), and each family's YAML line map
    # (path inside the file -> line), so pages can name the line of any part of a record.
    publishers: Register = field(default_factory=lambda: read_register(()))
    lines: Mapping[str, Any] = field(default_factory=dict)
    positions: Mapping[str, int] = field(default_factory=dict)

    def line_of(self, record: Record, path: tuple = ()) -> int:
        """The line in the record's file where ``path`` (inside the record) is written."""
        src = self.lines.get(record.family)
        if src is None or record.id not in self.positions:
            return record.line
        return src.line_of((record.family, self.positions[record.id], *path))

    def get(self, record_id: str) -> Record:
        return self.by_id[record_id]

    def records(self, family: str) -> tuple[Record, ...]:
        return self.families.get(family, ())

    def all_records(self) -> Iterator[Record]:
        for family in RECORD_FILES:
            yield from self.records(family)

    def label(self, vocabulary: str, key: str, lang: str) -> str:
        """The zh or en label of a vocabulary value (the key itself when unknown)."""
        try:
            return self.vocabularies[vocabulary]["values"][key][lang]
        except KeyError:
            return key

    def located(self) -> list[Record]:
        """Records with a location, in file order."""
        return [r for r in self.all_records() if r.location is not None]


def _sort_key(record: Record) -> tuple:
    return (record.family, record.id)


def _cited_documents(value: Any) -> Iterator[str]:
    """Yield every document id cited anywhere inside a record's fields."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if key == "document" and isinstance(inner, str):
                yield inner
            elif key in ("documents", "cites") and isinstance(inner, tuple):
                yield from (d for d in inner if isinstance(d, str))
            else:
                yield from _cited_documents(inner)
    elif isinstance(value, tuple):
        for inner in value:
            yield from _cited_documents(inner)


def build_atlas(loaded) -> Atlas:
    """Build the ``Atlas`` from validated ``LoadedData``."""
    families: dict[str, tuple[Record, ...]] = {}
    by_id: dict[str, Record] = {}
    positions: dict[str, int] = {}
    for family in RECORD_FILES:
        src = loaded.sources[family]
        records = []
        for i, raw in enumerate(loaded.records(family)):
            record = Record(family, raw["id"], freeze(raw), src.file, src.line_of((family, i)))
            records.append(record)
            by_id[record.id] = record
            positions[record.id] = i
        families[family] = tuple(records)

    members: dict[str, list[Record]] = {}
    children: dict[str, list[Record]] = {}
    mentions: dict[str, list[Record]] = {}
    referrers: dict[str, list[Record]] = {}
    org_tasks: dict[str, list[TaskRef]] = {}
    for family, records in families.items():
        for r in records:
            hosts = host_ids(r)
            if family == "regions" and r.get("parent"):
                children.setdefault(r.get("parent"), []).append(r)
            if family in ("platforms", "ports", "cooperation"):
                for h in dict.fromkeys(hosts):
                    members.setdefault(h, []).append(r)
            for doc_id in dict.fromkeys(_cited_documents(r.fields._data)):
                if doc_id != r.id and family in PAGE_FAMILIES:
                    mentions.setdefault(doc_id, []).append(r)
            for rel in r.get("related") or ():
                referrers.setdefault(rel, []).append(r)
            if family == "documents":
                for section in ("tasks", "guarantees"):
                    for item in r.get(section) or ():
                        for org in dict.fromkeys(item.get("departments") or ()):
                            org_tasks.setdefault(org, []).append(TaskRef(r, section, item))

    def frozen(d: dict) -> Mapping:
        return MappingProxyType({k: tuple(v) for k, v in sorted(d.items())})

    meta_src = loaded.sources["meta"].value
    vocab_src = loaded.sources["vocabularies"].value
    return Atlas(
        meta=freeze(meta_src),
        vocabularies=freeze(vocab_src),
        families=MappingProxyType(families),
        by_id=MappingProxyType(by_id),
        region_members=frozen(members),
        region_children=frozen(children),
        document_mentions=frozen(mentions),
        organisation_tasks=frozen(org_tasks),
        referrers=frozen(referrers),
        coverage=freeze(loaded.sources["coverage"].value) if "coverage" in loaded.sources else None,
        publishers=read_register(loaded.records("publishers")),
        lines=MappingProxyType({family: loaded.sources[family] for family in RECORD_FILES}),
        positions=MappingProxyType(positions),
    )


# Facts derived from the records: each has this one home (pages, maps, exports and counts use it).
def host_ids(record: Record) -> tuple[str, ...]:
    """The regions a record sits in: its ``region`` or ``regions``; a cooperation's parties."""
    if record.family == "cooperation":
        return tuple(record.get("parties") or ())
    if record.get("region"):
        return (record.get("region"),)
    return tuple(record.get("regions") or ())


def subtree_ids(atlas: Atlas, region_id: str) -> frozenset[str]:
    """A region's id and the ids of every region below it (a league with its banners and counties)."""
    out, stack = set(), [region_id]
    while stack:
        rid = stack.pop()
        if rid in out:
            continue
        out.add(rid)
        stack.extend(k.id for k in atlas.region_children.get(rid, ()))
    return frozenset(out)


def located_parties(atlas: Atlas, record: Record) -> tuple[list[Record], list[Record]]:
    """A cooperation's parties split into (with a location, without one), in data order."""
    parties = [atlas.by_id[p] for p in record.get("parties") or () if p in atlas.by_id]
    return [p for p in parties if p.location is not None], [p for p in parties if p.location is None]


def league_of(atlas: Atlas, region_id: str) -> str | None:
    """The league or prefecture-level city (盟市) a region is, or lies in; None above or outside them."""
    node = atlas.by_id.get(region_id)
    seen: set[str] = set()
    while node is not None and node.id not in seen:
        seen.add(node.id)
        parent = atlas.by_id.get(node.get("parent") or "")
        if parent is not None and parent.kind == "autonomous-region":
            return node.id
        node = parent
    return None


def league_ids(atlas: Atlas, record: Record) -> list[str]:
    """The league or prefecture-level city (盟市) each of a record's regions lies in."""
    out: list[str] = []
    for host in host_ids(record):
        league = league_of(atlas, host)
        if league is not None and league not in out:
            out.append(league)
    return out
