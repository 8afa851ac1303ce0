"""A file per record: every record has its JSON (and GeoJSON when located), each validates against
the published record schema, every URL in them is absolute, and quotes carry their SHA-256."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator.exports import Exporter
from generator.history import History
from generator.record_data import INDEX_PATH, SCHEMA_PATH, write_record_files
from generator.records import PAGE_FAMILIES

BASE = "https://example.org/atlas/"


@pytest.fixture
def files(mini_atlas) -> dict[str, bytes]:
    return write_record_files(mini_atlas, History(mini_atlas), BASE)


def validator(files: dict[str, bytes]) -> Draft202012Validator:
    """The published record schema, its $refs resolved from the published files only (no network)."""
    resources = []
    for path, data in files.items():
        if path.startswith("api/") and path.endswith(".schema.json"):
            resources.append((BASE + path, Resource.from_contents(json.loads(data))))
    registry = Registry().with_resources(resources)
    return Draft202012Validator(json.loads(files[SCHEMA_PATH]), registry=registry)


def strings(value, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v, key)
    elif isinstance(value, str):
        yield key, value


def test_every_record_has_its_files(mini_atlas, files):
    for family in PAGE_FAMILIES:
        for r in mini_atlas.records(family):
            assert f"{family}/{r.id}.json" in files
            assert (f"{family}/{r.id}.geojson" in files) == (r.location is not None)
    index = json.loads(files[INDEX_PATH])
    assert index["count"] == sum(len(mini_atlas.records(f)) for f in PAGE_FAMILIES) == len(index["records"])
    assert all(item["json"] == BASE + f"{item['family']}/{item['id']}.json" for item in index["records"])


def test_every_record_file_validates_against_the_published_schema(files):
    check = validator(files)
    record_files = [p for p in files if p.endswith(".json") and not p.startswith("api/")]
    assert len(record_files) > 10
    for path in record_files:
        errors = [e.message for e in check.iter_errors(json.loads(files[path]))]
        assert not errors, (path, errors)


def test_the_schema_checks_the_record_fields_too(files):
    """record follows its family's data schema: a wrong status or a missing name fails."""
    check = validator(files)
    data = json.loads(files["platforms/hohhot-etdz.json"])
    data["record"]["status"] = "approvedd"
    assert not check.is_valid(data)
    del data["record"]["name"]
    data["record"]["status"] = "approved"
    assert not check.is_valid(data)
    data = json.loads(files["platforms/hohhot-etdz.json"])
    data["urls"]["page"] = "platforms/hohhot-etdz/"  # relative: not allowed
    assert not check.is_valid(data)


def test_every_url_is_absolute(files):
    for path, data in files.items():
        if not path.endswith((".json", ".geojson")) or path.startswith("api/schema/"):
            continue
        for key, value in strings(json.loads(data)):
            if key in ("url", "json", "geojson", "page", "page_en", "commit_url", "schema", "$schema"):
                assert value.startswith(BASE) or value.startswith("https://"), (path, key, value)


def test_the_record_is_as_in_atlas_json_with_page_urls_and_quote_hashes(mini_atlas, files):
    data = json.loads(files["platforms/hohhot-etdz.json"])
    atlas_json = json.loads(Exporter(mini_atlas, base_url=BASE).atlas_json())
    assert data["record"] == next(r for r in atlas_json["records"]["platforms"] if r["id"] == "hohhot-etdz")
    assert data["urls"] == {"page": BASE + "platforms/hohhot-etdz/", "page_en": BASE + "en/platforms/hohhot-etdz/",
                            "json": BASE + "platforms/hohhot-etdz.json",
                            "geojson": BASE + "platforms/hohhot-etdz.geojson"}
    quotes = {q["path"]: q["sha256"] for q in data["quotes"]}
    quote = data["record"]["approved"]["sources"][0]["quote"]
    assert quotes["approved.sources[0].quote"] == hashlib.sha256(quote.encode("utf-8")).hexdigest()
    assert set(quotes) == {"approved.sources[0].quote", "location.sources[0].quote", "sources[0].quote",
                           "facts[0].sources[0].quote", "facts[1].sources[0].quote"}
    assert data["last_changed"] == {"date": "2000-07", "kind": "event", "commit": None, "commit_url": None}
    assert data["release"] is None


def test_geojson_is_one_point_in_lon_lat(mini_atlas, files):
    geo = json.loads(files["ports/manzhouli-rail-port.geojson"])
    (feature,) = geo["features"]
    loc = mini_atlas.get("manzhouli-rail-port").location
    assert geo["type"] == "FeatureCollection"
    assert feature["geometry"] == {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
    assert feature["properties"]["json"] == BASE + "ports/manzhouli-rail-port.json"


def test_the_release_is_named_once_one_is_listed(mini_atlas, monkeypatch):
    from dataclasses import replace

    from generator.records import Fields

    meta = Fields({**mini_atlas.meta._data, "releases": ({"tag": "data-2026-12-06"},)})
    atlas = replace(mini_atlas, meta=meta)
    data = json.loads(write_record_files(atlas, History(atlas), BASE)["platforms/hohhot-etdz.json"])
    assert data["release"] == {"tag": "data-2026-12-06", "date": "2026-12-06", "doi": None,
                               "url": "https://github.com/nmg-atlas/nmg-policy-atlas/releases/tag/data-2026-12-06"}


def test_every_record_page_links_its_json(mini_atlas):
    from generator.pages import render_pages

    pages = render_pages(mini_atlas)
    for family in PAGE_FAMILIES:
        for r in mini_atlas.records(family):
            for lang in ("zh", "en"):
                text = pages[f"{lang}/{family}/{r.id}/index.md"]
                assert f"/{family}/{r.id}.json)" in text, (lang, r.id)
                assert (f"/{family}/{r.id}.geojson)" in text) == (r.location is not None)


def test_url_sources_link_an_archived_copy_at_their_access_date(mini_atlas):
    from generator.pages import render_pages

    pages = render_pages(mini_atlas)
    url = mini_atlas.get("hohhot-etdz").approved["sources"][0]["url"]
    for lang, words in (("zh", "查找当日网页存档"), ("en", "look for an archived copy of that date")):
        text = pages[f"{lang}/platforms/hohhot-etdz/index.md"]
        assert f'<a href="https://web.archive.org/web/20261122/{url}" rel="nofollow noopener"' in text
        assert f">{words}</a>" in text
    # Document sources have no URL of their own, and so no archive link.
    assert "web.archive.org" not in pages["zh/organisations/nmg-drc/index.md"]


def test_each_fact_carries_its_support_level(mini_atlas, files):
    from generator.support import LEVELS, support_level

    record = mini_atlas.get("hohhot-etdz")
    data = json.loads(files["platforms/hohhot-etdz.json"])
    support = {s["path"]: s for s in data["support"]}
    assert support[""] == {"path": "", "kind": "record",
                           "level": support_level(record.fields, mini_atlas.publishers)}
    assert support["approved"]["level"] == support_level(record.approved, mini_atlas.publishers)
    assert support["location"]["kind"] == "location"
    assert all(s["level"] in LEVELS for path in files if path.endswith(".json") and not path.startswith("api/")
               for s in json.loads(files[path])["support"])
