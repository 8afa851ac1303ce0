"""The publisher register: host matching, and the validator refusing URLs and originals it does not know."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.publishers import host_of, read_register
from generator.validate import validate_data
from tests.unit.test_validate import MINI, problems, replace


@pytest.fixture
def atlas_dir(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


@pytest.mark.parametrize("url, host", [
    ("https://www.chinadaily.com.cn/a/1.html", "chinadaily.com.cn"),
    ("https://WWW.ChinaDaily.com.cn./a", "chinadaily.com.cn"),
    ("http://218.28.6.71:81/Qikan/Article/Detail?id=1", "218.28.6.71"),
    ("https://english.www.gov.cn/news/", "english.www.gov.cn"),  # only a leading www. goes
    ("https://govt.chinadaily.com.cn/s/1.html", "govt.chinadaily.com.cn"),  # subdomains stay apart
    ("not a url", None),
])
def test_host_of_normalises_case_port_dot_and_leading_www(url, host):
    assert host_of(url) == host


def test_register_finds_publishers_by_url_and_by_any_name():
    register = read_register([{"host": "xinhuanet.com", "name": {"zh": "新华网", "en": "Xinhuanet"},
                               "type": "state-media", "aliases": ["新华社"]}])
    assert register.of_url("http://www.xinhuanet.com/x.htm").type == "state-media"
    assert register.named("新华社").host == register.named("Xinhuanet").host == "xinhuanet.com"
    assert register.of_url("https://news.cn/x") is None and register.named("新华") is None


def test_unregistered_host_is_reported_at_the_url_line(atlas_dir):
    replace(atlas_dir / "platforms.yaml", "https://wikimili.com/en/Hohhot", "https://m.johnnytowncar.com/x")
    _, found = validate_data(atlas_dir)
    assert [(Path(p.file).name, p.line, p.path, p.code) for p in found] == [
        ("platforms.yaml", 23, "platforms[0].location.sources[0].url", "unregistered-host")]
    # Chinese first, then English; both name the host and the file to add it to.
    assert found[0].message_zh.startswith("网站 m.johnnytowncar.com 未登记")
    assert 'add an entry "- host: m.johnnytowncar.com" to data/publishers.yaml' in found[0].message
    assert "mirror" in found[0].message and "state-media" in found[0].message


def test_registering_the_host_clears_the_problem(atlas_dir):
    replace(atlas_dir / "platforms.yaml", "https://wikimili.com/en/Hohhot", "https://m.johnnytowncar.com/x")
    (atlas_dir / "publishers.yaml").write_text((atlas_dir / "publishers.yaml").read_text(encoding="utf-8")
                                               + "  - host: m.johnnytowncar.com\n"
                                                 "    name: {zh: m.johnnytowncar.com, en: m.johnnytowncar.com}\n"
                                                 "    type: mirror\n", encoding="utf-8")
    assert problems(atlas_dir) == []


def test_a_copy_may_name_its_original_and_the_document_it_copies(atlas_dir):
    replace(atlas_dir / "platforms.yaml", '          accessed: "2026-11-22"\n    location:',
            '          accessed: "2026-11-22"\n          original: {publisher: 新华社, date: "2000-07"}\n'
            '          document: neizhengbanfa-2024-5\n    location:')
    assert problems(atlas_dir) == []


def test_unknown_original_publisher_and_copied_document_are_refused(atlas_dir):
    replace(atlas_dir / "platforms.yaml", '          accessed: "2026-11-22"\n    location:',
            '          accessed: "2026-11-22"\n          original: {publisher: 新华, title: x}\n'
            '          document: neizhengbanfa-2042-5\n    location:')
    assert problems(atlas_dir) == [
        ("platforms.yaml", 17, "platforms[0].approved.sources[0].original.publisher", "unknown-publisher"),
        ("platforms.yaml", 18, "platforms[0].approved.sources[0].document", "unknown-reference")]


def test_an_original_needs_a_url(atlas_dir):
    replace(atlas_dir / "platforms.yaml", "        quote: 把呼和浩特经济技术开发区",
            "        original: {publisher: 新华社}\n        quote: 把呼和浩特经济技术开发区")
    assert [(path, code) for _, _, path, code in problems(atlas_dir)] == [
        ("platforms[0].sources[0]", "missing-field")]


def test_a_website_registered_twice_or_a_name_with_two_types_is_refused(atlas_dir):
    path = atlas_dir / "publishers.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - host: chinadaily.com.cn\n"
                    "    name: {zh: 新华网, en: Another}\n    type: news\n", encoding="utf-8")
    assert [(line, code) for _, line, _, code in problems(atlas_dir)] == [
        (26, "duplicate-host"), (28, "publisher-name-conflict")]
