"""What the site search should know about a record page, written as plain data-pagefind-* attributes.

Input: a record and the page's context (language, atlas). Output: one hidden HTML block for the
top of the record page. Pagefind, run on whatever static HTML a publisher writes, reads it as
- filters (facets): the section (family), kind, status, league or city, and year;
- metadata shown beside a result's title: kind, status, league or city;
- searchable metadata that the search ranks like the title: the record's aliases, the usual
  short forms of its names (经开区 for 经济技术开发区), a document's number, and each Chinese
  character of these names (see ``search_block``).
The block is out of the page's indexed text (data-pagefind-ignore) and not shown (hidden).
"""
from __future__ import annotations

from markupsafe import Markup, escape

from generator.records import host_ids

# The short forms readers type for the long kinds of names: (long form, short forms).
SHORT_FORMS = {
    "zh": (
        ("经济技术开发区", ("经开区",)),
        ("高新技术产业开发区", ("高新区",)),
        ("农业高新技术产业示范区", ("农高区",)),
        ("综合保税区", ("综保区",)),
        ("边境经济合作区", ("边合区",)),
        ("跨境电子商务综合试验区", ("跨境电商综试区", "跨境电商综合试验区", "综试区")),
        ("自由贸易试验区", ("自贸区", "自贸试验区")),
        ("重点开发开放试验区", ("开发开放试验区",)),
        ("自主创新示范区", ("自创区",)),
        ("生态文明建设示范区", ("生态文明示范区",)),
        ("保税物流中心（B型）", ("B型保税物流中心",)),
        ("中华人民共和国", ("",)),  # 中华人民共和国国务院 -> 国务院
    ),
    "en": (
        ("Economic and Technological Development Zone", ("ETDZ", "economic development zone")),
        ("High-tech Industrial Development Zone", ("high-tech zone", "HIDZ")),
        ("Pilot Free Trade Zone", ("FTZ", "free trade zone")),
        ("Comprehensive Bonded Zone", ("bonded zone",)),
        ("Cross-border E-commerce Comprehensive Pilot Zone", ("CBEC zone", "e-commerce zone")),
        ("Border Economic Cooperation Zone", ("border cooperation zone",)),
        (" of the People's Republic of China", ("",)),  # State Council of the ... -> State Council
    ),
}

# Region kinds of the province level: the league or city of a place is its region just below one.
PROVINCE_KINDS = frozenset({"province", "autonomous-region", "municipality"})

# The ending a place name drops in speech (呼伦贝尔 for 呼伦贝尔市); kept when the rest is one character.
PLACE_SUFFIXES = ("自治区", "市", "盟", "旗", "县", "区", "省")

# What readers call each family when they search for the whole list (the index page's names).
INDEX_NAMES = {
    "platforms": {"zh": ("国家政策类平台", "国家级平台", "开发区", "试验区", "示范区"),
                  "en": ("national policy platforms", "development zones", "pilot zones")},
    "ports": {"zh": ("边境口岸", "陆路口岸", "航空口岸", "对外开放口岸"),
              "en": ("border ports", "ports of entry", "land ports", "airports")},
    "cooperation": {"zh": ("区域合作", "对口合作", "合作机制"),
                    "en": ("regional cooperation", "paired cooperation", "partnerships")},
    "regions": {"zh": ("盟市", "旗县", "行政区划"), "en": ("leagues and cities", "places")},
    "documents": {"zh": ("政策文件", "文件", "批复", "规划"), "en": ("policy documents", "replies", "plans")},
    "organisations": {"zh": ("责任单位", "部门", "牵头单位"), "en": ("responsible bodies", "departments")},
}


def short_forms(names: list[str], lang: str) -> list[str]:
    """The short forms of ``names`` that readers type (呼和浩特经开区 for 呼和浩特经济技术开发区)."""
    found = []
    for name in names:
        for long, shorts in SHORT_FORMS[lang]:
            if long in name:
                found.extend(name.replace(long, short).strip() for short in shorts)
    return [f for f in found if f and f not in names]


def place_short_name(name: str) -> str | None:
    """A place name without its administrative ending (锡林郭勒 for 锡林郭勒盟), or None."""
    for suffix in PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def league_of(atlas, region_id: str | None):
    """The league or city (the level below a province) that holds a region, or None above that level."""
    region = atlas.get(region_id) if region_id else None
    while region is not None and region.get("parent"):
        parent = atlas.get(region.get("parent"))
        if parent.get("kind") in PROVINCE_KINDS:
            return region
        region = parent
    return None


def _cjk_characters(texts: list[str]) -> list[str]:
    """Each Chinese character of ``texts`` once, in order of first use."""
    return list(dict.fromkeys(ch for text in texts for ch in text if "\u3400" <= ch <= "\u9fff"))


def _year(record) -> str:
    """The year a record was approved or established, or a document issued ("" when unknown)."""
    for key in ("approved", "established"):
        event = record.get(key)
        if event:
            return str(event.get("date") or event.get("not_later_than") or "")[:4]
    return str(record.get("date") or "")[:4] if record.family == "documents" else ""


def _leagues(ctx, record) -> list[str]:
    hosts = [record.id] if record.family == "regions" else host_ids(record)
    names = []
    for host in hosts:
        league = league_of(ctx.atlas, host)
        if league is not None:
            names.append(league.name[ctx.lang])
    return list(dict.fromkeys(names))


def search_block(ctx, record) -> Markup:
    """The hidden block of data-pagefind-* attributes for ``record``'s page in ``ctx.lang``."""
    lang = ctx.lang
    kind = ctx.kind_label(record) if record.get("kind") else ""
    status = ctx.label("status", record.get("status")) if record.get("status") else ""
    leagues = _leagues(ctx, record)
    year = _year(record)
    aliases = list(record.get("aliases") or ())
    names = [record.name[lang], *aliases]
    terms = [*aliases, *short_forms(names, lang)]
    if record.family == "regions":
        terms.extend(short for short in (place_short_name(record.name["zh"]),) if short)
    if record.get("number"):
        terms.append(record.get("number"))
    terms = list(dict.fromkeys(t for t in terms if t != record.name[lang]))
    # Every Chinese character of the names, each a word of its own: the browser splits a Chinese
    # query into words differently from the indexer (呼伦贝尔 / 呼伦 贝尔), so assets/search.js also
    # searches a Chinese query character by character, and these make a record's own page match it.
    chars = _cjk_characters([record.name["zh"], *terms, *short_forms([record.name["zh"]], "zh")])

    def span(attrs: str, text: str) -> str:
        return f'<span {attrs}>{escape(text)}</span>'

    parts = [span('data-pagefind-filter="family"', ctx.L(record.family))]
    if kind:
        parts.append(span('data-pagefind-filter="kind" data-pagefind-meta="kind"', kind))
    if status:
        parts.append(span('data-pagefind-filter="status" data-pagefind-meta="status"', status))
    parts.extend(span('data-pagefind-filter="league"', name) for name in leagues)
    if leagues:
        parts.append(span('data-pagefind-meta="league"', ctx.L("sep").join(leagues)))
    if year.isdigit():
        parts.append(span('data-pagefind-filter="year"', year))
    if terms:
        parts.append(span('data-pagefind-meta="names"', " | ".join(terms)))
    if chars:
        parts.append(span('data-pagefind-meta="chars"', " ".join(chars)))
    return Markup(f'<div class="atlas-search-facts" hidden data-pagefind-ignore>{"".join(parts)}</div>')


def index_block(ctx, family: str) -> Markup:
    """The hidden block of a family's index page: its section, and what readers call the list."""
    names = INDEX_NAMES[family][ctx.lang]
    chars = _cjk_characters(list(names))
    parts = [f'<span data-pagefind-filter="family">{escape(ctx.L(family))}</span>',
             f'<span data-pagefind-meta="names">{escape(" | ".join(names))}</span>']
    if chars:
        parts.append(f'<span data-pagefind-meta="chars">{escape(" ".join(chars))}</span>')
    return Markup(f'<div class="atlas-search-facts" hidden data-pagefind-ignore>{"".join(parts)}</div>')
