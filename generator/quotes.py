"""Check that every quote attributed to a document appears verbatim in its text.

Input: an ``Atlas`` and the folder of seed texts (``../shared/seeds``). Output:
a list of ``QuoteFailure`` (record, place, document, quote); empty when every
checkable quote is found. Documents without a ``seed`` text cannot be checked
and are counted, not failed.

    failures, checked, unchecked = check_quotes(atlas, SEEDS_DIR)

Matching removes all white space on both sides (the seed texts carry line
breaks from PDF extraction in the middle of sentences) and nothing else:
characters and punctuation, full-width or half-width, must be identical.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.records import Atlas

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class QuoteFailure:
    """A quote not found in the text of the document it is attributed to."""

    record: str
    place: str
    document: str
    quote: str

    def __str__(self) -> str:
        return f"{self.record} {self.place}: quote not found in {self.document}: “{self.quote}”"


def normalise(text: str) -> str:
    """Remove all white space; keep every other character as it is."""
    return _SPACE.sub("", text)


def _quoted_sources(value: Any, place: str) -> Iterator[tuple[str, str, str]]:
    """Yield (place, document id, quote) for every document source inside ``value``."""
    if isinstance(value, Mapping):
        if isinstance(value.get("document"), str) and isinstance(value.get("quote"), str):
            yield place, value["document"], value["quote"]
        for key, inner in value.items():
            yield from _quoted_sources(inner, f"{place}.{key}" if place else key)
    elif isinstance(value, (list, tuple)):
        for i, inner in enumerate(value):
            yield from _quoted_sources(inner, f"{place}[{i}]")


def all_quotes(atlas: Atlas) -> Iterator[tuple[str, str, str, str]]:
    """Yield (record id, place, document id, quote) for every quote tied to a document."""
    for record in atlas.all_records():
        for place, doc, quote in _quoted_sources(record.fields, ""):
            yield record.id, place, doc, quote
        if record.family == "documents":
            for section in ("tasks", "guarantees", "targets"):
                for i, item in enumerate(record.get(section) or ()):
                    if isinstance(item.get("quote"), str):
                        yield record.id, f"{section}[{i}].quote", record.id, item["quote"]


def check_quotes(atlas: Atlas, seeds_dir: Path) -> tuple[list[QuoteFailure], int, int]:
    """Return (failures, quotes checked, quotes whose document has no seed text)."""
    texts: dict[str, str] = {}
    for doc in atlas.records("documents"):
        seed = doc.get("seed")
        if seed and (seeds_dir / seed).is_file():
            texts[doc.id] = normalise((seeds_dir / seed).read_text(encoding="utf-8"))
    failures, checked, unchecked = [], 0, 0
    for record_id, place, doc, quote in all_quotes(atlas):
        if doc not in texts:
            unchecked += 1
            continue
        checked += 1
        if normalise(quote) not in texts[doc]:
            failures.append(QuoteFailure(record_id, place, doc, quote))
    return failures, checked, unchecked
