"""Two clean builds of the same data are byte-identical (pages, maps, downloads, search index, sitemap)."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import MINI_ATLAS, build_site


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_identical(tmp_path, mini_site):
    again = tree(build_site(MINI_ATLAS, tmp_path / "again"))
    first = tree(mini_site)
    assert sorted(first) == sorted(again)
    differ = [name for name in first if first[name] != again[name]]
    assert not differ, f"files differ between two builds: {differ[:10]}"
