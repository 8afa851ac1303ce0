/* Sortable, filterable record tables whose state lives in the URL.
 *
 * Input: a <div class="atlas-table"> around an ordinary table, generated with
 *   data-columns="name kind status ..."   one key per column, in order
 *   data-filters="kind status ..."        the columns that get a filter
 *   data-l-*                              the words of the controls, in the page's language
 * A cell's value is the data-v of the elements inside it (several for several
 * values, e.g. two regions) or else its text; its sort key is a data-s inside
 * it or else its text.
 *
 * Output: filter and search controls above the table and sort buttons in its
 * header. ?kind=etdz&status=approved&q=hohhot&sort=-year reproduces a view, so a
 * filtered table can be shared. Long tables show PAGE_SIZE matching rows at a
 * time with "show more" and "show all" buttons below: laying out 3,000 rows
 * took a phone 20 s. While a table is as generated, assets/views.css hides the
 * rows after the first page (from the first paint on); once the reader changes
 * the view, this script hides rows itself. Without JavaScript the full table is there.
 * No dependencies; nothing is fetched.
 */
(function () {
  "use strict";

  // Rows shown before "show more"; assets/views.css hides rows after the same number.
  var PAGE_SIZE = 100;

  function cellValues(cell) {
    var tagged = cell.querySelectorAll("[data-v]");
    if (tagged.length) {
      var out = [];
      for (var i = 0; i < tagged.length; i++) {
        var v = tagged[i].getAttribute("data-v");
        if (v) out.push({ value: v, text: tagged[i].textContent.trim() });
      }
      return out;
    }
    var text = cell.textContent.trim();
    return text ? [{ value: text, text: text }] : [];
  }

  function sortKey(cell) {
    var tagged = cell.querySelector("[data-s]");
    return (tagged ? tagged.getAttribute("data-s") : cell.textContent).trim();
  }

  function label(box, name, fallback) {
    return box.getAttribute("data-l-" + name) || fallback;
  }

  function setup(box, prefix) {
    if (box.getAttribute("data-ready")) return;
    var table = box.querySelector("table");
    if (!table || !table.tBodies.length) return;
    box.setAttribute("data-ready", "1");
    var columns = (box.getAttribute("data-columns") || "").split(/\s+/);
    var filters = (box.getAttribute("data-filters") || "").split(/\s+/).filter(Boolean);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var original = rows.slice();
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
    var state = { q: "", sort: "" };
    var selects = {};
    var limit = PAGE_SIZE; // how many matching rows are shown; not part of the shared URL

    // Controls -------------------------------------------------------------------------------
    var form = document.createElement("form");
    form.className = "atlas-filters";
    form.setAttribute("role", "search");
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    filters.forEach(function (key) {
      var index = columns.indexOf(key);
      if (index < 0 || !headers[index]) return;
      var options = {};
      rows.forEach(function (row) {
        cellValues(row.cells[index]).forEach(function (v) { options[v.value] = v.text; });
      });
      var values = Object.keys(options).sort(function (a, b) {
        return key === "year" ? collator.compare(b, a) : collator.compare(options[a], options[b]);
      });
      if (values.length < 2) return;
      var wrap = document.createElement("label");
      wrap.className = "atlas-filter";
      var span = document.createElement("span");
      span.textContent = headers[index].textContent.trim();
      var select = document.createElement("select");
      select.name = prefix + key;
      select.setAttribute("data-key", key);
      var all = document.createElement("option");
      all.value = "";
      all.textContent = label(box, "all", "All");
      select.appendChild(all);
      values.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = options[v];
        select.appendChild(o);
      });
      select.addEventListener("change", function () { state[key] = select.value; limit = PAGE_SIZE; apply(true); });
      wrap.appendChild(span);
      wrap.appendChild(select);
      form.appendChild(wrap);
      selects[key] = select;
      state[key] = "";
    });

    var searchWrap = document.createElement("label");
    searchWrap.className = "atlas-filter atlas-filter--search";
    var searchLabel = document.createElement("span");
    searchLabel.textContent = label(box, "search", "Search");
    var search = document.createElement("input");
    search.type = "search";
    search.name = prefix + "q";
    search.addEventListener("input", function () { state.q = search.value; limit = PAGE_SIZE; apply(true); });
    searchWrap.appendChild(searchLabel);
    searchWrap.appendChild(search);
    form.appendChild(searchWrap);

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "atlas-filter-reset md-button";
    reset.textContent = label(box, "reset", "Reset");
    reset.addEventListener("click", function () {
      Object.keys(state).forEach(function (k) { state[k] = ""; });
      limit = PAGE_SIZE;
      apply(true);
    });
    form.appendChild(reset);

    var status = document.createElement("p");
    status.className = "atlas-filter-status";
    status.setAttribute("aria-live", "polite");
    box.insertBefore(status, box.firstChild);
    box.insertBefore(form, box.firstChild);

    // "Show more" and "show all" below a long table.
    var moreBar = document.createElement("p");
    moreBar.className = "atlas-more";
    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button";
    more.addEventListener("click", function () { limit += PAGE_SIZE; apply(false); });
    var every = document.createElement("button");
    every.type = "button";
    every.className = "md-button";
    every.addEventListener("click", function () { limit = Infinity; apply(false); });
    moreBar.appendChild(more);
    moreBar.appendChild(document.createTextNode(" "));
    moreBar.appendChild(every);
    box.appendChild(moreBar);

    // Sorting: a button in each header cell ---------------------------------------------------
    Array.prototype.forEach.call(headers, function (th, index) {
      var key = columns[index];
      if (!key) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "atlas-sort";
      button.title = label(box, "sort", "Sort");
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        state.sort = state.sort === key ? "-" + key : key;
        apply(true);
      });
    });

    function matches(row) {
      for (var i = 0; i < filters.length; i++) {
        var key = filters[i];
        var want = state[key];
        if (!want) continue;
        var index = columns.indexOf(key);
        var found = cellValues(row.cells[index]).some(function (v) { return v.value === want; });
        if (!found) return false;
      }
      if (state.q) {
        var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
        var text = row.textContent.toLowerCase();
        return words.every(function (w) { return text.indexOf(w) >= 0; });
      }
      return true;
    }

    function order() {
      if (!state.sort) return original.slice();
      var desc = state.sort.charAt(0) === "-";
      var index = columns.indexOf(desc ? state.sort.slice(1) : state.sort);
      if (index < 0) return original.slice();
      var keyed = original.map(function (row, i) { return { row: row, key: sortKey(row.cells[index]), i: i }; });
      keyed.sort(function (a, b) {
        if (!a.key !== !b.key) return a.key ? -1 : 1; // empty cells last, whichever the direction
        var c = collator.compare(a.key, b.key);
        if (desc) c = -c;
        return c || a.i - b.i;
      });
      return keyed.map(function (k) { return k.row; });
    }

    function apply(push) {
      var shown = 0, moving = false;
      // The table as generated (no filter, no sort, first page): assets/views.css already hides
      // the rows after the first page, so no row is touched. Setting "hidden" on thousands of
      // rows as a page opens cost a phone half a second of style work.
      var plain = limit === PAGE_SIZE && !Object.keys(state).some(function (k) { return state[k]; });
      box.classList.toggle("atlas-table--paged", !plain);
      order().forEach(function (row, i) {
        // Rows already in place stay put; from the first one out of place on, every row is
        // appended in order. A page opened without a sort in its URL moves no row at all.
        if (moving || body.rows[i] !== row) {
          moving = true;
          body.appendChild(row);
        }
        var ok = plain || matches(row);
        if (ok) shown++;
        var hide = !plain && (!ok || shown > limit);
        if (row.hidden !== hide) row.hidden = hide; // untouched rows cost no style work
      });
      moreBar.hidden = shown <= limit;
      more.textContent = label(box, "more", "Show {n} more").replace("{n}", String(Math.min(PAGE_SIZE, shown - limit)));
      every.textContent = label(box, "every", "Show all {n}").replace("{n}", String(shown));
      Object.keys(selects).forEach(function (key) {
        var select = selects[key];
        if (state[key] && !select.querySelector('option[value="' + cssEscape(state[key]) + '"]')) {
          var o = document.createElement("option"); // a shared link may name a value no row has now
          o.value = state[key];
          o.textContent = state[key];
          select.appendChild(o);
        }
        select.value = state[key];
      });
      search.value = state.q;
      var sortKeyName = state.sort.replace(/^-/, "");
      Array.prototype.forEach.call(headers, function (th, index) {
        if (columns[index] && columns[index] === sortKeyName) {
          th.setAttribute("aria-sort", state.sort.charAt(0) === "-" ? "descending" : "ascending");
        } else {
          th.removeAttribute("aria-sort");
        }
      });
      status.textContent = (shown > limit ? label(box, "part", "{n} of {total}, first {k} shown") : label(box, "shown", "{n} of {total}"))
        .replace("{n}", String(shown)).replace("{total}", String(original.length)).replace("{k}", String(limit));
      var filtered = Object.keys(state).some(function (k) { return k !== "sort" && state[k]; });
      reset.hidden = !(filtered || state.sort);
      box.classList.toggle("atlas-table--filtered", filtered);
      if (push) writeUrl();
    }

    function cssEscape(value) {
      return window.CSS && CSS.escape ? CSS.escape(value) : value.replace(/["\\]/g, "\\$&");
    }

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      // With several tables on a page each keeps its own prefixed filters; a plain ?status=...
      // (the links on the home page) filters them all.
      Object.keys(state).forEach(function (k) { state[k] = params.get(prefix + k) || params.get(k) || ""; });
    }

    function writeUrl() {
      var params = new URLSearchParams(window.location.search);
      Object.keys(state).forEach(function (k) {
        if (state[k]) params.set(prefix + k, state[k]); else params.delete(prefix + k);
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    // The rows the filters and search let through, in the shown order (every page of them):
    // assets/open_data.js downloads these as CSV ("download what you see").
    box.atlasShownRows = function () { return order().filter(matches); };

    readUrl();
    apply(false);
  }

  function init() {
    var boxes = document.querySelectorAll(".atlas-table");
    for (var i = 0; i < boxes.length; i++) {
      var name = boxes[i].getAttribute("data-table") || String(i);
      setup(boxes[i], boxes.length > 1 ? name + "." : "");
    }
  }

  // Material publishes document$ for its instant navigation; without it, wait for the DOM.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
