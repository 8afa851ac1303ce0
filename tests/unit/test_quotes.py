"""Every quote attributed to a document appears verbatim in that document's text."""
from __future__ import annotations

from pathlib import Path

import pytest

from generator.quotes import check_quotes, normalise
from generator.records import build_atlas
from generator.validate import validate_data

REPO = Path(__file__).resolve().parents[2]


def atlas_of(data: Path):
    loaded, problems = validate_data(data)
    assert problems == [], "\n".join(map(str, problems))
    return build_atlas(loaded)


def test_normalise_removes_only_white_space():
    assert normalise("满洲里市和二连\n浩特市 先后") == "满洲里市和二连浩特市先后"
    assert normalise("（一）") != normalise("(一)")


def test_real_data_quotes_are_verbatim(seeds_dir):
    if seeds_dir is None:
        pytest.skip("../shared/seeds is not beside this checkout; quotes cannot be checked here")
    failures, checked, _ = check_quotes(atlas_of(REPO / "data"), seeds_dir)
    assert checked > 0
    assert failures == [], "quotes not found verbatim:\n" + "\n".join(map(str, failures))


def test_a_changed_quote_is_reported(seeds_dir, tmp_path):
    if seeds_dir is None:
        pytest.skip("../shared/seeds is not beside this checkout")
    import shutil
    data = tmp_path / "data"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini_atlas", data)
    path = data / "platforms.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("我们可以借鉴温州", "我们应该借鉴温州"), encoding="utf-8")
    failures, _, _ = check_quotes(atlas_of(data), seeds_dir)
    assert [(f.record, f.place) for f in failures] == [("hubaoe-financial-reform-zone", "facts[0].sources[0]")]
