/* Atlas maps: markers, popups, notices and legends on top of Leaflet (no jQuery).
 *
 * The map documents in maps/ (written by generator/maps.py) call these functions
 * with JSON data. Every data string reaches the page through textContent or an
 * element property, never through innerHTML: a name like "<script>" stays text.
 * The only HTML inserted as HTML is written by the generator from our own labels
 * (attribution, legend) after escaping, and the static icon glyphs below.
 *
 * Item keys (short, because an overview map may carry thousands of them):
 *   p: [lat, lon] already in the base map's datum   n: name   h: link to the record page
 *   k: kind and status line   a: what the point stands for (approximate or host seat)   c: style class
 *   g: glyph   m: ring ("" solid: the place itself, "a" dashed: approximate, "s" hollow: host seat)
 *   x: further links [{n, h}]   v: a count (regions)   d: symbol diameter in pixels
 * Place names (config.places): {p, n, c: "seat" | "country" | "province", d: circle at the seat}.
 */
(function () {
  "use strict";

  // Path data from Material Design Icons (Pictogrammers, Apache-2.0), as bundled with mkdocs-material.
  var GLYPHS = {
    factory: "M4 18v2h4v-2zm0-4v2h10v-2zm6 4v2h4v-2zm6-4v2h4v-2zm0 4v2h4v-2zM2 22V8l5 4V8l5 4V8l5 4 1-10h3l1 10v10z",
    train: "M12 2c-4 0-8 .5-8 4v9.5A3.5 3.5 0 0 0 7.5 19L6 20.5v.5h2.23l2-2H14l2 2h2v-.5L16.5 19a3.5 3.5 0 0 0 3.5-3.5V6c0-3.5-3.58-4-8-4M7.5 17A1.5 1.5 0 0 1 6 15.5 1.5 1.5 0 0 1 7.5 14 1.5 1.5 0 0 1 9 15.5 1.5 1.5 0 0 1 7.5 17m3.5-7H6V6h5zm2 0V6h5v4zm3.5 7a1.5 1.5 0 0 1-1.5-1.5 1.5 1.5 0 0 1 1.5-1.5 1.5 1.5 0 0 1 1.5 1.5 1.5 1.5 0 0 1-1.5 1.5",
    truck: "M18 18.5a1.5 1.5 0 0 1-1.5-1.5 1.5 1.5 0 0 1 1.5-1.5 1.5 1.5 0 0 1 1.5 1.5 1.5 1.5 0 0 1-1.5 1.5m1.5-9 1.96 2.5H17V9.5m-11 9A1.5 1.5 0 0 1 4.5 17 1.5 1.5 0 0 1 6 15.5 1.5 1.5 0 0 1 7.5 17 1.5 1.5 0 0 1 6 18.5M20 8h-3V4H3c-1.11 0-2 .89-2 2v11h2a3 3 0 0 0 3 3 3 3 0 0 0 3-3h6a3 3 0 0 0 3 3 3 3 0 0 0 3-3h2v-5z",
    airplane: "M20.56 3.91c.59.59.59 1.54 0 2.12l-3.89 3.89 2.12 9.19-1.41 1.42-3.88-7.43L9.6 17l.36 2.47-1.07 1.06-1.76-3.18-3.19-1.77L5 14.5l2.5.37L11.37 11 3.94 7.09l1.42-1.41 9.19 2.12 3.89-3.89c.56-.58 1.56-.58 2.12 0",
    city: "M19 9V7a2 2 0 0 0-2-2h-1V2h-2v3h-1a2 2 0 0 0-2 2v2a2 2 0 0 0-2 2v1H5a2 2 0 0 0-2 2v8h3v-2h2v2h4v-2h2v2h2v-2h2v2h3V11a2 2 0 0 0-2-2M8 18H6v-2h2zm6 0h-2v-2h2zm0-4h-2v-2h2zm-1-5V7h4v2zm5 9h-2v-2h2zm0-4h-2v-2h2z",
    handshake: "M11 6h3l3.29-3.3a1 1 0 0 1 1.42 0l2.58 2.59a1 1 0 0 1 0 1.41L19 9h-8v2a1 1 0 0 1-1 1 1 1 0 0 1-1-1V8a2 2 0 0 1 2-2m-6 5v4l-2.29 2.29a1 1 0 0 0 0 1.41l2.58 2.59a1 1 0 0 0 1.42 0L11 17h4a1 1 0 0 0 1-1v-1h1a1 1 0 0 0 1-1v-1h1a1 1 0 0 0 1-1v-1h-7v1a2 2 0 0 1-2 2H9a2 2 0 0 1-2-2V9Z",
    pin: "M12 11.5A2.5 2.5 0 0 1 9.5 9 2.5 2.5 0 0 1 12 6.5 2.5 2.5 0 0 1 14.5 9a2.5 2.5 0 0 1-2.5 2.5M12 2a7 7 0 0 0-7 7c0 5.25 7 13 7 13s7-7.75 7-13a7 7 0 0 0-7-7"
  };
  var TILE_TIMEOUT_MS = 8000;

  var cfg = { labels: {} };
  var state = { map: null, markers: 0, missing: false, backdrop: false, groups: {}, places: null };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function fill(template, n) {
    return String(template || "").replace("{n}", String(Number(n)));
  }

  function glyphSvg(name) {
    // Static markup from GLYPHS only; no data reaches this string.
    var d = GLYPHS[name] || GLYPHS.pin;
    return '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="' + d + '"/></svg>';
  }

  // Markers: an accessible name on the focusable element (Leaflet sets only title, and alt for
  // images), and a link back from the element to its marker for the delegated handlers below.
  var AtlasMarker = L.Marker.extend({
    onAdd: function (map) {
      L.Marker.prototype.onAdd.call(this, map);
      var icon = this.getElement();
      if (icon) {
        icon._atlasMarker = this;
        if (this.options.label) icon.setAttribute("aria-label", this.options.label);
      }
    }
  });

  // Cluster icons say how many places they hold (Leaflet.markercluster loads after this file).
  function patchClusters() {
    if (!L.MarkerCluster || L.MarkerCluster.prototype._atlasPatched) return;
    var baseOnAdd = L.MarkerCluster.prototype.onAdd;
    L.MarkerCluster.include({
      _atlasPatched: true,
      onAdd: function (map) {
        baseOnAdd.call(this, map);
        var icon = this.getElement();
        if (!icon) return;
        var n = this.getChildCount();
        icon.setAttribute("aria-label", fill(cfg.labels.cluster, n));
        icon.setAttribute("data-count", String(n));
      }
    });
  }

  var iconCache = {};
  var RING_CLASS = { a: " atlas-marker--approx", s: " atlas-marker--seat" };
  function markerIcon(cls, glyph, mark) {
    var key = cls + "|" + glyph + "|" + (mark || "");
    if (!iconCache[key]) {
      iconCache[key] = L.divIcon({
        className: "atlas-marker atlas-marker--" + cls + (RING_CLASS[mark] || ""),
        html: glyphSvg(glyph),
        iconSize: [26, 26],
        iconAnchor: [13, 13],
        popupAnchor: [0, -12],
        tooltipAnchor: [12, 0]
      });
    }
    return iconCache[key];
  }

  function popupContent(item) {
    var box = el("div", "atlas-popup");
    var a = el("a", "atlas-popup__name", item.n);
    a.href = item.h;
    a.target = "_top";
    box.appendChild(a);
    if (item.k) box.appendChild(el("div", "atlas-popup__kind", item.k));
    if (item.a) box.appendChild(el("div", "atlas-popup__note", item.a));
    if (item.x && item.x.length) {
      if (item.xt) box.appendChild(el("div", "atlas-popup__kind", item.xt));
      var ul = el("ul", "atlas-popup__list");
      item.x.forEach(function (link) {
        var li = el("li");
        var la = el("a", null, link.n);
        la.href = link.h;
        la.target = "_top";
        li.appendChild(la);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    return box;
  }

  function tooltipContent(text) {
    return function () { return el("span", null, text); };
  }

  // Popups and tooltips are bound when a reader first points at, touches or focuses a marker:
  // thousands of markers then cost one small object each until someone looks at them.
  function bindInfo(m) {
    if (m._atlasBound) return;
    m._atlasBound = true;
    var item = m.atlasItem;
    if (item.h) m.bindPopup(function () { return popupContent(item); }, { maxWidth: 280 });
    m.bindTooltip(tooltipContent(item.t || item.n), m.options.permanentLabel
      // "auto" writes the name on the side of the marker facing the middle of the map, so a
      // name is not cut at the map's edge.
      ? { permanent: true, direction: "auto", className: "atlas-label" }
      : { direction: "top", offset: [0, -10] });
  }

  function makeMarker(item, icon, permanentLabel) {
    var name = item.t || item.n;
    var m = new AtlasMarker(item.p, { icon: icon, title: name, label: name, keyboard: true, riseOnHover: true,
      permanentLabel: permanentLabel });
    m.atlasItem = item;
    if (permanentLabel) bindInfo(m);
    state.markers += 1;
    return m;
  }

  function markerOf(target) {
    var el = target && target.closest ? target.closest(".leaflet-marker-icon") : null;
    return el && el._atlasMarker && el._atlasMarker.atlasItem ? el._atlasMarker : null;
  }

  function delegateInfo(map) {
    var pane = map.getPane("markerPane");
    // These run before Leaflet's own handlers on the map container, so the popup opens on this click.
    L.DomEvent.on(pane, "mouseover mousedown touchstart keydown", function (e) {
      var m = markerOf(e.target);
      if (m && !m._atlasBound) {
        bindInfo(m);
        if (e.type === "mouseover") m.openTooltip();
      }
    });
    L.DomEvent.on(pane, "focusin", function (e) {
      var m = markerOf(e.target);
      if (m) { bindInfo(m); m.openTooltip(); }
    });
    L.DomEvent.on(pane, "focusout", function (e) {
      var m = markerOf(e.target);
      if (m && m.getTooltip() && !m.getTooltip().options.permanent) m.closeTooltip();
    });
  }

  // Where tiles are missing (no key, or blocked), one short line in the attribution says so,
  // a screen reader hears it once, and the place names and graticule give the points a frame.
  // Nothing is laid over the data.
  function tilesMissing() {
    if (state.missing || !state.map) return;
    state.missing = true;
    state.map.attributionControl.removeAttribution(cfg.attribution);
    state.map.attributionControl.addAttribution(cfg.attribution + " · " + cfg.missing);
    var status = document.getElementById("atlas-notice");
    if (status) {
      status.className = "atlas-visually-hidden";
      status.textContent = cfg.notices.missing;
      status.hidden = false;
    }
    document.documentElement.setAttribute("data-tiles", "failed");
    // Separate tasks after the markers: the first view is not held up, and no task runs long.
    window.setTimeout(drawBackdrop, 0);
    window.setTimeout(showPlaces, 0);
  }

  // Names of the league and city seats and of the neighbours, under the markers and lines. Where
  // two names would overlap, the one listed first (the regional capital, then seats) stays.
  function showPlaces() {
    var map = state.map;
    if (state.places || !map || !cfg.places || !cfg.places.length) return;
    map.createPane("atlas-places");
    var pane = map.getPane("atlas-places");
    pane.style.zIndex = 350;
    pane.style.pointerEvents = "none";
    pane.setAttribute("aria-hidden", "true");
    state.places = cfg.places.map(function (place) {
      var text = el("span", "atlas-place__name", place.n);
      var icon = L.divIcon({ className: "atlas-place atlas-place--" + place.c + (place.d ? " atlas-place--below" : ""),
        html: text, iconSize: [0, 0], iconAnchor: [0, 0] });
      return L.marker(place.p, { icon: icon, pane: "atlas-places", interactive: false, keyboard: false }).addTo(map);
    });
    declutterSoon();
    map.on("zoomend moveend resize layeradd layerremove", declutterSoon);
  }

  // Where a name may sit relative to its point (x, y), for a name w wide and h high: seats try
  // right, left, above, below; a name under a circle (gap: its radius) stays there; free labels
  // stay centred on their anchor. Each spot: [left, top] of the name, and its CSS transform.
  function placeSpots(kind, w, h, gap) {
    if (kind === "below") return [[-w / 2, gap, "translate(-50%," + gap + "px)"]];
    if (kind === "free") return [[-w / 2, -h / 2, "translate(-50%,-50%)"]];
    return [[6, -h / 2, "translate(6px,-50%)"], [-w - 6, -h / 2, "translate(calc(-100% - 6px),-50%)"],
      [-w / 2, -h - 4, "translate(-50%,calc(-100% - 4px))"], [-w / 2, 4, "translate(-50%,4px)"]];
  }

  function overlaps(r, k, gap) {
    return r.left < k.right + gap && r.right + gap > k.left && r.top < k.bottom + gap && r.bottom + gap > k.top;
  }

  // Show each name in the first spot where it overlaps no marker, control, record name or name
  // already shown, inside the frame; otherwise hide it (its place is still named in the popups).
  // Everything is measured first and written after, so the browser lays the map out once.
  function declutter() {
    var map = state.map;
    var box = map.getContainer().getBoundingClientRect();
    var size = map.getSize();
    var taken = [];
    var obstacles = document.querySelectorAll(".leaflet-marker-pane .leaflet-marker-icon, .leaflet-control, " +
      ".leaflet-tooltip.atlas-label");
    Array.prototype.forEach.call(obstacles, function (o) {
      var r = o.getBoundingClientRect();
      if (r.width && r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom) {
        taken.push({ left: r.left - box.left, right: r.right - box.left, top: r.top - box.top, bottom: r.bottom - box.top });
      }
    });
    var labels = state.places.map(function (m) { return m.getElement() && m.getElement().firstChild; });
    var sizes = labels.map(function (label) { return label ? [label.offsetWidth, label.offsetHeight] : null; });
    var choices = cfg.places.map(function (place, i) {
      if (!sizes[i]) return null;
      var at = map.latLngToContainerPoint(place.p);
      var w = sizes[i][0], h = sizes[i][1];
      var kind = place.d ? "below" : place.c === "seat" ? "seat" : "free";
      var spots = placeSpots(kind, w, h, Number(place.d || 0) / 2 + 5);
      for (var s = 0; s < spots.length; s++) {
        var r = { left: at.x + spots[s][0], top: at.y + spots[s][1] };
        r.right = r.left + w;
        r.bottom = r.top + h;
        var inside = r.left >= 2 && r.right <= size.x - 2 && r.top >= 0 && r.bottom <= size.y;
        if (inside && !taken.some(function (k) { return overlaps(r, k, 3); })) {
          taken.push(r);
          return spots[s][2];
        }
      }
      return null;
    });
    labels.forEach(function (label, i) {
      if (!label) return;
      if (choices[i]) label.style.transform = choices[i];
      label.style.visibility = choices[i] ? "" : "hidden";
    });
  }

  // Markers arrive and clusters re-form after zooms: tidy the names once things have settled.
  var declutterTimer = null;
  function declutterSoon() {
    if (declutterTimer) window.clearTimeout(declutterTimer);
    declutterTimer = window.setTimeout(function () { declutterTimer = null; declutter(); }, 120);
  }

  // Without tiles, a faint graticule with degree labels on the visible edges gives the points a
  // frame of reference. Lines of latitude and longitude are not boundaries.
  function drawBackdrop() {
    if (state.backdrop || !state.map) return;
    state.backdrop = true;
    var map = state.map;
    map.createPane("atlas-graticule");
    var pane = map.getPane("atlas-graticule");
    pane.style.zIndex = 250;
    pane.style.pointerEvents = "none";
    var lineStyle = { pane: "atlas-graticule", color: "#8d999f", weight: 1, opacity: 0.7, interactive: false, dashArray: "2 4" };
    var lines = L.layerGroup().addTo(map);
    var labels = L.layerGroup().addTo(map);
    function label(latlng, text, anchor, extra) {
      return L.marker(latlng, { pane: "atlas-graticule", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "atlas-graticule-label" + (extra || ""), html: text, iconSize: [48, 14], iconAnchor: anchor }) });
    }
    function redraw() {
      lines.clearLayers();
      labels.clearLayers();
      var b = map.getBounds();
      var span = Math.max(b.getNorth() - b.getSouth(), (b.getEast() - b.getWest()) / 2);
      var step = span > 30 ? 10 : span > 12 ? 5 : span > 5 ? 2 : span > 2 ? 1 : 0.5;
      var lat, lon;
      var size = map.getSize();
      // Labels keep out of the corners where the controls are.
      for (lat = Math.ceil(b.getSouth() / step) * step; lat <= b.getNorth(); lat += step) {
        lines.addLayer(L.polyline([[lat, b.getWest() - 1], [lat, b.getEast() + 1]], lineStyle));
        var y = map.latLngToContainerPoint([lat, b.getEast()]).y;
        if (y > 120 && y < size.y - 40) labels.addLayer(label([lat, b.getEast()], Number(lat.toFixed(1)) + "°N", [52, 14], " atlas-graticule-label--lat"));
      }
      for (lon = Math.ceil(b.getWest() / step) * step; lon <= b.getEast(); lon += step) {
        lines.addLayer(L.polyline([[b.getSouth() - 1, lon], [b.getNorth() + 1, lon]], lineStyle));
        var x = map.latLngToContainerPoint([b.getNorth(), lon]).x;
        if (x > 64 && x < size.x - 60) labels.addLayer(label([b.getNorth(), lon], Number(lon.toFixed(1)) + "°E", [-3, -56]));
      }
    }
    redraw();
    map.on("moveend", redraw);
  }

  function watchTiles(layer) {
    var loaded = false;
    layer.on("tileload", function () { loaded = true; });
    layer.on("tileerror", function () { tilesMissing(); });
    window.setTimeout(function () { if (!loaded) tilesMissing(); }, TILE_TIMEOUT_MS);
  }

  function focusPopupLink(map) {
    var opener = null;
    map.on("popupopen", function (e) {
      opener = e.popup._source && e.popup._source.getElement ? e.popup._source.getElement() : null;
      var link = e.popup.getElement() && e.popup.getElement().querySelector("a.atlas-popup__name");
      if (link && document.activeElement === opener) link.focus();
    });
    // Leaflet's own Escape handling only listens while the map container itself has focus.
    L.DomEvent.on(map.getContainer(), "keydown", function (e) {
      if ((e.key === "Escape" || e.keyCode === 27) && map._popup && map.hasLayer(map._popup)) map.closePopup();
    });
    map.on("popupclose", function (e) {
      var box = e.popup.getElement();
      if (opener && box && box.contains(document.activeElement)) opener.focus();
      opener = null;
    });
  }

  function setup(map, config) {
    cfg = config;
    state.map = map;
    patchClusters();
    delegateInfo(map);
    map.attributionControl.setPrefix(config.prefix);
    map.attributionControl.addAttribution(config.attribution);
    map.getContainer().setAttribute("role", "region");
    map.getContainer().setAttribute("aria-label", config.labels.mapName);
    map.getContainer().setAttribute("aria-describedby", "atlas-help");
    focusPopupLink(map);
    if (config.keyMissing || !config.tiles.length) {
      tilesMissing();
    } else {
      config.tiles.forEach(function (t) {
        var layer = L.tileLayer(t.url, { subdomains: t.subdomains, maxZoom: t.maxZoom, attribution: "" });
        watchTiles(layer);
        layer.addTo(map);
      });
    }
    if (config.scale) L.control.scale({ imperial: false }).addTo(map);
    // The view is fitted once, by decorate(), when every control is in place: into the part of
    // the frame the controls leave free (one fit, so the markers are laid out once).
  }

  // The extent of the controls in each corner of the map, in pixels from that corner's two edges.
  function cornerExtents(map) {
    var frame = map.getContainer().getBoundingClientRect();
    var out = {};
    ["topleft", "topright", "bottomleft", "bottomright"].forEach(function (pos) {
      var w = 0, h = 0;
      var corner = map._controlCorners && map._controlCorners[pos];
      Array.prototype.forEach.call(corner ? corner.children : [], function (control) {
        var r = control.getBoundingClientRect();
        if (!r.width || !r.height) return;
        w = Math.max(w, pos.indexOf("left") > 0 ? r.right - frame.left : frame.right - r.left);
        h = Math.max(h, pos.indexOf("top") === 0 ? r.bottom - frame.top : frame.bottom - r.top);
      });
      out[pos] = { w: w, h: h };
    });
    return out;
  }

  // Fit the bounds where no control is: each corner's controls are kept clear either sideways
  // or vertically, and of the sixteen ways to do that the one that allows the closest view wins.
  function fitClear(map, bounds, maxZoom) {
    var ext = cornerExtents(map);
    var margin = (cfg.iconRadius || 22) + 2;
    var size = map.getSize();
    var best = { zoom: null, tl: L.point(36, 36), br: L.point(36, 36) };
    for (var mask = 0; mask < 16; mask++) {
      var pad = { left: 0, right: 0, top: 0, bottom: 0 };
      ["topleft", "topright", "bottomleft", "bottomright"].forEach(function (pos, i) {
        var e = ext[pos];
        if (!e.w) return;
        if (mask & (1 << i)) {
          var side = pos.indexOf("left") > 0 ? "left" : "right";
          pad[side] = Math.max(pad[side], e.w);
        } else {
          var edge = pos.indexOf("top") === 0 ? "top" : "bottom";
          pad[edge] = Math.max(pad[edge], e.h);
        }
      });
      var tl = L.point(pad.left + margin, pad.top + margin);
      var br = L.point(pad.right + margin, pad.bottom + margin);
      var room = size.subtract(tl).subtract(br);
      if (room.x < 40 || room.y < 40) continue; // no room left this way
      var zoom = Math.min(map.getBoundsZoom(bounds, false, tl.add(br)), maxZoom);
      if (best.zoom === null || zoom > best.zoom) best = { zoom: zoom, tl: tl, br: br };
    }
    map.fitBounds(bounds, { paddingTopLeft: best.tl, paddingBottomRight: best.br, maxZoom: maxZoom, animate: false });
  }

  function fitWhenReady(map) {
    if (!cfg.bounds) return;
    var fit = function () { fitClear(map, L.latLngBounds(cfg.bounds), cfg.fitMaxZoom || 9); };
    fit();
    // If the frame is resized before the reader touches the map (late layout, rotation), fit again.
    var touched = false;
    L.DomEvent.on(map.getContainer(), "mousedown touchstart keydown wheel", function () { touched = true; });
    map.on("resize", function () { if (!touched) fit(); });
  }

  // Markers go into one layer (a cluster, so that records at the same place cluster and
  // spiderfy); item.l names the switchable group a marker belongs to (see addLayerSwitch).
  // The inverse of pack_items in generator/maps.py: shared style rows plus one short row per marker.
  function unpack(data) {
    if (Array.isArray(data)) return data;
    return data.r.map(function (row) {
      var style = data.s[row[4]];
      var item = { p: [row[0], row[1]], n: row[2], h: style[4] + row[3] + "/", k: style[3], c: style[0], g: style[1] };
      if (style[2]) item.l = style[2];
      if (style[5]) item.m = style[5];
      if (row[5] >= 0) item.a = data.a[row[5]];
      return item;
    });
  }

  function addMarkers(layer, data) {
    var items = unpack(data);
    var markers = items.map(function (item) {
      var m = makeMarker(item, markerIcon(item.c, item.g, item.m), false);
      if (item.l) (state.groups[item.l] = state.groups[item.l] || []).push(m);
      return m;
    });
    if (typeof layer.addLayers === "function") layer.addLayers(markers);
    else markers.forEach(function (m) { layer.addLayer(m); });
    document.documentElement.setAttribute("data-markers", String(state.markers));
  }

  // The layer switch, which doubles as the legend. entries: [nameHtml, layer or group key];
  // a group key switches that group's markers in and out of the shared cluster.
  function addLayerSwitch(map, cluster, entries) {
    var overlays = {};
    var proxies = [];
    entries.forEach(function (entry) {
      var target = entry[1];
      if (typeof target === "string") {
        var proxy = L.layerGroup();
        proxy.atlasGroup = target;
        proxy.addTo(map);
        proxies.push(proxy);
        target = proxy;
      }
      overlays[entry[0]] = target; // names are HTML written by the generator from escaped labels
    });
    map.on("overlayadd overlayremove", function (e) {
      var key = e.layer && e.layer.atlasGroup;
      if (!key || !state.groups[key]) return;
      if (e.type === "overlayadd") cluster.addLayers(state.groups[key]);
      else cluster.removeLayers(state.groups[key]);
    });
    var narrow = map.getSize().x < 560;
    L.control.layers(null, overlays, { collapsed: narrow, position: "topright" }).addTo(map);
  }

  function addLines(layer, lines) {
    lines.forEach(function (line) {
      var path = L.polyline(line.p, { color: line.color, weight: line.weight, dashArray: line.dash || null, opacity: 0.9 });
      path.bindTooltip(tooltipContent(line.n), { sticky: true });
      path.bindPopup(function () { return popupContent(line); }, { maxWidth: 280 });
      layer.addLayer(path);
    });
  }

  function addBubbles(layer, items) {
    items.forEach(function (item) {
      var d = Number(item.d);
      var icon = L.divIcon({
        className: "atlas-bubble" + (Number(item.v) ? "" : " atlas-bubble--zero"),
        html: '<span class="atlas-bubble__n">' + String(Number(item.v)) + "</span>",
        iconSize: [d, d],
        iconAnchor: [d / 2, d / 2],
        popupAnchor: [0, -d / 2],
        tooltipAnchor: [d / 2, 0]
      });
      layer.addLayer(makeMarker(item, icon, false));
    });
    document.documentElement.setAttribute("data-markers", String(state.markers));
  }

  // The legend. In a narrow frame it folds into a button, so that it covers no marker until a
  // reader asks for it.
  function addLegend(map, html, position) {
    var Legend = L.Control.extend({
      onAdd: function () {
        var box = L.DomUtil.create("div", "atlas-legend leaflet-bar");
        var body = L.DomUtil.create("div", "atlas-legend__body", box);
        body.innerHTML = html; // written by the generator from escaped labels only
        if (map.getSize().x < 560) {
          var button = el("button", "atlas-legend__toggle", cfg.labels.legend);
          button.type = "button";
          button.setAttribute("aria-expanded", "false");
          body.hidden = true;
          box.insertBefore(button, body);
          L.DomEvent.on(button, "click", function () {
            body.hidden = !body.hidden;
            button.setAttribute("aria-expanded", String(!body.hidden));
          });
        }
        L.DomEvent.disableClickPropagation(box);
        return box;
      }
    });
    new Legend({ position: position || "bottomleft" }).addTo(map);
  }

  // The locator: one shared document; the record id comes from the URL fragment and is used only
  // as a key into the table the generator wrote, so a crafted URL cannot put text on the page.
  // The inverse of pack_locator in generator/maps.py, for one entry.
  function locatorEntry(data, id) {
    if (!Object.prototype.hasOwnProperty.call(data.t, id)) return null;
    var row = data.t[id];
    var style = data.s[row[0]];
    return {
      c: style[0], g: style[1], n: row[1],
      q: row[2].map(function (pt) {
        var q = { p: [pt[0], pt[1]], n: pt[2] || row[1] };
        if (pt[3] >= 0) q.a = data.a[pt[3]];
        if (pt[4]) q.m = pt[4];
        return q;
      })
    };
  }

  function locator(map, data, layer) {
    var id = "";
    try { id = decodeURIComponent(window.location.hash.replace(/^#/, "")); } catch (e) { id = ""; }
    var entry = locatorEntry(data, id);
    if (!entry) {
      var box = document.getElementById("atlas-notice");
      box.textContent = cfg.notices.noLocation;
      box.hidden = false;
      map.setView([44.0, 113.0], 4);
      return;
    }
    document.title = entry.n + " · " + document.title;
    map.getContainer().setAttribute("aria-label", cfg.labels.mapName + ": " + entry.n);
    var points = entry.q;
    if (points.length > 1) {
      L.polyline(points.map(function (q) { return q.p; }), { color: "#3949ab", weight: 3, opacity: 0.8, interactive: false }).addTo(layer);
    }
    points.forEach(function (q) {
      layer.addLayer(makeMarker({ p: q.p, n: q.n, c: entry.c, g: q.g || entry.g, a: q.a, m: q.m },
        markerIcon(entry.c, q.g || entry.g, q.m), true));
    });
    document.documentElement.setAttribute("data-markers", String(state.markers));
    if (points.length === 1) map.setView(points[0].p, cfg.pointZoom || 6);
    else map.fitBounds(points.map(function (q) { return q.p; }), { padding: [30, 30], maxZoom: 8 });
  }

  // Glyphs in the layer switch and legend: static markup chosen by a fixed name.
  function decorate(map) {
    fitWhenReady(map);
    var keys = document.querySelectorAll(".atlas-key[data-glyph]");
    Array.prototype.forEach.call(keys, function (key) {
      key.innerHTML = glyphSvg(key.getAttribute("data-glyph"));
    });
  }

  function clusterIcon(cluster) {
    var n = cluster.getChildCount();
    var size = n < 10 ? 30 : n < 100 ? 36 : 42;
    var families = {};
    cluster.getAllChildMarkers().forEach(function (m) {
      var match = m.options.icon && m.options.icon.options.className.match(/atlas-marker--([a-z]+)/);
      if (match) families[match[1]] = true;
    });
    var keys = Object.keys(families);
    return L.divIcon({
      className: "atlas-cluster" + (keys.length === 1 ? " atlas-cluster--" + keys[0] : keys.length ? " atlas-cluster--mixed" : ""),
      html: "<span>" + String(Number(n)) + "</span>",
      iconSize: [size, size]
    });
  }

  // Map data comes from <script type="application/json"> blocks written by the generator.
  function readData(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  window.AtlasMaps = {
    data: readData,
    setup: setup,
    markers: addMarkers,
    lines: addLines,
    bubbles: addBubbles,
    legend: addLegend,
    layers: addLayerSwitch,
    locator: locator,
    clusterIcon: clusterIcon,
    decorate: decorate,
    glyph: glyphSvg,
    fit: fitClear
  };
})();
