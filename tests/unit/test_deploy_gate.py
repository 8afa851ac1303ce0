"""The Pages deploy's release gate: no public maps without the base map's key and its confirmed review number."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator.deploy_gate import deploy_refusals

REPO = Path(__file__).resolve().parents[2]
KEY = "0123456789abcdef0123456789abcdef"


def meta(basemap: str = "tianditu", numbers: dict | None = None) -> dict:
    return {"map": {"basemap": basemap, "review_numbers": numbers or {}}}


def test_tianditu_with_key_and_confirmed_number_may_be_published():
    assert deploy_refusals(meta(numbers={"tianditu": "GS(2024)1234号"}), {"TIANDITU_KEY": KEY}) == []


def test_missing_key_says_how_to_set_the_secret():
    reasons = deploy_refusals(meta(numbers={"tianditu": "GS(2024)1234号"}), {})
    assert len(reasons) == 1
    assert "TIANDITU_KEY" in reasons[0] and "Secrets and variables" in reasons[0] and "密钥" in reasons[0]


def test_missing_or_placeholder_number_says_where_to_copy_it_from():
    for numbers in ({}, {"tianditu": "GS(20xx)xxxx号"}, {"tianditu": "  "}):
        reasons = deploy_refusals(meta(numbers=numbers), {"TIANDITU_KEY": KEY})
        assert len(reasons) == 1, numbers
        assert "审图号" in reasons[0] and "https://www.tianditu.gov.cn/" in reasons[0]
        assert "map.review_numbers.tianditu" in reasons[0]


def test_amap_needs_no_key_but_its_own_number():
    assert deploy_refusals(meta("amap", {"amap": "GS京(2023)5678号"}), {}) == []
    reasons = deploy_refusals(meta("amap", {"tianditu": "GS(2024)1234号"}), {})
    assert len(reasons) == 1 and "map.review_numbers.amap" in reasons[0]


def test_osm_is_never_published_and_the_environment_overrides_the_setting():
    assert "osm" in deploy_refusals(meta("osm"), {})[0]
    assert "osm" in deploy_refusals(meta(numbers={"tianditu": "GS(2024)1234号"}),
                                    {"TIANDITU_KEY": KEY, "ATLAS_BASEMAP": "osm"})[0]


def test_command_exits_1_with_annotations_and_0_when_all_is_set(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini_atlas", data)
    env = {k: v for k, v in os.environ.items() if k not in ("TIANDITU_KEY", "ATLAS_BASEMAP")}
    summary = tmp_path / "summary.md"
    env["GITHUB_STEP_SUMMARY"] = str(summary)

    def run(**extra):
        return subprocess.run([sys.executable, "-m", "generator", "deploy-check", "--data", str(data),
                               "--format", "github"], cwd=REPO, env=dict(env, **extra),
                              capture_output=True, text=True, timeout=120)

    refused = run()
    assert refused.returncode == 1
    assert refused.stdout.count("::error title=") >= 1 and "TIANDITU_KEY" in refused.stdout
    assert "Deploy refused" in summary.read_text(encoding="utf-8")
    settings = yaml.safe_load((data / "atlas.yaml").read_text(encoding="utf-8"))
    settings.setdefault("map", {})["basemap"] = "tianditu"
    settings["map"]["review_numbers"] = {"tianditu": "GS(2024)1234号"}
    (data / "atlas.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    allowed = run(TIANDITU_KEY=KEY)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
