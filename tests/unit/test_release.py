"""Dated data releases: the zip a tag builds, the workflow that publishes it, and the metadata files
that let Zenodo mint a DOI and GitHub show "Cite this repository"."""
from __future__ import annotations

import json
import shutil
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.conftest import MINI_ATLAS
from tests.unit.test_workflows import WORKFLOWS, load, runs, steps, uses

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_with_a_release(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")
    monkeypatch.delenv("ATLAS_SITE_URL", raising=False)
    data = tmp_path / "data"
    shutil.copytree(MINI_ATLAS, data)
    meta = data / "atlas.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "releases:\n  - tag: data-2026-12-06\n", encoding="utf-8")
    return data


def test_a_listed_tag_builds_a_zip_of_the_downloads_with_a_readme(data_with_a_release, tmp_path, capsys):
    out = tmp_path / "dist"
    assert main(["release", "data-2026-12-06", "--data", str(data_with_a_release), "--out", str(out)]) == 0
    data = (out / "nmg-policy-atlas-data-2026-12-06.zip").read_bytes()
    with zipfile.ZipFile(BytesIO(data)) as z:
        names = z.namelist()
        folder = "nmg-policy-atlas-data-2026-12-06/"
        assert names == sorted(names) and all(n.startswith(folder) for n in names)
        assert {folder + "README.md", folder + "downloads/datapackage.json", folder + "downloads/atlas.json",
                folder + "downloads/platforms.csv"} <= set(names)
        assert all(info.date_time == (2026, 12, 6, 0, 0, 0) for info in z.infolist())
        readme = z.read(folder + "README.md").decode("utf-8")
        package = json.loads(z.read(folder + "downloads/datapackage.json"))
    assert "data-2026-12-06" in readme and "CC BY 4.0" in readme
    assert "releases/tag/data-2026-12-06" in readme
    assert package["resources"][0]["hash"].split(":")[1] in readme  # each file's SHA-256 is listed
    assert (out / "RELEASE_NOTES.md").read_text(encoding="utf-8") == readme
    # The same data and tag give the same bytes.
    assert main(["release", "data-2026-12-06", "--data", str(data_with_a_release), "--out", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b" / "nmg-policy-atlas-data-2026-12-06.zip").read_bytes() == data


@pytest.mark.parametrize("tag, says", [("data-2026-12-07", "releases 中没有 data-2026-12-07"),
                                        ("v1.0", "不是 data-YYYY-MM-DD")])
def test_a_tag_that_is_not_a_listed_release_is_refused(data_with_a_release, tmp_path, capsys, tag, says):
    assert main(["release", tag, "--data", str(data_with_a_release), "--out", str(tmp_path / "dist")]) == 1
    out = capsys.readouterr().out
    assert says in out and "atlas.yaml:" in out
    assert not (tmp_path / "dist").exists()


def test_release_workflow_builds_on_a_data_tag_and_attaches_the_zip():
    workflow = load(WORKFLOWS / "release.yml")
    assert workflow["on"] == {"push": {"tags": ["data-*"]}}
    assert workflow["permissions"] == {"contents": "read"}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    assert [a.split("@")[0] for a in uses(job)] == ["actions/checkout", "actions/setup-python"]
    commands = runs(job)
    order = ["scripts/setup-env", "-m generator validate --format github", '-m generator release "$TAG"',
             "gh release create"]
    positions = [commands.find(c) for c in order]
    assert -1 not in positions and positions == sorted(positions), positions
    assert "--verify-tag" in commands and 'dist/nmg-policy-atlas-$TAG.zip' in commands
    assert any(s.get("env", {}).get("GH_TOKEN") for s in steps(job))


def test_zenodo_and_citation_files_match_the_atlas():
    meta = yaml.safe_load((REPO / "data" / "atlas.yaml").read_text(encoding="utf-8"))
    zenodo = json.loads((REPO / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["upload_type"] == "dataset" and zenodo["license"] == meta["licence"].lower()
    assert meta["title"]["zh"] in zenodo["title"] and meta["title"]["en"] in zenodo["title"]
    assert zenodo["creators"] and all(c.get("name") for c in zenodo["creators"])
    assert {r["identifier"] for r in zenodo["related_identifiers"]} >= {meta["repository"]}
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert "data release" in citation["message"]
