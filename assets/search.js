/*
 * The site search in Material's header, answered by Pagefind.
 *
 * Input: the dialog of overrides/partials/search.html (its words in data-l-* attributes) and
 * Pagefind's bundle (pagefind/, written after the build by hooks/atlas.py; one index per
 * <html lang>, so a Chinese page searches the Chinese pages and an English page the English ones).
 * Output: results under the search box (title; kind, status and league; an excerpt with the
 * matched words marked), filters by section, kind, status, league or city and year, and Material's
 * keyboard use: "/", "s" or "f" opens the search, arrows move through results, Escape closes.
 *
 * Nothing is fetched until a reader reaches for the search (focus, tap, pointer over the button);
 * then Pagefind fetches only the index pieces the typed words need. Without scripts the header
 * links to the search page instead (overrides/partials/header.html).
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-atlas-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var form = box.querySelector("form");
  var input = box.querySelector(".md-search__input");
  var status = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".atlas-search__list");
  var facets = box.querySelector(".atlas-search__facets");
  var fieldset = box.querySelector(".atlas-search__filters");
  var FACETS = ["family", "kind", "status", "league", "year"];
  var PAGE_SIZE = 10;
  // Ranking settings (overrides/partials/search.html; the ranking test reads the same ones).
  var RANKING = JSON.parse(box.getAttribute("data-ranking") || "{}");

  var bundleUrl = new URL(box.getAttribute("data-bundle"), window.location.href);
  // Result URLs are paths from the site's root ("/platforms/x/"); the site may live in a subfolder.
  var baseUrl = new URL("..", bundleUrl).pathname;
  var pagefind = null;
  var loading = null;
  var chosen = {};
  var lastQuery = null;
  var shown = PAGE_SIZE;
  var serial = 0;
  var timer = null;

  function word(key) { return box.getAttribute("data-l-" + key) || ""; }

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind.js", bundleUrl).href).then(function (module) {
        return module.options({ baseUrl: baseUrl, excerptLength: 24, ranking: RANKING }).then(function () {
          pagefind = module;
          module.init();
          return module.filters().then(buildFilters, function () { return null; }).then(function () { return module; });
        });
      });
      loading.catch(function () { showFailure(); });
    }
    return loading;
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function buildFilters(filters) {
    FACETS.forEach(function (key) {
      var values = Object.keys((filters || {})[key] || {});
      if (!values.length) return;
      values.sort(function (a, b) { return a.localeCompare(b, document.documentElement.lang || undefined, { numeric: true }); });
      if (key === "year") values.reverse();
      var label = el("label", "atlas-search__filter");
      label.appendChild(el("span", null, word(key)));
      var select = el("select");
      select.name = "atlas-search-" + key;
      select.setAttribute("data-facet", key);
      var any = el("option", null, word("any"));
      any.value = "";
      select.appendChild(any);
      values.forEach(function (value) {
        var option = el("option", null, value);
        option.value = value;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        if (select.value) chosen[key] = select.value; else delete chosen[key];
        shown = PAGE_SIZE;
        run(true);
      });
      label.appendChild(select);
      fieldset.appendChild(label);
    });
  }

  // The query as Pagefind should see it. Punctuation becomes a space (国发〔2023〕16号 -> 国发 2023 16号:
  // the English index keeps Chinese runs whole). Chinese is also searched character by character:
  // the browser splits Chinese into words differently from the indexer, and every record page
  // lists the characters of its names as words of their own (generator/search_terms.py).
  function plainWords(query) {
    return query.replace(/[\p{P}\p{S}]+/gu, " ").replace(/\s+/g, " ").trim();
  }
  function characters(query) {
    return plainWords(query).replace(/[\u3400-\u9fff]/g, " $& ").replace(/\s+/g, " ").trim();
  }
  function normal(text) {
    return String(text || "").toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, "");
  }

  // How close a result's names are to the query: 0 its name, alias, short form or document number
  // exactly; 1 a name that starts with the query; 2 otherwise.
  function closeness(data, query) {
    var q = normal(query);
    var meta = data.meta || {};
    var title = String(meta.title || "");
    var names = [title, title.split(" (")[0]].concat(String(meta.names || "").split(" | ")).map(normal);
    if (names.indexOf(q) >= 0) return 0;
    return names.some(function (n) { return n.indexOf(q) === 0; }) ? 1 : 2;
  }

  // Search: both forms of the query, the character form's results first (a record's own page for its
  // name), then pages found only by words; the loaded first results ordered by closeness.
  // Returns {total, results: [data ...] (the first `count`)}.
  function find(pf, query, filters, count) {
    var plain = plainWords(query);
    var split = characters(query);
    var runs = [pf.search(split || null, { filters: filters })];
    if (plain && plain !== split) runs.push(pf.search(plain, { filters: filters }));
    return Promise.all(runs).then(function (found) {
      var seen = {};
      var merged = [];
      found.forEach(function (search) {
        (search ? search.results : []).forEach(function (r) {
          if (!seen[r.id]) { seen[r.id] = true; merged.push(r); }
        });
      });
      return Promise.all(merged.slice(0, count).map(function (r) { return r.data(); })).then(function (datas) {
        if (plain) {
          var ranked = datas.map(function (d, i) { return [closeness(d, query), i, d]; });
          ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
          datas = ranked.map(function (x) { return x[2]; });
        }
        return { total: merged.length, results: datas };
      });
    });
  }

  function showFailure() {
    status.textContent = word("failed");
    list.textContent = "";
    box.classList.add("atlas-search--browse");
  }

  function renderResult(data) {
    var item = el("li", "atlas-search__item");
    var link = el("a", "atlas-search__link");
    link.href = data.url;
    var meta = data.meta || {};
    link.appendChild(el("span", "atlas-search__title", meta.title || data.url));
    var tags = [meta.kind, meta.status, meta.league].filter(Boolean);
    if (tags.length) {
      var line = el("span", "atlas-search__tags");
      tags.forEach(function (tag) { line.appendChild(el("span", "atlas-search__tag", tag)); });
      link.appendChild(line);
    }
    // Pagefind's excerpt is escaped HTML with <mark> around the matched words.
    var excerpt = el("span", "atlas-search__excerpt");
    excerpt.innerHTML = data.excerpt || "";
    link.appendChild(excerpt);
    item.appendChild(link);
    return item;
  }

  function render(found, mine) {
    if (mine !== serial) return;
    list.textContent = "";
    found.results.forEach(function (data) { list.appendChild(renderResult(data)); });
    var n = found.total;
    status.textContent = n === 0 ? word("none") : n === 1 ? word("one") : word("other").replace("#", String(n));
    box.classList.toggle("atlas-search--browse", n === 0);
    if (n > shown) {
      var more = el("li", "atlas-search__more");
      var button = el("button", "md-button", word("more"));
      button.type = "button";
      button.addEventListener("click", function () { shown += PAGE_SIZE; run(false); });
      more.appendChild(button);
      list.appendChild(more);
    }
  }

  function run(reset) {
    var query = input.value.trim();
    var hasFilter = Object.keys(chosen).length > 0;
    if (reset) shown = PAGE_SIZE;
    var mine = ++serial;
    if (!query && !hasFilter) {
      list.textContent = "";
      status.textContent = word("hint");
      facets.hidden = true;
      box.classList.remove("atlas-search--browse");
      lastQuery = null;
      return;
    }
    facets.hidden = fieldset.children.length <= 1;
    if (query !== lastQuery) status.textContent = word("loading");
    lastQuery = query;
    load().then(function (pf) {
      facets.hidden = fieldset.children.length <= 1;
      if (mine !== serial) return null;
      return find(pf, query, chosen, shown).then(function (found) { render(found, mine); });
    }).catch(function () { if (mine === serial) showFailure(); });
  }

  function links() { return Array.prototype.slice.call(box.querySelectorAll(".atlas-search__link, .atlas-search__more button")); }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    if (pagefind && input.value.trim()) pagefind.preload(characters(input.value), { filters: chosen });
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { run(true); }, 60);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = box.querySelector(".atlas-search__link");
    if (first) window.location.href = first.href;
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { run(true); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      load();
      if (document.activeElement !== input) window.setTimeout(function () { input.focus(); }, 250);
    }
  });
  // Fetch the search's own files as soon as a reader points at or touches the search.
  ["pointerover", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var t = event.target;
      if (t && t.closest && t.closest(".md-search, label[for='__search']")) load();
    }, { capture: true, passive: true });
  });

  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    if (!all.length) return;
    var at = all.indexOf(document.activeElement);
    event.preventDefault();
    if (event.key === "ArrowDown") all[Math.min(at + 1, all.length - 1)].focus();
    else if (at <= 0) input.focus();
    else all[at - 1].focus();
  });

  document.addEventListener("keydown", function (event) {
    if (toggle.checked || event.ctrlKey || event.metaKey || event.altKey) return;
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
      input.focus();
      input.select();
    }
  });

  // The same search for the browser tests (tests/browser/test_search.py): query -> first results' data.
  window.atlasSearch = function (query, filters, count) {
    return load().then(function (pf) { return find(pf, query, filters || {}, count || PAGE_SIZE); });
  };

  // A shared search (?search=..., also what the form sends without scripts) opens with its query.
  // Not ?q=: that is a table's own filter on index pages (assets/tables.js).
  var shared = new URLSearchParams(window.location.search).get("search");
  if (shared) {
    input.value = shared;
    open();
    input.focus();
    run(true);
  }
})();
