"""The site's words and how text is written: languages, template labels, dates, escaping.

Input: data text, dates as written in the data, the ``labels*.yaml`` files in
``site_templates/``. Output: Markdown-safe and attribute-safe text, dates as a reader of
each language expects them, and the words of each language. A leaf module: it imports
nothing else of the generator but ``paths``, so pages, maps and the field reference share it
without importing each other.

    escape_md("a|b")                     # -> Markup('a\\|b')
    format_date("2024-03", "zh")         # -> '2024年3月'
    Words(load_labels(), "en").sources   # -> 'Sources'
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from generator.paths import TEMPLATES_DIR

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]

# ASCII punctuation that Markdown or one of our extensions may read as syntax. The site enables
# pymdownx.escapeall, so a backslash before any of these prints the character itself.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:=$^])")


def escape_md(value: Any) -> Markup:
    """Escape data text for Markdown: HTML entities first, then a backslash before syntax characters."""
    # quote=False: quotes are harmless in text, and &#x27; would put a '#' into the output.
    text = html.escape(str(value), quote=False)
    text = text.replace("\r", " ").replace("\n", " ")
    # Only escape characters that could start Markdown syntax; entities like &lt; stay intact.
    out = _MD_SPECIAL.sub(r"\\\1", text)
    return Markup(out)


def escape_attr(value: Any) -> Markup:
    """Escape data text for an HTML attribute value."""
    return Markup(html.escape(str(value), quote=True))


def format_date(value: str | None, lang: str) -> str:
    """Show ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as a reader expects in ``lang``."""
    if not value:
        return ""
    parts = value.split("-")
    if lang == "zh":
        units = ["年", "月", "日"]
        return "".join(f"{int(p)}{u}" if i else f"{p}{u}" for i, (p, u) in enumerate(zip(parts, units)))
    if len(parts) == 1:
        return parts[0]
    month = MONTHS_EN[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


# `mkdocs serve` regenerates the atlas in one long-lived process on every save. The words are
# kept between builds while their files are unchanged (generator/pages.py keeps its compiled
# templates the same way, with the same stamp).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_labels_cache: dict[Path, tuple[tuple, dict]] = {}


def files_stamp(paths: Iterable[Path]) -> tuple:
    """Path, size and modification time of each file: equal stamps mean unchanged files."""
    out = []
    for path in paths:
        st = path.stat()
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)


def load_labels(templates_dir: Path = TEMPLATES_DIR) -> dict[str, dict[str, str]]:
    """Read the template words in both languages from labels.yaml and labels_*.yaml.

    Each concern (maps, downloads, ...) keeps its words in its own file; a word
    defined twice is an error rather than a silent override. The result is shared
    between calls while the files are unchanged: callers only read it.
    """
    paths = sorted(templates_dir.glob("labels*.yaml"))
    stamp = files_stamp(paths)
    if _labels_cache.get(templates_dir, (None,))[0] == stamp:
        return _labels_cache[templates_dir][1]
    labels: dict[str, dict[str, str]] = {}
    for path in paths:
        for key, value in yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER).items():  # noqa: S506
            if key in labels:
                raise ValueError(f"label {key!r} is defined twice ({path.name})")
            if set(value) != set(LANGS):
                raise ValueError(f"label {key!r} in {path.name} needs exactly zh and en")
            labels[key] = value
    _labels_cache[templates_dir] = (stamp, labels)
    return labels


class Words:
    """The template words of one language, read as ``L.sources`` or ``L("sources")``.

    Templates use the attribute form: Jinja reads an attribute several times faster than it
    calls a function, and a record page prints about a hundred words. A word that does not
    exist fails the render (StrictUndefined), as a call would.
    """

    def __init__(self, labels: Mapping[str, Mapping[str, str]], lang: str):
        self.__dict__.update({key: value[lang] for key, value in labels.items()})

    def __call__(self, key: str) -> str:
        return self.__dict__[key]
