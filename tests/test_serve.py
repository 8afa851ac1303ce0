"""The local preview (scripts/serve) as an editor uses it: save a record, see it; break the data, see why.

One server on a copy of the mini atlas serves every test here. Waits are generous
(the machine may be loaded): these tests check behaviour, benchmarks/serve.py
measures the time.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINI_ATLAS = REPO / "tests" / "fixtures" / "mini_atlas"
SUMMARY = "内蒙古三个国家级经开区之一。"
PAGE = "platforms/hohhot-etdz/"
WAIT_S = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return 0, ""


def _wait_for(url: str, predicate, what: str, log: Path) -> str:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        status, text = _get(url)
        if predicate(status, text):
            return text
        time.sleep(0.3)
    pytest.fail(f"{url}: {what} did not happen within {WAIT_S} s; server log:\n"
                + log.read_text(encoding="utf-8", errors="replace")[-4000:])


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """scripts/serve on a copy of the mini atlas: (base URL, data folder, log file)."""
    work = tmp_path_factory.mktemp("serve")
    data = work / "data"
    shutil.copytree(MINI_ATLAS, data)
    (work / "docs").mkdir()
    port = _free_port()
    log = work / "serve.log"
    env = dict(os.environ, ATLAS_DATA=str(data), ATLAS_DOCS_DIR=str(work / "docs"),
               ATLAS_SERVE_ADDR=f"127.0.0.1:{port}", ATLAS_GIT_HISTORY="0")
    with open(log, "wb") as out:
        server = subprocess.Popen([str(REPO / "scripts" / "serve")], cwd=REPO, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base + PAGE, lambda status, text: status == 200 and SUMMARY in text, "the first build", log)
        yield base, data, log
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def test_saved_edit_appears_then_what_depends_on_it(preview):
    base, data, log = preview
    platforms = data / "platforms.yaml"
    original = platforms.read_text(encoding="utf-8")
    builds_before = log.read_text(encoding="utf-8").count("Building documentation")
    platforms.write_text(original.replace(SUMMARY, SUMMARY + "预览编辑。"), encoding="utf-8")
    try:
        _wait_for(base + PAGE, lambda status, text: "预览编辑。" in text, "the edit showing", log)
        # Then the files that list the record (here the platforms download) in one more build.
        _wait_for(base + "downloads/platforms.csv", lambda status, text: "预览编辑。" in text,
                  "the download following", log)
        time.sleep(5)  # a build of the generator's own output (a watched output folder) would start by now
        assert log.read_text(encoding="utf-8").count("Building documentation") <= builds_before + 2
        assert "publishing the edited record first" in log.read_text(encoding="utf-8")
    finally:
        platforms.write_text(original, encoding="utf-8")
    _wait_for(base + PAGE, lambda status, text: "预览编辑。" not in text and SUMMARY in text, "the undo showing", log)


def test_broken_data_shows_the_problems_then_recovers(preview):
    base, data, log = preview
    platforms = data / "platforms.yaml"
    original = platforms.read_text(encoding="utf-8")
    broken = original.replace("status: approved", "status: approvd", 1)
    assert broken != original
    line = broken[:broken.index("status: approvd")].count("\n") + 1
    platforms.write_text(broken, encoding="utf-8")
    try:
        page = _wait_for(base + PAGE, lambda status, text: "atlas-problems" in text, "the problem page", log)
        assert "platforms.yaml" in page and f"<td>{line}</td>" in page and "approvd" in page
        assert "<br>" in page.split("<tbody>", 1)[1]  # the message in Chinese, then in English
        # Every page says so, not only the one that was open.
        assert "atlas-problems" in _get(base)[1]
        assert "/livereload/" in page  # it reloads by itself once the data is fixed
    finally:
        platforms.write_text(original, encoding="utf-8")
    _wait_for(base + PAGE, lambda status, text: status == 200 and SUMMARY in text and "atlas-problems" not in text,
              "the recovery", log)


def test_language_links_work_on_loopback(preview):
    base, _, _ = preview
    status, home = _get(base)
    assert status == 200
    assert 'href="/en/"' in home
    status, english = _get(base + "en/")
    assert status == 200 and 'lang="en"' in english
