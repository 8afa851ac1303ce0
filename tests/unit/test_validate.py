"""The validator on small variations of the mini fixture atlas: one defect each, with its message."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.validate import date_problem, validate_data

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini_atlas"


@pytest.fixture
def atlas_dir(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(data: Path) -> list[tuple[str, int, str, str]]:
    _, found = validate_data(data)
    return [(Path(p.file).name, p.line, p.path, p.code) for p in found]


def test_mini_atlas_is_valid():
    assert problems(MINI) == []


def test_vocabulary_typo_suggests_the_nearest(atlas_dir):
    replace(atlas_dir / "platforms.yaml", "kind: etdz", "kind: etdzz")
    _, found = validate_data(atlas_dir)
    assert [(p.path, p.code) for p in found] == [("platforms[0].kind", "not-in-vocabulary")]
    assert 'did you mean "etdz"' in found[0].message


def test_unknown_reference_suggests_the_nearest_id(atlas_dir):
    replace(atlas_dir / "platforms.yaml", "region: hohhot", "region: hohot")
    _, found = validate_data(atlas_dir)
    assert [(p.line, p.code) for p in found] == [(7, "unknown-reference")]
    assert 'did you mean "hohhot"' in found[0].message


def test_duplicate_id_across_files(atlas_dir):
    replace(atlas_dir / "ports.yaml", "id: manzhouli-rail-port", "id: hohhot-etdz")
    assert ("ports.yaml", 2, "ports[0].id", "duplicate-id") in problems(atlas_dir)


def test_unknown_field_names_the_key_line(atlas_dir):
    replace(atlas_dir / "ports.yaml", "    kind: rail\n", "    kind: rail\n    colour: red\n")
    assert problems(atlas_dir) == [("ports.yaml", 5, "ports[0].colour", "unknown-field")]


def test_outside_inner_mongolia_and_swapped(atlas_dir):
    replace(atlas_dir / "ports.yaml", "lat: 49.59\n      lon: 117.38", "lat: 117.38\n      lon: 49.59")
    found = validate_data(atlas_dir)[1]
    assert [(p.path, p.code) for p in found] == [("ports[0].location.lat", "out-of-range"),
                                                 ("ports[0].location.lat", "swapped-coordinates")]
    replace(atlas_dir / "ports.yaml", "lat: 117.38\n      lon: 49.59", "lat: 30.5\n      lon: 117.38")
    found = validate_data(atlas_dir)[1]
    assert [(p.path, p.code) for p in found] == [("ports[0].location.lat", "outside-region")]


def test_approved_block_contradicting_status(atlas_dir):
    replace(atlas_dir / "platforms.yaml", "status: approved", "status: applying")
    assert [c for *_, c in problems(atlas_dir)] == ["approval-contradicts-status"]


def test_status_must_match_latest_history(atlas_dir):
    replace(atlas_dir / "platforms.yaml", "status: proposed\n", "status: planned\n")
    assert [c for *_, c in problems(atlas_dir)] == ["status-contradicts-history"]


def test_source_needs_document_or_url(atlas_dir):
    replace(atlas_dir / "cooperation.yaml", "- document: drc-2020-platform-proposals", "- doc: drc-2020-platform-proposals")
    codes = {c for *_, c in problems(atlas_dir)}
    assert codes == {"bad-source", "unknown-field"}


def test_unknown_and_missing_files(atlas_dir):
    (atlas_dir / "ports.yaml").rename(atlas_dir / "port.yaml")
    found = validate_data(atlas_dir)[1]
    assert {(Path(p.file).name, p.code) for p in found} == {("ports.yaml", "missing-file"), ("port.yaml", "unknown-file")}
    assert any('did you mean "ports.yaml"' in p.message for p in found)


@pytest.mark.parametrize("value, ok", [("2024", True), ("2024-02-29", True), ("2023-02-29", False),
                                        ("2024-13", False), ("1700", False), ("2024-04-31", False)])
def test_dates(value, ok):
    assert (date_problem(value) == "") is ok


def test_misshapen_ids_and_regions_are_reported_not_crashed_on(atlas_dir):
    replace(atlas_dir / "regions.yaml", "  - id: manzhouli\n", "  - id: {a: 1}\n")
    replace(atlas_dir / "platforms.yaml", "    region: hohhot\n", "    region: [hohhot]\n")
    codes = {(Path(p.file).name, p.path, p.code) for p in validate_data(atlas_dir)[1]}
    assert ("regions.yaml", "regions[4].id", "wrong-type") in codes
    assert ("platforms.yaml", "platforms[0].region", "wrong-type") in codes


def test_a_label_typed_for_the_status_is_one_problem_not_three(atlas_dir):
    """已批复 for approved: the label is named; the history and approval checks do not repeat it."""
    replace(atlas_dir / "platforms.yaml", "status: proposed\n    regions:", "status: 建议\n    regions:")
    _, found = validate_data(atlas_dir)
    assert [(p.path, p.code) for p in found] == [("platforms[1].status", "chinese-label")]
    assert "status: proposed" in found[0].message and "“建议”" in found[0].message_zh
