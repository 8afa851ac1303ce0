"""The coverage register (data/coverage.yaml) lists everything the seed documents name.

Every seed document has an entry; every item's quote is verbatim in the document's text
(checked only when ../shared/seeds is beside the checkout); every id exists; every platform,
port and cooperation record that cites a seed document is listed under that document.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.coverage import check_coverage, document_coverage
from generator.records import build_atlas
from generator.validate import validate_data

REPO = Path(__file__).resolve().parents[2]


def atlas_of(data: Path):
    loaded, problems = validate_data(data)
    assert problems == [], "\n".join(map(str, problems))
    return build_atlas(loaded)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("schema", "_templates"))
    return data


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_register_lists_every_record_and_every_id_exists():
    atlas = atlas_of(REPO / "data")
    problems = check_coverage(atlas, None)
    assert problems == [], "\n".join(map(str, problems))
    seeded = {d.id for d in atlas.records("documents") if d.get("seed")}
    assert {d.document.id for d in document_coverage(atlas)} == seeded


def test_register_quotes_are_verbatim(seeds_dir):
    if seeds_dir is None:
        pytest.skip("../shared/seeds is not beside this checkout; quotes cannot be checked here")
    problems = check_coverage(atlas_of(REPO / "data"), seeds_dir)
    assert problems == [], "\n".join(map(str, problems))


def test_a_changed_quote_is_reported(seeds_dir, data_copy):
    if seeds_dir is None:
        pytest.skip("../shared/seeds is not beside this checkout")
    edit(data_copy / "coverage.yaml", "quote: 培育锡赤通经济带", "quote: 建设锡赤通经济带")
    problems = check_coverage(atlas_of(data_copy), seeds_dir)
    assert [(p.document, "quote not found" in p.message) for p in problems] == \
        [("nmg-2019-regional-coordination", True)]


def test_a_record_citing_a_seed_must_be_listed(data_copy):
    edit(data_copy / "coverage.yaml", "records: [xi-chi-tong-economic-belt]", "left_out: general-call\n"
         "        note: {zh: 测试, en: test}")
    problems = check_coverage(atlas_of(data_copy), None)
    assert [(p.document, p.where) for p in problems] == [("nmg-2019-regional-coordination", "xi-chi-tong-economic-belt")]


def test_a_seed_document_without_entry_is_reported(data_copy):
    path = data_copy / "coverage.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - document: ndrc-2017-pairing-interpretation")
    end = text.index("  - document: nmg-2012-guofa21-progress")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = check_coverage(atlas_of(data_copy), None)
    missing = [p for p in problems if p.where == "(missing)"]
    assert [p.document for p in missing] == ["ndrc-2017-pairing-interpretation"]
    # The pairing records cite that document, so each is reported as unlisted too.
    assert {p.where for p in problems if p.where != "(missing)"} >= {"pairing-liaoning-jiangsu", "pairing-harbin-shenzhen"}


def test_an_item_needs_records_or_a_reason_not_both(data_copy):
    edit(data_copy / "coverage.yaml", "records: [xi-chi-tong-economic-belt]",
         "records: [xi-chi-tong-economic-belt]\n        left_out: project")
    _, problems = validate_data(data_copy)
    assert [(p.code, p.path) for p in problems] == [("records-and-left-out", "coverage[2].items[2]")]


def test_an_unknown_record_id_is_a_validation_problem(data_copy):
    edit(data_copy / "coverage.yaml", "records: [xi-chi-tong-economic-belt]", "records: [xi-chi-tong-belt]")
    _, problems = validate_data(data_copy)
    assert [p.code for p in problems] == ["unknown-reference"]
    assert "xi-chi-tong-economic-belt" in problems[0].message  # the nearest id is suggested


def test_cooperation_parties_may_be_organisations_but_not_documents(data_copy):
    atlas = atlas_of(REPO / "data")
    assert atlas.get("cas-inner-mongolia-science-cooperation").parties == ("inner-mongolia", "cn-cas")
    edit(data_copy / "cooperation.yaml", "parties: [inner-mongolia, cn-cas]", "parties: [inner-mongolia, guofa-2011-21]")
    _, problems = validate_data(data_copy)
    assert [p.code for p in problems] == ["unknown-reference"]
    assert "region or organisation" in problems[0].message


def test_counts_add_up():
    for doc in document_coverage(atlas_of(REPO / "data")):
        assert doc.named == len(doc.recorded) + len(doc.left_out) > 0
        assert sum(len(items) for _, items in doc.left_out_by_reason()) == len(doc.left_out)


def test_register_is_a_download_with_one_row_per_item():
    from generator.exports import write_exports

    atlas = atlas_of(REPO / "data")
    files = write_exports(atlas)
    rows = files["downloads/coverage.csv"].decode("utf-8-sig").splitlines()
    assert rows[0].split(",")[:3] == ["document", "item", "name_zh"]
    assert len(rows) - 1 == sum(d.named for d in document_coverage(atlas))
    assert any(r.startswith("nmg-2012-guofa21-progress,") and "cas-inner-mongolia-science-cooperation" in r for r in rows)
