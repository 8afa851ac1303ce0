"""generator/search_terms.py: the data-pagefind-* block of record and index pages."""
from __future__ import annotations

import re

from generator.pages import PageContext, _repo_info, load_labels
from generator.search_terms import index_block, league_of, place_short_name, search_block, short_forms


def context(atlas, lang: str) -> PageContext:
    return PageContext(atlas, load_labels(), lang, "platforms/x/index.md", _repo_info(atlas))


def spans(block: str) -> list[tuple[str, str]]:
    return re.findall(r'<span (data-pagefind-[^>]*)>([^<]*)</span>', block)


def test_short_forms_are_what_readers_type():
    assert short_forms(["呼和浩特经济技术开发区"], "zh") == ["呼和浩特经开区"]
    assert short_forms(["满洲里综合保税区"], "zh") == ["满洲里综保区"]
    assert "呼和浩特跨境电商综试区" in short_forms(["呼和浩特跨境电子商务综合试验区"], "zh")
    assert short_forms(["Hohhot Economic and Technological Development Zone"], "en")[0] == "Hohhot ETDZ"
    assert short_forms(["满洲里市"], "zh") == []
    assert short_forms(["中华人民共和国国务院"], "zh") == ["国务院"]
    assert short_forms(["State Council of the People's Republic of China"], "en") == ["State Council"]


def test_place_short_names_keep_two_characters():
    assert place_short_name("锡林郭勒盟") == "锡林郭勒"
    assert place_short_name("呼伦贝尔市") == "呼伦贝尔"
    assert place_short_name("内蒙古自治区") == "内蒙古"
    assert place_short_name("乌海市") == "乌海"
    assert place_short_name("中国") is None


def test_league_is_the_level_below_the_province(mini_atlas):
    assert league_of(mini_atlas, "hohhot").id == "hohhot"
    assert league_of(mini_atlas, "inner-mongolia") is None
    assert league_of(mini_atlas, None) is None


def test_record_block_lists_facets_shown_facts_and_names(mini_atlas):
    record = mini_atlas.get("hohhot-etdz")
    zh = str(search_block(context(mini_atlas, "zh"), record))
    assert zh.startswith('<div class="atlas-search-facts" hidden data-pagefind-ignore>')
    got = spans(zh)
    assert ('data-pagefind-filter="family"', "政策平台") in got
    assert ('data-pagefind-filter="status" data-pagefind-meta="status"', "已获批") in got
    assert ('data-pagefind-filter="league"', "呼和浩特市") in got
    assert any(a == 'data-pagefind-meta="names"' and "呼和浩特经开区" in t for a, t in got)
    chars = dict((a, t) for a, t in got)['data-pagefind-meta="chars"'].split()
    assert chars[:4] == ["呼", "和", "浩", "特"] and len(chars) == len(set(chars))
    en = str(search_block(context(mini_atlas, "en"), record))
    assert ('data-pagefind-filter="league"', "Hohhot") in spans(en)
    assert ('data-pagefind-filter="family"', "Policy platforms") in spans(en)


class FakeRecord:
    """A record with hostile aliases (the mini atlas's hostile platform has none)."""

    family, id, kind = "platforms", "x", "etdz"
    name = {"zh": "某<script>经济技术开发区", "en": "X <b>zone</b>"}
    fields = {"kind": "etdz", "status": "approved", "region": "hohhot",
              "aliases": ("<script>alert(1)</script>", "a | b & c")}

    def get(self, key, default=None):
        return self.fields.get(key, default)


def test_block_escapes_data_text(mini_atlas):
    block = str(search_block(context(mini_atlas, "zh"), FakeRecord()))
    assert "<script>" not in block and "&lt;script&gt;alert(1)&lt;/script&gt;" in block
    assert "某&lt;script&gt;经开区" in block and "a | b &amp; c" in block


def test_index_block_names_the_list(mini_atlas):
    block = str(index_block(context(mini_atlas, "en"), "ports"))
    assert ('data-pagefind-filter="family"', "Ports") in spans(block)
    assert "border ports" in block
