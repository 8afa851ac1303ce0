"""The built site's search index (Pagefind): one index per language, facets on record pages, and
only the reading text in it (no source lists, footers or map text); hostile names stay text."""
from __future__ import annotations

import gzip
import html
import json
import re
from functools import lru_cache
from pathlib import Path

FACETS = ("family", "kind", "status", "league", "year")


@lru_cache(maxsize=4)
def fragments(site: Path) -> dict[str, dict]:
    """Every page Pagefind indexed, by URL: {url: {content, meta, filters, ...}}."""
    pages = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path
        page = json.loads(raw[len(b"pagefind_dcd"):])
        pages[page["url"]] = page
    return pages


def test_one_index_per_language_and_no_material_index(real_site):
    entry = json.loads((real_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"zh", "en"}, entry["languages"]
    zh_pages = sum(1 for _ in real_site.glob("platforms/*/index.html"))
    assert entry["languages"]["zh"]["page_count"] > zh_pages
    assert entry["languages"]["en"]["page_count"] == entry["languages"]["zh"]["page_count"]
    assert not (real_site / "search" / "search_index.json").exists(), "Material's search index is still built"
    urls = fragments(real_site)
    assert "/platforms/hohhot-etdz/" in urls and "/en/platforms/hohhot-etdz/" in urls
    assert "/404.html" not in urls and not any("/maps/" in u and u.endswith(".html") for u in urls)
    # The extended Pagefind segments Chinese (words marked by U+200B): 边境-style words are findable.
    assert "\u200b" in urls["/platforms/hohhot-etdz/"]["content"], "Chinese text is not segmented"


def test_record_pages_carry_facets_and_shown_facts_in_both_languages(real_site):
    pages = fragments(real_site)
    zh, en = pages["/platforms/hohhot-etdz/"], pages["/en/platforms/hohhot-etdz/"]
    assert zh["filters"] == {"family": ["政策平台"], "kind": ["国家级经济技术开发区"], "status": ["已获批"],
                             "league": ["呼和浩特市"], "year": ["2000"]}, zh["filters"]
    assert set(en["filters"]) == set(FACETS) and en["filters"]["league"] == ["Hohhot"], en["filters"]
    assert en["filters"]["status"] == ["Approved"] and en["filters"]["family"] == ["Policy platforms"]
    for page in (zh, en):
        assert {"kind", "status", "league"} <= set(page["meta"]), page["meta"]
        assert page["meta"]["title"].startswith(("呼和浩特经济技术开发区", "Hohhot Economic")), page["meta"]["title"]
        assert "¶" not in page["meta"]["title"]
    # Short forms and aliases are searchable names; a document's number too.
    assert "呼和浩特经开区" in zh["meta"]["names"]
    assert "国发〔2023〕16号" in pages["/documents/guofa-2023-16/"]["meta"]["names"]
    assert "锡林郭勒" in pages["/regions/xilingol/"]["meta"]["names"].split(" | ")
    # Every record page can be filtered by its section, in its language.
    records = 0
    for url, page in pages.items():
        parts = url.strip("/").split("/")
        parts = parts[1:] if parts[:1] == ["en"] else parts
        if len(parts) == 2 and parts[0] in ("platforms", "ports", "cooperation", "regions", "documents",
                                            "organisations"):
            records += 1
            assert page["filters"].get("family") and page["filters"].get("kind"), url
    assert records > 500, records


def test_source_lists_footers_and_map_text_stay_out(real_site):
    pages = fragments(real_site)
    record = (real_site / "platforms" / "hohhot-etdz" / "index.html").read_text(encoding="utf-8")
    # Pagefind marks its Chinese word breaks with U+200B in the stored text.
    content = pages["/platforms/hohhot-etdz/"]["content"].replace("\u200b", "")
    quote = re.search(r'<span id="source-1"[^>]*>(.*?)</span>', record).group(1)
    quoted = re.sub(r"<[^>]+>", "", html.unescape(quote)).split("“", 1)[1][:25]
    assert quoted and quoted not in content, "the source list is in the search index"
    for words in ("本页数据核对截至", "编辑此记录", "复制下面的引用", "本条记录在数据文件"):
        assert words not in content, f"{words!r} is indexed: the record footer is in the search"
    home = pages["/"]["content"].replace("\u200b", "")
    assert "地图的文字版" not in home, "the home map's text version is in the search index"


def test_hostile_names_are_indexed_as_text(mini_site):
    page = fragments(mini_site)["/platforms/hubaoe-financial-reform-zone/"]
    # Pagefind keeps text as text: the payload is the characters readers see, never markup it ran.
    assert "<script>alert(1)</script>" in page["meta"]["title"]
    assert "&lt;script" not in page["meta"]["title"]
