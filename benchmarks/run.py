"""National-scale benchmark: synthesise an atlas, build it, and print what it costs.

Input: the number of platforms (default 3,000, spread over all 31 provinces,
with ports and cooperation records). Output: a table on stdout; work files go
to a temporary folder, nothing in the repository is written.

    .venv/bin/python benchmarks/run.py                 # 3,000 platforms
    .venv/bin/python benchmarks/run.py --platforms 1000 --lighthouse

Figures:
- generator: validate + render pages, maps and downloads, as a build runs it
  (pages in forked workers on every core), and again in one process
  (ATLAS_JOBS=1) to show what the workers save;
- full build: `mkdocs build` of the synthetic atlas (generator included), and again
  without the per-record files (ATLAS_RECORD_FILES=0) to show what they add;
- bare build: mkdocs-material on the same number of plain Markdown pages, kept
  out of the navigation the same way, measured in the same run (the ratio is
  the honest comparison on a loaded machine);
- peak memory of each build (the child process's maximum resident set);
- site size, largest record page;
- search (Pagefind): index size on disk, indexing time, and in headless Chromium the bytes fetched
  for a first query and the time from the query to the first result shown (cold: the reader
  focuses the box and types at once), median of three fresh browser contexts, per language;
- map page weight and time to first marker in headless Chromium (benchmarks/maps.py);
- Lighthouse mobile performance (median of three runs) of the home page, the platforms
  index (family map and table), a record page (locator map) and the map notes page,
  only with --lighthouse (needs npx and the npm registry).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

TARGETS = {"generator_s": 3.0, "ratio": 1.5, "page_kb": 100, "lighthouse": 0.9, "first_result_ms": 300,
           "first_query_kb": 300}

# A first query per language: a synthetic platform's name, as a reader would type it, and its page.
SEARCHES = [("", "合成平台00004", "/platforms/synthetic-zone-00004/"),
            ("en/", "Synthetic zone 00004", "/en/platforms/synthetic-zone-00004/")]

# Types the query into the search box the moment it has focus (the search starts loading on focus),
# and returns the milliseconds until the first result is shown, and that result's address.
FIRST_RESULT_JS = """async ([query, settle]) => {
    const input = document.querySelector('.md-search__input');
    input.focus();
    // settle: wait until Pagefind's script and language metadata have loaded (a reader who clicks
    // the box and then types); otherwise the query is typed the moment the box has focus.
    if (settle) await window.atlasSearch('zzzz', {}, 0);
    const start = performance.now();
    input.value = query;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    const first = await new Promise((resolve) => {
        const look = () => {
            const link = document.querySelector('.atlas-search__link');
            if (link) resolve(link); else requestAnimationFrame(look);
        };
        look();
    });
    return [performance.now() - start, new URL(first.href).pathname];
}"""


def timed_build(cmd: list[str], env: dict, cwd: Path) -> tuple[float, int, float]:
    """Run a build; return (seconds, peak resident memory of that build in MB, CPU seconds).

    The build runs under a small wrapper process so the peak and the CPU time are its own: this
    process's RUSAGE_CHILDREN keeps the largest child seen so far and sums every child's time.
    CPU seconds (user + system, the build and its workers) compare two builds fairly on a machine
    that other work shares, where wall time follows the load.
    """
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr); sys.exit(r.returncode)")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed: {' '.join(cmd)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    peak_kb, cpu = result.stderr.strip().splitlines()[-1].split()
    return seconds, int(peak_kb) // 1024, float(cpu)


def generator_seconds(data: Path, out: Path) -> float:
    from generator.build import build_site_sources

    start = time.perf_counter()
    problems = build_site_sources(data, out)
    if problems:
        sys.exit(f"synthetic data has {len(problems)} problems, e.g. {problems[0]}")
    return time.perf_counter() - start


def bare_site(work: Path, pages: int) -> Path:
    """A plain mkdocs-material project with ``pages`` Markdown pages outside the nav."""
    docs = work / "bare_docs"
    for i in range(pages):
        folder = docs / f"p{i // 500}" / f"page-{i:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(f"# 平台 {i}\n\n这是第 {i} 个纯文本页面，用于基准测试。Plain page {i}.\n\n"
                                         "| 项目 | 内容 |\n|---|---|\n| 类型 | 示例 |\n| 状态 | 已获批 |\n",
                                         encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (work / "bare.yml").write_text(
        "site_name: bare\ndocs_dir: bare_docs\nsite_dir: bare_site\ntheme:\n  name: material\n  language: zh\n"
        "  font: false\nplugins:\n  - search\nnav:\n  - index.md\nnot_in_nav: |\n  /p*/\n"
        "validation:\n  nav:\n    omitted_files: ignore\n", encoding="utf-8")
    return work / "bare.yml"


def site_figures(site: Path) -> dict:
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    record_pages = [p for fam in ("platforms", "ports", "cooperation", "regions") for p in (site / fam).glob("*/index.html")]
    largest = max(record_pages, key=lambda p: p.stat().st_size)
    # Pagefind's index (already gzip-compressed pieces) and its script, worker and WebAssembly.
    index = [p for p in (site / "pagefind").rglob("*") if p.is_file() and p.suffix.startswith(".pf_")]
    return {"files": len(sizes), "site_mb": sum(sizes) / 1e6, "largest_page": largest.relative_to(site).as_posix(),
            "largest_kb": largest.stat().st_size / 1024,
            "index_mb": sum(p.stat().st_size for p in index) / 1e6, "index_files": len(index),
            "pages": sum(1 for _ in site.rglob("index.html"))}


def pagefind_seconds(site: Path, work: Path) -> float:
    """Pagefind indexing the built site again on its own (into a scratch folder), as the build runs it."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(work / "pagefind_again"),
                    "--silent"], cwd=REPO, check=True)
    return time.perf_counter() - start


def search_figures(site: Path, runs: int = 3) -> dict:
    """Per language: bytes fetched from pagefind/ for a first query, and ms to the first result (medians)."""
    import maps as map_bench
    from playwright.sync_api import sync_playwright

    url, server = map_bench.serve(site)
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=map_bench.CHROMIUM, args=map_bench.CHROMIUM_ARGS)
            for path, query, want in SEARCHES:
                times, settled, fetched, before, right = [], [], [], [], []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
                                  else r.abort())
                    page = context.new_page()
                    requests = []
                    page.on("requestfinished", lambda r: requests.append(r) if "/pagefind/" in r.url else None)
                    page.goto(url + path, wait_until="load")
                    page.wait_for_load_state("networkidle")
                    before.append(len(requests))  # nothing of the search before the reader reaches for it
                    ms, first = page.evaluate(FIRST_RESULT_JS, [query, False])
                    page.wait_for_load_state("networkidle")
                    times.append(ms)
                    right.append(first == want)
                    fetched.append(sum(r.sizes()["responseBodySize"] for r in requests))
                    context.close()
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.goto(url + path, wait_until="load")
                    settled.append(page.evaluate(FIRST_RESULT_JS, [query, True])[0])
                    context.close()
                out[path or "zh"] = {"query": query, "ms": statistics.median(times), "settled_ms": statistics.median(settled),
                                     "kb": statistics.median(fetched) / 1024,
                                     "before": max(before), "right": all(right)}
            browser.close()
    finally:
        server.shutdown()
    return out


def browser_figures(site: Path) -> dict:
    """Overview map page weight and time to first marker, medians of three cold loads."""
    import statistics

    import maps as map_bench  # benchmarks/maps.py
    from playwright.sync_api import sync_playwright

    url, server = map_bench.serve(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=map_bench.CHROMIUM, args=map_bench.CHROMIUM_ARGS)
            runs = [map_bench.load(browser, url) for _ in range(3)]
            record = [map_bench.load(browser, url + "platforms/synthetic-zone-00004/") for _ in range(3)]
            browser.close()
    finally:
        server.shutdown()
    return {"home_kb": statistics.median(r["total"] for r in runs) / 1024,
            "home_gz_kb": statistics.median(r["total_gz"] for r in runs) / 1024,
            "first_marker_ms": statistics.median(r["first"] for r in runs),
            "record_kb": statistics.median(r["total"] for r in record) / 1024,
            "record_gz_kb": statistics.median(r["total_gz"] for r in record) / 1024,
            "record_marker_ms": statistics.median(r["first"] for r in record)}


def lighthouse(site: Path, paths: list[str], runs: int = 3) -> dict:
    """Lighthouse's mobile performance score of each page: the median of ``runs`` cold runs.

    The pages are served gzip-compressed, as GitHub Pages serves them (benchmarks/maps.py ``serve``);
    one run's score is noisy (a few hundredths on a small machine), hence the median.
    """
    import maps as map_bench

    url, server = map_bench.serve(site)
    scores = {}
    try:
        for path in paths:
            got = []
            for _ in range(runs):
                out = subprocess.run(
                    ["npx", "--yes", "lighthouse@12.8.2", url + path, "--only-categories=performance",
                     "--output=json", "--quiet", "--chrome-flags=" + " ".join(map_bench.CHROMIUM_ARGS)],
                    env=dict(os.environ, CHROME_PATH=map_bench.CHROMIUM), capture_output=True, text=True,
                    timeout=300)
                try:
                    score = json.loads(out.stdout)["categories"]["performance"]["score"]
                except (ValueError, KeyError):
                    continue
                if score is not None:
                    got.append(score)
            scores[path or "/"] = statistics.median(got) if got else None
    finally:
        server.shutdown()
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platforms", type=int, default=3000)
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse (mobile) on four pages")
    parser.add_argument("--keep", type=Path, help="keep the work folder here")
    args = parser.parse_args()

    from synth import synthesise

    work = Path(args.keep or tempfile.mkdtemp(prefix="atlas-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    counts = synthesise(data, args.platforms)
    env = dict(os.environ, ATLAS_DATA=str(data), ATLAS_DOCS_DIR=str(work / "docs"), ATLAS_GIT_HISTORY="0",
               NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1763769600")
    os.environ.update(ATLAS_GIT_HISTORY="0")
    (work / "docs").mkdir(exist_ok=True)

    gen = min(generator_seconds(data, work / "gen_docs") for _ in range(2))
    jobs_setting = os.environ.get("ATLAS_JOBS")
    os.environ["ATLAS_JOBS"] = "1"
    gen_one = min(generator_seconds(data, work / "gen_docs_one") for _ in range(2))
    if jobs_setting is None:
        del os.environ["ATLAS_JOBS"]
    else:
        os.environ["ATLAS_JOBS"] = jobs_setting
    full_s, full_mb, full_cpu = timed_build([sys.executable, "-m", "mkdocs", "build", "-d", str(work / "site")], env, REPO)
    # The same build without the per-record files (<family>/<id>.json and .geojson, api/): what they
    # add to the build (issue #16's budget is 20 %). Record pages then link to missing files; the
    # build is not strict, so that only costs warnings.
    (work / "docs_no_records").mkdir(exist_ok=True)
    no_rec_s, _, no_rec_cpu = timed_build([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site_no_records")],
                              dict(env, ATLAS_RECORD_FILES="0", ATLAS_DOCS_DIR=str(work / "docs_no_records")), REPO)
    shutil.rmtree(work / "site_no_records", ignore_errors=True)
    figures = site_figures(work / "site")
    bare_yml = bare_site(work, figures["pages"])
    bare_s, bare_mb, _ = timed_build([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(bare_yml)],
                                  dict(os.environ, NO_MKDOCS_2_WARNING="1"), work)
    pagefind_s = pagefind_seconds(work / "site", work)
    search = search_figures(work / "site")
    browser = browser_figures(work / "site")
    light = lighthouse(work / "site", ["", "platforms/", "platforms/synthetic-zone-00004/", "maps/"]) if args.lighthouse else {}

    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    rows = [
        ("records", f"{sum(counts.values()):,} ({counts['platforms']:,} platforms, {counts['ports']} ports, "
                    f"{counts['cooperation']} cooperation, {counts['regions']} regions)", ""),
        ("pages (both languages)", f"{figures['pages']:,}", ""),
        ("generator (validate + pages + maps + downloads)", f"{gen:.2f} s", f"≤ {TARGETS['generator_s']} s: "
                                                                             f"{mark(gen <= TARGETS['generator_s'])}"),
        ("generator in one process (ATLAS_JOBS=1)", f"{gen_one:.2f} s", ""),
        ("full build (mkdocs build, generator included)", f"{full_s:.1f} s ({full_cpu:.1f} s CPU)", ""),
        ("full build without the per-record files", f"{no_rec_s:.1f} s ({no_rec_cpu:.1f} s CPU)",
         f"per-record files add {100 * (full_cpu - no_rec_cpu) / no_rec_cpu:.0f} % CPU "
         f"({100 * (full_s - no_rec_s) / no_rec_s:.0f} % wall): ≤ 20 %: {mark(full_cpu - no_rec_cpu <= 0.2 * no_rec_cpu)}"),
        ("bare mkdocs-material build, same page count", f"{bare_s:.1f} s", ""),
        ("ratio full / bare", f"{full_s / bare_s:.2f}", f"≤ {TARGETS['ratio']}: {mark(full_s / bare_s <= TARGETS['ratio'])}"),
        ("peak memory full / bare", f"{full_mb:,} MB / {bare_mb:,} MB", ""),
        ("site size", f"{figures['site_mb']:.1f} MB in {figures['files']:,} files", ""),
        ("largest record page (HTML)", f"{figures['largest_kb']:.1f} KB ({figures['largest_page']})",
         f"≤ {TARGETS['page_kb']} KB: {mark(figures['largest_kb'] <= TARGETS['page_kb'])}"),
        ("search index (Pagefind, compressed pieces)", f"{figures['index_mb']:.2f} MB in {figures['index_files']:,} files", ""),
        ("search indexing (Pagefind, inside the full build)", f"{pagefind_s:.1f} s", ""),
    ]
    for lang, fig in search.items():
        rows += [
            (f"search {lang}: fetched for a first query ({fig['query']})",
             f"{fig['kb']:.0f} KB (before the reader reaches for it: {fig['before']} requests)",
             f"≤ {TARGETS['first_query_kb']} KB: {mark(fig['kb'] <= TARGETS['first_query_kb'])}"),
            (f"search {lang}: first result shown after the query, typed at once (cold)",
             f"{fig['ms']:.0f} ms ({'its page first' if fig['right'] else 'NOT its page first'})",
             f"≤ {TARGETS['first_result_ms']} ms: {mark(fig['ms'] <= TARGETS['first_result_ms'])}"),
            (f"search {lang}: first result shown after the query, search loaded on focus",
             f"{fig['settled_ms']:.0f} ms",
             f"≤ {TARGETS['first_result_ms']} ms: {mark(fig['settled_ms'] <= TARGETS['first_result_ms'])}"),
        ]
    rows += [
        ("home page with overview map, transferred", f"{browser['home_kb']:.0f} KB ({browser['home_gz_kb']:.0f} KB gzip)", ""),
        ("home: time to first marker (cold)", f"{browser['first_marker_ms']:.0f} ms", f"goal < 500 ms: "
                                                                                         f"{mark(browser['first_marker_ms'] < 500)}"),
        ("record page with locator map, transferred", f"{browser['record_kb']:.0f} KB ({browser['record_gz_kb']:.0f} KB gzip)", ""),
        ("record page: time to first marker (cold)", f"{browser['record_marker_ms']:.0f} ms", ""),
    ]
    for path, score in light.items():
        rows.append((f"Lighthouse mobile performance {path}", "n/a" if score is None else f"{score:.2f}",
                     "" if score is None else f"≥ {TARGETS['lighthouse']}: {mark(score >= TARGETS['lighthouse'])}"))
    width = max(len(r[0]) for r in rows)
    print(f"\nNational-scale benchmark ({os.cpu_count()} cores; work folder {work})\n")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:<42} {target}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
