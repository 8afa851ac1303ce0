"""A "not later than" date reads as one everywhere: record page, list, timeline, home, CSV."""
from __future__ import annotations

import csv
import io
import shutil

import yaml

from generator.exports import write_exports
from generator.pages import render_pages
from generator.records import build_atlas
from generator.validate import validate_data
from generator.views import ReaderViews
from tests.conftest import MINI_ATLAS


def nlt_atlas(tmp_path, monkeypatch):
    """The mini atlas with the Hohhot zone's approval known only as "not later than 22 January 2024"."""
    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")
    data = tmp_path / "data"
    shutil.copytree(MINI_ATLAS, data)
    doc = yaml.safe_load((data / "platforms.yaml").read_text(encoding="utf-8"))
    zone = next(p for p in doc["platforms"] if p["id"] == "hohhot-etdz")
    zone["approved"]["not_later_than"] = "2024-01-22"
    del zone["approved"]["date"]
    (data / "platforms.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    loaded, problems = validate_data(data)
    assert problems == []
    return build_atlas(loaded)


def test_not_later_than_reads_as_one_everywhere(tmp_path, monkeypatch):
    atlas = nlt_atlas(tmp_path, monkeypatch)
    pages = render_pages(atlas)
    assert "不晚于2024年1月22日" in pages["zh/platforms/hohhot-etdz/index.md"]
    assert "by 22 January 2024" in pages["en/platforms/hohhot-etdz/index.md"]
    # The list's year column: never a bare 2024, sorted by the full date.
    zh_list = pages["zh/platforms/index.md"]
    row = next(line for line in zh_list.splitlines() if "hohhot-etdz" in line and "data-s" in line)
    assert '<span data-s="2024-01-22">不晚于2024年</span>' in row
    assert "| 2024 |" not in row
    assert "by 2024" in next(line for line in pages["en/platforms/index.md"].splitlines()
                             if "hohhot-etdz" in line and "data-s" in line)
    # The timeline lists it, with the bound in words.
    assert "不晚于2024年1月22日" in pages["zh/timeline/index.md"]
    assert "by 22 January 2024" in pages["en/timeline/index.md"]


def test_not_later_than_has_its_own_csv_columns(tmp_path, monkeypatch):
    atlas = nlt_atlas(tmp_path, monkeypatch)
    files = write_exports(atlas, ReaderViews(atlas))
    rows = list(csv.DictReader(io.StringIO(files["downloads/platforms.csv"].decode("utf-8-sig"))))
    zone = next(r for r in rows if r["id"] == "hohhot-etdz")
    assert zone["approved_date"] == "" and zone["approved_not_later_than"] == "2024-01-22"
    events = list(csv.DictReader(io.StringIO(files["downloads/timeline.csv"].decode("utf-8-sig"))))
    approval = next(e for e in events if e["record"] == "hohhot-etdz" and e["event"] == "approved")
    assert approval["date"] == "2024-01-22" and approval["date_is_not_later_than"] == "true"
