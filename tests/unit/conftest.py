"""Fixtures shared by the unit tests."""
from __future__ import annotations

import pytest

from generator.records import build_atlas
from generator.validate import validate_data
from tests.conftest import MINI_ATLAS


@pytest.fixture
def mini_atlas(monkeypatch):
    """The mini fixture atlas, loaded without reading git history (pages depend on it otherwise)."""
    monkeypatch.setenv("ATLAS_GIT_HISTORY", "0")
    loaded, problems = validate_data(MINI_ATLAS)
    assert problems == []
    return build_atlas(loaded)
