"""Shared fixtures: built sites (real data and the mini fixture atlas), a loopback server, and a browser.

Browser tests fail on any console error and on any request that leaves
127.0.0.1; such requests are aborted, so tiles never load in tests (the map
must still show its markers and its tile-failure notice).
"""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser_path import CHROMIUM_ARGS, find_browser, install_hint

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MINI_ATLAS = REPO / "tests" / "fixtures" / "mini_atlas"
# Base-map tile servers: requests to them are aborted in tests but are not failures.
TILE_HOSTS = ("tianditu.gov.cn", "autonavi.com", "tile.openstreetmap.org")
# Pinned so two builds of the same data are byte-identical (sitemap dates).
SOURCE_DATE_EPOCH = "1763769600"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden from the current output")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def build_site(data_dir: Path, work: Path, env_extra: dict | None = None) -> Path:
    """Run the real publisher (mkdocs build --strict) on ``data_dir``; return the site folder."""
    docs, site = work / "docs", work / "site"
    docs.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, ATLAS_DATA=str(data_dir), ATLAS_DOCS_DIR=str(docs),
               SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, NO_MKDOCS_2_WARNING="1", **(env_extra or {}))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed for {data_dir}:\n{result.stdout}\n{result.stderr}")
    (work / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The site built from data/ (the real atlas)."""
    return build_site(REPO / "data", tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The site built from the mini fixture atlas (hostile strings included)."""
    return build_site(MINI_ATLAS, tmp_path_factory.mktemp("mini"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


def serve(directory: Path):
    """Serve ``directory`` on a free loopback port; return (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def real_url(real_site):
    url, server = serve(real_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def mini_url(mini_site):
    url, server = serve(mini_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Chromium driven by Playwright (tests/browser_path.py picks which); a missing one fails with what to do."""
    chromium = find_browser()
    if chromium is None or not Path(chromium).exists():
        pytest.fail((f"{chromium} not found.\n" if chromium else "") + install_hint())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class PageWatch:
    """What a page did: console errors and requests that tried to leave loopback."""

    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.external_requests, f"requests left 127.0.0.1: {self.external_requests}"


def _watch(context, watch: PageWatch, allow_external: tuple[str, ...] = ()) -> None:
    def route(route_obj) -> None:
        host = urlparse(route_obj.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost") or route_obj.request.url.startswith(("data:", "blob:")):
            route_obj.continue_()
            return
        if not any(host.endswith(a) for a in allow_external):
            watch.external_requests.append(route_obj.request.url)
        route_obj.abort()

    context.route("**/*", route)


@pytest.fixture
def page_watch():
    return PageWatch()


@pytest.fixture
def page(browser, page_watch):
    """A fresh phone-or-desktop-agnostic page that records console errors and external requests.

    Requests to tile servers are aborted (so maps show their tile-failure notice)
    and do not count as failures; any other request off loopback does.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    _watch(context, page_watch, allow_external=TILE_HOSTS)
    pg = context.new_page()

    def on_console(msg) -> None:
        if msg.type != "error":
            return
        # A tile we aborted on purpose logs "Failed to load resource" with the tile's URL; that is
        # expected. The same message for any of our own files is a real failure.
        host = urlparse((msg.location or {}).get("url", "")).hostname or ""
        if "Failed to load resource" in msg.text and any(host.endswith(t) for t in TILE_HOSTS):
            return
        page_watch.console_errors.append(f"{msg.text} ({(msg.location or {}).get('url', '')})")

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: page_watch.console_errors.append(f"page error: {exc}"))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def seeds_dir() -> Path | None:
    """The seed texts beside the checkout (../shared/seeds), when they are there."""
    d = REPO.parent / "shared" / "seeds"
    return d if d.is_dir() else None


def pytest_collection_modifyitems(config, items):
    # Keep the slow browser tests last so fast failures show first.
    items.sort(key=lambda item: 1 if "browser" in item.keywords else 0)


