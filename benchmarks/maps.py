"""Measure what the maps cost a reader: page weight with a locator map, the overview map, time to first marker.

Input: nothing (it builds the mini fixture atlas with the real publisher, and a
synthetic 3,000-platform atlas with ``benchmarks/synth.py`` when that script is
there). Output: a table on stdout. Nothing in the repository is written; work
files go to a temporary folder.

    .venv/bin/python benchmarks/maps.py            # 5 runs per figure, medians
    .venv/bin/python benchmarks/maps.py --runs 9

Every page is loaded cold (a fresh browser context) in headless Chromium from a
loopback server; requests that leave 127.0.0.1 (base-map tiles) are aborted, as
in the browser tests. "Bytes" are response bodies (decoded); "gzip" is the same
bodies gzipped, as GitHub Pages serves them (and as ``serve`` does, see ``_Quiet``).
"First marker" is the time from the top page's navigation start to the first
Leaflet marker or cluster icon in the DOM, the map's iframe included.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser_path import CHROMIUM_ARGS, find_browser  # noqa: E402 (the repository is on the path now)

CHROMIUM = find_browser() or "/usr/bin/chromium"
MINI = REPO / "tests" / "fixtures" / "mini_atlas"

# Runs in every frame: note when the first marker (or cluster) icon enters the DOM, on the top
# page's clock.
FIRST_MARKER_SCRIPT = """
(() => {
  const topOrigin = (() => {
    try { return window.top.performance.timeOrigin; } catch (e) { return performance.timeOrigin; }
  })();
  const seen = () => {
    if (document.querySelector('.leaflet-marker-icon')) {
      const at = performance.timeOrigin + performance.now() - topOrigin;
      try { if (window.top.__firstMarker === undefined) window.top.__firstMarker = at; } catch (e) {}
      return true;
    }
    return false;
  };
  new MutationObserver((_, obs) => { if (seen()) obs.disconnect(); })
    .observe(document, { childList: true, subtree: true });
})();
"""


# Types GitHub Pages (and most CDNs) send gzip-compressed when the browser accepts it.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "application/geo+json", "image/svg+xml", "application/atom+xml")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static file handler that compresses text the way GitHub Pages does.

    GitHub Pages sends HTML, CSS, JavaScript, JSON, XML and SVG gzip-compressed to any browser
    whose request says ``Accept-Encoding: gzip``. Python's own server never compresses, so
    Lighthouse (which simulates a slow mobile connection from the bytes transferred) would charge
    the pages for several times the bytes a reader actually downloads, the 2 MB search index
    above all, and the scores would not be those of the published atlas. Compressed bodies are
    kept per file (path, size and modification time), so a page loaded again costs no work.
    """

    _gzipped: dict[tuple[str, int, int], bytes] = {}
    _lock = threading.Lock()

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        # What GitHub Pages sends: caches may keep a file for ten minutes.
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the folder with a slash
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if not accepts or not ctype.startswith(COMPRESSIBLE) or not os.path.isfile(path):
            return super().send_head()
        stat = os.stat(path)
        key = (path, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            body = self._gzipped.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), 6, mtime=0)
            with self._lock:
                self._gzipped[key] = body
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``directory`` on a free loopback port, gzip-compressing text as GitHub Pages does."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def build_mini(work: Path) -> Path:
    """Publish the mini atlas with mkdocs --strict, as the tests do."""
    docs, site = work / "docs", work / "site"
    docs.mkdir(parents=True)
    env = dict(os.environ, ATLAS_DATA=str(MINI), ATLAS_DOCS_DIR=str(docs), NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH="1763769600")
    env.pop("TIANDITU_KEY", None)
    env.pop("ATLAS_BASEMAP", None)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=REPO, env=env,
                   check=True, capture_output=True)
    return site


def build_synthetic(work: Path, platforms: int) -> tuple[Path, int] | None:
    """Write the maps of a synthetic atlas as the site serves them (zh at /, en at /en/)."""
    synth = REPO / "benchmarks" / "synth.py"
    if not synth.is_file():
        return None
    sys.path.insert(0, str(synth.parent))
    import synth as synth_module  # noqa: E402  (a sibling script, imported only when present)

    from generator.maps import draw_maps
    from generator.records import build_atlas
    from generator.validate import validate_data

    data = work / "synthetic-data"
    synth_module.synthesise(data, platforms)
    loaded, problems = validate_data(data)
    if problems:
        print(f"synthetic atlas has {len(problems)} problems; skipped", file=sys.stderr)
        return None
    atlas = build_atlas(loaded)
    site = work / "synthetic-site"
    for rel, body in draw_maps(atlas, environ={}).items():
        lang, rest = rel.split("/", 1)
        target = site / rest if lang == "zh" else site / lang / rest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    shutil.copytree(REPO / "assets", site / "assets")
    return site, len(atlas.located())


def per_record_locator_bytes() -> int:
    """The size one locator document would have if every record had its own (the rejected design)."""
    import generator.maps as maps
    from generator.records import build_atlas
    from generator.validate import validate_data

    loaded, _ = validate_data(MINI)
    atlas = build_atlas(loaded)
    ctx = maps.MapContext(atlas, maps.load_labels(), "zh", maps.choose_basemap(atlas.meta, {}))
    full = maps.locator_table(ctx)
    one = dict(list(full.items())[:1])
    original = maps.locator_table
    maps.locator_table = lambda _ctx: one
    try:
        return len(maps.draw_locator(ctx))
    finally:
        maps.locator_table = original


def load(browser, url: str, wait_markers: bool = True) -> dict:
    """Open ``url`` in a fresh context; return bytes (all, and map frame only) and time to first marker."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    context.add_init_script(FIRST_MARKER_SCRIPT)
    page = context.new_page()
    bodies: list[tuple[bool, bytes]] = []
    direct_map = "/maps/" in url  # a map document opened on its own: all of it is map

    def on_response(response) -> None:
        if response.status != 200:
            return
        try:
            body = response.body()
        except Exception:  # aborted or redirected bodies
            return
        in_map = direct_map or response.frame != page.main_frame
        bodies.append((in_map, body))

    page.on("response", on_response)
    page.goto(url, wait_until="load")
    frame = page.locator("iframe.atlas-map-frame").first
    if frame.count():
        frame.scroll_into_view_if_needed()
    first = None
    if wait_markers:
        page.wait_for_function("window.__firstMarker !== undefined", timeout=20000)
        first = page.evaluate("window.__firstMarker")
    page.wait_for_load_state("networkidle")
    context.close()
    total = sum(len(b) for _, b in bodies)
    maps_only = sum(len(b) for m, b in bodies if m)
    total_gz = sum(len(gzip.compress(b, 6)) for _, b in bodies)
    maps_gz = sum(len(gzip.compress(b, 6)) for m, b in bodies if m)
    return {"total": total, "maps": maps_only, "total_gz": total_gz, "maps_gz": maps_gz, "first": first}


def second_page_map_bytes(browser, base: str, first: str, second: str) -> int:
    """Map bytes a second record page costs after a first one (same context, warm cache).

    No request routing here: Playwright turns the HTTP cache off when routes are set. The mini
    atlas is built without a Tianditu key, so its maps request no tiles.
    """
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + first, wait_until="networkidle")
    got: list[int] = []

    def on_response(response) -> None:
        # Bytes that crossed the network: a cache hit or a 304 transfers no body.
        if response.frame != page.main_frame:
            try:
                got.append(max(0, response.request.sizes()["responseBodySize"]))
            except Exception:
                pass

    page.on("response", on_response)
    page.goto(base + second, wait_until="networkidle")
    context.close()
    return sum(got)


def kb(n: float) -> str:
    return f"{n / 1024:7.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=3000, help="platforms in the synthetic atlas (0: skip)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = build_mini(work / "mini")
        base, server = serve(site)
        synthetic = build_synthetic(work, args.synthetic) if args.synthetic else None
        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def measure(label: str, url: str, wait: bool = True) -> None:
                runs = [load(browser, url, wait) for _ in range(args.runs)]
                first = [r["first"] for r in runs if r["first"] is not None]
                rows.append((label, runs[0]["total"], runs[0]["total_gz"], runs[0]["maps"], runs[0]["maps_gz"],
                             statistics.median(first) if first else None))

            measure("record page, cold (platforms/hohhot-etdz/)", base + "platforms/hohhot-etdz/")
            measure("record page without map (documents/…)", base + "documents/neizhengbanfa-2024-5/", wait=False)
            measure("home page with overview map", base)
            measure("overview map document (maps/overview.html)", base + "maps/overview.html")
            if synthetic:
                syn_site, located = synthetic
                syn_base, syn_server = serve(syn_site)
                measure(f"synthetic overview, {located} markers", syn_base + "maps/overview.html")
                measure(f"synthetic locator, {located}-entry table",
                        syn_base + "maps/locator.html#synthetic-zone-00001")
            warm = second_page_map_bytes(browser, base, "platforms/hohhot-etdz/", "ports/manzhouli-rail-port/")
            browser.close()
        server.shutdown()
        if synthetic:
            syn_server.shutdown()

        print(f"Maps benchmark: median of {args.runs} cold loads; headless Chromium, loopback, tiles blocked.\n")
        print(f"{'what':<48} {'all bytes':>11} {'gzip':>11} {'map part':>11} {'map gzip':>11} {'1st marker':>11}")
        for label, total, total_gz, maps_bytes, maps_gz, first in rows:
            shown = f"{first:8.0f} ms" if first is not None else "         -"
            print(f"{label:<48} {kb(total):>11} {kb(total_gz):>11} {kb(maps_bytes):>11} {kb(maps_gz):>11} {shown:>11}")
        print(f"\nA second record page's locator, warm cache: {warm} bytes of map files transferred "
              "(the shared locator document and the libraries come from the cache or a 304).")
        print(f"A per-record locator document (the rejected design) would be {per_record_locator_bytes()} bytes "
              "per record and language, downloaded by every record page.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
