"""Family indexes too long for one page list their records by region instead of in one table."""
from __future__ import annotations

import re

from generator import pages


def test_a_long_platforms_index_lists_regions_that_list_the_records(mini_atlas, monkeypatch):
    monkeypatch.setattr(pages, "LONG_INDEX", 0)  # every list counts as long (the mini atlas is small)
    rendered = pages.render_pages(mini_atlas)
    platforms = mini_atlas.records("platforms")
    for lang in ("zh", "en"):
        index = rendered[f"{lang}/platforms/index.md"]
        assert 'data-table="platforms"' not in index  # no 3,000-row table
        assert "../downloads/index.md" in index
        rows = re.findall(r"^\| \[[^\]]+\]\(\.\./regions/([a-z0-9-]+)/index\.md\) \| (\d+) \|$", index, re.M)
        hosts = {}
        for r in platforms:
            for h in ([r.get("region")] if r.get("region") else list(r.get("regions") or ())):
                hosts[h] = hosts.get(h, 0) + 1
        assert {rid: int(n) for rid, n in rows} == hosts
        for rid, _ in rows:  # each region's page lists its records
            region_page = rendered[f"{lang}/regions/{rid}/index.md"]
            for r in platforms:
                if rid in ([r.get("region")] if r.get("region") else list(r.get("regions") or ())):
                    assert f"(../../platforms/{r.id}/index.md)" in region_page
        # The map's text version points to the list and the downloads instead of repeating every row.
        text_version = index.split('<details class="atlas-map-text"')[1].split("</details>")[0]
        assert "../downloads/index.md" in text_version and "|---|" not in text_version

    # The home page's text version of the map points to the index instead of linking every record.
    home = rendered["en/index.md"].split('<details class="atlas-map-text"')[1].split("</details>")[0]
    assert "(platforms/index.md)" in home
    assert not any(f"(platforms/{r.id}/index.md)" in home for r in platforms)

    # Below the threshold the index keeps its filterable table.
    monkeypatch.setattr(pages, "LONG_INDEX", 500)
    assert 'data-table="platforms"' in pages.render_pages(mini_atlas)["zh/platforms/index.md"]
