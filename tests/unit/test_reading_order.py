"""Order and noise: what concerns Inner Mongolia first, each value once, the first import said once."""
from __future__ import annotations

import re

from generator.counts import Counts
from generator.history import Commit, Edit
from generator.pages import render_pages
from generator.views import ReaderViews


def test_regions_list_leagues_first_and_elsewhere_under_its_own_heading(mini_atlas):
    groups = Counts(mini_atlas).groups("regions")
    assert [g for g, _ in groups] == ["inside", "elsewhere"]
    inside = [r.id for r in groups[0][1]]
    leagues = [r.id for r in mini_atlas.region_children["inner-mongolia"]]
    assert inside[:len(leagues)] == leagues and "inner-mongolia" in inside[len(leagues):]
    assert {r.id for r in groups[1][1]} == {"china", "russia"}
    page = render_pages(mini_atlas)["zh/regions/index.md"]
    assert page.index("### 内蒙古") < page.index("### 区外地区")


def test_cooperation_without_an_inner_mongolia_party_comes_after_under_its_own_heading(mini_atlas):
    groups = Counts(mini_atlas).groups("cooperation")
    assert [(g, [r.id for r in rows]) for g, rows in groups] == [("elsewhere", ["china-russia-trade"])]
    page = render_pages(mini_atlas)["en/cooperation/index.md"]
    assert "### Other cooperation (no Inner Mongolia party) (1)" in page


def test_region_and_league_columns_do_not_repeat_a_value(mini_atlas):
    page = render_pages(mini_atlas)["zh/platforms/index.md"]
    row = next(line for line in page.splitlines() if "hohhot-etdz" in line and "data-v" in line)
    assert len(re.findall(r"regions/hohhot/index\.md", row)) == 1  # only in the league column


def test_key_task_numbers_read_in_the_singular(mini_atlas):
    pages = render_pages(mini_atlas)
    text = pages["en/departments/index.md"] + "".join(v for k, v in pages.items() if k.startswith("en/organisations/"))
    assert "Key tasks 1" not in text and re.search(r"Key task \d", text)


def test_home_leaves_out_the_first_import(mini_atlas, monkeypatch):
    def commit(sha, stamp, action, n):
        return Commit(stamp, sha, tuple(Edit(stamp, sha, "platforms", f"r{i}", action) for i in range(n)))
    first = commit("a" * 40, "2026-11-22T04:37:45Z", "added", 290)
    later = [commit("b" * 40, "2026-12-01T08:00:00Z", "changed", 2), commit("c" * 40, "2026-12-02T08:00:00Z", "added", 1)]
    views = ReaderViews(mini_atlas)
    monkeypatch.setattr(views.history, "commits", lambda: sorted([first, *later], key=lambda c: c.timestamp, reverse=True))
    assert views.first_publication == first
    assert [c.sha[0] for c in views.recent_commits(8)] == ["c", "b"]
