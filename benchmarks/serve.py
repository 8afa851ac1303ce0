"""Edit-to-visible benchmark of the local preview: save a record, time until its served page shows it.

Input: nothing (it uses the real atlas in data/). Output: a table on stdout.
It starts ``scripts/serve`` on a free loopback port, waits for the first
build, then five times: changes one record's summary in data/platforms.yaml,
polls that record's page until the change is served, and restores the file
(waiting until the restored page is served too). The data file is restored
byte for byte whatever happens, and the server is stopped.

    .venv/bin/python benchmarks/serve.py            # 5 edits, median
    .venv/bin/python benchmarks/serve.py --runs 9

Figures: seconds from the save to the first response of the record's page that
carries the change (median, min, max); the server's CPU seconds over the same span
(load on a shared machine stretches wall time, not CPU time); seconds until a file that depends on the
record (the platforms CSV) carries it too; and how many builds the server ran per
save (the record's own pages first, then one --dirty build of the pages and
files that depend on it; more would mean a folder the build writes is watched).
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RECORD_FILE = REPO / "data" / "platforms.yaml"
# The text a run edits (in the first platform's Chinese summary) and that record's page.
ANCHOR = "2000年由省级开发区升格的国家级经济技术开发区。"
PAGE = "platforms/hohhot-etdz/"
# A file that depends on the edit without being the record's page: the platforms table download.
LISTING = "downloads/platforms.csv"
TARGET_S = 3.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 60) -> str:
    """The page's text, or "" when the server does not answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(url: str, predicate, timeout: float) -> float:
    """Poll ``url`` until ``predicate(text)`` holds; return the seconds it took."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate(fetch(url)):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show the expected text within {timeout:.0f} s")


def wait_quiet(log: Path, quiet_s: float = 3.0, timeout: float = 300) -> None:
    """Wait until the server's log has not grown for ``quiet_s`` seconds (no build running)."""
    start, size, since = time.perf_counter(), -1, time.perf_counter()
    while time.perf_counter() - start < timeout:
        now = log.stat().st_size
        if now != size:
            size, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet_s:
            return
        time.sleep(0.2)


def cpu_seconds(pid: int) -> float:
    """CPU time the server process has used so far (all its threads), from /proc; 0 where there is none.

    Unlike wall time, it does not grow when other processes load the machine: the CPU seconds
    between a save and its page being served are what that save costs the server.
    """
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def save(data: bytes) -> None:
    """Save the record file in one step, as editors that write a temporary file and rename it do.

    A file truncated and then written can be seen half-written by the server's polling, which
    then builds twice for one save.
    """
    temporary = REPO / f".{RECORD_FILE.name}.saving"  # outside the watched data folder, same disk
    temporary.write_bytes(data)
    os.replace(temporary, RECORD_FILE)


def builds_in(log: Path, offset: int) -> int:
    return log.read_text(encoding="utf-8", errors="replace")[offset:].count("Building documentation")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--startup-timeout", type=float, default=900)
    args = parser.parse_args()

    original = RECORD_FILE.read_bytes()
    if ANCHOR.encode() not in original:
        sys.exit(f"benchmarks/serve.py: the text it edits is no longer in {RECORD_FILE}; update ANCHOR")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = Path(tempfile.mkstemp(prefix="atlas-serve-", suffix=".log")[1])
    env = dict(os.environ, ATLAS_SERVE_ADDR=f"127.0.0.1:{port}")
    with open(log, "wb") as out:
        server = subprocess.Popen([str(REPO / "scripts" / "serve")], cwd=REPO,
                                  env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    times, everything, builds, cpus = [], [], [], []
    try:
        started = time.perf_counter()
        wait_for(base + PAGE, lambda text: ANCHOR in text, args.startup_timeout)
        first_build = time.perf_counter() - started
        wait_quiet(log)
        for run in range(args.runs):
            marker = f"基准编辑{run}{int(time.time() * 1000) % 100000}"
            offset = log.stat().st_size
            cpu_before = cpu_seconds(server.pid)
            save(original.replace(ANCHOR.encode(), (ANCHOR + marker).encode(), 1))
            times.append(wait_for(base + PAGE, lambda text: marker in text, 300))
            cpus.append(cpu_seconds(server.pid) - cpu_before)
            everything.append(times[-1] + wait_for(base + LISTING, lambda text: marker in text, 300))
            wait_quiet(log)
            builds.append(builds_in(log, offset))
            save(original)
            wait_for(base + PAGE, lambda text: marker not in text and ANCHOR in text, 300)
            # The undo's dependent files too, so that its builds are not counted with the next edit's.
            wait_for(base + LISTING, lambda text: marker not in text, 300)
            wait_quiet(log)
            print(f"run {run + 1}: {times[-1]:.2f} s ({cpus[-1]:.2f} CPU s; everything {everything[-1]:.2f} s), "
                  f"{builds[-1]} build(s)",
                  file=sys.stderr)
    finally:
        RECORD_FILE.write_bytes(original)
        try:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
    median = statistics.median(times)
    rows = [
        ("first build (server start to first page)", f"{first_build:.1f} s", ""),
        (f"edit to visible, median of {len(times)}", f"{median:.2f} s",
         f"≤ {TARGET_S} s: {'ok' if median <= TARGET_S else 'MISSED'}"),
        ("edit to visible, min / max", f"{min(times):.2f} s / {max(times):.2f} s", ""),
        ("server CPU from save to visible, median", f"{statistics.median(cpus):.2f} s",
         "(what the save costs; the wall time on an idle machine, plus up to 0.5 s of polling)"),
        (f"edit to every dependent file updated ({LISTING}), median", f"{statistics.median(everything):.2f} s", ""),
        ("builds per save", " ".join(str(b) for b in builds),
         "≤ 2 each (the record's pages, then what depends on them): "
         + ("ok" if max(builds) <= 2 else "MISSED")),
    ]
    load = os.getloadavg()
    print(f"\nLocal preview (scripts/serve), real atlas ({os.cpu_count()} cores, load {load[0]:.1f}; log {log})\n")
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<24} {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
