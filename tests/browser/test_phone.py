"""Every page type read on a phone (390 x 844): no sideways page scroll, tables scroll in their box,
the timeline opens at the recent years with readable labels, footnote links are big enough to tap,
titles have body-text contrast."""
from __future__ import annotations

import pytest

from tests.test_site import real_atlas

pytestmark = pytest.mark.browser

VIEWS = ["", "timeline/", "targets/", "departments/", "compare/", "downloads/", "maps/", "about/",
         "performance/", "reference/fields/", "coverage/"]


def page_types() -> list[str]:
    atlas = real_atlas()
    paths = list(VIEWS)
    for family in ("platforms", "ports", "cooperation", "regions", "documents", "organisations"):
        paths.append(f"{family}/")
        paths.append(f"{family}/{atlas.records(family)[0].id}/")
    return paths + ["en/", "en/documents/", "en/timeline/", "en/regions/hulunbuir/"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(phone, real_url, real_site):
    wide = []
    for path in page_types():
        if not (real_site / path / "index.html").is_file():
            continue
        phone.goto(real_url + path)
        phone.wait_for_load_state("load")
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            wide.append((path, overflow))
    assert wide == []


def test_wide_tables_scroll_in_their_own_box_with_a_cue(phone, real_url):
    phone.goto(real_url + "documents/")
    wrap = phone.locator(".md-typeset__scrollwrap").first
    wrap.wait_for()
    sizes = wrap.evaluate("e => [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX, "
                          "getComputedStyle(e).backgroundImage]")
    assert sizes[0] > sizes[1] and sizes[2] == "auto"  # wider than the screen, scrolls in its box
    assert sizes[3].count("gradient") == 4              # covers and the shadow at the cut edges


def test_timeline_opens_at_recent_years_with_readable_labels(phone, real_url):
    phone.goto(real_url + "timeline/")
    figure = phone.locator(".atlas-timeline-figure")
    figure.wait_for()
    # Scrolled to its right end: the last year label is on screen, the first is not.
    labels = phone.locator(".atlas-tl-year")
    last = labels.last.bounding_box()
    first = labels.first.bounding_box()
    assert 0 <= last["x"] <= 390 and first["x"] < 0
    size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.atlas-tl-year')).fontSize) * "
                          "document.querySelector('.atlas-timeline-chart').getBoundingClientRect().width / 720")
    assert size >= 12


def test_footnote_links_are_tap_targets_and_titles_have_body_contrast(phone, real_url):
    atlas = real_atlas()
    phone.goto(real_url + f"platforms/{atlas.records('platforms')[0].id}/")
    cite = phone.locator("sup.cite a").first
    box = cite.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    colours = phone.evaluate("[getComputedStyle(document.querySelector('.md-typeset h1')).color, "
                             "getComputedStyle(document.querySelector('article.md-typeset')).color]")
    assert colours[0] == colours[1]
