"""A reader's walk through the real atlas in headless Chromium: home, a platform page, search, both languages."""
from __future__ import annotations

from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser


def test_home_and_a_platform_page(page, page_watch, real_url):
    page.goto(real_url)
    assert "内蒙古国家政策类平台图谱" in page.title()
    page.locator(".md-tabs__link", has_text="政策平台").click()
    page.wait_for_load_state()
    first = page.locator(".atlas-table tbody td:first-child a").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(name)
    assert page.locator("#source-1").count() == 1
    page_watch.assert_clean()


def _search(page, term: str):
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill(term)
    results = page.locator(".atlas-search__item")
    results.first.wait_for(timeout=15000)
    return results


def test_search_finds_manzhouli_in_chinese(page, page_watch, real_url):
    page.goto(real_url)
    results = _search(page, "满洲里")
    assert results.count() >= 2
    assert "满洲里" in page.locator(".atlas-search__list").inner_text()
    page_watch.assert_clean()


def test_english_edition_and_language_switch(page, page_watch, real_url):
    page.goto(real_url + "en/")
    assert page.locator("html").get_attribute("lang") == "en"
    results = _search(page, "Manzhouli")
    assert results.count() >= 1
    assert "Manzhouli" in page.locator(".atlas-search__list").inner_text()
    page.goto(real_url + "en/platforms/")
    page.locator(".atlas-table tbody td:first-child a").first.click()
    page.wait_for_load_state()
    en_url = page.url
    assert "/en/platforms/" in en_url
    # The language switcher leads to the same record in Chinese.
    href = page.locator(".md-select__link[lang='zh']").first.get_attribute("href")
    page.goto(urljoin(en_url, href))
    assert page.url == en_url.replace("/en/", "/", 1)
    assert page.locator("html").get_attribute("lang") == "zh"
    page_watch.assert_clean()
