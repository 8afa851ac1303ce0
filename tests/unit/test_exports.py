"""The downloads parse with standard tools, hold exactly the data, and are safe to open.

Every check runs on the mini fixture atlas (hostile strings included) through
``write_exports``, the same function the build uses.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.exports import FORMULA_STARTS, lonlat, neutralise_cell, write_exports
from generator.records import build_atlas
from generator.site_config import site_url
from generator.validate import validate_data
from generator.history import History

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini_atlas"
CSV_FILES = ["platforms", "ports", "cooperation", "documents", "tasks", "targets", "timeline"]
TABLE_SCHEMA_TYPES = {"string", "number", "integer", "boolean", "object", "array", "date", "datetime", "year",
                      "yearmonth", "geojson", "geopoint", "duration", "time", "any"}
ATOM = "{http://www.w3.org/2005/Atom}"


def atlas_of(data: Path):
    loaded, problems = validate_data(data)
    assert problems == [], "\n".join(map(str, problems))
    return build_atlas(loaded)


@pytest.fixture(scope="module")
def atlas():
    return atlas_of(MINI)


@pytest.fixture(scope="module")
def files(atlas) -> dict[str, bytes]:
    return write_exports(atlas)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_every_download_parses_with_standard_tools(files):
    for name in ("atlas.json", "atlas.geojson", "datapackage.json"):
        json.loads(files[f"downloads/{name}"].decode("utf-8"))
    for name in CSV_FILES:
        rows = read_csv(files[f"downloads/{name}.csv"])
        header = files[f"downloads/{name}.csv"].decode("utf-8-sig").split("\r\n", 1)[0].split(",")
        assert all(list(row) == header for row in rows)
    root = ET.fromstring(files["feed.xml"])
    assert root.tag == f"{ATOM}feed"


def test_record_counts_match_the_data(atlas, files):
    data = json.loads(files["downloads/atlas.json"])
    for family, records in data["records"].items():
        assert [r["id"] for r in records] == [r.id for r in atlas.records(family)]
    assert data["meta"]["as_of"] == atlas.meta["as_of"]
    for family in ("platforms", "ports", "cooperation", "documents"):
        rows = read_csv(files[f"downloads/{family}.csv"])
        assert [row["id"] for row in rows] == [r.id for r in atlas.records(family)]
    docs = atlas.records("documents")
    tasks = read_csv(files["downloads/tasks.csv"])
    assert len(tasks) == sum(len(d.get("tasks") or ()) + len(d.get("guarantees") or ()) for d in docs)
    targets = read_csv(files["downloads/targets.csv"])
    assert len(targets) == sum(len(d.get("targets") or ()) for d in docs)
    assert len(read_csv(files["downloads/timeline.csv"])) == len(History(atlas).events)


def test_the_fixture_target_is_exported_with_its_value(files):
    (target,) = read_csv(files["downloads/targets.csv"])
    assert (target["document"], target["id"], target["value"], target["unit"], target["comparator"],
            target["deadline"], target["annual"]) == ("neizhengbanfa-2024-5", "gdp-growth", "8", "percent",
                                                      "at-least", "2027", "true")
    (task,) = read_csv(files["downloads/tasks.csv"])
    assert task["departments"] == "nmg-drc;nmg-samr" and task["section"] == "task" and task["number"] == "1"


def test_geojson_is_lon_lat_for_every_located_record(atlas, files):
    data = json.loads(files["downloads/atlas.geojson"])
    assert data["type"] == "FeatureCollection"
    located = atlas.located()
    assert [f["id"] for f in data["features"]] == [r.id for r in located]
    for feature, record in zip(data["features"], located):
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["geometry"]["type"] == "Point"
        assert (lon, lat) == (record.location["lon"], record.location["lat"])
        assert 97 < lon < 127 and 37 < lat < 54  # Inner Mongolia: longitude first
        props = feature["properties"]
        assert set(props) == {"id", "family", "name_zh", "name_en", "kind", "status", "precision", "url"}
        assert props["url"].endswith(f"{record.family}/{record.id}/")
    assert lonlat({"lat": 40.8, "lon": 111.6}) == [111.6, 40.8]


def test_csv_files_have_a_bom_and_crlf_lines(files):
    for name in CSV_FILES:
        data = files[f"downloads/{name}.csv"]
        assert data.startswith(b"\xef\xbb\xbf"), name
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), name


def test_neutralise_cell():
    assert neutralise_cell("=1+1") == "'=1+1"
    assert neutralise_cell("+z") == "'+z"
    assert neutralise_cell("-y") == "'-y"
    assert neutralise_cell("@x") == "'@x"
    assert neutralise_cell("\tcmd") == "'\tcmd"
    assert neutralise_cell("\rcmd") == "'\rcmd"
    assert neutralise_cell("Proposed =1+1") == "Proposed =1+1"
    assert neutralise_cell(-5) == "-5" and neutralise_cell(8.5) == "8.5"  # numbers stay numbers
    assert neutralise_cell(None) == "" and neutralise_cell(True) == "true"


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, bytes]:
    """Exports of a copy of the fixture whose texts begin like spreadsheet formulas."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(MINI, data)
    platforms = data / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    text = text.replace('en: "Proposed =1+1 @x -y +z"', 'en: "=HYPERLINK(\\"http://x\\")"')
    text = text.replace('en: "Hohhot–Baotou–Ordos financial reform pilot zone | *test*"', 'en: "@SUM(A1:A2)"')
    text = text.replace("{zh: 内蒙古三个国家级经开区之一。, en: One of Inner Mongolia's three national ETDZs.}",
                        '{zh: "-2+3", en: "+cmd"}')
    platforms.write_text(text, encoding="utf-8")
    return write_exports(atlas_of(data))


def test_formula_cells_are_neutralised(hostile_files):
    platforms = read_csv(hostile_files["downloads/platforms.csv"])
    by_id = {row["id"]: row for row in platforms}
    assert by_id["hubaoe-financial-reform-zone"]["name_en"] == "'@SUM(A1:A2)"
    assert by_id["hohhot-etdz"]["summary_zh"] == "'-2+3"
    assert by_id["hohhot-etdz"]["summary_en"] == "'+cmd"
    timeline = read_csv(hostile_files["downloads/timeline.csv"])
    assert "'=HYPERLINK(\"http://x\")" in [row["text_en"] for row in timeline]
    # No text cell of any CSV starts like a formula; numeric columns hold numbers.
    for name in CSV_FILES:
        for row in read_csv(hostile_files[f"downloads/{name}.csv"]):
            for key, cell in row.items():
                if cell.startswith(FORMULA_STARTS):
                    float(cell)  # only a number may start with - or +


def test_hostile_strings_survive_as_text(files):
    data = json.loads(files["downloads/atlas.json"])
    names = [r["name"]["zh"] for r in data["records"]["platforms"]]
    assert "呼包鄂地区金融综合改革试验区 <script>alert(1)</script>" in names
    row = {r["id"]: r for r in read_csv(files["downloads/platforms.csv"])}["hubaoe-financial-reform-zone"]
    assert row["name_en"] == "Hohhot–Baotou–Ordos financial reform pilot zone | *test*"
    timeline = read_csv(files["downloads/timeline.csv"])
    assert "建议争取设立 <b>x</b> | [链接](javascript:alert(1))" in [r["text_zh"] for r in timeline]
    feed = files["feed.xml"]
    assert b"<script>" not in feed and b"<b>x</b>" not in feed
    texts = " ".join(el.text or "" for el in ET.fromstring(feed).iter())
    assert "<script>alert(1)</script>" in texts  # escaped in the XML, intact for the reader


def test_datapackage_describes_every_file(files):
    package = json.loads(files["downloads/datapackage.json"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    paths = {r["path"] for r in package["resources"]}
    assert paths == {p.removeprefix("downloads/") for p in files if p.startswith("downloads/")} - {"datapackage.json"}
    for resource in package["resources"]:
        data = files[f"downloads/{resource['path']}"]
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        # Table Schema for the CSVs; JSON Schema (an extension property) for the JSON files.
        assert resource.get("schema") or resource.get("x-jsonSchema"), resource["path"]
        if resource["format"] == "csv":
            header = data.decode("utf-8-sig").split("\r\n", 1)[0].split(",")
            fields = resource["schema"]["fields"]
            assert [f["name"] for f in fields] == header
            assert all(f["type"] in TABLE_SCHEMA_TYPES and f["description"] for f in fields)
            assert resource["x-records"] == len(read_csv(data))


def test_two_renders_are_byte_identical():
    first = write_exports(atlas_of(MINI))
    second = write_exports(atlas_of(MINI))
    assert first == second


def test_feed_entries_are_valid_atom(files):
    root = ET.fromstring(files["feed.xml"])
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for child in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{child}") is not None, child
        assert entry.find(f"{ATOM}updated").text.endswith("Z")
    updates = [e.find(f"{ATOM}updated").text for e in entries]
    assert updates == sorted(updates, reverse=True)
    assert root.find(f"{ATOM}updated").text == updates[0]


def test_last_changed_without_git_uses_the_records_own_dates(atlas, monkeypatch):
    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")
    views = History(atlas)
    assert views.edits == []
    assert (views.last_changed(atlas.get("hubaoe-financial-reform-zone")).date, "event") == ("2012", "event")
    assert views.last_changed(atlas.get("hohhot-etdz")).date == "2000-07"
    assert views.last_changed(atlas.get("china")) is None


def git(*args: str, cwd: Path, date: str = "2026-01-02T03:04:05+08:00") -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_last_changed_follows_the_commit_that_changed_each_record(tmp_path, monkeypatch):
    monkeypatch.delenv("ATLAS_GIT_HISTORY", raising=False)
    repo = tmp_path / "repo"
    data = repo / "data"
    shutil.copytree(MINI, data)
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", ".", cwd=repo)
    git("commit", "-q", "-m", "first", cwd=repo, date="2026-01-02T03:04:05+08:00")
    ports = data / "ports.yaml"
    ports.write_text(ports.read_text(encoding="utf-8").replace("lat: 49.59", "lat: 49.6"), encoding="utf-8")
    git("commit", "-q", "-am", "move the port", cwd=repo, date="2026-03-04T10:00:00+00:00")

    atlas = atlas_of(data)
    views = History(atlas)
    port = views.last_changed(atlas.get("manzhouli-rail-port"))
    assert (port.date, port.kind) == ("2026-03-04", "edited")
    assert port.url.endswith("/commit/" + git("rev-parse", "HEAD", cwd=repo).strip())
    platform = views.last_changed(atlas.get("hohhot-etdz"))
    assert platform.date == "2026-01-01"  # 03:04 at +08:00 is the evening before in UTC
    (latest, first) = views.commits()
    assert [(e.record_id, e.action) for e in latest.edits] == [("manzhouli-rail-port", "changed")]
    assert {e.action for e in first.edits} == {"added"}
    assert write_exports(atlas, views) == write_exports(atlas_of(data))


def test_citation_file_matches_the_atlas_meta():
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    meta = yaml.safe_load((REPO / "data" / "atlas.yaml").read_text(encoding="utf-8"))
    assert citation["license"] == meta["licence"] == "CC-BY-4.0"
    assert citation["repository-code"] == meta["repository"]
    assert meta["title"]["zh"] in citation["title"] and meta["title"]["en"] in citation["title"]
    assert citation["type"] == "dataset" and citation["authors"]


def test_every_link_in_the_downloads_and_the_feed_is_absolute(files):
    """page_url, GeoJSON urls, the feed's links and the data package's links leave the site: absolute."""
    base = site_url()
    assert base.startswith(("https://", "http://"))
    for name in ("platforms", "ports", "cooperation", "documents", "timeline"):
        rows = read_csv(files[f"downloads/{name}.csv"])
        assert rows and all(row["page_url"].startswith(base) for row in rows), name
    geo = json.loads(files["downloads/atlas.geojson"])
    assert all(f["properties"]["url"].startswith(base) for f in geo["features"])
    root = ET.fromstring(files["feed.xml"])
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert len(links) > 2 and all(href.startswith(("https://", "http://")) for href in links), links
    package = json.loads(files["downloads/datapackage.json"])
    assert package["homepage"] == base
    urls = [package["homepage"], *(x["path"] for key in ("licenses", "sources", "contributors")
                                   for x in package[key])]
    assert all(u.startswith("https://") for u in urls), urls


def test_feeds_per_family_and_per_league_keep_only_their_records(atlas, monkeypatch):
    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")  # the records' own dated events only
    files = write_exports(atlas)

    def entry_links(path: str) -> list[str]:
        root = ET.fromstring(files[path])
        return [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]

    base = site_url()
    assert {p for p in files if p.startswith("feeds/")} == {
        "feeds/platforms.xml", "feeds/ports.xml", "feeds/cooperation.xml", "feeds/documents.xml",
        "feeds/league-hohhot.xml", "feeds/league-manzhouli.xml"}
    everything = entry_links("feed.xml")
    platforms = entry_links("feeds/platforms.xml")
    assert platforms and all(link.startswith(base + "platforms/") for link in platforms)
    assert set(platforms) <= set(everything)
    assert all(link.startswith(base + "ports/") for link in entry_links("feeds/ports.xml"))
    assert not entry_links("feeds/documents.xml")  # documents are issued, not approved: no status events
    hohhot = entry_links("feeds/league-hohhot.xml")
    # The Hohhot ETDZ and the zone in both Hohhot and Manzhouli; not the Manzhouli rail port.
    assert base + "platforms/hohhot-etdz/" in hohhot and base + "platforms/hubaoe-financial-reform-zone/" in hohhot
    assert not any("manzhouli-rail-port" in link for link in hohhot)
    root = ET.fromstring(files["feeds/league-hohhot.xml"])
    self_link = [x.get("href") for x in root.findall(f"{ATOM}link") if x.get("rel") == "self"]
    assert self_link == [base + "feeds/league-hohhot.xml"]
    assert "呼和浩特" in root.find(f"{ATOM}title").text
