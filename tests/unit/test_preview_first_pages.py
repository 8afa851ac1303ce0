"""The preview publishes an edited record's own pages first: which pages those are, and that they match a full build."""
from __future__ import annotations

import shutil

from generator.build import changed_record_pages, render_site_files, render_some_pages
from generator.records import build_atlas
from generator.validate import validate_data
from tests.conftest import MINI_ATLAS

SUMMARY = "内蒙古三个国家级经开区之一。"


def _atlas(folder):
    loaded, problems = validate_data(folder)
    assert problems == []
    return build_atlas(loaded)


def _copy(tmp_path, name="data"):
    folder = tmp_path / name
    shutil.copytree(MINI_ATLAS, folder)
    return folder


def test_an_edited_record_gives_its_pages_in_both_languages(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")
    folder = _copy(tmp_path)
    before = _atlas(folder)
    platforms = folder / "platforms.yaml"
    platforms.write_text(platforms.read_text(encoding="utf-8").replace(SUMMARY, SUMMARY + "又一句。"), encoding="utf-8")
    after = _atlas(folder)
    paths = changed_record_pages(before, after)
    assert paths == ["zh/platforms/hohhot-etdz/index.md", "en/platforms/hohhot-etdz/index.md"]
    assert changed_record_pages(after, after) == []
    # The first pages are byte for byte what the full build then writes.
    first = render_some_pages(after, paths)
    assert set(first) == set(paths)
    full = render_site_files(after)
    assert all(first[p] == full[p] for p in paths)
    assert "又一句。" in first["zh/platforms/hohhot-etdz/index.md"].decode("utf-8")


def test_a_removed_record_or_new_settings_need_a_full_build(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")
    folder = _copy(tmp_path)
    before = _atlas(folder)
    meta = folder / "atlas.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("basemap: tianditu", "basemap: amap"), encoding="utf-8")
    if text != meta.read_text(encoding="utf-8"):
        assert changed_record_pages(before, _atlas(folder)) is None
    meta.write_text(text, encoding="utf-8")
    fewer = _atlas(_copy(tmp_path, "fewer"))
    fewer_families = dict(fewer.families)
    fewer_families["platforms"] = fewer_families["platforms"][1:]
    assert changed_record_pages(before, type(fewer)(**{**fewer.__dict__, "families": fewer_families})) is None
