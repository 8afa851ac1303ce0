"""How long the validator takes: on the real atlas and on a national-scale synthetic one.

Input: nothing (or ``--platforms N`` for the synthetic atlas). Output: a table of medians (wall
and CPU time) on stdout: ``validate_data`` in one process (the files read, the schema pass and the cross-record
checks), the schema pass alone, and the same with one broken record in the national atlas
(where the per-record fast check decides which records jsonschema explains).

    .venv/bin/python benchmarks/validate.py            # 3,000 synthetic platforms, 7 runs each
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from generator.validate import (check_schemas, collect_ids, load_data, read_vocabularies,  # noqa: E402
                                validate_data)


def median_seconds(run, times: int) -> tuple[float, float]:
    """The median wall and CPU time of ``times`` calls of ``run`` (after one call to warm caches).

    The CPU time is this process's own: on a machine shared with other work it moves much less
    than the wall time, and the validator runs on one core.
    """
    run()
    wall, cpu = [], []
    for _ in range(times):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def schema_pass(data: Path):
    """A call that runs only the schema pass on data read once."""
    loaded = load_data(data)
    vocabularies = read_vocabularies(loaded)
    ids, _ = collect_ids(loaded)
    return lambda: check_schemas(loaded, vocabularies, ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platforms", type=int, default=3000)
    parser.add_argument("--times", type=int, default=7)
    args = parser.parse_args()
    from synth import synthesise

    with tempfile.TemporaryDirectory() as tmp:
        national = Path(tmp) / "data"
        counts = synthesise(national, args.platforms)
        broken = Path(tmp) / "broken"
        synthesise(broken, args.platforms)
        platforms = broken / "platforms.yaml"
        text = platforms.read_text(encoding="utf-8")
        platforms.write_text(text.replace("status: approved", "status: approvd", 1), encoding="utf-8")
        assert validate_data(national)[1] == [], "the synthetic atlas must be valid"
        assert validate_data(broken)[1], "one broken record"
        rows = [
            ("real atlas: validate_data", median_seconds(lambda: validate_data(REPO / "data"), args.times)),
            ("real atlas: schema pass", median_seconds(schema_pass(REPO / "data"), args.times)),
            (f"national ({sum(counts.values()):,} records): validate_data",
             median_seconds(lambda: validate_data(national), args.times)),
            ("national: schema pass", median_seconds(schema_pass(national), args.times)),
            ("national, one broken record: schema pass", median_seconds(schema_pass(broken), args.times)),
        ]
    width = max(len(name) for name, _ in rows)
    print(f"validator, median of {args.times} runs in one process{'':{max(0, width - 38)}}   wall ms    CPU ms")
    for name, (wall, cpu) in rows:
        print(f"  {name:<{width}}  {wall * 1000:8.0f}  {cpu * 1000:8.0f}")


if __name__ == "__main__":
    main()
