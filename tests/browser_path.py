"""Which Chromium the browser tests and the benchmarks drive: the one place that decides.

Input: the environment and the machine. Output: the path of a Chromium that
Playwright can launch, or None. The order:

1. ``ATLAS_CHROMIUM`` (taken as given);
2. Debian's ``/usr/bin/chromium`` (not Ubuntu's snap wrapper, which does not run in containers);
3. an installed Google Chrome (GitHub's runners have one);
4. the Chromium that Playwright downloaded (``playwright install chromium``).

    python -m tests.browser_path                  # print the path, or exit 1 saying what to install
    python -m tests.browser_path --needed ARGS    # exit 0 when pytest ARGS include browser tests

scripts/test runs both before the tests and exports the path as ATLAS_CHROMIUM.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BROWSER_TESTS = REPO / "tests" / "browser"
ENV = "ATLAS_CHROMIUM"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROME_NAMES = ("google-chrome", "google-chrome-stable", "chrome")
CHROME_PATHS = ("/opt/google/chrome/chrome",)
# How every caller launches it: headless, and quiet on the network (nothing but loopback).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def is_snap_wrapper(path: str) -> bool:
    """True for Ubuntu's transitional chromium: a small script that hands over to the snap."""
    try:
        with open(path, "rb") as f:
            head = f.read(65536)
    except OSError:
        return False
    return head.startswith(b"#!") and b"snap" in head


def playwright_chromium() -> str | None:
    """The Chromium that ``playwright install chromium`` put in Playwright's cache, if it is there."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # no driver, or it cannot start: there is no Playwright browser to use
        return None
    return path if path and os.path.isfile(path) else None


def find_browser(environ: dict | os._Environ = os.environ) -> str | None:
    """The Chromium to drive, in the order above; None when there is none."""
    if environ.get(ENV):
        return environ[ENV]
    if os.path.isfile(DEBIAN_CHROMIUM) and not is_snap_wrapper(DEBIAN_CHROMIUM):
        return DEBIAN_CHROMIUM
    for name in CHROME_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for path in CHROME_PATHS:
        if os.path.isfile(path):
            return path
    return playwright_chromium()


def install_hint() -> str:
    """What to do when no browser was found, for the machine at hand."""
    return ("No Chromium for the browser tests. Any one of these works:\n"
            "  Debian:          sudo apt-get install -y chromium fonts-noto-cjk\n"
            "  any Linux/macOS: .venv/bin/python -m playwright install --with-deps chromium   (needs the internet)\n"
            f"  a Chromium or Chrome you have: export {ENV}=/path/to/chrome\n"
            "On Ubuntu, apt's chromium is only a wrapper around the snap (it does not run in containers): "
            "use Playwright's download or Google Chrome.\n"
            "Only the browser tests need it: scripts/test tests/unit runs without one.")


def browser_tests_selected(args: list[str]) -> bool:
    """Whether pytest ``args`` would collect tests under tests/browser (no paths: every test, so yes)."""
    paths = []
    for arg in args:
        if arg.startswith("-"):
            continue
        candidate = Path(arg.split("::", 1)[0])
        if candidate.exists():  # an option's value (-k expr, -p name) is not a path
            paths.append(candidate.resolve())
    if not paths:
        return True
    browser = BROWSER_TESTS.resolve()
    return any(p == browser or browser in p.parents or p in browser.parents for p in paths)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--needed"]:
        return 0 if browser_tests_selected(argv[1:]) else 1
    found = find_browser()
    if found is None:
        print(install_hint(), file=sys.stderr)
        return 1
    print(found)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
