/* Record pages' open-data blocks and the family indexes' "download what you see" link.
 *
 * - [data-accessed="FORMAT"]: an access date in a citation (generator/citation.py writes the data's
 *   as-of date); set to today, in the same formats as citation.format_access: iso, ris, parts, en.
 * - button[data-copy=ID] / button[data-download=ID]: copy, or download as a file (data-filename,
 *   data-type), the text of the element with that id. Hidden until this script shows them.
 * - a[data-csv-filtered=FAMILY]: instead of the full downloads/FAMILY.csv, download its header and
 *   the rows whose id is in the filtered table (assets/tables.js gives box.atlasShownRows()),
 *   byte for byte as in the full file: same columns, BOM and CRLF.
 * No dependencies; the only request is the CSV the link already names, on click.
 */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function accessFormats(d) {
    var y = d.getFullYear(), m = d.getMonth() + 1, day = d.getDate();
    return { iso: y + "-" + pad(m) + "-" + pad(day), ris: y + "/" + pad(m) + "/" + pad(day),
             parts: y + ", " + m + ", " + day, en: day + " " + MONTHS[m - 1] + " " + y };
  }

  function textOf(el) {
    return el.tagName === "TEXTAREA" ? el.value : el.textContent;
  }

  function saveFile(content, name, type) {
    var url = URL.createObjectURL(new Blob([content], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function copyText(text, button) {
    function done() {
      var old = button.textContent;
      button.textContent = button.getAttribute("data-done") || old;
      setTimeout(function () { button.textContent = old; }, 1500);
    }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { if (document.execCommand("copy")) done(); } catch (e) { /* the text stays selectable */ }
      document.body.removeChild(area);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  // The records of an RFC 4180 text, each as written (quotes, commas and line breaks inside kept).
  function csvRecords(text) {
    var out = [], start = 0, quoted = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === "\r" && text.charAt(i + 1) === "\n") {
        out.push(text.slice(start, i));
        start = i + 2;
        i++;
      }
    }
    if (start < text.length) out.push(text.slice(start));
    return out;
  }

  // A record's id from the first link in its table row (…/<family>/<id>/).
  function rowId(row) {
    var link = row.querySelector("a[href]");
    if (!link) return null;
    var parts = link.getAttribute("href").split("/").filter(function (p) { return p && p !== "index.html"; });
    return parts.length ? decodeURIComponent(parts[parts.length - 1]) : null;
  }

  function downloadFiltered(link, event) {
    var box = document.querySelector('.atlas-table[data-table="' + link.getAttribute("data-csv-filtered") + '"]');
    if (!box || typeof box.atlasShownRows !== "function") return; // the full file, as without scripts
    event.preventDefault();
    var ids = {};
    box.atlasShownRows().forEach(function (row) { var id = rowId(row); if (id) ids[id] = true; });
    fetch(link.href).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + link.href);
      return response.arrayBuffer();
    }).then(function (buffer) {
      // ignoreBOM keeps the file's byte-order mark (response.text() drops it), so the rows kept are
      // byte for byte the full file's and spreadsheets still read the file as UTF-8.
      var text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(buffer);
      var bom = text.charAt(0) === "\ufeff" ? "\ufeff" : "";
      var records = csvRecords(bom ? text.slice(1) : text);
      var kept = [records[0]];
      for (var i = 1; i < records.length; i++) {
        var id = records[i].split(",", 1)[0];
        if (ids[id]) kept.push(records[i]);
      }
      saveFile(bom + kept.join("\r\n") + "\r\n", link.getAttribute("data-filename") || "filtered.csv",
               "text/csv;charset=utf-8");
    }).catch(function () { window.location.href = link.href; });
  }

  function init() {
    var today = accessFormats(new Date());
    Array.prototype.forEach.call(document.querySelectorAll("[data-accessed]"), function (el) {
      var value = today[el.getAttribute("data-accessed")];
      if (value) el.textContent = value;
    });
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy], button[data-download]"), function (button) {
      if (button.getAttribute("data-ready")) return;
      var copy = button.hasAttribute("data-copy");
      var target = document.getElementById(button.getAttribute(copy ? "data-copy" : "data-download"));
      if (!target) return;
      button.setAttribute("data-ready", "1");
      button.hidden = false;
      button.addEventListener("click", function () {
        if (copy) copyText(textOf(target), button);
        else saveFile(textOf(target), button.getAttribute("data-filename"), button.getAttribute("data-type") + ";charset=utf-8");
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("a[data-csv-filtered]"), function (link) {
      if (link.getAttribute("data-ready")) return;
      link.setAttribute("data-ready", "1");
      link.addEventListener("click", function (event) { downloadFiltered(link, event); });
    });
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
