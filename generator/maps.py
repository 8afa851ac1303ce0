"""Maps: the standalone map documents the pages embed, drawn with folium on self-hosted Leaflet.

Input: an ``Atlas`` and the environment (``ATLAS_BASEMAP`` may override the base
map chosen in ``data/atlas.yaml``; ``TIANDITU_KEY`` holds the Tianditu key).
Output: a mapping from a path in the docs tree to the file's bytes, for each
language (``zh/...`` is served at ``/``, ``en/...`` at ``/en/``):

    maps/overview.html     every located record in one cluster, with a switch per family
    maps/platforms.html    policy platforms
    maps/ports.html        ports, one layer (and glyph) per mode: rail, road, air
    maps/cooperation.html  a line between the parties of each cooperation, styled by kind
    maps/regions.html      policy platforms per league or city as proportional circles
    maps/locator.html      the small map on every record page that has a location

    files = draw_maps(atlas)
    files["zh/maps/overview.html"][:15]   # b'<!DOCTYPE html>'

Design choices:

- One locator document per language, not one per record. A record page embeds
  ``maps/locator.html#<record id>``; the document holds a compact table of every
  located record (id -> name and points, already in the base map's datum) and
  shows the entry the fragment names. The id is only a key into that table, and
  the name reaches the page through ``textContent``, so a crafted URL cannot put
  text or markup on the site. A fragment (not a query) keeps one cache entry for
  every page: after the first record page, a locator costs the reader one small
  iframe tag. Thousands of per-record files would instead add one uncached
  document per page and grow the build linearly. ``benchmarks/maps.py`` measures
  the weights.
- Every coordinate drawn goes through ``display_point``: the one place where
  WGS-84 data becomes the base map's datum (GCJ-02 for AMap, unchanged for
  Tianditu and OpenStreetMap).
- The base map is one setting (``map.basemap`` in ``data/atlas.yaml``); the
  provider's attribution and its map review number (审图号), when configured,
  appear on every map. Where no tiles show (no key, or tiles blocked) the
  attribution says so in one short line ("底图未加载"), never in a box over the
  data; what a builder must do goes to the build log (``basemap_build_note``).
- Without tiles the maps still say where: a layer of names (the seats of Inner
  Mongolia's leagues and cities at their sourced coordinates, the neighbouring
  countries and provinces as free labels), a graticule and a scale. With tiles
  the base map's own names take over and the layer stays off.
- A marker's ring says how much its point can be trusted: solid for the place
  itself (exact), dashed for an approximate point, hollow for a record placed at
  its host's seat (precision ``seat``).
- Controls (zoom, layer switch, legend, attribution, scale) never cover a marker
  when a map opens: the view is fitted into the part of the frame the controls
  leave free (``assets/maps.js``), and on narrow frames the legend folds into a
  button.
- Map data goes into the documents as JSON data blocks (``<``, ``>`` and ``&``
  escaped; markers packed into shared style rows), read with ``JSON.parse``;
  ``assets/maps.js`` builds markers from it, and popups and tooltips with DOM
  text nodes when a reader first points at or focuses a marker: no jQuery,
  Bootstrap or icon fonts, and no data string is ever parsed as HTML. Layer
  names and legends are HTML written here from escaped labels. A synthetic
  3,131-marker overview shows its first marker in about 0.4 s (the benchmark).
- branca's element ids are random (``os.urandom``); ``_counter_id`` replaces
  them with a counter reset for every map, so the same data gives the same
  bytes. branca is pinned and ``tests/unit/test_maps.py`` fails if the patch
  stops taking effect.
- No boundary is drawn: points and lines between places only. Cluster coverage
  hulls are switched off, and the regions map uses circles at league seats.
"""
from __future__ import annotations

import html
import itertools
import json
import math
import os
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import branca.element
import folium
from folium.plugins import MarkerCluster
from folium.template import Template

from generator.coords import wgs84_to_gcj02
from generator.words import DEFAULT_LANG, LANGS, load_labels
from generator.counts import Counts, fill
from generator.records import FAMILY_KIND_VOCABULARY, PAGE_FAMILIES, Atlas, Record, located_parties

# Deterministic element ids ---------------------------------------------------------------------
_ids = itertools.count(1)


def _counter_id(cls) -> str:
    """A short id from a counter: branca's default is 32 random hex digits per element."""
    return str(next(_ids))


def reset_ids() -> None:
    """Restart element ids, so each map document numbers its elements from 1."""
    global _ids
    _ids = itertools.count(1)


# branca 0.8.2 (pinned in pyproject.toml) calls this classmethod in Element.__init__.
branca.element.Element._generate_id = classmethod(_counter_id)

# Base maps ---------------------------------------------------------------------------------------
BASEMAP_ENV = "ATLAS_BASEMAP"
TIANDITU_KEY_ENV = "TIANDITU_KEY"
DEFAULT_BASEMAP = "tianditu"
_TIANDITU = ("https://t{s}.tianditu.gov.cn/%LAYER%_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
             "&LAYER=%LAYER%&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
             "&tk=%KEY%")
BASEMAPS: dict[str, dict[str, Any]] = {
    # 天地图: CGCS2000, equal to WGS-84 at our scale. Vector tiles plus the Chinese place-name layer.
    "tianditu": {
        "provider": {"zh": "天地图", "en": "Tianditu"},
        "site": "https://www.tianditu.gov.cn/",
        "datum": "wgs84",
        "tiles": (_TIANDITU.replace("%LAYER%", "vec"), _TIANDITU.replace("%LAYER%", "cva")),
        "subdomains": "01234567",
        "max_zoom": 18,
        "needs_key": True,
        "for_mainland": True,
    },
    # 高德 AMap: GCJ-02 tiles; display_point shifts our WGS-84 points to match.
    "amap": {
        "provider": {"zh": "高德地图", "en": "AMap (Gaode)"},
        "site": "https://www.amap.com/",
        "datum": "gcj02",
        "tiles": ("https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
                  "&x={x}&y={y}&z={z}",),
        "subdomains": "1234",
        "max_zoom": 18,
        "needs_key": False,
        "for_mainland": True,
    },
    # OpenStreetMap: only for builds not meant for readers in mainland China (no 审图号, often blocked).
    "osm": {
        "provider": {"zh": "OpenStreetMap", "en": "OpenStreetMap"},
        "site": "https://www.openstreetmap.org/copyright",
        "datum": "wgs84",
        "tiles": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png",),
        "subdomains": "",
        "max_zoom": 19,
        "needs_key": False,
        "for_mainland": False,
    },
}


@dataclass(frozen=True)
class Basemap:
    """The base map of one build: provider, datum, tile URLs and what its attribution says."""

    name: str
    provider: Mapping[str, str]
    site: str
    datum: str
    tiles: tuple[str, ...]
    subdomains: str
    max_zoom: int
    review_number: str | None
    key_missing: bool
    for_mainland: bool


def choose_basemap(meta: Mapping, environ: Mapping[str, str] | None = None) -> Basemap:
    """Read the base map from the atlas's ``map`` settings, with ``ATLAS_BASEMAP`` overriding it."""
    environ = os.environ if environ is None else environ
    settings = meta.get("map") or {}
    name = (environ.get(BASEMAP_ENV) or settings.get("basemap") or DEFAULT_BASEMAP).strip()
    if name not in BASEMAPS:
        raise ValueError(f"unknown base map {name!r} (from {BASEMAP_ENV} or map.basemap in atlas.yaml); "
                         f"choose one of: {', '.join(BASEMAPS)}")
    spec = BASEMAPS[name]
    key = environ.get(TIANDITU_KEY_ENV, "").strip() if spec["needs_key"] else ""
    if key and not re.fullmatch(r"[A-Za-z0-9]{8,64}", key):
        raise ValueError(f"{TIANDITU_KEY_ENV} does not look like a Tianditu key (letters and digits only)")
    tiles = tuple(t.replace("%KEY%", key) for t in spec["tiles"]) if key or not spec["needs_key"] else ()
    review = (settings.get("review_numbers") or {}).get(name) or None
    return Basemap(name=name, provider=spec["provider"], site=spec["site"], datum=spec["datum"], tiles=tiles,
                   subdomains=spec["subdomains"], max_zoom=spec["max_zoom"], review_number=review,
                   key_missing=spec["needs_key"] and not key, for_mainland=spec["for_mainland"])


def display_point(location: Mapping, basemap: Basemap) -> list[float]:
    """Convert a record's WGS-84 location to the base map's datum: the one place maps convert coordinates."""
    lat, lon = float(location["lat"]), float(location["lon"])
    if basemap.datum == "gcj02":
        lat, lon = wgs84_to_gcj02(lat, lon)
    return [round(lat, 5), round(lon, 5)]


# Escaping ----------------------------------------------------------------------------------------
def js_json(value: Any) -> str:
    """JSON for a <script> block: ``<``, ``>``, ``&`` and line separators escaped, so data stays data."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def h(text: Any) -> str:
    """HTML-escape text for an element or attribute."""
    return html.escape(str(text), quote=True)


def pack_items(items: list[dict]) -> dict:
    """Pack marker items into shared style rows and short data rows (``AtlasMaps.markers`` unpacks them).

    An overview carries thousands of markers whose kind line, style and link prefix repeat;
    packing halves the document and the time the browser spends reading it.
    ``{"s": [[class, glyph, group, kind line, link prefix, ring]], "a": [notes], "r": [[lat, lon, name, id, style, note]]}``
    (ring: ``PRECISION_MARKS``)
    """
    styles: dict[tuple, int] = {}
    notes: dict[str, int] = {}
    rows = []
    for item in items:
        href = item["h"]
        cut = href.rstrip("/").rindex("/") + 1
        style = (item["c"], item["g"], item.get("l", ""), item["k"], href[:cut], item.get("m", ""))
        note = item.get("a")
        rows.append([item["p"][0], item["p"][1], item["n"], href[cut:].rstrip("/"),
                     styles.setdefault(style, len(styles)),
                     notes.setdefault(note, len(notes)) if note else -1])
    return {"s": [list(style) for style in styles], "a": list(notes), "r": rows}


def unpack_items(packed: dict) -> list[dict]:
    """The inverse of ``pack_items`` (what assets/maps.js does in the browser)."""
    out = []
    for lat, lon, name, rid, style, note in packed["r"]:
        c, g, group, kind, prefix, mark = packed["s"][style]
        item = {"p": [lat, lon], "n": name, "h": f"{prefix}{rid}/", "k": kind, "c": c, "g": g}
        if note >= 0:
            item["a"] = packed["a"][note]
        if group:
            item["l"] = group
        if mark:
            item["m"] = mark
        out.append(item)
    return out


def pack_locator(table: dict[str, dict]) -> dict:
    """Pack the locator table: ``{"s": [[class, glyph]], "a": [notes], "t": {id: [style, name, points]}}``.

    A point is ``[lat, lon, name or 0 (the record's own name), note index or -1, ring]``.
    """
    styles: dict[tuple, int] = {}
    notes: dict[str, int] = {}
    packed = {}
    for rid, entry in table.items():
        points = [[q["p"][0], q["p"][1], 0 if q["n"] == entry["n"] else q["n"],
                   notes.setdefault(q["a"], len(notes)) if q.get("a") else -1, q.get("m", "")] for q in entry["q"]]
        packed[rid] = [styles.setdefault((entry["c"], entry["g"]), len(styles)), entry["n"], points]
    return {"s": [list(style) for style in styles], "a": list(notes), "t": packed}


def unpack_locator(packed: dict) -> dict[str, dict]:
    """The inverse of ``pack_locator`` (what assets/maps.js does for the one entry it shows)."""
    table = {}
    for rid, (style, name, points) in packed["t"].items():
        c, g = packed["s"][style]
        q = []
        for lat, lon, point_name, note, mark in points:
            point = {"p": [lat, lon], "n": point_name or name}
            if note >= 0:
                point["a"] = packed["a"][note]
            if mark:
                point["m"] = mark
            q.append(point)
        table[rid] = {"c": c, "g": g, "n": name, "q": q}
    return table


# Precision and place names -----------------------------------------------------------------------
# The ring of a marker: "" solid (the place itself), "a" dashed (approximate), "s" hollow (placed at
# the seat of its host league, city or banner: not the place itself).
PRECISION_MARKS = {"exact": "", "approximate": "a", "seat": "s"}


def precision_mark(location: Mapping | None) -> str:
    """The marker ring for a location's precision (``PRECISION_MARKS``); unknown values read as approximate."""
    if location is None:
        return ""
    return PRECISION_MARKS.get(location.get("precision") or "exact", "a")


# Where the names of Inner Mongolia's neighbours are written on the maps. These are label anchors
# chosen well inside each neighbour so that the name reads as "over there", not locations of
# anything: no record uses them, no popup shows them, and no line or area is drawn from them.
CAPITAL = "hohhot"
NEIGHBOUR_LABELS = {
    "mongolia": ("country", 46.4, 103.0),
    "russia": ("country", 52.0, 113.5),
    "heilongjiang": ("province", 47.2, 127.6),
    "jilin": ("province", 43.8, 126.4),
    "liaoning": ("province", 41.4, 122.7),
    "hebei": ("province", 38.7, 115.6),
    "shanxi": ("province", 37.7, 112.4),
    "shaanxi": ("province", 36.2, 109.2),
    "ningxia": ("province", 37.2, 106.1),
    "gansu": ("province", 38.9, 100.2),
}


def place_labels(ctx: "MapContext", bubbles: Mapping[str, int]) -> list[dict]:
    """The names that orient a map without tiles, most important first.

    ``{"p": [lat, lon], "n": name, "c": "seat" | "country" | "province", "d": circle diameter}``:
    the seats of Inner Mongolia's leagues and cities at their own (sourced) coordinates, the
    regional capital first, then the neighbours as free labels. Names only: no boundary.
    """
    labels = []
    leagues = [lg for lg in league_units(ctx.atlas) if lg.location is not None]
    # The regional capital's name wins when two names would overlap.
    leagues.sort(key=lambda lg: lg.id != CAPITAL)
    for lg in leagues:
        label = {"p": display_point(lg.location, ctx.basemap), "n": ctx.name(lg), "c": "seat"}
        if lg.id in bubbles:
            label["d"] = bubbles[lg.id]
        labels.append(label)
    for rid, (kind, lat, lon) in NEIGHBOUR_LABELS.items():
        region = ctx.atlas.by_id.get(rid)
        if region is not None:
            labels.append({"p": display_point({"lat": lat, "lon": lon}, ctx.basemap), "n": ctx.name(region),
                           "c": kind})
    return labels


def basemap_build_note(meta: Mapping, environ: Mapping[str, str] | None = None) -> str | None:
    """A line for the build log when the maps will show no tiles, saying what a builder can do."""
    basemap = choose_basemap(meta, environ)
    if basemap.key_missing:
        return (f"maps: no {TIANDITU_KEY_ENV} in the environment, so the maps load no Tianditu tiles; readers "
                "see the points, place names and a graticule, and the attribution says 底图未加载 (base map "
                f"not loaded). Set {TIANDITU_KEY_ENV} to a Tianditu browser key to show the base map.")
    if not basemap.review_number and basemap.for_mainland:
        return (f"maps: no review number (审图号) for {basemap.name} in map.review_numbers (data/atlas.yaml); "
                "the maps say 审图号待确认. Copy the current number from the provider's own site.")
    return None


# Documents ---------------------------------------------------------------------------------------
IM_CENTER = [44.0, 113.0]
# Our points mark towns and zones, mostly approximately: zooming past town level adds nothing, and
# every extra level costs the clustering time on a large map.
MAX_ZOOM = 14
GLYPH_BY_FAMILY = {"platforms": "factory", "ports": "pin", "regions": "city", "cooperation": "handshake"}
GLYPH_BY_PORT_MODE = {"rail": "train", "road": "truck", "air": "airplane"}
# Line styles for cooperation kinds, in vocabulary order (Okabe-Ito colours; dashes tell them apart in grey).
LINE_STYLES = [
    ("#0072b2", None, 3), ("#d55e00", None, 3), ("#009e73", "8 5", 3), ("#cc79a7", None, 4),
    ("#b07800", "2 5", 3), ("#56b4e9", "10 4 2 4", 3), ("#000000", "4 4", 3), ("#7a5195", "12 6", 3),
]


class _Document(branca.element.Figure):
    """A map document with a language, a title, a viewport, a notice area and its script inside <body>."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang }}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{{ this.title_html }}</title>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "<main>\n"
        '<h1 class="atlas-visually-hidden">{{ this.title_html }}</h1>\n'
        '<p id="atlas-help" class="atlas-visually-hidden">{{ this.help_html }}</p>\n'
        "{{ this.html.render(**kwargs) }}\n"
        '<div id="atlas-notice" class="atlas-notice" role="status" aria-live="polite" hidden></div>\n'
        '<noscript><p class="atlas-noscript">{{ this.noscript_html }}</p></noscript>\n'
        "</main>\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, lang: str, title: str, help_text: str, noscript: str):
        super().__init__()
        self.header._children.pop("meta_http", None)  # replaced by <meta charset> in the template
        self.lang = lang
        self.title_html = h(title)
        self.help_html = h(help_text)
        self.noscript_html = h(noscript)


class _AtlasMap(folium.Map):
    """folium's Map without its CDN links, fixed viewport meta and jQuery calls."""

    _template = Template(
        "{% macro html(this, kwargs) %}"
        '<div class="atlas-map{{ this.size_class }}" id="{{ this.get_name() }}"></div>'
        "{% endmacro %}"
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {{ this.map_options }});"
        "{% endmacro %}"
    )

    def __init__(self, assets: str, options: Mapping[str, Any], small: bool):
        super().__init__(tiles=None)
        self.default_js = [("leaflet", assets + "vendor/leaflet/leaflet.js"), ("atlas_maps", assets + "maps.js")]
        self.default_css = [("leaflet_css", assets + "vendor/leaflet/leaflet.css"),
                            ("atlas_maps_css", assets + "maps.css")]
        self.map_options = js_json(dict(options))
        self.size_class = " atlas-map--small" if small else ""


class _Script(branca.element.MacroElement):
    """A piece of JavaScript written by this module (data inside it is already ``js_json``-encoded)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str):
        super().__init__()
        self._name = "Script"
        self.code = code


class _DataCall(branca.element.MacroElement):
    """A JSON data block in the document and the ``AtlasMaps`` call that reads it.

    Data sits in ``<script type="application/json">`` (never executed; ``<`` is escaped, so it
    cannot end the block) and is read with ``JSON.parse``, which is much faster for thousands
    of markers than compiling the same data as a script literal.
    """

    _template = Template(
        "{% macro html(this, kwargs) %}"
        '<script type="application/json" id="{{ this.get_name() }}">{{ this.payload }}</script>'
        "{% endmacro %}"
        "{% macro script(this, kwargs) %}"
        "AtlasMaps.{{ this.function }}({{ this.target }},AtlasMaps.data({{ this.get_name()|tojson }}){{ this.extra }});"
        "{% endmacro %}"
    )

    def __init__(self, function: str, target: str, data: Any, extra: str = ""):
        super().__init__()
        self._name = "Data"
        self.function = function
        self.target = target
        self.payload = js_json(data)
        self.extra = extra


class _Cluster(MarkerCluster):
    """Marker clustering from the site's own copy of Leaflet.markercluster, with accessible cluster icons."""

    def __init__(self, name: str, assets: str, control: bool = True):
        super().__init__(name=name, control=control, icon_create_function="AtlasMaps.clusterIcon",
                         show_coverage_on_hover=False, chunked_loading=True, max_cluster_radius=40,
                         spiderfy_on_max_zoom=True)
        self.default_js = [("markerclusterjs", assets + "vendor/leaflet.markercluster/leaflet.markercluster.js")]
        self.default_css = [("markerclustercss", assets + "vendor/leaflet.markercluster/MarkerCluster.css")]


class _Group(folium.FeatureGroup):
    """A plain layer group (no clustering) that the layer control can switch."""


class MapContext:
    """What drawing the maps of one language needs: atlas, labels, base map and relative paths."""

    def __init__(self, atlas: Atlas, labels: Mapping, lang: str, basemap: Basemap):
        self.atlas = atlas
        self.labels = labels
        self.lang = lang
        self.basemap = basemap
        self.counts = Counts(atlas)
        # Map documents sit in <language root>/maps/; the English root is /en/, assets are at the site root.
        self.assets = "../" + ("" if lang == DEFAULT_LANG else "../") + "assets/"

    def L(self, key: str) -> str:
        """A map word in this language."""
        return self.labels[key][self.lang]

    def count(self, key: str, n: int) -> str:
        return self.L(key).replace("{n}", str(n))

    def href(self, record: Record) -> str:
        """Link from a map document to a record page in the same language."""
        return f"../{record.family}/{urllib.parse.quote(record.id)}/"

    def name(self, record: Record) -> str:
        return record.name[self.lang]

    def kind_line(self, record: Record) -> str:
        """Family, kind and status of a record, e.g. "政策平台 · 国家级经济技术开发区 · 已获批"."""
        parts = [self.L(record.family) if record.family in self.labels else record.family]
        vocab = FAMILY_KIND_VOCABULARY.get(record.family)
        if vocab and record.kind:
            parts.append(self.atlas.label(vocab, record.kind, self.lang))
        if record.status:
            parts.append(self.atlas.label("status", record.status, self.lang))
        return " · ".join(parts)

    def approx_note(self, location: Mapping) -> str | None:
        """What a point stands for, when it is not the place itself: "近似位置：市区" or
        "所在地驻地：呼和浩特市（不是该地点本身的位置）"; nothing for exact points."""
        precision = location.get("precision")
        if precision not in ("approximate", "seat"):
            return None
        note = self.L("map_approximate" if precision == "approximate" else "map_seat")
        represents = location.get("represents")
        if represents:
            note += self.L("colon") + represents[self.lang]
        return note + (self.L("map_seat_not_place") if precision == "seat" else "")

    def glyph(self, record: Record) -> str:
        if record.family == "ports":
            return GLYPH_BY_PORT_MODE.get(record.kind or "", "pin")
        return GLYPH_BY_FAMILY.get(record.family, "pin")

    def point(self, record: Record) -> dict:
        """A located record's point for the locator: position, name, note and ring."""
        point = {"p": display_point(record.location, self.basemap), "n": self.name(record)}
        note = self.approx_note(record.location)
        if note:
            point["a"] = note
        mark = precision_mark(record.location)
        if mark:
            point["m"] = mark
        return point

    def marker_item(self, record: Record) -> dict:
        """The JSON a marker is built from (keys documented in assets/maps.js)."""
        item = {"p": display_point(record.location, self.basemap), "n": self.name(record), "h": self.href(record),
                "k": self.kind_line(record), "c": record.family, "g": self.glyph(record)}
        note = self.approx_note(record.location)
        if note:
            item["a"] = note
        mark = precision_mark(record.location)
        if mark:
            item["m"] = mark
        return item

    def attribution(self) -> str:
        """The provider's credit and its 审图号 (or a note that it is still to be confirmed), as HTML."""
        b = self.basemap
        provider = f'<a href="{h(b.site)}" target="_blank" rel="noopener">{h(b.provider[self.lang])}</a>'
        if b.name == "osm":
            text = f"© {provider} {h(self.L('map_osm_contributors'))} · {h(self.L('map_not_for_mainland'))}"
        elif b.review_number:
            text = (f"{h(self.L('map_basemap'))}{h(self.L('colon'))}{provider} · "
                    f"{h(self.L('map_review_number'))}{h(self.L('colon'))}{h(b.review_number)}")
        else:
            text = f"{h(self.L('map_basemap'))}{h(self.L('colon'))}{provider} · {h(self.L('map_review_pending'))}"
        return f'<span class="atlas-attribution">{text}</span>'

    def new_map(self, title: str, *, small: bool = False, bounds: list | None = None,
                extra: Mapping[str, Any] | None = None,
                bubbles: Mapping[str, int] | None = None) -> tuple[_Document, _AtlasMap]:
        """Start a map document: figure, map and the setup call (tiles, attribution, place names).

        ``bubbles`` maps a league id to the diameter of the circle drawn at its seat, so that
        the league's name is written below the circle rather than under it.
        """
        reset_ids()
        doc = _Document(self.lang, f"{title} - {self.L('site_title')}", self.L("map_keyboard_help"),
                        self.L("map_noscript"))
        options = {"center": IM_CENTER, "zoom": 4, "minZoom": 3, "maxZoom": min(MAX_ZOOM, self.basemap.max_zoom),
                   "zoomControl": True, "scrollWheelZoom": False, "keyboard": True}
        m = _AtlasMap(self.assets, options, small)
        doc.add_child(m)
        max_zoom = min(MAX_ZOOM, self.basemap.max_zoom)
        config = {
            "tiles": [{"url": url, "subdomains": self.basemap.subdomains, "maxZoom": max_zoom}
                      for url in self.basemap.tiles],
            "keyMissing": self.basemap.key_missing,
            "attribution": self.attribution(),
            "prefix": '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>',
            # One short line in the attribution where tiles are missing; the reason for a builder
            # goes to the build log (basemap_build_note), not onto the reader's map.
            "missing": f'<span class="atlas-missing">{h(self.L("map_tiles_missing"))}</span>',
            "notices": {"missing": self.L("map_tiles_missing_status"),
                        "noLocation": self.L("map_notice_no_location")},
            "labels": {"cluster": self.L("map_cluster"), "mapName": title, "legend": self.L("map_legend")},
            "places": place_labels(self, bubbles or {}),
            "bounds": bounds,
            "scale": True,
            **(extra or {}),
        }
        m.add_child(_Script(f"AtlasMaps.setup({m.get_name()},{js_json(config)});"))
        return doc, m

    def finish(self, doc: _Document, m: _AtlasMap, legend: str | None = None, cluster: Any = None,
               switch: list[tuple[str, str]] | None = None) -> bytes:
        """Add the legend and layer switch, render, and return the document's bytes.

        ``switch`` lists (name HTML, JavaScript target): a layer variable, or the ``js_json`` of a
        group key whose markers the switch moves in and out of ``cluster``.
        """
        if switch:
            entries = ",".join(f"[{js_json(name)},{target}]" for name, target in switch)
            cluster_name = cluster.get_name() if cluster is not None else "null"
            m.add_child(_Script(f"AtlasMaps.layers({m.get_name()},{cluster_name},[{entries}]);"))
        if legend:
            # Top left: north-west of Inner Mongolia's points, the corner a map of them leaves empty.
            m.add_child(_Script(f"AtlasMaps.legend({m.get_name()},{js_json(legend)},\"topleft\");"))
        m.add_child(_Script(f"AtlasMaps.decorate({m.get_name()});"))
        text = doc.render()
        # folium's templates indent with blank lines; drop them so the files stay small and diffable.
        text = "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"
        return text.encode("utf-8")

    # Legend pieces: our labels only, escaped here.
    def key(self, css: str, glyph: str | None, label: str) -> str:
        glyph_attr = f' data-glyph="{h(glyph)}"' if glyph else ""
        return f'<span class="atlas-key atlas-key--{h(css)}"{glyph_attr} aria-hidden="true"></span>{h(label)}'

    def line_key(self, style: tuple, label: str) -> str:
        color, dash, weight = style
        dash_attr = f' stroke-dasharray="{h(dash)}"' if dash else ""
        return (f'<svg class="atlas-key-line" width="30" height="10" aria-hidden="true">'
                f'<line x1="1" y1="5" x2="29" y2="5" stroke="{h(color)}" stroke-width="{weight}"{dash_attr}/>'
                f"</svg>{h(label)}")


def bounds_of(points: Iterable[list[float]]) -> list | None:
    """South-west and north-east corners of some [lat, lon] points, or None."""
    pts = list(points)
    if not pts:
        return None
    return [[min(p[0] for p in pts), min(p[1] for p in pts)], [max(p[0] for p in pts), max(p[1] for p in pts)]]


def located_by_family(atlas: Atlas) -> dict[str, list[Record]]:
    """Located records grouped by family, families in page order."""
    out: dict[str, list[Record]] = {}
    order = {f: i for i, f in enumerate(PAGE_FAMILIES)}
    for record in sorted(atlas.located(), key=lambda r: order.get(r.family, len(order))):
        out.setdefault(record.family, []).append(record)
    return out


# The maps ----------------------------------------------------------------------------------------
def _on_map(ctx: MapContext, family: str) -> str:
    """A family's legend entry with its count in the words every page uses: "政策平台：有坐标、在地图上 45 个"."""
    n = ctx.counts.family(family).on_map or 0
    return f"{ctx.L(family)}{ctx.L('colon')}{fill(ctx.L('cnt_on_map'), n, ctx.L('cnt_unit_' + family))}"


def draw_overview(ctx: MapContext) -> bytes:
    """Every located record in one cluster, with a switch (and legend entry) per family."""
    groups = located_by_family(ctx.atlas)
    items = []
    switch = []
    for family, records in groups.items():
        family_items = [dict(ctx.marker_item(r), l=family) for r in records]
        items.extend(family_items)
        label = _on_map(ctx, family)
        switch.append((ctx.key(family, GLYPH_BY_FAMILY.get(family), label), js_json(family)))
    doc, m = ctx.new_map(ctx.L("map_title_overview"), bounds=bounds_of(i["p"] for i in items))
    cluster = _Cluster(ctx.L("map_title_overview"), ctx.assets, control=False)
    m.add_child(cluster)
    cluster.add_child(_DataCall("markers", cluster.get_name(), pack_items(items)))
    return ctx.finish(doc, m, legend=_precision_legend(ctx, items), cluster=cluster, switch=switch)


def _precision_legend(ctx: MapContext, items: list[dict], first: str = "") -> str:
    """Legend rows for the marker rings the map uses (solid, dashed, hollow), after ``first``."""
    marks = {item.get("m", "") for item in items}
    rows = [first] if first else []
    for mark, css, key in (("", "exact", "map_exact"), ("a", "approx", "map_approximate"),
                           ("s", "seat", "map_seat_legend")):
        if mark in marks:
            rows.append(f'<span class="atlas-key atlas-key--{css}" aria-hidden="true"></span>{h(ctx.L(key))}')
    return "<ul>" + "".join(f"<li>{row}</li>" for row in rows) + "</ul>"


def draw_family(ctx: MapContext, family: str) -> bytes:
    """The map of one family's located records (ports get a switch and glyph per mode)."""
    records = [r for r in ctx.atlas.records(family) if r.location is not None]
    items = [ctx.marker_item(r) for r in records]
    switch = []
    if family == "ports":
        vocab = FAMILY_KIND_VOCABULARY["ports"]
        for mode in dict.fromkeys(r.kind for r in records):
            group = f"mode-{mode}"
            n = 0
            for r, item in zip(records, items):
                if r.kind == mode:
                    item["l"] = group
                    n += 1
            label = (f"{ctx.atlas.label(vocab, mode, ctx.lang)}{ctx.L('colon')}"
                     f"{fill(ctx.L('cnt_on_map'), n, ctx.L('cnt_unit_ports'))}")
            switch.append((ctx.key("ports", GLYPH_BY_PORT_MODE.get(mode, "pin"), label), js_json(group)))
        legend = _precision_legend(ctx, items, ctx.key(family, "pin", _on_map(ctx, family)))
    else:
        legend = _precision_legend(ctx, items, ctx.key(family, GLYPH_BY_FAMILY.get(family), _on_map(ctx, family)))
    doc, m = ctx.new_map(ctx.L(f"map_title_{family}"), bounds=bounds_of(i["p"] for i in items))
    cluster = _Cluster(ctx.L(family), ctx.assets, control=False)
    m.add_child(cluster)
    cluster.add_child(_DataCall("markers", cluster.get_name(), pack_items(items)))
    return ctx.finish(doc, m, legend=legend, cluster=cluster, switch=switch)


def line_style(atlas: Atlas, kind: str | None) -> tuple:
    """The colour, dash and weight of a cooperation kind (by its place in the vocabulary)."""
    kinds = list(atlas.vocabularies["cooperation_kind"]["values"]) if "cooperation_kind" in atlas.vocabularies else []
    index = kinds.index(kind) if kind in kinds else len(kinds)
    return LINE_STYLES[index % len(LINE_STYLES)] if index < len(kinds) else ("#616161", "1 4", 3)


def draw_cooperation(ctx: MapContext) -> bytes:
    """Lines between the located parties of each cooperation (a star from the first), styled by kind."""
    atlas = ctx.atlas
    vocab = FAMILY_KIND_VOCABULARY["cooperation"]
    lines_by_kind: dict[str | None, list[dict]] = {}
    parties: dict[str, dict] = {}
    for record in atlas.records("cooperation"):
        located, _ = located_parties(atlas, record)
        for party in located:
            entry = parties.setdefault(party.id, {
                "p": display_point(party.location, ctx.basemap), "n": ctx.name(party), "h": ctx.href(party),
                "k": ctx.L("map_party"), "c": "parties", "g": "handshake", "xt": ctx.L("map_party_takes_part"),
                "x": [], **{k: v for k, v in (("a", ctx.approx_note(party.location)),
                                              ("m", precision_mark(party.location))) if v}})
            entry["x"].append({"n": ctx.name(record), "h": ctx.href(record)})
        if len(located) < 2:
            continue
        color, dash, weight = line_style(atlas, record.kind)
        hub = display_point(located[0].location, ctx.basemap)
        for other in located[1:]:
            lines_by_kind.setdefault(record.kind, []).append({
                "p": [hub, display_point(other.location, ctx.basemap)], "n": ctx.name(record), "h": ctx.href(record),
                "k": ctx.kind_line(record) + " · " + ctx.name(located[0]) + " – " + ctx.name(other),
                "color": color, "dash": dash, "weight": weight})
    points = [p["p"] for p in parties.values()]
    doc, m = ctx.new_map(ctx.L("map_title_cooperation"), bounds=bounds_of(points), extra={"fitMaxZoom": 6})
    switch = []
    for kind, lines in lines_by_kind.items():
        # Counted in cooperation records (the words of every page), not in line segments.
        drawn = len({line["h"] for line in lines})
        label = (f"{atlas.label(vocab, kind, ctx.lang) if kind else '-'}{ctx.L('colon')}"
                 f"{fill(ctx.L('cnt_on_map_cooperation'), drawn, ctx.L('cnt_unit_cooperation'))}")
        group = _Group(name=label, control=False)
        m.add_child(group)
        group.add_child(_DataCall("lines", group.get_name(), lines))
        switch.append((ctx.line_key(line_style(atlas, kind), label), group.get_name()))
    party_layer = _Group(name=ctx.L("map_party"), control=False)
    m.add_child(party_layer)
    party_layer.add_child(_DataCall("markers", party_layer.get_name(), list(parties.values())))
    switch.append((ctx.key("parties", "handshake", f"{ctx.L('map_party')}{ctx.L('colon')}"
                                                 f"{fill(ctx.L('cnt_on_map'), len(parties), ctx.L('cnt_unit_regions'))}"),
                   party_layer.get_name()))
    return ctx.finish(doc, m, switch=switch)


def league_units(atlas: Atlas, root: str = "inner-mongolia") -> list[Record]:
    """The regions directly under Inner Mongolia (leagues and cities), in data order."""
    return list(atlas.region_children.get(root, ()))


def bubble_diameter(n: int) -> int:
    """Pixel diameter of a proportional circle: area proportional to the count."""
    return 14 if n == 0 else round(18 * math.sqrt(n))


def legend_samples(counts: list[int]) -> list[int]:
    """Two or three counts that span the data, for the circle legend (1, the middle, the largest)."""
    top = max(counts, default=0)
    return sorted({n for n in (1, round(top / 2), top) if n >= 1}) or [1]


def draw_regions(ctx: MapContext) -> bytes:
    """Policy platforms per league or city as circles at league seats; no boundary is drawn."""
    items, ids = [], []
    for league in league_units(ctx.atlas):
        if league.location is None:
            continue
        ids.append(league.id)
        platforms = ctx.counts.in_region(league.id, "platforms")
        n = len(platforms)
        items.append({"p": display_point(league.location, ctx.basemap), "n": ctx.name(league), "h": ctx.href(league),
                      "t": f"{ctx.name(league)}{ctx.L('colon')}{ctx.count('map_platform_count', n)}",
                      "k": ctx.count("map_platform_count", n), "v": n, "d": bubble_diameter(n),
                      "x": [{"n": ctx.name(p), "h": ctx.href(p)} for p in platforms]})
    doc, m = ctx.new_map(ctx.L("map_title_regions"), bounds=bounds_of(i["p"] for i in items),
                         extra={"fitMaxZoom": 6, "iconRadius": max((i["d"] for i in items), default=26) // 2 + 2},
                         bubbles={lg_id: i["d"] for lg_id, i in zip(ids, items)})
    layer = _Group(name=ctx.L("map_title_regions"), control=False)
    m.add_child(layer)
    layer.add_child(_DataCall("bubbles", layer.get_name(), items))
    samples = "".join(
        f'<li><span class="atlas-key atlas-key--bubble" style="width:{bubble_diameter(n)}px;'
        f'height:{bubble_diameter(n)}px" aria-hidden="true"></span>{n}</li>'
        for n in legend_samples([i["v"] for i in items]))
    legend = f"<p>{h(ctx.L('map_regions_legend'))}</p><ul>{samples}</ul>"
    return ctx.finish(doc, m, legend=legend)


def locator_table(ctx: MapContext) -> dict[str, dict]:
    """Every record a locator can show: id -> family style, glyph, name and its point(s)."""
    table: dict[str, dict] = {}
    for record in ctx.atlas.located():
        point = ctx.point(record)
        table[record.id] = {"c": record.family, "g": ctx.glyph(record), "n": ctx.name(record), "q": [point]}
    for record in ctx.atlas.records("cooperation"):
        located, _ = located_parties(ctx.atlas, record)
        if located:
            table[record.id] = {"c": "parties", "g": "handshake", "n": ctx.name(record),
                                "q": [ctx.point(p) for p in located]}
    return table


def draw_locator(ctx: MapContext) -> bytes:
    """The shared locator document: it shows the record named by the URL fragment."""
    table = locator_table(ctx)
    doc, m = ctx.new_map(ctx.L("map_title_locator"), small=True, extra={"pointZoom": 6})
    layer = _Group(name=ctx.L("map_title_locator"), control=False)
    m.add_child(layer)
    layer.add_child(_DataCall("locator", m.get_name(), pack_locator(table), extra="," + layer.get_name()))
    return ctx.finish(doc, m)


MAP_NAMES = ("overview", "platforms", "ports", "cooperation", "regions", "locator")


def draw_maps(atlas: Atlas, environ: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """Draw every map document in both languages; keys are paths in the docs tree."""
    basemap = choose_basemap(atlas.meta, environ)
    labels = load_labels()
    files: dict[str, bytes] = {}
    for lang in LANGS:
        ctx = MapContext(atlas, labels, lang, basemap)
        files[f"{lang}/maps/overview.html"] = draw_overview(ctx)
        files[f"{lang}/maps/platforms.html"] = draw_family(ctx, "platforms")
        files[f"{lang}/maps/ports.html"] = draw_family(ctx, "ports")
        files[f"{lang}/maps/cooperation.html"] = draw_cooperation(ctx)
        files[f"{lang}/maps/regions.html"] = draw_regions(ctx)
        files[f"{lang}/maps/locator.html"] = draw_locator(ctx)
    return files
