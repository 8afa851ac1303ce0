"""Payloads in text fields come out as text everywhere: pages, titles, map documents, downloads (the search
index: tests/test_search_index.py and tests/browser/test_search.py).

The mini fixture atlas carries a platform named "… <script>alert(1)</script>" whose
history holds "<b>x</b> | [链接](javascript:alert(1))" and "=1+1 @x -y +z".
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path


def html_files(site: Path):
    return [p for p in site.rglob("*.html")]


def test_no_payload_is_live_in_any_html(mini_site):
    for page in html_files(mini_site):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, page
        assert "<b>x</b>" not in text, page
        assert not re.search(r'href="javascript:', text, re.I), page
        assert "<title>" not in text or "<script>" not in text.split("<title>", 1)[1].split("</title>", 1)[0], page


def test_payload_is_shown_as_text_on_its_page(mini_site):
    page = (mini_site / "platforms" / "hubaoe-financial-reform-zone" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;x&lt;/b&gt; | [链接](javascript:alert(1))" in page


def test_downloads_keep_the_text_and_defuse_formulas(mini_site):
    data = json.loads((mini_site / "downloads" / "atlas.json").read_text(encoding="utf-8"))
    names = [r["name"]["zh"] for r in data["records"]["platforms"]] if isinstance(data.get("records"), dict) else []
    raw = (mini_site / "downloads" / "atlas.json").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in raw or any("<script>" in n for n in names)  # JSON keeps the exact text
    rows = list(csv.reader(io.StringIO((mini_site / "downloads" / "timeline.csv").read_text(encoding="utf-8-sig"))))
    cells = [c for row in rows for c in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells), "a CSV cell could run as a formula"
