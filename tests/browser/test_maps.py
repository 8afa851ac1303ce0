"""The maps in headless Chromium with every tile request aborted (see tests/conftest.py).

Each map must show as many markers as it has located records, say why the base
map is missing, name and link records in popups, be usable from the keyboard,
log no console error and request nothing beyond 127.0.0.1 except tiles.

Most tests use the mini atlas (built without a Tianditu key, so the maps say
so). One extra build of a variant of it, with a key set, located cooperation
parties and a hostile name on the map, checks the tile-failure notice, the
cooperation lines and escaping in a real popup.
"""
from __future__ import annotations

import pytest

from generator.records import build_atlas
from generator.validate import validate_data
from tests.conftest import MINI_ATLAS, build_site, serve
from tests.unit.test_maps import HOSTILE, write_hostile_atlas

pytestmark = pytest.mark.browser

# Visible markers plus the markers inside each cluster icon.
COUNT_MARKERS = """() => {
  const pane = document.querySelector('.leaflet-marker-pane');
  if (!pane) return -1;
  const single = pane.querySelectorAll('.atlas-marker, .atlas-bubble').length;
  const clustered = [...pane.querySelectorAll('.atlas-cluster')].reduce((n, e) => n + Number(e.dataset.count || 0), 0);
  return single + clustered;
}"""


# Material's page shell (not the maps) still looks up sitemap.xml on every page load, relative to
# the page and at site_url. Only the test that opens Material pages tolerates that lookup; every
# test of a map document stays strict. Remove this once the theme no longer makes the request.
THEME_LOOKUP = "sitemap.xml"


def assert_clean_but_theme_lookup(watch) -> None:
    errors = [e for e in watch.console_errors if THEME_LOOKUP not in e]
    external = [u for u in watch.external_requests if THEME_LOOKUP not in u]
    assert not errors, f"console errors: {errors}"
    assert not external, f"requests left 127.0.0.1: {external}"


def atlas_of(data):
    loaded, problems = validate_data(data)
    assert problems == []
    return build_atlas(loaded)


@pytest.fixture(scope="module")
def mini_atlas():
    return atlas_of(MINI_ATLAS)


@pytest.fixture(scope="module")
def keyed(tmp_path_factory):
    """A site from the hostile variant of the mini atlas, built with a (fake) Tianditu key."""
    work = tmp_path_factory.mktemp("maps-keyed")
    data = write_hostile_atlas(work / "data")
    site = build_site(data, work, env_extra={"TIANDITU_KEY": "0123456789abcdef"})
    url, server = serve(site)
    yield url, atlas_of(data)
    server.shutdown()


def expected_counts(atlas) -> dict[str, int]:
    leagues = atlas.region_children.get("inner-mongolia", ())
    parties = {p for r in atlas.records("cooperation") for p in r.get("parties") or ()
               if atlas.get(p).location is not None}
    cooperation_parties = {p for r in atlas.records("cooperation")
                           for p in r.get("parties") or () if p in parties}
    return {
        "overview": len(atlas.located()),
        "platforms": sum(1 for r in atlas.records("platforms") if r.location is not None),
        "ports": sum(1 for r in atlas.records("ports") if r.location is not None),
        "regions": sum(1 for r in leagues if r.location is not None),
        "cooperation": len(cooperation_parties),
    }


def wait_for_markers(page, want: int) -> None:
    """Wait until the map shows ``want`` markers, then until clustering animations have finished."""
    page.wait_for_function(f"({COUNT_MARKERS})() === {want}", timeout=10000)
    page.wait_for_function("!document.querySelector('.leaflet-cluster-anim, .leaflet-zoom-anim')", timeout=10000)
    page.wait_for_timeout(300)
    page.wait_for_function(f"({COUNT_MARKERS})() === {want}", timeout=10000)


@pytest.mark.parametrize("lang", ["", "en/"])
def test_every_map_shows_every_located_record(page, page_watch, mini_url, mini_atlas, lang):
    for name, want in expected_counts(mini_atlas).items():
        page.goto(f"{mini_url}{lang}maps/{name}.html")
        wait_for_markers(page, want)
        assert page.locator("html").get_attribute("lang") == (lang.rstrip("/") or "zh")
        # No box over the data: one short line in the attribution, and a status for screen readers.
        attribution = page.locator(".leaflet-control-attribution").inner_text()
        assert ("底图未加载" if not lang else "base map not loaded") in attribution
        assert attribution.count("Leaflet") == 1
        assert page.locator("#atlas-notice").is_hidden() or \
            "atlas-visually-hidden" in page.locator("#atlas-notice").get_attribute("class")
        assert page.locator(".leaflet-control-scale").count() == 1
        # Place names orient the map without tiles (the mini atlas has Hohhot's seat and Russia).
        page.locator(".atlas-place__name").first.wait_for(state="attached")
        names = page.locator(".atlas-place__name").evaluate_all("els => els.map(e => e.textContent)")
        assert ("呼和浩特" if not lang else "Hohhot") in " ".join(names)
    page_watch.assert_clean()


def test_tile_failure_notice_when_tiles_are_blocked(page, page_watch, keyed):
    url, atlas = keyed
    tile_requests = []
    page.on("request", lambda r: tile_requests.append(r.url) if "tianditu.gov.cn" in r.url else None)
    for lang, words in (("", "底图未加载"), ("en/", "base map not loaded")):
        page.goto(f"{url}{lang}maps/overview.html")
        page.wait_for_function("document.documentElement.dataset.tiles === 'failed'", timeout=15000)
        assert words in page.locator(".leaflet-control-attribution").inner_text()
        page.locator(".atlas-place__name").first.wait_for(state="attached")  # names appear once tiles fail
        wait_for_markers(page, len(atlas.located()))
        # The graticule drawn for the missing base map has degree labels.
        assert page.locator(".atlas-graticule-label").count() > 0
    assert tile_requests and all("tk=0123456789abcdef" in u for u in tile_requests)
    page_watch.assert_clean()


def test_popup_names_and_links_the_record(page, page_watch, mini_url):
    page.goto(mini_url + "maps/platforms.html")
    wait_for_markers(page, 1)
    page.locator(".atlas-marker").first.click()
    link = page.locator(".leaflet-popup a.atlas-popup__name")
    link.wait_for()
    assert link.inner_text() == "呼和浩特经济技术开发区"
    assert link.get_attribute("target") == "_top"
    href = link.evaluate("a => a.href")
    assert href == mini_url + "platforms/hohhot-etdz/"
    assert page.request.get(href).ok
    page_watch.assert_clean()


def test_hostile_name_is_shown_as_text(page, page_watch, keyed):
    url, _ = keyed
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "en/maps/platforms.html")
    wait_for_markers(page, 2)
    page.locator(".atlas-marker[aria-label*='<script>']").click()
    link = page.locator(".leaflet-popup a.atlas-popup__name")
    link.wait_for()
    assert link.inner_text() == HOSTILE.strip()
    assert page.locator(".leaflet-popup img, .leaflet-popup script").count() == 0
    assert "Baotou </script>" in page.locator(".leaflet-popup").inner_text()
    assert dialogs == []
    page_watch.assert_clean()


def test_markers_are_reachable_by_keyboard(page, page_watch, mini_url):
    # Every marker and cluster icon on the overview is in the Tab order, with a name.
    page.goto(mini_url + "en/maps/overview.html")
    wait_for_markers(page, 3)
    icons = page.locator(".leaflet-marker-pane .leaflet-marker-icon")
    page.locator(".leaflet-container").focus()
    reached = []
    for _ in range(icons.count() + 4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')"):
            reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert len(reached) == icons.count() and all(reached), reached
    assert any("places; press Enter" in label for label in reached) or \
        "Hohhot Economic and Technological Development Zone" in reached
    # Enter opens a marker's popup and moves the focus to the record link; Escape closes it.
    page.goto(mini_url + "en/maps/platforms.html")
    wait_for_markers(page, 1)
    page.locator(".leaflet-container").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Hohhot Economic and Technological Development Zone"
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup").wait_for()
    assert "atlas-popup__name" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Escape")
    page.locator(".leaflet-popup").wait_for(state="detached")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
        "Hohhot Economic and Technological Development Zone"
    page_watch.assert_clean()


def test_cooperation_lines_and_party_markers(page, page_watch, keyed):
    url, atlas = keyed
    page.goto(url + "en/maps/cooperation.html")
    wait_for_markers(page, expected_counts(atlas)["cooperation"])
    assert page.locator("path.leaflet-interactive").count() == 1
    page.locator(".atlas-marker[aria-label='Russia']").click()
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    assert popup.locator("a", has_text="China–Russia trade facilitation").count() == 1
    page_watch.assert_clean()


def test_record_page_locator_and_family_page_frames(page, page_watch, mini_url):
    page.goto(mini_url + "platforms/hohhot-etdz/")
    frame_el = page.locator("iframe.atlas-locator")
    frame_el.scroll_into_view_if_needed()
    assert frame_el.get_attribute("title") == "位置图：呼和浩特经济技术开发区"
    frame = frame_el.content_frame
    frame.locator(".atlas-marker").wait_for()
    assert frame.locator(".leaflet-tooltip.atlas-label").inner_text() == "呼和浩特经济技术开发区"
    assert "40.8350, 111.6570" in page.locator("article").inner_text()
    # Family pages: a heading, the framed map and the text version below it.
    page.goto(mini_url + "en/ports/")
    assert page.locator("h2", has_text="Map").count() == 1
    frame_el = page.locator("iframe.atlas-map-frame")
    frame_el.scroll_into_view_if_needed()
    frame_el.content_frame.locator(".atlas-marker").wait_for()
    page.locator("details.atlas-map-text summary").click()
    assert page.locator("details.atlas-map-text a", has_text="Manzhouli Rail Port").count() == 1
    assert_clean_but_theme_lookup(page_watch)


def test_locator_for_an_unknown_id_says_so(page, page_watch, mini_url):
    page.goto(mini_url + "en/maps/locator.html#%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    notice = page.locator("#atlas-notice")
    notice.wait_for(state="visible")
    assert notice.inner_text() == "This record has no coordinates."
    assert page.locator("img[src='x']").count() == 0
    page_watch.assert_clean()


# What no control may cover when a map opens on a phone: markers, clusters, circles and lines.
OVERLAPS = """() => {
  const frame = document.querySelector('.leaflet-container').getBoundingClientRect();
  const inView = r => r.width && r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom;
  const boxes = sel => [...document.querySelectorAll(sel)].map(e => [e, e.getBoundingClientRect()]).filter(([, r]) => inView(r));
  const controls = boxes('.leaflet-control');
  const shapes = boxes('.leaflet-marker-pane .leaflet-marker-icon, path.leaflet-interactive');
  const hits = [];
  for (const [c, a] of controls) for (const [m, b] of shapes) {
    if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top)
      hits.push(c.className.split(' ').slice(-1)[0] + ' over ' + (m.getAttribute('aria-label') || m.tagName));
  }
  return {hits, shapes: shapes.length};
}"""


@pytest.mark.parametrize("path", ["", "platforms/", "ports/", "regions/", "cooperation/", "en/", "en/regions/"])
def test_no_control_covers_a_marker_on_a_phone(browser, real_url, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        page.goto(real_url + path)
        frame_el = page.locator("iframe.atlas-map-frame").first
        frame_el.scroll_into_view_if_needed()
        frame = frame_el.element_handle().content_frame()
        frame.wait_for_function("Number(document.documentElement.dataset.markers || 0) > 0", timeout=15000)
        frame.wait_for_function("!document.querySelector('.leaflet-cluster-anim, .leaflet-zoom-anim')", timeout=10000)
        page.wait_for_timeout(600)
        result = frame.evaluate(OVERLAPS)
        assert result["shapes"] > 0
        assert result["hits"] == [], result["hits"]
    finally:
        context.close()
