"""Two clean builds of the same data are byte-identical (pages, maps, downloads, search index, sitemap).

One exception, checked by content instead: Pagefind 1.5.2 writes its filter files (pagefind/filter/)
in hash-map order, so their bytes, and the names that refer to them (the .pf_meta files and
pagefind-entry.json), change between runs of the same site. Their decoded values must be equal.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

from tests.conftest import MINI_ATLAS, build_site

# What changes with the filter files' byte order (and nothing else does).
FILTER_DERIVED = re.compile(r"^pagefind/(filter/.*\.pf_filter|pagefind\.[a-z]+_[0-9a-f]+\.pf_meta|pagefind-entry\.json)$")


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def cbor(data: bytes, at: int = 0):
    """Decode one CBOR item (the subset Pagefind's filter files use); return (value, next offset)."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        n = info
    else:
        size = 1 << (info - 24)
        n, at = int.from_bytes(data[at:at + size], "big"), at + size
    if major == 0:
        return n, at
    if major in (2, 3):
        raw = data[at:at + n]
        return (raw.decode("utf-8") if major == 3 else raw), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, at = cbor(data, at)
            mapping[key], at = cbor(data, at)
        return mapping, at
    raise ValueError(f"CBOR major type {major} at {at}")


def filters(files: dict[str, bytes]) -> dict[str, dict]:
    """Each language's filters, decoded: {lang: {filter: {value: sorted page numbers}}}."""
    found: dict[str, dict] = {}
    for name, raw in files.items():
        if name.startswith("pagefind/filter/"):
            # One filter per file: [name, [[value, [page numbers]], ...]].
            (key, values), _ = cbor(gzip.decompress(raw)[len(b"pagefind_dcd"):])
            lang = name.split("/")[-1].split("_")[0]
            found.setdefault(lang, {})[key] = {value: sorted(pages) for value, pages in values}
    return found


def test_two_builds_are_identical(tmp_path, mini_site):
    again = tree(build_site(MINI_ATLAS, tmp_path / "again"))
    first = tree(mini_site)
    same_names = sorted(n for n in first if not FILTER_DERIVED.match(n))
    assert same_names == sorted(n for n in again if not FILTER_DERIVED.match(n))
    differ = [name for name in same_names if first[name] != again[name]]
    assert not differ, f"files differ between two builds: {differ[:10]}"
    assert filters(first) == filters(again) and set(filters(first)) == {"zh", "en"}
