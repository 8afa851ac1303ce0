"""Filterable tables keep their state in the URL; the views are reachable from the navigation.

Drives the mini fixture site in Chromium (see tests/conftest.py for the server
and the watch on console errors and requests leaving 127.0.0.1).
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Material looks up sitemap.xml beside every <link rel="alternate"> in the page head (the
# hreflang links), from site_url and from the page's folder. That is the page shell's, not
# these views'; drop this filter once the head stops triggering it. Everything else is strict.
THEME_NOISE = ("/sitemap.xml",)


def assert_clean(watch) -> None:
    """page_watch.assert_clean(), minus the theme's sitemap lookups."""
    watch.console_errors[:] = [e for e in watch.console_errors if not any(n in e for n in THEME_NOISE)]
    watch.external_requests[:] = [u for u in watch.external_requests if not any(n in u for n in THEME_NOISE)]
    watch.assert_clean()

def visible_rows(page) -> list[str]:
    """The first cell's text of each table row the reader can see."""
    return page.locator(".atlas-table tbody tr:visible td:first-child").all_inner_texts()


def test_a_filter_survives_a_reload_of_its_url(page, page_watch, mini_url):
    page.goto(mini_url + "platforms/")
    assert len(visible_rows(page)) == 2
    page.select_option('select[name="status"]', "proposed")
    assert page.url.endswith("platforms/?status=proposed")
    shown = visible_rows(page)
    assert len(shown) == 1 and "呼包鄂" in shown[0]
    assert page.locator(".atlas-filter-status").inner_text() == "显示 1 / 2 条"

    page.goto(page.url)  # what someone opening a shared link sees
    assert visible_rows(page) == shown
    assert page.locator('select[name="status"]').input_value() == "proposed"

    page.select_option('select[name="league"]', "manzhouli")
    page.select_option('select[name="status"]', "")
    assert "league=manzhouli" in page.url and "status=" not in page.url
    assert len(visible_rows(page)) == 1
    page.get_by_role("button", name="清除筛选").click()
    assert len(visible_rows(page)) == 2 and page.url.endswith("platforms/")
    assert_clean(page_watch)


def test_search_box_filters_and_is_shared_in_the_url(page, page_watch, mini_url):
    page.goto(mini_url + "en/platforms/?q=hohhot%20economic")
    assert page.locator('input[name="q"]').input_value() == "hohhot economic"
    assert visible_rows(page) == ["Hohhot Economic and Technological Development Zone"]
    assert_clean(page_watch)


def test_sorting_by_a_column_and_back(page, page_watch, mini_url):
    page.goto(mini_url + "documents/")
    years = lambda: page.locator(".atlas-table tbody tr td:last-child").all_inner_texts()  # noqa: E731
    assert years() == ["2024", "2020", "2012"]  # newest first as generated
    date_header = page.locator(".atlas-table thead th").nth(3)
    date_header.locator("button").click()
    assert years() == ["2012", "2020", "2024"]
    assert date_header.get_attribute("aria-sort") == "ascending" and "sort=date" in page.url
    date_header.locator("button").click()
    assert years() == ["2024", "2020", "2012"]
    assert date_header.get_attribute("aria-sort") == "descending" and "sort=-date" in page.url
    page.goto(page.url)
    assert years() == ["2024", "2020", "2012"]
    assert_clean(page_watch)


def test_the_full_table_is_there_without_javascript(browser, mini_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(mini_url + "platforms/?status=proposed")
        assert pg.locator(".atlas-table tbody tr").count() == 2
        assert pg.locator(".atlas-table tbody tr:visible").count() == 2
        assert pg.locator(".atlas-filters").count() == 0
        pg.goto(mini_url + "timeline/")
        assert pg.locator("svg.atlas-timeline-chart circle").count() == 5  # the chart is drawn at build time
    finally:
        context.close()


@pytest.mark.parametrize("prefix, section, views, downloads", [
    ("", "分析", [("时间线", "时间线"), ("量化目标", "量化目标"), ("职责分工", "职责分工"), ("全国对比", "全国对比")],
     ("下载数据", "下载数据")),
    ("en/", "Analysis", [("Timeline", "Timeline"), ("Targets", "Quantitative targets"),
                         ("Who does what", "Who does what"), ("National comparison", "National comparison")],
     ("Download data", "Download the data")),
])
def test_each_view_is_reachable_from_the_navigation(page, page_watch, mini_url, prefix, section, views, downloads):
    """Tabs and the sidebar (nav name, page heading), in both languages."""
    def heading() -> str:
        page.wait_for_load_state()
        return page.locator("article h1").inner_text().removesuffix("¶")

    page.goto(mini_url + prefix)
    page.locator(".md-tabs").get_by_role("link", name=section, exact=True).click()
    assert heading() == views[0][1]
    for name, title in views[1:]:
        page.locator(".md-nav--primary").get_by_role("link", name=name, exact=True).click()
        assert heading() == title
    page.locator(".md-tabs").get_by_role("link", name=downloads[0], exact=True).click()
    assert heading() == downloads[1] and page.url.endswith(prefix + "downloads/")
    assert page.locator('article a[href$="platforms.csv"]').count() == 1
    assert_clean(page_watch)
