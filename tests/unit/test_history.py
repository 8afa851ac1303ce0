"""History per record: each commit that changed a record, with the fields it changed, on its page.

Tested on a temporary git repository: the mini atlas committed once, then one record changed in two
more commits.
"""
from __future__ import annotations

import shutil

import pytest

from generator.history import FieldChange, History, field_changes
from generator.pages import render_pages
from generator.records import build_atlas
from generator.validate import validate_data
from generator.views import ReaderViews
from tests.conftest import MINI_ATLAS
from tests.unit.test_exports import git

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_field_changes_name_the_fields_with_short_old_and_new_values():
    before = {"id": "x", "status": "applying", "name": {"zh": "甲", "en": "A"}, "note": "n",
              "sources": [{"quote": "q" * 100}]}
    after = {"id": "x", "status": "approved", "name": {"zh": "甲", "en": "A zone"}, "level": "national",
             "sources": [{"quote": "r" * 100}]}
    assert field_changes(before, after) == (
        FieldChange("status", "applying", "approved", True),
        FieldChange("name.en", "A", "A zone", True),
        FieldChange("level", None, "national", True),
        FieldChange("sources", None, None, False),  # too long to show: named only
        FieldChange("note", "n", None, True),
    )


@pytest.fixture
def two_changes(tmp_path, monkeypatch):
    """The mini atlas in a git repository; the rail port moved in one commit, its status changed in another."""
    monkeypatch.delenv("ATLAS_GIT_HISTORY", raising=False)
    repo = tmp_path / "repo"
    data = repo / "data"
    shutil.copytree(MINI_ATLAS, data)
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", ".", cwd=repo)
    git("commit", "-q", "-m", "first", cwd=repo, date="2026-01-02T03:04:05+00:00")
    ports = data / "ports.yaml"
    ports.write_text(ports.read_text(encoding="utf-8").replace("lat: 49.59", "lat: 49.6"), encoding="utf-8")
    git("commit", "-q", "-am", "move the port", cwd=repo, date="2026-03-04T10:00:00+00:00")
    moved = git("rev-parse", "HEAD", cwd=repo).strip()
    ports.write_text(ports.read_text(encoding="utf-8").replace("    status: approved\n", "    status: applying\n", 1),
                     encoding="utf-8")
    git("commit", "-q", "-am", "status", cwd=repo, date="2026-05-06T10:00:00+00:00")
    status = git("rev-parse", "HEAD", cwd=repo).strip()
    loaded, problems = validate_data(data)
    assert problems == []
    return build_atlas(loaded), moved, status


@needs_git
def test_a_record_changed_in_two_commits_lists_both_with_their_fields(two_changes):
    atlas, moved, status = two_changes
    history = History(atlas)
    edits = history.record_edits("manzhouli-rail-port")
    assert [(e.commit, e.action) for e in edits] == [(status, "changed"), (moved, "changed"),
                                                      (edits[2].commit, "added")]
    assert edits[0].fields == (FieldChange("status", "approved", "applying", True),)
    assert edits[1].fields == (FieldChange("location.lat", "49.59", "49.6", True),)
    assert history.record_edits("hohhot-etdz")[0].action == "added"

    pages = render_pages(atlas, views=ReaderViews(atlas, history))
    zh = pages["zh/ports/manzhouli-rail-port/index.md"]
    section = zh[zh.index("## 修订记录"):zh.index("\n---\n", zh.index("## 修订记录"))]
    rows = [line for line in section.split("\n") if line.startswith("| 2026")]
    assert len(rows) == 3
    assert rows[0].startswith("| 2026年5月6日 | [`" + status[:7] + "`](") and f"/commit/{status})" in rows[0]
    assert "<code>status</code>：approved → applying" in rows[0]
    assert rows[1].startswith("| 2026年3月4日 | [`" + moved[:7] + "`](")
    assert "<code>location\\.lat</code>：49\\.59 → 49\\.6" in rows[1]
    assert "新增本条记录" in rows[2]
    en = pages["en/ports/manzhouli-rail-port/index.md"]
    assert "## History" in en and "<code>status</code>: approved → applying" in en and "record added" in en


def test_without_git_the_page_says_so(mini_atlas):
    pages = render_pages(mini_atlas)
    assert "本次构建未读取 git 历史" in pages["zh/platforms/hohhot-etdz/index.md"]
    assert "This build did not read the git history" in pages["en/platforms/hohhot-etdz/index.md"]
