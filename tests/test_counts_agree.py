"""Counts agree: every count on home equals the count on its index page, in the same words.

Built site of the real atlas (the ``real_site`` fixture): the home page's "browse" table gives
each family's total and how it splits (in Inner Mongolia or elsewhere, on the map or not); the
family's index page says the same in its summary line and lists exactly that many rows; the
family map's legend uses the same words and number for what is on the map; a league's page
and the regions map agree on its platforms with its banners.
"""
from __future__ import annotations

import html
import json
import re

import pytest

from generator.counts import Counts
from generator.words import Words, load_labels
from tests.test_site import real_atlas, served_path

FAMILIES = ("platforms", "ports", "cooperation", "regions", "documents", "organisations")


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def spans(page: str, attribute: str) -> dict[str, str]:
    return {k: text(v) for k, v in re.findall(rf'data-{attribute}="(\w+)">(.*?)</span>', page)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_counts_equal_index_counts_in_the_same_words(real_site, lang):
    home = (real_site / ("" if lang == "zh" else "en") / "index.html").read_text(encoding="utf-8")
    totals, breakdowns = spans(home, "count"), spans(home, "breakdown")
    assert set(totals) == set(FAMILIES)
    for family in FAMILIES:
        index = served_path(real_site, lang, family).read_text(encoding="utf-8")
        summary = spans(index, "summary")[family]
        # The index says the same total and the same breakdown, word for word.
        assert totals[family] in summary, (family, totals[family], summary)
        assert summary.endswith(breakdowns[family]), (family, summary, breakdowns[family])
        # ... and lists that many records (a table row per record, below the summary line).
        table = index[index.index('data-summary="'):]
        rows = len(re.findall(r"<tr>\s*<td", table[table.find("<table"):]))
        assert rows == int(totals[family]), (family, rows, totals[family])


def test_map_legends_use_the_index_words_for_what_is_on_the_map(real_site):
    atlas = real_atlas()
    counts = Counts(atlas)
    for lang in ("zh", "en"):
        words = Words(load_labels(), lang)
        for family in ("platforms", "ports"):
            on_map = counts.family(family).on_map
            phrase = words("cnt_on_map").replace("{n}", str(on_map)).replace("{u}", words("cnt_unit_" + family))
            index = text(served_path(real_site, lang, family).read_text(encoding="utf-8"))
            assert phrase in index
            doc = (real_site / ("" if lang == "zh" else "en") / "maps" / f"{family}.html").read_text(encoding="utf-8")
            legend = html.unescape(doc)
            assert phrase in legend.replace("\\u003c", "<").replace("\\u003e", ">"), (lang, family, phrase)
            # The map draws exactly that many markers.
            assert on_map == sum(1 for r in atlas.records(family) if r.location is not None)


def test_league_page_and_regions_map_agree(real_site):
    atlas = real_atlas()
    counts = Counts(atlas)
    words = Words(load_labels(), "zh")
    doc = (real_site / "maps" / "regions.html").read_text(encoding="utf-8")
    bubbles = json.loads(re.search(r'id="(data_\d+)">(\[.*?\])</script>', doc).group(2))
    assert bubbles
    for bubble in bubbles:
        league = next(r for r in atlas.region_children["inner-mongolia"] if r.name["zh"] == bubble["n"])
        page = text(served_path(real_site, "zh", f"regions/{league.id}").read_text(encoding="utf-8"))
        with_banners = counts.region_split(league.id, "platforms")[1]
        assert bubble["v"] == with_banners
        if with_banners:
            assert counts.region_phrase(league.id, "platforms", words) in page
            if counts.lists_below(league.id):  # a league with banners says both numbers
                assert words("cnt_below").replace("{n}", str(with_banners)).replace("{u}", "个") in page
