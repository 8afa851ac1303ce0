"""The counts the site prints, each computed here once, with the words that say what it counts.

Input: an ``Atlas`` (and, for phrases, the page's words). Output: numbers and
short phrases. The home page, the family indexes, the map legends, the region
pages and the regions map all print what these functions return, so a number
always comes with the same words: in Inner Mongolia or a benchmark elsewhere,
on the map or not, a league or city by itself or with its banners and counties.

    counts = Counts(atlas)
    counts.family("platforms")            # FamilyCount(total=58, inside=54, elsewhere=4, on_map=45)
    counts.breakdown("platforms", words)  # "在内蒙古 54 个，区外对照 4 个；有坐标、在地图上 45 个"
    counts.in_region("hulunbuir", "platforms")  # its own and its banners' platforms
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from generator.records import Atlas, Record, host_ids, located_parties, subtree_ids

# The region whose subtree is "in Inner Mongolia".
HOME_REGION = "inner-mongolia"
# Families split into in Inner Mongolia / elsewhere (cooperation: with / without an Inner Mongolia
# party); documents and organisations are not placed, so they are only counted.
SPLIT_FAMILIES = ("platforms", "ports", "cooperation", "regions")
PLACED_FAMILIES = ("platforms", "ports", "regions", "cooperation")


@dataclass(frozen=True)
class FamilyCount:
    """How many records a family has, and how they split (None where a split does not apply)."""

    family: str
    total: int
    inside: int | None
    elsewhere: int | None
    on_map: int | None


class Counts:
    """Every count the pages and maps print, computed once per build."""

    def __init__(self, atlas: Atlas):
        self.atlas = atlas

    @functools.cached_property
    def home_ids(self) -> frozenset[str]:
        """Inner Mongolia and every region inside it."""
        return subtree_ids(self.atlas, HOME_REGION) if HOME_REGION in self.atlas.by_id else frozenset()

    def inside(self, record: Record) -> bool:
        """In Inner Mongolia: a region inside it, a record hosted there, a cooperation with a party there."""
        if record.family == "regions":
            return record.id in self.home_ids
        return any(h in self.home_ids for h in host_ids(record))

    def on_map(self, record: Record) -> bool:
        """Drawn on the family's map: a point, or for a cooperation a line (two located parties)."""
        if record.family == "cooperation":
            return len(located_parties(self.atlas, record)[0]) >= 2
        return record.location is not None

    @functools.cached_property
    def _families(self) -> dict[str, FamilyCount]:
        out = {}
        for family, records in self.atlas.families.items():
            split = family in SPLIT_FAMILIES
            inside = sum(1 for r in records if self.inside(r)) if split else None
            out[family] = FamilyCount(
                family, len(records), inside, len(records) - inside if split else None,
                sum(1 for r in records if self.on_map(r)) if family in PLACED_FAMILIES else None)
        return out

    def family(self, family: str) -> FamilyCount:
        return self._families.get(family) or FamilyCount(family, 0, None, None, None)

    def in_region(self, region_id: str, family: str, below: bool = True) -> list[Record]:
        """Records of ``family`` hosted by a region (``below``: or by any region inside it), in data order."""
        ids = subtree_ids(self.atlas, region_id) if below else {region_id}
        return [r for r in self.atlas.records(family) if any(h in ids for h in host_ids(r))]

    def lists_below(self, region_id: str) -> bool:
        """Whether a region's page lists what the regions inside it host: a league or city, a banner
        with districts; not Inner Mongolia itself (its leagues list theirs) nor places elsewhere."""
        return (region_id in self.home_ids and region_id != HOME_REGION
                and bool(self.atlas.region_children.get(region_id)))

    def region_records(self, region_id: str, family: str) -> list[Record]:
        """What a region's page lists for one family: with the regions inside it where ``lists_below``."""
        return self.in_region(region_id, family, below=self.lists_below(region_id))

    def region_split(self, region_id: str, family: str) -> tuple[int, int]:
        """(hosted by the region itself, with the regions inside it) for one family."""
        return len(self.in_region(region_id, family, below=False)), len(self.in_region(region_id, family))

    def groups(self, family: str) -> list[tuple[str | None, list[Record]]]:
        """A family's records in reading order, as (group, records): what concerns Inner Mongolia first.

        Cooperation: with an Inner Mongolia party, then the rest. Regions: the leagues and cities
        first, then the rest of Inner Mongolia, then places elsewhere. Other families: one group.
        """
        records = list(self.atlas.records(family))
        if family not in ("cooperation", "regions"):
            return [(None, records)]
        inside = [r for r in records if self.inside(r)]
        if family == "regions":
            leagues = {r.id for r in self.atlas.region_children.get(HOME_REGION, ())}
            inside.sort(key=lambda r: r.id not in leagues)  # stable: data order inside each part
        elsewhere = [r for r in records if not self.inside(r)]
        return [(key, rows) for key, rows in (("inside", inside), ("elsewhere", elsewhere)) if rows]

    # Words -------------------------------------------------------------------------------------
    def breakdown(self, family: str, words: Callable[[str], str]) -> str:
        """How a family's records split, in the words every page uses ("" when nothing to split).

        ``words`` is the page's word lookup (``Words`` or ``MapContext.L``).
        """
        c = self.family(family)
        unit = words(f"cnt_unit_{family}")
        parts = []
        if c.inside is not None:
            split = [fill(words(_word("cnt_inside", family)), c.inside, unit)]
            if c.elsewhere:
                split.append(fill(words(_word("cnt_elsewhere", family)), c.elsewhere, unit))
            parts.append(words("cnt_sep").join(split))
        if c.on_map is not None:
            parts.append(fill(words(_word("cnt_on_map", family)), c.on_map, unit))
        return words("cnt_semi").join(parts)

    def summary(self, family: str, words: Callable[[str], str]) -> str:
        """The family's name, total and breakdown: "政策平台 58 个：在内蒙古 54 个，……"."""
        c = self.family(family)
        head = fill(words("cnt_total"), c.total, words(f"cnt_unit_{family}")).replace("{family}", words(family))
        rest = self.breakdown(family, words)
        return head + (words("colon") + rest if rest else "")

    def region_phrase(self, region_id: str, family: str, words: Callable[[str], str]) -> str:
        """"本级 5 个，含所辖旗县区共 11 个" for a region with regions inside it; "5 个" otherwise."""
        alone, below = self.region_split(region_id, family)
        unit = words(f"cnt_unit_{family}")
        if not self.lists_below(region_id):
            return fill(words("cnt_n"), alone, unit)
        return words("cnt_sep").join([fill(words("cnt_alone"), alone, unit), fill(words("cnt_below"), below, unit)])


_SPECIFIC = {("cnt_inside", "cooperation"), ("cnt_elsewhere", "cooperation"), ("cnt_elsewhere", "regions"),
             ("cnt_on_map", "cooperation")}


def _word(key: str, family: str) -> str:
    """The family's own wording of a count where it differs (cooperation has parties, not a place)."""
    return f"{key}_{family}" if (key, family) in _SPECIFIC else key


def fill(template: str, n: int, unit: str = "") -> str:
    return template.replace("{n}", str(n)).replace("{u}", unit)
