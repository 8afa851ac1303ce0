"""Support levels follow from the sources' publishers; the figures and the worklist say the same thing.

Levels are computed by generator/support.py and never typed; a hand-set confidence lowers them only.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.publishers import read_register
from generator.records import build_atlas
from generator.support import SourceReport, source_figures, source_level, support_level
from generator.validate import validate_data
from tests.unit.test_views import article, page

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini_atlas"

REGISTER = read_register([
    {"host": "gov.cn", "name": {"zh": "中国政府网", "en": "Gov.cn"}, "type": "government"},
    {"host": "zh.wikisource.org", "name": {"zh": "维基文库", "en": "Wikisource"}, "type": "official-document"},
    {"host": "xinhuanet.com", "name": {"zh": "新华网", "en": "Xinhuanet"}, "type": "state-media",
     "aliases": ["新华社"]},
    {"host": "nmgsb.com.cn", "name": {"zh": "内蒙古商报", "en": "Inner Mongolia Business"}, "type": "news"},
    {"host": "zh.wikipedia.org", "name": {"zh": "维基百科", "en": "Wikipedia"}, "type": "encyclopedia"},
    {"host": "github.com", "name": {"zh": "GitHub", "en": "GitHub"}, "type": "dataset"},
    {"host": "wikimili.com", "name": {"zh": "WikiMili", "en": "WikiMili"}, "type": "mirror"},
    {"host": "czqahb.com", "name": {"zh": "czqahb", "en": "czqahb"}, "type": "forum"},
])


def web(host: str, **extra) -> dict:
    return {"url": f"https://www.{host}/page", "title": "t", "quote": "q", "accessed": "2026-11-22", **extra}


@pytest.mark.parametrize("source, level", [
    ({"document": "neizhengbanfa-2024-5", "quote": "q"}, "official"),
    (web("gov.cn"), "official"),
    (web("zh.wikisource.org"), "official"),
    (web("xinhuanet.com"), "reported"),
    (web("nmgsb.com.cn"), "reported"),
    (web("zh.wikipedia.org"), "secondary"),
    (web("github.com"), "secondary"),
    (web("wikimili.com"), "weak"),
    (web("czqahb.com"), "weak"),
    (web("unregistered.example"), "weak"),
    # A copy is as good as the original it names, up to reported; a copy of a document is official.
    (web("wikimili.com", original={"publisher": "新华社", "date": "2000"}), "reported"),
    (web("czqahb.com", original={"publisher": "中国政府网"}), "reported"),
    (web("wikimili.com", original={"publisher": "Wikipedia"}), "secondary"),
    (web("wikimili.com", original={"publisher": "an unknown paper"}), "weak"),
    (web("czqahb.com", document="guohan-2024-40"), "official"),
    # The site's own type is not lowered by what it reposts.
    (web("gov.cn", original={"publisher": "新华社"}), "official"),
])
def test_source_level_follows_the_publisher_type(source, level):
    assert source_level(source, REGISTER) == level


def test_a_fact_is_as_strong_as_its_strongest_source():
    assert support_level({"sources": [web("wikimili.com"), web("xinhuanet.com")]}, REGISTER) == "reported"
    assert support_level({"sources": [web("czqahb.com"), web("wikimili.com")]}, REGISTER) == "weak"


@pytest.mark.parametrize("sources, confidence, level", [
    ([web("gov.cn")], "verified", "official"),
    ([web("gov.cn")], "likely", "secondary"),
    ([web("xinhuanet.com")], "likely", "secondary"),
    ([web("gov.cn")], "unverified", "weak"),
    ([web("wikimili.com")], "likely", "weak"),  # confidence never raises
    ([web("zh.wikipedia.org")], "verified", "secondary"),
])
def test_confidence_lowers_and_never_raises(sources, confidence, level):
    assert support_level({"sources": sources, "confidence": confidence}, REGISTER) == level


@pytest.fixture(scope="module")
def atlas():
    loaded, problems = validate_data(MINI)
    assert problems == []
    return build_atlas(loaded)


EXPECTED_FIGURES = {
    "sources": 24,
    "url_sources": 5,
    "document_sources": 19,
    "by_type": {"forum": 2, "mirror": 2, "state-media": 1},
    "unregistered_hosts": [],
    "copies": 4,
    "copies_naming_original": 1,
    "facts": 24,
    "facts_by_support": {"official": 19, "reported": 2, "secondary": 0, "weak": 3},
    "from_memory": 0,
    "approved_records": 2,
    "approved_missing": {"date": 1, "authority": 1, "document": 2},
    "located_by_precision": {"approximate": 2, "seat": 1},
}


def test_figures_of_the_mini_atlas(atlas):
    assert source_figures(atlas) == EXPECTED_FIGURES


def run_sources(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "sources", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def test_sources_command_writes_the_figures_as_one_json_object():
    result = run_sources(str(MINI), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED_FIGURES


def test_sources_command_prints_the_figures_and_counts_unregistered_hosts(tmp_path):
    result = run_sources(str(MINI))
    assert result.returncode == 0, result.stderr
    assert re.search(r"official +19 +79\.2 %", result.stdout)
    assert "unregistered hosts: 0" in result.stdout
    # An unregistered host is counted, not a reason to refuse the figures.
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(MINI), str(data)], check=True)
    publishers = data / "publishers.yaml"
    publishers.write_text(publishers.read_text(encoding="utf-8").replace("host: czqahb.com", "host: other.example"),
                          encoding="utf-8")
    figures = json.loads(run_sources(str(data), "--json").stdout)
    assert figures["unregistered_hosts"] == ["czqahb.com"] and figures["by_type"]["unregistered"] == 1


def test_memory_marks_become_worklist_leads(tmp_path):
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(MINI), str(data)], check=True)
    platforms = data / "platforms.yaml"
    platforms.write_text(platforms.read_text(encoding="utf-8").replace(
        "text: {zh: 据一问答网页，2000年7月2日经国务院批准。",
        "text: {zh: 参考资料凭记忆写作2000年7月2日。"), encoding="utf-8")
    loaded, problems = validate_data(data)
    assert problems == []
    report = SourceReport(build_atlas(loaded))
    assert report.figures["from_memory"] == 1
    assert [(g.record.id, g.line) for g in report.gaps("memory")] == [("hohhot-etdz", 35)]


def test_worklist_rows_name_the_record_and_the_line_to_edit(atlas):
    report = SourceReport(atlas)
    assert [(g.record.id, g.path, g.line) for g in report.gaps("weak")] == [
        ("hohhot-etdz", ("location",), 17), ("hohhot-etdz", ("facts", 1), 35), ("hohhot", ("location",), 26)]
    assert [(g.record.id, g.line) for g in report.gaps("date")] == [("manzhouli-rail-port", 7)]
    assert [g.record.id for g in report.gaps("document")] == ["hohhot-etdz", "manzhouli-rail-port"]
    assert [(g.record.id, g.line) for g in report.gaps("seat")] == [("manzhouli-rail-port", 18)]
    assert report.percent("official") == 79 and report.percent("official", "reported") == 87


@pytest.mark.parametrize("prefix, words", [
    ("", ["来源待加强", "来源薄弱的事实（3）", "已获批但缺少批准日期（1）", "位置在所在地驻地（1）", "问答、博客或公众号"]),
    ("en/", ["Sources wanted", "Facts with weak support (3)", "Approved without an approval date (1)",
             "Placed at a seat (1)", "Forum, blog or WeChat copy"]),
])
def test_worklist_page_in_both_languages(mini_site, prefix, words):
    html = article(page(mini_site, prefix + "sources-wanted/"))
    for word in words:
        assert word in html, word
    assert html.count('href="../platforms/hohhot-etdz/"') >= 3 if not prefix else True
    assert "tests/fixtures/mini_atlas/platforms.yaml:35" in html
    assert "/blob/main/tests/fixtures/mini_atlas/ports.yaml#L18" in html


@pytest.mark.parametrize("prefix, weak, counts", [
    ("", "来源薄弱", "全图谱 24 项事实中，19 项（79%）有官方来源"),
    ("en/", "Weak source", "Of the atlas's 24 facts, 19 (79%) rest on an official source"),
])
def test_record_pages_flag_weak_facts_and_about_gives_the_counts(mini_site, prefix, weak, counts):
    record = article(page(mini_site, prefix + "platforms/hohhot-etdz/"))
    assert re.search(rf'atlas-support--weak"[^>]*>{weak}<', record)
    assert "atlas-support--reported" in record and "atlas-support--official" in record
    about = article(page(mini_site, prefix + "about/"))
    assert counts in about
    assert 'href="../sources-wanted/"' in about


def test_a_copy_shows_its_original_first(mini_site):
    record = article(page(mini_site, "platforms/hohhot-etdz/"))
    entry = re.search(r"原载：新华社.*?所见副本：<a href=\"https://xzqh.info/[^\"]*\"[^>]*>[^<]*</a>（行政区划网论坛、"
                      r"问答、博客或公众号；", record)
    assert entry, "the source list should name the original before the copy"


def test_sources_csv_lists_every_source_of_every_fact_with_its_publisher_and_support(atlas):
    import csv
    import io

    from generator.exports import Exporter

    files = Exporter(atlas, base_url="https://example.org/atlas/").write_all()
    rows = list(csv.DictReader(io.StringIO(files["downloads/sources.csv"].decode("utf-8-sig"))))
    assert len(rows) == sum(len(f.block["sources"]) for f in SourceReport(atlas)._computed()[0])
    copy = next(r for r in rows if r["host"] == "xzqh.info")
    assert (copy["record"], copy["part"], copy["publisher_type"], copy["original_publisher"], copy["support"]) == (
        "hohhot-etdz", "facts[0]", "forum", "新华社", "reported")
    weak = next(r for r in rows if r["host"] == "czqahb.com")
    assert (weak["part"], weak["support"], weak["original_publisher"]) == ("facts[1]", "weak", "")
    quoted = next(r for r in rows if r["document"] == "neizhengbanfa-2024-5")
    assert quoted["document_number"] == "内政办发〔2024〕5号" and quoted["source_support"] == "official"
