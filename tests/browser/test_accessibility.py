"""axe-core on every page type, in both languages, map documents included: no serious or critical violation.

axe runs inside the page and again inside each same-origin iframe (the maps),
because it does not look into frames it was not injected into.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# One page of each type; record pages are picked from the real data by family.
PAGE_TYPES = ["", "platforms/", "ports/", "cooperation/", "regions/", "documents/", "organisations/",
              "timeline/", "targets/", "departments/", "compare/", "downloads/", "about/", "maps/", "performance/",
              "reference/fields/", "search/"]
RECORD_FAMILIES = ["platforms", "ports", "cooperation", "regions", "documents", "organisations"]


def first_record_path(site: Path, family: str) -> str:
    folder = sorted(p for p in (site / family).iterdir() if p.is_dir())[0]
    return f"{family}/{folder.name}/"


def run_axe(frame) -> list[dict]:
    frame.add_script_tag(path=str(AXE))
    result = frame.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="module")
def axe_available():
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run 'npm ci' (scripts/test does it)")


@pytest.mark.parametrize("lang", ["", "en/"])
def test_no_serious_violations(page, page_watch, real_url, real_site, lang, axe_available):
    """Also: every page type loads without a console error or a request leaving 127.0.0.1."""
    paths = PAGE_TYPES + [first_record_path(real_site, f) for f in RECORD_FAMILIES]
    found = {}
    for path in paths:
        page.goto(real_url + lang + path)
        page.wait_for_load_state("load")
        problems = run_axe(page.main_frame)
        for frame in page.frames[1:]:
            if frame.url.startswith(real_url):
                frame.wait_for_load_state("load")
                problems += [dict(v, frame=frame.url[len(real_url):]) for v in run_axe(frame)]
        if problems:
            found[lang + path] = problems
    assert not found, "serious or critical accessibility violations:\n" + "\n".join(
        f"{p}: {v}" for p, vs in found.items() for v in vs)
    page_watch.assert_clean()
