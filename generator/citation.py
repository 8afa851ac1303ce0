"""How to cite the atlas and each record: citation lines, BibTeX, RIS and CSL-JSON.

Input: the atlas's ``meta``, a record, the site's address (generator/site_config.py)
and the data release (generator/releases.py). Output: text a reader copies or
downloads, and that HTML version of it in which the access date can be set to
the reader's day by the page's script (assets/open_data.js).

    atlas_citation(atlas.meta, "https://example.org/atlas/", "en")
    cite = RecordCitation(atlas.meta, atlas.get("hohhot-etdz"), "https://example.org/atlas/", "en")
    cite.bibtex()   # "@misc{nmgatlas-hohhot-etdz,\\n  author = {{...}},\\n ..."

Every citation names the atlas, the record, its URL, the data release (or, before
the first release, the date the data is as of) and the date accessed. The page is
built once and read on many days, so the access date is written as the data's
``as_of`` date and replaced in the browser by the day the reader opens the page;
in HTML it is a ``<span data-accessed="FORMAT">`` that the script fills.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

from generator.releases import Release, current_release

LICENCE_SHORT = {"CC-BY-4.0": "CC BY 4.0"}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
# Where an access date goes in a citation's text: \x01FORMAT\x02 (replaced by its text or its HTML).
_MARK = re.compile("\x01([a-z-]+)\x02")
# BibTeX's special characters, written so that LaTeX prints them.
_BIBTEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
           "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


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


def format_access(fmt: str, iso: str) -> str:
    """An access date (YYYY-MM-DD) in one of the citation formats; assets/open_data.js mirrors this."""
    y, m, d = iso.split("-")
    return {"iso": iso, "ris": f"{y}/{m}/{d}", "parts": f"{int(y)}, {int(m)}, {int(d)}",
            "en": f"{int(d)} {MONTHS_EN[int(m) - 1]} {y}"}[fmt]


def fill_access(text: str, iso: str) -> str:
    """A citation's text with its access dates written as ``iso`` (a YYYY-MM-DD date)."""
    return _MARK.sub(lambda m: format_access(m.group(1), iso), text)


def access_html(text: str, iso: str) -> str:
    """A citation's text as HTML: escaped, each access date a span the page's script can set."""
    return _MARK.sub(lambda m: f'<span data-accessed="{m.group(1)}">{format_access(m.group(1), iso)}</span>',
                     html.escape(text, quote=False))


def bibtex_text(value: str) -> str:
    """Text for a BibTeX field inside braces: special characters escaped, one line."""
    return "".join(_BIBTEX.get(ch, ch) for ch in " ".join(str(value).split()))


def one_line(value: str) -> str:
    return " ".join(str(value).split())


class RecordCitation:
    """The citations of one record in one language (the page's)."""

    def __init__(self, meta: Mapping, record: Any, base_url: str, lang: str, release: Release | None = None):
        self.meta = meta
        self.record = record
        self.lang = lang
        self.release = release if release is not None else current_release(meta)
        self.as_of = str(meta["as_of"])
        self.url = f"{base_url}{'en/' if lang == 'en' else ''}{record.family}/{record.id}/"
        self.key = f"nmgatlas-{record.id}"
        atlas = meta["title"]
        self.atlas_title = atlas[lang]
        self.author = f"{atlas['zh']}团队" if lang == "zh" else f"{atlas['en']} team"
        name = record.name
        self.title = name["zh"] if lang == "zh" else f"{name['en']} ({name['zh']})"
        # Issued: the release's date, or before the first release the date the data is as of.
        self.issued = self.release.date if self.release else self.as_of
        self.version = self.release.tag if self.release else None

    def edition(self) -> str:
        """The data release in words, with the as-of date."""
        if self.lang == "zh":
            head = f"数据版本 {self.version}" if self.version else "未发布版本"
            return f"{head}（数据截至 {self.as_of}）"
        head = f"data release {self.version}" if self.version else "unreleased version"
        return f"{head} (data as of {self.as_of})"

    def line(self) -> str:
        """The citation line in the page's language (GB/T 7714 style in Chinese)."""
        if self.lang == "zh":
            return (f"{self.author}. {self.title}[DS/OL]//{self.atlas_title}. {self.edition()}. "
                    f"({self.issued})[\x01iso\x02]. {self.url}.")
        return (f"{self.author} ({self.issued[:4]}). {self.title} [data record]. In: {self.atlas_title}, "
                f"{self.edition()}. {self.url} (accessed \x01en\x02).")

    def note(self) -> str:
        licence = licence_name(self.meta)
        return f"{self.edition()}. {'许可' if self.lang == 'zh' else 'Licence'}: {licence}"

    def bibtex(self) -> str:
        fields = [("author", "{" + bibtex_text(self.author) + "}"), ("title", "{" + bibtex_text(self.title) + "}"),
                  ("howpublished", bibtex_text(self.atlas_title)), ("year", self.issued[:4])]
        if self.version:
            fields.append(("version", self.version))
        fields += [("url", self.url), ("urldate", "\x01iso\x02"), ("note", bibtex_text(self.note()))]
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        return f"@misc{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        lines = [("TY", "DATA"), ("ID", self.key), ("TI", one_line(self.title)), ("AU", one_line(self.author)),
                 ("T2", one_line(self.atlas_title)), ("PY", self.issued[:4])]
        if self.version:
            lines.append(("ET", self.version))
        lines += [("UR", self.url), ("Y2", "\x01ris\x02"), ("N1", one_line(self.note())),
                  ("LA", self.lang), ("ER", "")]
        return "".join(f"{tag}  - {value}\n" for tag, value in lines)

    def csl_json(self) -> str:
        issued = [int(p) for p in self.issued.split("-")]
        item: dict[str, Any] = {
            "id": self.key, "type": "dataset", "title": self.title, "author": [{"literal": self.author}],
            "container-title": self.atlas_title, "URL": self.url, "issued": {"date-parts": [issued]},
            "accessed": {"date-parts": [[0]]}, "note": self.note(), "language": self.lang}
        if self.version:
            item["version"] = self.version
        # One field a line, values compact: readable, and the access date's numbers can be marked.
        rows = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False, separators=(', ', ': '))}"
                           for k, v in item.items())
        return "[\n  {\n" + rows.replace("[[0]]", "[[\x01parts\x02]]") + "\n  }\n]\n"
