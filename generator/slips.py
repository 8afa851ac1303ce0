"""Recognise what a Chinese keyboard slips into a value, and say how to write it instead.

Input: a value that failed a check, the field it is in and what the check wanted. Output: a
catalogue key and its message (``Text``), or ``None`` when the value shows no such slip.

    value_slip("2024年3月19日", ("documents", 0, "date"), wants_date=True)
    # -> ("chinese-date", Text(zh='“2024年3月19日”是中文写法的日期：改成 date: "2024-03-19" ...', en=...))

The slips: full-width punctuation (，：“”‘’（）【】「」 and the full-width forms of YAML's own
brackets) typed where YAML needs ASCII; a date written 2024年3月19日 (or 2024.3.19); a closing
quote with no opening one; a vocabulary's Chinese (or English) label typed instead of its value.
Free text (names, quotes) may hold any of these characters: only a value that already failed a
check of its format, vocabulary or reference is looked at here.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from generator.messages import Text, joined, say, shown

# Full-width punctuation and the ASCII a YAML file needs in its place.
FULL_WIDTH = {"，": ", ", "、": ", ", "：": ": ", "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"',
              "『": '"', "』": '"', "【": "[", "】": "]", "［": "[", "］": "]", "｛": "{", "｝": "}",
              "（": "(", "）": ")", "　": " "}
_KINDS = [("，、", "punctuation/comma"), ("：", "punctuation/colon"), ("“”‘’「」『』", "punctuation/quotes"),
          ("【】［］｛｝（）", "punctuation/brackets")]
_CHINESE_DATE = re.compile(r"\s*([0-9]{4})\s*年(?:\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*[日号]?)?)?\s*")
_OTHER_DATE = re.compile(r"\s*([0-9]{4})(?:[./\-]([0-9]{1,2})(?:[./\-]([0-9]{1,2}))?)?\s*")
_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_HAN = re.compile(r"[\u3400-\u9fff]")


def field_name(path: tuple) -> str:
    """The key a value is written under: the last text part of its path (``parties`` for parties[1])."""
    return next((str(p) for p in reversed(path) if isinstance(p, str)), "value")


def date_fix(value: str) -> tuple[str, str] | None:
    """``("chinese-date" | "date-format", "YYYY-MM-DD")`` for a date written another way, or None."""
    for key, pattern in (("chinese-date", _CHINESE_DATE), ("date-format", _OTHER_DATE)):
        m = pattern.fullmatch(value)
        if m and not _DATE.fullmatch(value):
            parts = [m[1]] + [f"{int(x):02d}" for x in (m[2], m[3]) if x]
            return key, "-".join(parts)
    return None


def _full_width_chars(value: str) -> str:
    return "".join(dict.fromkeys(c for c in value if c in FULL_WIDTH and c != "　"))


def _ascii(value: str) -> str:
    out = value
    for wide, narrow in FULL_WIDTH.items():
        out = out.replace(wide, narrow)
    return re.sub(r" {2,}", " ", out).strip()


def _as_yaml(value: str) -> str:
    """A value as it must be written after a key: quoted when it holds what YAML would read as syntax."""
    if value.startswith(("[", "{", '"', "'")) or not re.search(r"[:#,\[\]{}\"']|^[0-9]", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def value_slip(value: Any, path: tuple, *, parent: Any = None, wants_date: bool = False,
               vocabulary: str | None = None, labels: Mapping[str, Mapping] | None = None) -> tuple[str, Text] | None:
    """The slip that explains why ``value`` at ``path`` failed, as (catalogue key, message), or None.

    ``parent`` is the list holding the value, when it is a list item; ``wants_date`` says the field
    holds a date; ``vocabulary`` and ``labels`` name the vocabulary the value should come from.
    """
    if not isinstance(value, str) or not value:
        return None
    field = field_name(path)
    stripped = value.strip()
    # A closing quote with no opening one: libyaml keeps it as part of the text.
    for quote in ('"', "'"):
        if stripped.endswith(quote) and not stripped.startswith(quote) and stripped.count(quote) == 1:
            return "missing-opening-quote", say("missing-opening-quote", value=shown(value),
                                                fix=f'{field}: "{stripped[:-1]}"')
    if wants_date:
        fixed = date_fix(_ascii(value).strip("\"'"))
        if fixed:
            key, date = fixed
            return key, say(key, value=shown(value), fix=f'{field}: "{date}"')
    chars = _full_width_chars(value)
    if chars:
        if isinstance(parent, list) and isinstance(path[-1], int) and ("，" in chars or "、" in chars):
            items = [part.strip() for item in parent for part in re.split(r"[，、,]", str(item)) if part.strip()]
            return "full-width-punctuation", say("full-width-punctuation/list-comma", value=shown(value),
                                                 fix=f"{field}: [{', '.join(items)}]")
        kinds = [say(kind, chars=" ".join(c for c in chars if c in group))
                 for group, kind in _KINDS if any(c in group for c in chars)]
        fixed = _ascii(value)
        if fixed.startswith('"') and fixed.endswith('"') or fixed.startswith("[") or fixed.startswith("{"):
            fix = f"{field}: {fixed}"
        else:
            fix = f"{field}: {_as_yaml(fixed)}"
        return "full-width-punctuation", say("full-width-punctuation", value=shown(value), chars=joined(kinds),
                                             fix=fix)
    if vocabulary and labels:
        return _label_slip(value, field, vocabulary, labels)
    return None


def _label_slip(value: str, field: str, vocabulary: str, labels: Mapping[str, Mapping]) -> tuple[str, Text] | None:
    """A vocabulary's label (Chinese or English) or a value in other letter case, typed for its key."""
    text = value.strip()
    for key in labels:
        if key.lower() == text.lower():
            return "wrong-case", say("wrong-case", value=shown(value), vocabulary=vocabulary, key=key,
                                     fix=f"{field}: {key}")
    for key, label in labels.items():
        for lang in ("zh", "en"):
            if isinstance(label.get(lang), str) and label[lang].strip().lower() == text.lower():
                return "chinese-label", say("chinese-label", value=shown(value), vocabulary=vocabulary, key=key,
                                            label_kind=say(f"label/{lang}"), fix=f"{field}: {key}")
    if _HAN.search(text):
        by_label = {str(label["zh"]): key for key, label in labels.items() if isinstance(label.get("zh"), str)}
        match = difflib.get_close_matches(text, sorted(by_label), n=1, cutoff=0.5)
        if match:
            key = by_label[match[0]]
            return "chinese-label", say("chinese-label/fuzzy", value=shown(value), vocabulary=vocabulary, key=key,
                                        label=match[0], fix=f"{field}: {key}")
    return None
