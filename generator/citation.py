"""How to cite the atlas and its records: citation lines, BibTeX, RIS and CSL-JSON.

Input: the atlas's ``meta`` and the site's address (generator/site_config.py).
Output: text a reader copies or downloads.

    atlas_citation(atlas.meta, "https://example.org/atlas/", "en")
    # "Atlas of ... team (2026). Atlas of ... [data set], data as of 2026-12-01. https://example.org/atlas/. ..."
"""
from __future__ import annotations

from collections.abc import Mapping

LICENCE_SHORT = {"CC-BY-4.0": "CC BY 4.0"}


def licence_name(meta: Mapping) -> str:
    """The data licence as readers write it (CC BY 4.0)."""
    licence_id = meta.get("licence") or "CC-BY-4.0"
    return LICENCE_SHORT.get(licence_id, licence_id)


def atlas_citation(meta: Mapping, base_url: str, lang: str) -> str:
    """How to cite the whole atlas, in Chinese (GB/T 7714 style) or English."""
    title, as_of = meta["title"], str(meta["as_of"])
    licence = licence_name(meta)
    if lang == "zh":
        return f"{title['zh']}团队. {title['zh']}[DS/OL]. 数据截至 {as_of}. {base_url}. 许可：{licence}."
    return (f"{title['en']} team ({as_of[:4]}). {title['en']} ({title['zh']}) [data set], "
            f"data as of {as_of}. {base_url}. Licence: {licence}.")
