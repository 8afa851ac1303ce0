"""A list of responsible bodies that the document leaves open with 等 is shown as open, never as complete."""
from __future__ import annotations

import shutil
from pathlib import Path

import generator.pages as pages
from generator.records import build_atlas
from generator.validate import validate_data

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini_atlas"


def task_rows(data: Path, monkeypatch) -> dict[str, str]:
    """The task table row of task 1 on the document page, per language."""
    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")
    loaded, problems = validate_data(data)
    assert problems == []
    rendered = pages.render_pages(build_atlas(loaded))
    rows = {}
    for lang in ("zh", "en"):
        page = rendered[f"{lang}/documents/neizhengbanfa-2024-5/index.md"]
        rows[lang] = next(line for line in page.splitlines() if line.startswith("| 1 |"))
    return rows


def test_closed_list_has_no_ending(monkeypatch):
    rows = task_rows(MINI, monkeypatch)
    assert not rows["zh"].rstrip(" |").endswith("等")
    assert "and others" not in rows["en"]


def test_open_list_ends_with_deng(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    path = data / "documents.yaml"
    text = path.read_text(encoding="utf-8")
    old = "        departments: [nmg-drc, nmg-samr]\n"
    assert old in text
    path.write_text(text.replace(old, old + "        departments_open: true\n", 1), encoding="utf-8")
    rows = task_rows(data, monkeypatch)
    assert rows["zh"].rstrip(" |").endswith("等")
    assert rows["en"].rstrip(" |").endswith("and others")
