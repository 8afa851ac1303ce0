"""The atlas's dated data releases, as listed in ``data/atlas.yaml`` under ``releases``.

Input: the atlas's ``meta``. Output: ``Release`` values, newest first, each with
its permanent links (the GitHub Release page, its zip, and its DOI when Zenodo
has minted one).

    releases = list_releases(atlas.meta)   # [] until the first release is listed
    releases[0].tag                        # "data-2026-12-06"

A release is made by listing its tag in ``data/atlas.yaml`` and pushing that tag
(``.github/workflows/release.yml`` refuses a tag that is not listed), so the site
never names a release that does not exist, and a release's date is in its tag.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

TAG_PREFIX = "data-"


@dataclass(frozen=True)
class Release:
    """One dated release of the data."""

    tag: str                 # data-YYYY-MM-DD
    doi: str | None          # 10.5281/zenodo.NNN, once Zenodo has minted one
    page_url: str            # the GitHub Release: notes and the zip
    zip_url: str             # the zip of every download, the data package and a README

    @property
    def date(self) -> str:
        return self.tag[len(TAG_PREFIX):]

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def permanent_url(self) -> str:
        """The link that will always lead to this release: its DOI, else its GitHub Release."""
        return self.doi_url or self.page_url


def zip_name(tag: str) -> str:
    """The release asset's file name."""
    return f"nmg-policy-atlas-{tag}.zip"


def list_releases(meta: Mapping) -> list[Release]:
    """Every listed release, newest first."""
    repo = str(meta["repository"]).rstrip("/")
    out = [Release(str(item["tag"]), item.get("doi"), f"{repo}/releases/tag/{item['tag']}",
                   f"{repo}/releases/download/{item['tag']}/{zip_name(item['tag'])}")
           for item in meta.get("releases") or ()]
    return sorted(out, key=lambda r: r.tag, reverse=True)


def current_release(meta: Mapping) -> Release | None:
    """The newest listed release (what citations pin to), or None before the first."""
    releases = list_releases(meta)
    return releases[0] if releases else None
