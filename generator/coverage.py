"""The coverage register: what each source document names, and which record holds it (issue #17).

Input: an ``Atlas`` (its ``coverage`` is ``data/coverage.yaml`` as read) and, for the quote
check, the folder of seed texts. Output: one ``DocumentCoverage`` per document for the
coverage page, and a list of ``CoverageProblem`` (empty when the register is complete).

    for doc in document_coverage(atlas): doc.named, doc.recorded, doc.left_out
    problems = check_coverage(atlas, SEEDS_DIR)

The register lists, per seed document, every platform, zone, port, designation and
cooperation relationship the document names, with a verbatim quote and either the ids of
the records that hold it or the reason it has none. ``check_coverage`` holds it to that:
every seed document has an entry, every quote is in the document's text, every id exists,
and every platform, port or cooperation record that cites a seed document is listed under it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.quotes import normalise
from generator.records import Atlas, Record, _cited_documents

# Families whose records must appear in the register of every seed document they cite: the
# things the register is about. Regions, organisations and documents cite the seeds too, but
# as places, bodies and texts, not as platforms or relationships.
REGISTER_FAMILIES = ("platforms", "ports", "cooperation")


@dataclass(frozen=True)
class CoverageProblem:
    """Something the register gets wrong or leaves out."""

    document: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"coverage.yaml {self.document} {self.where}: {self.message}"


@dataclass(frozen=True)
class DocumentCoverage:
    """One document's entry in the register: the document record and its items."""

    document: Record
    items: tuple[Mapping, ...]

    @property
    def named(self) -> int:
        return len(self.items)

    @property
    def recorded(self) -> tuple[Mapping, ...]:
        return tuple(i for i in self.items if i.get("records"))

    @property
    def left_out(self) -> tuple[Mapping, ...]:
        return tuple(i for i in self.items if not i.get("records"))

    def left_out_by_reason(self) -> list[tuple[str, tuple[Mapping, ...]]]:
        """The items without a record, grouped by reason, reasons in order of first use."""
        reasons = list(dict.fromkeys(i.get("left_out") for i in self.left_out))
        return [(r, tuple(i for i in self.left_out if i.get("left_out") == r)) for r in reasons]


def _entries(atlas: Atlas) -> list[Mapping]:
    register = atlas.coverage
    if not isinstance(register, Mapping) or not isinstance(register.get("coverage"), tuple):
        return []
    return [e for e in register["coverage"] if isinstance(e, Mapping)]


def document_coverage(atlas: Atlas) -> list[DocumentCoverage]:
    """Each document of the register that exists in the atlas, in register order."""
    out = []
    for entry in _entries(atlas):
        doc = atlas.by_id.get(entry.get("document"))
        if doc is not None and doc.family == "documents":
            out.append(DocumentCoverage(doc, tuple(entry.get("items") or ())))
    return out


def citing_records(atlas: Atlas, document_id: str) -> list[Record]:
    """Platforms, ports and cooperation records that cite ``document_id`` anywhere in their fields."""
    return [r for family in REGISTER_FAMILIES for r in atlas.records(family)
            if document_id in set(_cited_documents(r.fields._data))]


def check_coverage(atlas: Atlas, seeds_dir: Path | None) -> list[CoverageProblem]:
    """Every problem of the register; quotes are checked only where the seed text is readable."""
    problems: list[CoverageProblem] = []
    if atlas.coverage is None:
        return [CoverageProblem("-", "(file)", "the data folder has no coverage.yaml")]
    seeded = [d for d in atlas.records("documents") if d.get("seed")]
    seen: dict[str, int] = {}
    listed: dict[str, set[str]] = {}
    for n, entry in enumerate(_entries(atlas)):
        doc_id = entry.get("document")
        doc = atlas.by_id.get(doc_id)
        if doc_id in seen:
            problems.append(CoverageProblem(doc_id, f"coverage[{n}]", f"listed twice (first at coverage[{seen[doc_id]}])"))
            continue
        seen[doc_id] = n
        if doc is None or doc.family != "documents":
            problems.append(CoverageProblem(str(doc_id), f"coverage[{n}]", "is not a document id"))
            continue
        if not doc.get("seed"):
            problems.append(CoverageProblem(doc_id, f"coverage[{n}]", "has no seed text; the register covers seed documents"))
        text = None
        if seeds_dir is not None and doc.get("seed") and (seeds_dir / doc.seed).is_file():
            text = normalise((seeds_dir / doc.seed).read_text(encoding="utf-8"))
        ids = listed.setdefault(doc_id, set())
        for k, item in enumerate(entry.get("items") or ()):
            where = f"coverage[{n}].items[{k}]"
            quote = item.get("quote")
            if text is not None and isinstance(quote, str) and normalise(quote) not in text:
                problems.append(CoverageProblem(doc_id, where, f"quote not found verbatim: “{quote}”"))
            for rid in item.get("records") or ():
                ids.add(rid)
                if rid not in atlas.by_id:
                    problems.append(CoverageProblem(doc_id, where, f"no record has the id {rid!r}"))
            if not item.get("records") and not item.get("left_out"):
                problems.append(CoverageProblem(doc_id, where, "has neither records nor a left_out reason"))
    for doc in seeded:
        if doc.id not in seen:
            problems.append(CoverageProblem(doc.id, "(missing)", "this seed document has no entry in the register"))
    for doc_id in [d.id for d in seeded] + [d for d in listed if d not in {s.id for s in seeded}]:
        for record in citing_records(atlas, doc_id):
            if record.id not in listed.get(doc_id, set()):
                problems.append(CoverageProblem(doc_id, record.id, f"the {record.family} record {record.id} cites this "
                                                "document but no item of its register lists it"))
    return problems
