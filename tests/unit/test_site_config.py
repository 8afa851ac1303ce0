"""The publisher configuration is read with MkDocs' own loader, once, and never silently empty."""
from __future__ import annotations

import pytest

from generator.site_config import ConfigError, read_publisher_config, site_url


def write(tmp_path, text: str):
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_site_url_reads_the_env_tag_default(tmp_path, monkeypatch):
    monkeypatch.delenv("ATLAS_SITE_URL", raising=False)
    # The line a regular expression read as nothing: a tagged value with a default.
    path = write(tmp_path, 'site_name: x\nsite_url: !ENV [ATLAS_SITE_URL, "https://example.org/atlas"]\n')
    assert site_url(path) == "https://example.org/atlas/"
    assert read_publisher_config(path)["site_name"] == "x"


def test_atlas_site_url_overrides_the_file(tmp_path, monkeypatch):
    path = write(tmp_path, "site_url: https://example.org/atlas/\n")
    monkeypatch.setenv("ATLAS_SITE_URL", "http://127.0.0.1:8000")
    assert site_url(path) == "http://127.0.0.1:8000/"


def test_the_repositorys_mkdocs_yml_gives_an_absolute_site_url(monkeypatch):
    monkeypatch.delenv("ATLAS_SITE_URL", raising=False)
    assert site_url().startswith("https://") and site_url().endswith("/")


@pytest.mark.parametrize("text, says", [
    ("site_name: x\n", "has no site_url"),
    ("site_url: /atlas/\n", "absolute"),
    ("site_url: [\n", "mkdocs.yml"),
])
def test_a_missing_or_relative_site_url_is_an_error(tmp_path, monkeypatch, text, says):
    monkeypatch.delenv("ATLAS_SITE_URL", raising=False)
    with pytest.raises(ConfigError, match=says):
        site_url(write(tmp_path, text))


def test_a_missing_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.delenv("ATLAS_SITE_URL", raising=False)
    with pytest.raises(ConfigError, match="cannot read"):
        site_url(tmp_path / "nothing.yml")
