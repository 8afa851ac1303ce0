"""The reader views say what the fixture data says, in both languages, and every link lands.

Built once through the real publisher (the ``mini_site`` fixture), then read as HTML.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.records import build_atlas, league_ids
from generator.validate import validate_data
from generator.views import ReaderViews, page_url

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini_atlas"
VIEWS = ["downloads", "timeline", "targets", "departments", "compare"]
LANG_PREFIX = {"zh": "", "en": "en/"}


class Links(HTMLParser):
    """Collects href and src values, and the text of the page's main content."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.urls.append(value)


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(text: str) -> str:
    """The page's article (without navigation, header and footer)."""
    start = text.index('<article class="md-content__inner')
    return text[start:text.index("</article>", start)]


def resolve(site: Path, page_path: str, url: str) -> Path | None:
    """The file a relative URL on a page points to (None for external links)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    base = (site / page_path).resolve()
    target = (base / unquote(parts.path)).resolve()
    return target / "index.html" if url.split("?")[0].split("#")[0].endswith("/") or target.is_dir() else target


@pytest.fixture(scope="module")
def atlas():
    loaded, problems = validate_data(MINI)
    assert problems == []
    return build_atlas(loaded)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("view", VIEWS + ["", "platforms", "ports", "cooperation", "regions", "documents",
                                          "organisations"])
def test_every_link_on_the_views_resolves(mini_site, view, lang):
    path = LANG_PREFIX[lang] + (f"{view}/" if view else "")
    parser = Links()
    parser.feed(article(page(mini_site, path)))  # the page chrome (head, header, nav) is the theme's
    checked = 0
    for url in parser.urls:
        target = resolve(mini_site, path, url)
        if target is None:
            continue
        assert target.is_file(), f"{path}: {url} -> {target}"
        checked += 1
        fragment = urlsplit(url).fragment
        if fragment and target.suffix == ".html":
            assert f'id="{fragment}"' in target.read_text(encoding="utf-8"), f"{path}: {url} has no anchor"
    assert checked > 0


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_views_are_in_the_navigation(mini_site, prefix):
    nav = page(mini_site, prefix)
    nav = nav[nav.index('<nav class="md-nav md-nav--primary'):]
    for view in VIEWS:
        assert re.search(rf'href="(\./)?{view}/"', nav), view
    assert "national-totals/" not in nav


def test_national_totals_is_folded_into_compare(mini_site):
    assert not (mini_site / "national-totals").exists()
    for html_file in mini_site.rglob("*.html"):
        assert "national-totals/" not in html_file.read_text(encoding="utf-8"), html_file


def test_timeline_lists_and_draws_every_event(mini_site, atlas):
    events = ReaderViews(atlas).events
    for prefix, lang in (("", "zh"), ("en/", "en")):
        body = article(page(mini_site, prefix + "timeline/"))
        svg = body[body.index("<svg"):body.index("</svg>")]
        assert svg.count("<circle") == len(events)
        for ev in events:
            assert f'href="../{ev.record.family}/{ev.record.id}/"' in svg
            assert f'href="../{ev.record.family}/{ev.record.id}/"' in body[body.index("</svg>"):]
        for year in {ev.year for ev in events}:
            assert f'id="y{year}"' in body
        for anchor in re.findall(r'href="#(y\d+)"', svg):  # year labels jump to the list
            assert f'id="{anchor}"' in body
        assert 'href="#y2000"' in svg
    zh = article(page(mini_site, "timeline/"))
    assert "2000年7月" in zh and "国务院" in zh
    assert "&lt;script&gt;" in zh and "<script>alert" not in zh  # the hostile name stays text
    assert 'href="javascript' not in zh  # the hostile Markdown link stays text


def test_targets_page_shows_the_fixture_target(mini_site):
    zh = article(page(mini_site, "targets/"))
    assert "地区生产总值年均增速" in zh and "8%以上（年均）" in zh and "2027年" in zh
    assert zh.index("国家级经开区") < zh.index("地区生产总值年均增速")  # grouped under its subject
    assert "国家级经开区地区生产总值（GDP）年均增速实现8%以上" in zh  # the document's own words
    en = article(page(mini_site, "en/targets/"))
    assert "Average annual GDP growth" in en and "at least 8% (annual average)" in en and "National ETDZs" in en
    assert 'href="../documents/neizhengbanfa-2024-5/"' in en


def test_departments_page_counts_tasks_and_draws_the_matrix(mini_site, atlas):
    zh = article(page(mini_site, "departments/"))
    assert "2 个责任单位" in zh and "1 项重点任务" in zh
    matrix = zh[zh.index('<table class="atlas-matrix-table"'):]
    matrix = matrix[:matrix.index("</table>")]
    assert matrix.count("●") == 2
    assert 'href="../organisations/nmg-drc/"' in matrix and 'href="../organisations/nmg-samr/"' in matrix
    assert "扎实推进扩权赋能" in matrix
    for org in ("nmg-drc", "nmg-samr"):
        assert f'id="org-{org}"' in zh
    en = article(page(mini_site, "en/departments/"))
    assert "Delegate more powers" in en and "Inner Mongolia Development and Reform Commission" in en


def test_compare_page_sets_national_totals_beside_the_atlas(mini_site):
    zh = article(page(mini_site, "compare/"))
    assert "国家级新区" in zh and re.search(r"<td[^>]*>19<sup", zh) and "2020年" in zh
    assert "全国已先后批准设立了19个国家级新区" in zh  # the cited source
    assert 'href="../platforms/?kind=new-area&amp;status=approved"' in zh
    en = article(page(mini_site, "en/compare/"))
    assert "State-level new areas" in en and "Nationwide" in en


def test_downloads_page_lists_each_file_with_its_count(mini_site):
    for prefix in ("", "en/"):
        body = article(page(mini_site, prefix + "downloads/"))
        for name, count in (("platforms.csv", 2), ("ports.csv", 1), ("documents.csv", 3), ("targets.csv", 1),
                            ("atlas.geojson", 3), ("atlas.json", 15)):
            href = ("" if not prefix else "../../downloads/") + name
            row = body[body.index(f'href="{href}"'):]
            row = row[:row.index("</tr>")]
            assert f">{count}<" in row, (prefix, name)
            assert (mini_site / "downloads" / name).is_file()
        assert "CC BY 4.0" in body and "CITATION.cff" in body and "feed.xml" in body
    assert "内蒙古国家政策类平台图谱团队" in page(mini_site, "downloads/")


def test_home_links_the_views_and_the_feed(mini_site):
    zh = article(page(mini_site, ""))
    for view in VIEWS:
        assert f'href="{view}/"' in zh, view
    assert 'href="feed.xml"' in zh and "2026年11月22日" in zh
    en = article(page(mini_site, "en/"))
    assert 'href="../feed.xml"' in en


def test_family_index_tables_carry_filter_keys_and_every_row(mini_site, atlas):
    body = article(page(mini_site, "platforms/"))
    table = body[body.index('<div class="atlas-table"'):]
    assert 'data-filters="kind status league year"' in table
    rows = table[table.index("<tbody>"):table.index("</tbody>")].count("<tr")
    assert rows == len(atlas.records("platforms"))
    assert 'data-v="comprehensive-reform-zone"' in table and 'data-v="proposed"' in table
    assert 'data-v="manzhouli"' in table  # the league of a record in two places


def test_leagues_and_page_urls(atlas):
    assert league_ids(atlas, atlas.get("hubaoe-financial-reform-zone")) == ["hohhot", "manzhouli"]
    assert league_ids(atlas, atlas.get("china-russia-trade")) == []
    assert page_url("timeline/index.md", "platforms/hohhot-etdz") == "../platforms/hohhot-etdz/"
    assert page_url("index.md", "platforms/hohhot-etdz") == "platforms/hohhot-etdz/"


def test_record_pages_can_show_when_they_last_changed(atlas, monkeypatch):
    """The record footer's ``last_changed(r)`` (a template global) and ``c.last_changed_note``."""
    from generator.pages import PageContext, _repo_info, make_environment
    from generator.words import load_labels

    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")
    env = make_environment()
    views = ReaderViews(atlas)
    env.globals.update(views=views, last_changed=views.last_changed)
    template = env.from_string('{{ c.last_changed_note(r) }}')
    for lang, expected in (("zh", "记录中最近的日期 2012年"), ("en", "Latest date in this record 2012")):
        ctx = PageContext(atlas, load_labels(), lang, "platforms/x/index.md", _repo_info(atlas), views)
        out = template.render(c=ctx, L=ctx.L, t=ctx.t, lang=lang, atlas=atlas, meta=atlas.meta, link=ctx.link,
                              rel=ctx.rel, date=ctx.date, r=atlas.get("hubaoe-financial-reform-zone"))
        assert out.strip() == expected
