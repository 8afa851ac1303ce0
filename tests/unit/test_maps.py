"""The map documents: escaping, datum conversion, reproducibility, self-hosting, credits, no boundaries.

Most tests draw the maps of the mini atlas with a hostile variant: one platform
gets a location and a name containing <script>, and the cooperation's parties
get locations so that lines are drawn.
"""
from __future__ import annotations

import copy
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import branca.element
import folium
import pytest
import yaml

import generator.maps as maps
from generator.coords import distance_m, wgs84_to_gcj02
from generator.pages import render_pages
from generator.records import build_atlas
from generator.validate import validate_data

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini_atlas"
HOSTILE = "呼包鄂 <script>alert(1)</script> \"q\" & 'a' </script><img src=x onerror=alert(2)>"
CDN_HOSTS = ("jsdelivr", "cdnjs", "code.jquery.com", "netdna", "unpkg", "bootstrapcdn", "fontawesome",
             "googleapis")


def load(data: Path):
    loaded, problems = validate_data(data)
    assert problems == [], problems
    return build_atlas(loaded)


def write_hostile_atlas(dest: Path) -> Path:
    """Copy the mini atlas; locate the hostile platform and the cooperation's parties."""
    shutil.copytree(MINI, dest)
    platforms = yaml.safe_load((dest / "platforms.yaml").read_text(encoding="utf-8"))
    hostile = next(p for p in platforms["platforms"] if p["id"] == "hubaoe-financial-reform-zone")
    hostile["name"]["en"] = HOSTILE
    hostile["location"] = {"lat": 40.65, "lon": 109.84, "precision": "approximate",
                           "represents": {"zh": "包头 <b>x</b>", "en": "Baotou </script>"},
                           "sources": copy.deepcopy(hostile["sources"])}
    (dest / "platforms.yaml").write_text(yaml.safe_dump(platforms, allow_unicode=True), encoding="utf-8")
    regions = yaml.safe_load((dest / "regions.yaml").read_text(encoding="utf-8"))
    for region in regions["regions"]:
        if region["id"] == "china":
            region["location"] = {"lat": 39.9, "lon": 116.4, "precision": "approximate",
                                  "sources": copy.deepcopy(region["sources"])}
        if region["id"] == "russia":
            region["location"] = {"lat": 50.38, "lon": 116.52, "precision": "approximate",
                                  "sources": copy.deepcopy(region["sources"])}
    (dest / "regions.yaml").write_text(yaml.safe_dump(regions, allow_unicode=True), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def mini_atlas():
    return load(MINI)


@pytest.fixture(scope="module")
def hostile_atlas(tmp_path_factory):
    return load(write_hostile_atlas(tmp_path_factory.mktemp("maps") / "data"))


@pytest.fixture(scope="module")
def hostile_maps(hostile_atlas):
    return maps.draw_maps(hostile_atlas, environ={})


class _Scripts(HTMLParser):
    """Collects <script> elements and the text after </html>."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.inline: list[str] = []
        self._in_script = False
        self.closed_html = False
        self.after_html = ""
        self.html_lang = None
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = dict(attrs).get("lang")
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in_script = True
            self.inline.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "html":
            self.closed_html = True

    def handle_data(self, data):
        if self._in_script:
            self.inline[-1] += data
        elif self.closed_html:
            self.after_html += data


def parse(doc: bytes) -> _Scripts:
    p = _Scripts()
    p.feed(doc.decode("utf-8"))
    p.close()
    return p


DATA_BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)


def payloads(doc: bytes, call: str) -> list:
    """The data of every AtlasMaps.<call>(layer, AtlasMaps.data(id)) in a document, unpacked."""
    text = doc.decode("utf-8")
    blocks = {block_id: json.loads(body) for block_id, body in DATA_BLOCK.findall(text)}
    out = []
    for block_id in re.findall(rf'AtlasMaps\.{call}\(\w+,AtlasMaps\.data\("([^"]+)"\)', text):
        value = blocks[block_id]
        out.append(maps.unpack_items(value) if isinstance(value, dict) and "r" in value else value)
    return out


# Escaping ----------------------------------------------------------------------------------------
def test_hostile_name_stays_data(hostile_maps):
    doc = hostile_maps["en/maps/overview.html"]
    parsed = parse(doc)
    text = doc.decode("utf-8")
    # Three library scripts, JSON data blocks (never executed) and one inline script: nothing else.
    sources = [s.get("src") for s in parsed.scripts if s.get("src")]
    assert sources == ["../../assets/vendor/leaflet/leaflet.js", "../../assets/maps.js",
                       "../../assets/vendor/leaflet.markercluster/leaflet.markercluster.js"]
    data = [s for s in parsed.scripts if s.get("type") == "application/json"]
    inline = [s for s in parsed.scripts if not s.get("src") and s.get("type") != "application/json"]
    assert len(data) >= 1 and len(inline) == 1
    # The hostile text appears only inside data blocks, with every "<" escaped.
    assert "alert(1)" not in DATA_BLOCK.sub("", text)
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in text
    items = payloads(doc, "markers")[0]
    assert any(i["n"] == HOSTILE for i in items)
    assert any(i.get("a") == "Approximate location: Baotou </script>" for i in items)


def test_packed_items_round_trip(hostile_atlas):
    ctx = maps.MapContext(hostile_atlas, maps.load_labels(), "en", maps.choose_basemap(hostile_atlas.meta, {}))
    items = [dict(ctx.marker_item(r), l=r.family) for r in hostile_atlas.located()]
    assert maps.unpack_items(maps.pack_items(items)) == items
    table = maps.locator_table(ctx)
    assert maps.unpack_locator(maps.pack_locator(table)) == table


@pytest.mark.parametrize("name", ["overview", "platforms", "locator"])
def test_no_raw_markup_from_data_in_any_language(hostile_maps, name):
    for lang in ("zh", "en"):
        text = hostile_maps[f"{lang}/maps/{name}.html"].decode("utf-8")
        assert "<img" not in text and "<b>" not in text
        assert text.count("</script>") == text.count("<script")


def test_popups_and_tooltips_use_text_nodes():
    js = (REPO / "assets" / "maps.js").read_text(encoding="utf-8")
    # Data reaches the DOM through textContent only; innerHTML is used for static markup and for
    # HTML the generator writes from escaped labels (legend, glyphs), each marked by a comment.
    for line in js.splitlines():
        if ".innerHTML" in line:
            assert "glyphSvg" in line or "written by the generator" in line, line
    assert "bindPopup(function" in js and "bindTooltip(tooltipContent" in js


def test_js_json_escapes_markup():
    assert maps.js_json({"n": "</script><!--&\u2028"}) == '{"n":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"}'


# Coordinates -------------------------------------------------------------------------------------
def test_gcj02_matches_the_standard_transform():
    # Published test point of the open implementations (eviltransform): Beijing.
    lat, lon = wgs84_to_gcj02(39.911954, 116.377817)
    assert lat == pytest.approx(39.91334545536069, abs=1e-9)
    assert lon == pytest.approx(116.38404722455657, abs=1e-9)


@pytest.mark.parametrize("place, lat, lon", [("Manzhouli", 49.59, 117.38), ("Ejin", 41.95, 101.07),
                                             ("Hohhot", 40.835, 111.657), ("Erenhot", 43.65, 111.98)])
def test_gcj02_offset_in_inner_mongolia(place, lat, lon):
    offset = distance_m(lat, lon, *wgs84_to_gcj02(lat, lon))
    assert 270 <= offset <= 645, f"{place}: {offset:.0f} m"


def test_outside_china_is_not_shifted():
    assert wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)


def test_display_point_converts_only_for_amap(mini_atlas):
    loc = {"lat": 49.59, "lon": 117.38}
    amap = maps.choose_basemap(mini_atlas.meta, {"ATLAS_BASEMAP": "amap"})
    tianditu = maps.choose_basemap(mini_atlas.meta, {})
    assert maps.display_point(loc, tianditu) == [49.59, 117.38]
    shifted = maps.display_point(loc, amap)
    assert 600 < distance_m(49.59, 117.38, *shifted) < 645
    drawn = payloads(maps.draw_maps(mini_atlas, {"ATLAS_BASEMAP": "amap"})["zh/maps/ports.html"], "markers")[0]
    assert drawn[0]["p"] == shifted


# Reproducibility ---------------------------------------------------------------------------------
def test_two_draws_are_byte_identical(hostile_atlas):
    assert maps.draw_maps(hostile_atlas, environ={}) == maps.draw_maps(hostile_atlas, environ={})


def test_branca_id_patch_is_in_effect():
    # If branca renames or stops calling _generate_id, ids turn random again and this fails.
    assert branca.element.Element._generate_id.__func__ is maps._counter_id
    maps.reset_ids()
    first = folium.Map(tiles=None).get_name()
    maps.reset_ids()
    assert folium.Map(tiles=None).get_name() == first
    assert re.fullmatch(r"map_\d+", first)


def test_no_random_ids_in_documents(hostile_maps):
    for path, doc in hostile_maps.items():
        assert not re.search(rb"[0-9a-f]{32}", doc), path


# Self-hosting and documents ----------------------------------------------------------------------
def test_no_cdn_or_osm_in_default_build(hostile_maps):
    for path, doc in hostile_maps.items():
        text = doc.decode("utf-8").lower()
        for host in CDN_HOSTS + ("openstreetmap",):
            assert host not in text, f"{path} mentions {host}"
        for ref in re.findall(r'(?:src|href)="([^"]+)"', text):
            assert ref.startswith("../"), f"{path} loads {ref}"


def test_osm_only_when_chosen(mini_atlas):
    files = maps.draw_maps(mini_atlas, {"ATLAS_BASEMAP": "osm"})
    text = files["en/maps/overview.html"].decode("utf-8")
    assert "tile.openstreetmap.org" in text and "not reviewed for readers in mainland China" in text
    assert not any(host in text for host in CDN_HOSTS)


def test_vendored_files_exist_with_licences(hostile_maps):
    assets = REPO / "assets"
    for doc in hostile_maps.values():
        for ref in re.findall(r'(?:src|href)="\.\./(?:\.\./)?assets/([^"]+)"', doc.decode("utf-8")):
            assert (assets / ref).is_file(), ref
    assert (assets / "vendor" / "leaflet" / "LICENSE").is_file()
    assert (assets / "vendor" / "leaflet.markercluster" / "LICENSE").is_file()
    assert (assets / "vendor" / "leaflet" / "images" / "layers.png").is_file()
    readme = (assets / "vendor" / "README.txt").read_text(encoding="utf-8")
    assert "leaflet 1.9.4" in readme and "leaflet.markercluster 1.5.3" in readme


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_documents_have_lang_title_viewport_and_nothing_after_html(hostile_maps, lang):
    for name in maps.MAP_NAMES:
        doc = hostile_maps[f"{lang}/maps/{name}.html"]
        parsed = parse(doc)
        text = doc.decode("utf-8")
        assert parsed.html_lang == lang
        assert re.search(r"<title>[^<]+</title>", text)
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
        assert "user-scalable=no" not in text
        assert text.rstrip().endswith("</html>") and parsed.after_html.strip() == ""
        assert text.index("<script>\n") > text.index("<body>")  # the inline script is inside <body>
        assert 'role="status"' in text and "<noscript>" in text


# Credits and base maps ---------------------------------------------------------------------------
def test_attribution_on_every_map(hostile_maps):
    for path, doc in hostile_maps.items():
        text = doc.decode("utf-8")
        if path.startswith("zh/"):
            assert "天地图" in text and "审图号待确认" in text, path
        else:
            assert "Tianditu" in text and "review number to be confirmed" in text, path


def test_configured_review_number_is_shown(mini_atlas):
    meta = dict(mini_atlas.meta)
    meta["map"] = {"basemap": "tianditu", "review_numbers": {"tianditu": "GS(0000)0000号 <i>"}}
    basemap = maps.choose_basemap(meta, {})
    ctx = maps.MapContext(mini_atlas, maps.load_labels(), "zh", basemap)
    assert "审图号：GS(0000)0000号 &lt;i&gt;" in ctx.attribution()


def test_missing_key_is_said_on_the_map_and_a_key_loads_tiles(mini_atlas):
    no_key = maps.draw_maps(mini_atlas, {})["zh/maps/overview.html"].decode("utf-8")
    assert '"keyMissing":true' in no_key and '"tiles":[]' in no_key
    with_key = maps.draw_maps(mini_atlas, {"TIANDITU_KEY": "abcdef0123456789"})["zh/maps/overview.html"]
    text = with_key.decode("utf-8")
    assert '"keyMissing":false' in text and "tianditu.gov.cn/vec_w/wmts" in text and "tk=abcdef0123456789" in text


def test_basemap_setting_and_override(mini_atlas):
    assert maps.choose_basemap(mini_atlas.meta, {}).name == "tianditu"
    assert maps.choose_basemap(mini_atlas.meta, {"ATLAS_BASEMAP": "amap"}).datum == "gcj02"
    with pytest.raises(ValueError, match="unknown base map"):
        maps.choose_basemap(mini_atlas.meta, {"ATLAS_BASEMAP": "google"})
    with pytest.raises(ValueError, match="Tianditu key"):
        maps.choose_basemap(mini_atlas.meta, {"TIANDITU_KEY": "x\"><script>"})


def test_map_settings_in_data_and_fixture_agree():
    def section(path: Path):
        return yaml.safe_load(path.read_text(encoding="utf-8"))["map"]
    assert section(REPO / "data" / "atlas.yaml") == section(MINI / "atlas.yaml")


# What is drawn -----------------------------------------------------------------------------------
def test_no_boundary_polygons(hostile_maps):
    for path, doc in hostile_maps.items():
        text = doc.decode("utf-8")
        for forbidden in ("L.polygon", "L.geoJson", "L.geoJSON", "Polygon", "L.rectangle", "choropleth"):
            assert forbidden not in text, f"{path}: {forbidden}"
        if "markerClusterGroup" in text:
            assert '"showCoverageOnHover": false' in text  # no convex hulls around clusters
    js = (REPO / "assets" / "maps.js").read_text(encoding="utf-8")
    assert "polygon" not in js.lower() and "geojson" not in js.lower()


def test_marker_counts_match_located_records(hostile_atlas, hostile_maps):
    located = hostile_atlas.located()
    assert len(payloads(hostile_maps["zh/maps/overview.html"], "markers")[0]) == len(located)
    for family in ("platforms", "ports"):
        want = [r for r in hostile_atlas.records(family) if r.location is not None]
        assert len(payloads(hostile_maps[f"zh/maps/{family}.html"], "markers")[0]) == len(want)


def test_cooperation_lines_join_located_parties(hostile_maps):
    lines = payloads(hostile_maps["en/maps/cooperation.html"], "lines")[0]
    assert len(lines) == 1 and lines[0]["n"] == "China–Russia trade facilitation"
    assert lines[0]["h"] == "../cooperation/china-russia-trade/"
    parties = payloads(hostile_maps["en/maps/cooperation.html"], "markers")[0]
    assert sorted(p["n"] for p in parties) == ["China", "Russia"]


def test_region_counts_match_the_text_version(hostile_atlas, hostile_maps):
    bubbles = payloads(hostile_maps["en/maps/regions.html"], "bubbles")[0]
    assert [(b["n"], b["v"]) for b in bubbles] == [("Hohhot", 2)]
    page = render_pages(hostile_atlas)["en/regions/index.md"]
    assert re.search(r"\| \[Hohhot\]\([^)]*\) \| 2 \| yes \|", page)
    assert re.search(r"\| \[Manzhouli\]\([^)]*\) \| 1 \| no \(no seat coordinates\) \|", page)


def test_locator_table_and_pages(hostile_atlas, hostile_maps):
    table = maps.unpack_locator(payloads(hostile_maps["zh/maps/locator.html"], "locator")[0])
    assert table["hubaoe-financial-reform-zone"]["q"][0]["a"] == "近似位置：包头 <b>x</b>"
    assert table["china-russia-trade"]["n"] == "中俄贸易便利化"
    assert [q["n"] for q in table["china-russia-trade"]["q"]] == ["中国", "俄罗斯"]
    assert set(table) == {r.id for r in hostile_atlas.located()} | {"china-russia-trade"}
    pages = render_pages(hostile_atlas)
    assert 'maps/locator.html#hohhot-etdz"' in pages["zh/platforms/hohhot-etdz/index.md"]
    assert "../../maps/locator.html#" in pages["en/cooperation/china-russia-trade/index.md"]
    assert "locator.html" not in pages["zh/documents/neizhengbanfa-2024-5/index.md"]


def test_every_map_page_has_a_heading_a_frame_title_and_a_text_version(mini_atlas):
    pages = render_pages(mini_atlas)
    for lang in ("zh", "en"):
        for path, src in [("index.md", "maps/overview.html")] + [
                (f"{family}/index.md", f"../maps/{family}.html")
                for family in ("platforms", "ports", "cooperation", "regions")]:
            page = pages[f"{lang}/{path}"]
            assert f'src="{src}"' in page, (lang, path)
            assert re.search(r'<iframe [^>]*title="[^"]+"', page)
            assert '<details class="atlas-map-text" markdown="1" data-pagefind-ignore>' in page
            heading = "## 地图" if lang == "zh" else "## Map"
            assert heading in page


def test_home_map_text_version_has_one_list_item_per_family(mini_atlas):
    """Each family's line of the home map's text version is its own list item (they once ran together)."""
    pages = render_pages(mini_atlas)
    for lang in ("zh", "en"):
        text = pages[f"{lang}/index.md"].split('<details class="atlas-map-text"')[1].split("</details>")[0]
        items = [line for line in text.splitlines() if line.startswith("- **")]
        families = {r.family for r in mini_atlas.located()}
        assert len(items) == len(families) == 3
        assert ")- **" not in text


# Maps that orient without tiles --------------------------------------------------------------------
def setup_config(doc: bytes) -> dict:
    """The JSON given to AtlasMaps.setup in a map document."""
    text = doc.decode("utf-8")
    start = text.index("AtlasMaps.setup(")
    body = text[text.index(",", start) + 1:text.index(");", start)]
    return json.loads(body)


def test_place_names_are_league_seats_and_neighbours(hostile_atlas, hostile_maps):
    places = setup_config(hostile_maps["zh/maps/overview.html"])["places"]
    seats = [p for p in places if p["c"] == "seat"]
    leagues = [r for r in maps.league_units(hostile_atlas) if r.location is not None]
    # Every league or city with a sourced seat is named at exactly its own coordinates.
    assert [p["n"] for p in seats] and {p["n"] for p in seats} == {r.name["zh"] for r in leagues}
    for place in seats:
        league = next(r for r in leagues if r.name["zh"] == place["n"])
        assert place["p"] == maps.display_point(league.location, maps.choose_basemap(hostile_atlas.meta, {}))
    # Neighbours are named by the data's own names, only where the data has the region.
    free = {p["n"] for p in places if p["c"] in ("country", "province")}
    assert free == {hostile_atlas.get(rid).name["zh"] for rid in maps.NEIGHBOUR_LABELS if rid in hostile_atlas.by_id}
    # Names only: each is a single point, and the English map names them in English.
    assert all(len(p["p"]) == 2 for p in places)
    en = setup_config(hostile_maps["en/maps/overview.html"])["places"]
    assert {p["n"] for p in en if p["c"] == "seat"} == {r.name["en"] for r in leagues}


def test_regions_map_writes_league_names_below_its_circles(hostile_maps):
    config = setup_config(hostile_maps["en/maps/regions.html"])
    bubbles = payloads(hostile_maps["en/maps/regions.html"], "bubbles")[0]
    below = {p["n"]: p["d"] for p in config["places"] if "d" in p}
    assert below == {b["n"]: b["d"] for b in bubbles}
    assert config["iconRadius"] >= max(b["d"] for b in bubbles) // 2


def test_every_map_has_a_scale_and_says_when_tiles_are_missing(hostile_maps):
    for path, doc in hostile_maps.items():
        config = setup_config(doc)
        assert config["scale"] is True, path
        assert config["keyMissing"] is True and config["tiles"] == [], path
        want = "底图未加载" if path.startswith("zh/") else "base map not loaded"
        assert want in config["missing"], path
    # The reader's map carries no builder-facing words about keys.
    assert "密钥" not in hostile_maps["zh/maps/overview.html"].decode("utf-8")


def test_build_note_tells_a_builder_what_to_do(mini_atlas):
    note = maps.basemap_build_note(mini_atlas.meta, {})
    assert "TIANDITU_KEY" in note
    keyed = maps.basemap_build_note(mini_atlas.meta, {"TIANDITU_KEY": "abcdef0123456789"})
    assert keyed is not None and "review_numbers" in keyed
    meta = dict(mini_atlas.meta, map={"basemap": "tianditu", "review_numbers": {"tianditu": "GS(0000)0000号"}})
    assert maps.basemap_build_note(meta, {"TIANDITU_KEY": "abcdef0123456789"}) is None


@pytest.mark.parametrize("precision, ring, words", [
    ("exact", "", None),
    ("approximate", "a", "近似位置"),
    ("seat", "s", "画在所在地驻地"),
])
def test_marker_ring_tells_own_place_from_host_seat(mini_atlas, precision, ring, words):
    ctx = maps.MapContext(mini_atlas, maps.load_labels(), "zh", maps.choose_basemap(mini_atlas.meta, {}))
    location = {"lat": 40.8, "lon": 111.6, "precision": precision, "represents": {"zh": "呼和浩特市", "en": "Hohhot"}}
    assert maps.precision_mark(location) == ring
    note = ctx.approx_note(location)
    assert (note is None) if words is None else (words in note and "呼和浩特市" in note)
    if precision == "seat":
        assert "不是该地点本身" in note


def test_packed_rings_round_trip(hostile_atlas):
    ctx = maps.MapContext(hostile_atlas, maps.load_labels(), "en", maps.choose_basemap(hostile_atlas.meta, {}))
    items = [ctx.marker_item(r) for r in hostile_atlas.located()]
    items[0]["m"] = "s"
    assert maps.unpack_items(maps.pack_items(items)) == items
    table = maps.locator_table(ctx)
    first = next(iter(table))
    table[first]["q"][0]["m"] = "s"
    assert maps.unpack_locator(maps.pack_locator(table)) == table


def test_legend_lists_only_the_rings_in_use(mini_atlas):
    ctx = maps.MapContext(mini_atlas, maps.load_labels(), "en", maps.choose_basemap(mini_atlas.meta, {}))
    legend = maps._precision_legend(ctx, [{"m": "a"}, {"m": "s"}])
    assert "atlas-key--approx" in legend and "atlas-key--seat" in legend and "atlas-key--exact" not in legend
    assert "Host seat" in legend
