"""Long record tables show a page of rows at a time (assets/tables.js and assets/views.css).

A national atlas lists thousands of records on one index page; a phone laying out every row
took Lighthouse 20 s. These tests load the two assets into a bare page with a 250-row table,
so they run without building a site.
"""
from __future__ import annotations

import pytest

from generator.paths import ASSETS_DIR

pytestmark = pytest.mark.browser

ROWS = 250


def table_page(js_on: bool) -> str:
    rows = "".join(f'<tr><td>Zone {i:03d}</td><td><span data-v="{"ab"[i % 2]}">{"AB"[i % 2]}</span></td></tr>'
                   for i in range(ROWS))
    return (f'<!doctype html><html lang="en"{" class=atlas-js" if js_on else ""}><head><title>t</title></head><body>'
            '<div class="atlas-table" data-table="t" data-columns="name kind" data-filters="kind">'
            f'<table><thead><tr><th>Name</th><th>Kind</th></tr></thead><tbody>{rows}</tbody></table>'
            '</div></body></html>')


def open_table(page, js_on: bool) -> None:
    """Open the table page at a loopback address (tables.js writes its state into the URL)."""
    url = "http://127.0.0.1:9/long-table/"
    page.route(url + "**", lambda route: route.fulfill(body=table_page(js_on), content_type="text/html"))
    page.goto(url)


def shown(page) -> int:
    return page.locator(".atlas-table tbody tr:visible").count()


def test_first_paint_shows_one_page_of_rows_only_when_scripts_run(page, page_watch):
    css = (ASSETS_DIR / "views.css").read_text(encoding="utf-8")
    open_table(page, js_on=True)
    page.add_style_tag(content=css)
    assert shown(page) == 100  # before tables.js has run
    page.unroute_all()
    open_table(page, js_on=False)
    page.add_style_tag(content=css)
    assert shown(page) == ROWS  # no scripts: the whole table
    page_watch.assert_clean()


def test_show_more_show_all_and_filters_start_again(page, page_watch):
    open_table(page, js_on=True)
    page.add_style_tag(content=(ASSETS_DIR / "views.css").read_text(encoding="utf-8"))
    page.add_script_tag(content=(ASSETS_DIR / "tables.js").read_text(encoding="utf-8"))
    assert shown(page) == 100
    assert page.locator(".atlas-filter-status").inner_text() == "250 of 250, first 100 shown"
    page.get_by_role("button", name="Show 100 more").click()
    assert shown(page) == 200
    assert page.locator(".atlas-filter-status").inner_text() == "250 of 250, first 200 shown"
    page.get_by_role("button", name="Show all 250").click()
    assert shown(page) == ROWS
    assert page.locator(".atlas-more").is_hidden()
    assert page.locator(".atlas-filter-status").inner_text() == "250 of 250"

    page.select_option('select[name="kind"]', "b")  # 125 rows match: one page again
    assert shown(page) == 100 and page.url.endswith("/long-table/?kind=b")
    assert page.locator(".atlas-filter-status").inner_text() == "125 of 250, first 100 shown"
    assert page.get_by_role("button", name="Show 25 more").is_visible()
    visible = page.locator(".atlas-table tbody tr:visible td:first-child").all_inner_texts()
    assert visible[:2] == ["Zone 001", "Zone 003"] and all(int(v[5:]) % 2 for v in visible)

    page.get_by_role("button", name="Show all 125").click()
    assert shown(page) == 125
    header = page.locator(".atlas-table thead th").first
    header.locator("button").click()
    header.locator("button").click()  # descending by name
    first = page.locator(".atlas-table tbody tr:visible td:first-child").first.inner_text()
    assert first == "Zone 249" and shown(page) == 125  # sorting keeps what the reader opened
    page_watch.assert_clean()
