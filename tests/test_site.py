"""The real atlas builds strictly, every record has its page in both languages, and pages show their facts."""
from __future__ import annotations

from pathlib import Path

from generator.words import LANGS
from generator.records import PAGE_FAMILIES, build_atlas
from generator.validate import validate_data

REPO = Path(__file__).resolve().parent.parent


def real_atlas():
    loaded, problems = validate_data(REPO / "data")
    assert problems == [], "\n".join(f"{p.file}:{p.line}: {p.path}: {p.message}" for p in problems)
    return build_atlas(loaded)


def served_path(site: Path, lang: str, rel: str) -> Path:
    return site / ("" if lang == "zh" else "en") / rel / "index.html"


def test_every_record_has_a_page_in_both_languages(real_site):
    atlas = real_atlas()
    for family in PAGE_FAMILIES:
        assert atlas.records(family), f"no {family} records: every page family needs pages"
        for record in atlas.records(family):
            for lang in LANGS:
                page = served_path(real_site, lang, f"{family}/{record.id}")
                assert page.is_file(), f"missing page {page}"


def test_record_pages_show_names_status_and_citations(real_site):
    atlas = real_atlas()
    for record in atlas.records("platforms"):
        zh = served_path(real_site, "zh", f"platforms/{record.id}").read_text(encoding="utf-8")
        en = served_path(real_site, "en", f"platforms/{record.id}").read_text(encoding="utf-8")
        assert record.name["zh"] in zh and record.name["en"] in en
        assert f"atlas-status--{record.status}" in zh
        assert 'id="source-1"' in zh, f"{record.id}: no source list"
        assert '<html lang="en"' in en and '<html lang="zh"' in zh


def test_no_google_fonts_or_cdn_in_pages(real_site):
    for page in [real_site / "index.html", real_site / "en" / "index.html"]:
        html = page.read_text(encoding="utf-8")
        for host in ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs"):
            assert host not in html, f"{page} loads {host}"


def test_no_block_markup_inside_headings(real_site):
    """A template that swallows the blank line after a heading puts the next block inside it."""
    import re

    inside = re.compile(r"<h[1-6][^>]*>(?:(?!</h[1-6]>).)*?<(div|p|ul|ol|table|details)[\s>]", re.S)
    bad = [str(p.relative_to(real_site)) for p in real_site.rglob("*.html")
           if inside.search(p.read_text(encoding="utf-8"))]
    assert not bad, f"block markup inside a heading on {len(bad)} pages, e.g. {bad[:5]}"
