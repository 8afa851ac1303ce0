"""Record pages' open data in a browser: the embed snippet works on another site, the filtered
table downloads exactly its rows as CSV, and the citation buttons copy and download.

Drives the mini fixture site (tests/conftest.py: a loopback server, and a watch on console errors
and on requests leaving 127.0.0.1).
"""
from __future__ import annotations

import csv
import html
import io
import re

import pytest

from generator.site_config import site_url
from tests.conftest import serve

pytestmark = pytest.mark.browser


def embed_snippet(site, path: str) -> str:
    """The embed code a reader copies from a record page."""
    page = (site / path / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"{path} has no embed code"
    return html.unescape(match.group(1))


@pytest.mark.parametrize("path, name", [("platforms/hohhot-etdz", "呼和浩特经济技术开发区"),
                                        ("en/regions/hohhot", "Hohhot")])
def test_the_embed_snippet_shows_the_map_on_another_origin(page, page_watch, mini_site, mini_url, tmp_path,
                                                           path, name):
    snippet = embed_snippet(mini_site, path)
    assert snippet.startswith(f'<iframe src="{site_url()}') and f'href="{site_url()}{path}/"' in snippet
    # The atlas is published at site_url; here it is served at mini_url (origin A). The page that
    # embeds it is served from a second loopback server (origin B, another port).
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Someone's article</title></head>"
        f"<body><h1>An article elsewhere</h1>{snippet.replace(site_url(), mini_url)}</body></html>",
        encoding="utf-8")
    other_url, server = serve(tmp_path)
    try:
        assert other_url.split(":")[2] != mini_url.split(":")[2]
        page.goto(other_url)
        frame_el = page.locator("iframe")
        frame_el.scroll_into_view_if_needed()
        box = frame_el.bounding_box()
        assert 300 <= box["width"] <= 640 and box["height"] == 400
        frame = frame_el.content_frame
        frame.locator(".atlas-marker").first.wait_for()
        assert frame.locator(".leaflet-tooltip.atlas-label").first.inner_text() == name
        link = page.locator("a", has_text=name)
        assert link.get_attribute("href") == f"{mini_url}{path}/"
        page_watch.assert_clean()
    finally:
        server.shutdown()


def test_download_what_you_see_gives_the_filtered_rows_with_every_column(page, page_watch, mini_site, mini_url):
    page.goto(mini_url + "platforms/?status=proposed")
    assert page.locator(".atlas-table tbody tr:visible").count() == 1
    link = page.locator("a[data-csv-filtered]")
    assert link.inner_text() == "下载当前筛选 CSV"
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "platforms-filtered.csv"
    data = open(download.path(), "rb").read()
    full = (mini_site / "downloads" / "platforms.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    header, *rows = full.split(b"\r\n")[:-1]
    assert data.split(b"\r\n")[0] == header  # the same columns as the full CSV
    kept = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["id"] for r in kept] == ["hubaoe-financial-reform-zone"]
    assert data == b"\r\n".join([header] + [r for r in rows if r.startswith(b"hubaoe-financial-reform-zone,")]) + b"\r\n"
    # Cleared filters: every row again.
    page.get_by_role("button", name="清除筛选").click()
    with page.expect_download() as info:
        link.click()
    assert open(info.value.path(), "rb").read() == full
    page_watch.assert_clean()


def test_citation_buttons_set_todays_date_copy_and_download(page, page_watch, mini_url, browser):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=mini_url.rstrip("/"))
    page.goto(mini_url + "en/ports/manzhouli-rail-port/")
    today = page.evaluate("() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()] }")
    iso = f"{today[0]}-{today[1]:02d}-{today[2]:02d}"
    page.locator("summary", has_text="BibTeX").click()
    bibtex = page.locator("#cite-bibtex").inner_text()
    assert f"urldate = {{{iso}}}" in bibtex
    page.locator("button[data-copy='cite-bibtex']").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == bibtex
    page.locator("summary", has_text="RIS").click()
    with page.expect_download() as info:
        page.locator("button[data-download='cite-ris']").click()
    assert info.value.suggested_filename == "manzhouli-rail-port.ris"
    ris = open(info.value.path(), encoding="utf-8").read()
    assert ris.startswith("TY  - DATA\n") and f"Y2  - {iso.replace('-', '/')}\n" in ris
    page_watch.assert_clean()
