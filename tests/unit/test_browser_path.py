"""Which browser the browser tests drive (tests/browser_path.py), and when scripts/test needs one."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import tests.browser_path as bp

REPO = Path(__file__).resolve().parents[2]
UBUNTU_WRAPPER = b"#!/bin/sh\n# transitional package\nexec /snap/bin/chromium \"$@\"\n"
DEBIAN_LAUNCHER = b"#!/bin/sh\n# Chromium launcher\nexec /usr/lib/chromium/chromium \"$@\"\n"


def _exe(path: Path, body: bytes) -> str:
    path.write_bytes(body)
    path.chmod(0o755)
    return str(path)


def test_order_env_then_debian_then_chrome_then_playwright(tmp_path, monkeypatch):
    debian = _exe(tmp_path / "chromium", DEBIAN_LAUNCHER)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    chrome = _exe(bindir / "google-chrome", b"#!/bin/sh\n")
    monkeypatch.setattr(bp, "DEBIAN_CHROMIUM", debian)
    monkeypatch.setattr(bp, "CHROME_PATHS", ())
    monkeypatch.setattr(bp, "playwright_chromium", lambda: "/cache/ms-playwright/chrome")
    monkeypatch.setenv("PATH", str(bindir))
    assert bp.find_browser({"ATLAS_CHROMIUM": "/opt/mine/chrome"}) == "/opt/mine/chrome"
    assert bp.find_browser({}) == debian
    os.unlink(debian)
    assert bp.find_browser({}) == chrome
    os.unlink(chrome)
    assert bp.find_browser({}) == "/cache/ms-playwright/chrome"


def test_ubuntu_snap_wrapper_is_passed_over(tmp_path, monkeypatch):
    wrapper = _exe(tmp_path / "chromium", UBUNTU_WRAPPER)
    assert bp.is_snap_wrapper(wrapper) and not bp.is_snap_wrapper(_exe(tmp_path / "debian", DEBIAN_LAUNCHER))
    monkeypatch.setattr(bp, "DEBIAN_CHROMIUM", wrapper)
    monkeypatch.setattr(bp, "CHROME_NAMES", ())
    monkeypatch.setattr(bp, "CHROME_PATHS", ())
    monkeypatch.setattr(bp, "playwright_chromium", lambda: None)
    assert bp.find_browser({}) is None
    hint = bp.install_hint()
    assert "playwright install --with-deps chromium" in hint and "ATLAS_CHROMIUM" in hint and "snap" in hint


def test_only_a_selection_with_browser_tests_needs_a_browser(monkeypatch):
    monkeypatch.chdir(REPO)
    assert not bp.browser_tests_selected(["tests/unit"])
    assert not bp.browser_tests_selected(["tests/unit/test_workflows.py::test_actions_are_pinned_to_a_major_version",
                                          "-k", "pinned", "-p", "no:cacheprovider"])
    assert bp.browser_tests_selected([])
    assert bp.browser_tests_selected(["-x", "-q"])
    assert bp.browser_tests_selected(["tests"])
    assert bp.browser_tests_selected(["tests/browser/test_maps.py::test_anything"])


def test_command_line_says_whether_the_browser_is_needed():
    def needed(*args: str) -> int:
        return subprocess.run([sys.executable, "-m", "tests.browser_path", "--needed", *args], cwd=REPO,
                              timeout=60).returncode
    assert needed("tests/unit") == 1
    assert needed("tests/browser") == 0


def test_scripts_test_prints_a_failed_install_step_in_full():
    script = (REPO / "scripts" / "test").read_text(encoding="utf-8")
    assert "-qq" not in script and ">/dev/null\n" not in script
    # Under pipefail, `cmd | grep -q` fails when grep stops reading early: fonts were reinstalled every run.
    assert "| grep -q" not in script
    for step in ("apt_install chromium", "playwright install", "npm ci", "apt_install fonts-noto-cjk"):
        line = next(ln for ln in script.splitlines() if step in ln)
        assert "run_logged" in line or line.strip().startswith("apt_install"), line
