"""Record counts by file, kind and status, for editors and closing notes.

Input: an ``Atlas``. Output: a plain-text table.

    print(format_stats(build_atlas(loaded)))
"""
from __future__ import annotations

from collections import Counter

from generator.paths import RECORD_FILES
from generator.records import FAMILY_KIND_VOCABULARY, Atlas


def count_records(atlas: Atlas) -> dict[str, dict[str, Counter]]:
    """Return {family: {"total": Counter, "kind": Counter, "status": Counter}}."""
    out: dict[str, dict[str, Counter]] = {}
    for family in RECORD_FILES:
        records = atlas.records(family)
        out[family] = {
            "total": Counter({"records": len(records)}),
            "kind": Counter(r.kind for r in records if r.kind),
            "status": Counter(r.status for r in records if r.status),
        }
    docs = atlas.records("documents")
    out["documents"]["total"].update({
        "tasks": sum(len(d.get("tasks") or ()) for d in docs),
        "guarantees": sum(len(d.get("guarantees") or ()) for d in docs),
        "targets": sum(len(d.get("targets") or ()) for d in docs),
    })
    return out


def format_stats(atlas: Atlas) -> str:
    """Render the counts as aligned text, one section per data file."""
    counts = count_records(atlas)
    lines = [f"as of {atlas.meta['as_of']}"]
    for family, file_name in RECORD_FILES.items():
        c = counts[family]
        totals = ", ".join(f"{n} {k}" for k, n in c["total"].items())
        lines.append(f"\n{file_name}: {totals}")
        vocab = FAMILY_KIND_VOCABULARY.get(family)
        for key, n in sorted(c["kind"].items(), key=lambda kv: (-kv[1], kv[0])):
            label = atlas.label(vocab, key, "en") if vocab else key
            lines.append(f"  kind   {key:<40} {n:>4}  {label}")
        for key, n in sorted(c["status"].items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  status {key:<40} {n:>4}  {atlas.label('status', key, 'en')}")
    located = atlas.located()
    approx = sum(1 for r in located if r.location["precision"] == "approximate")
    lines.append(f"\nlocated records: {len(located)} ({approx} approximate)")
    return "\n".join(lines)
