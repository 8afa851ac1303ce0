"""Golden test: the mini fixture atlas renders to exactly the files in tests/golden/mini_atlas.

Goldens change only through ``pytest --update-golden`` and are reviewed like code.
Static assets (copied from assets/ unchanged) are left out: they are not output of ours.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import render_site_files
from generator.records import build_atlas
from generator.validate import validate_data

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini_atlas"
GOLDEN = HERE / "golden" / "mini_atlas"


def generated_files() -> dict[str, bytes]:
    loaded, problems = validate_data(MINI)
    assert problems == []
    files = render_site_files(build_atlas(loaded))
    return {path: data for path, data in files.items() if not path.startswith("assets/")}


@pytest.fixture(autouse=True)
def no_git_history(monkeypatch):
    # Last-changed dates come from git history; committing the fixture would change the
    # goldens, so these tests use the records' own dates only.
    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")
    # Map files depend on the base-map choice and key: test the committed default.
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    monkeypatch.delenv("ATLAS_BASEMAP", raising=False)
    # Absolute links in downloads and feeds use the site's address from mkdocs.yml, not a preview's.
    monkeypatch.delenv("ATLAS_SITE_URL", raising=False)


def test_mini_atlas_matches_golden(update_golden):
    files = generated_files()
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected), "the set of generated files changed (run pytest --update-golden)"
    changed = [rel for rel in sorted(files) if files[rel] != expected[rel]]
    assert not changed, f"generated files differ from tests/golden (review, then --update-golden): {changed}"


def test_rendering_is_deterministic():
    assert generated_files() == generated_files()
