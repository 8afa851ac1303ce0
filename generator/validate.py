"""Check the atlas data: every file against its JSON Schema, then across records.

Input: the data folder. Output: the loaded sources and a sorted list of
``Problem`` values (empty when the data is valid). Nothing is printed here.

    loaded, problems = validate_data(Path("data"))

The schemas in ``data/schema/`` are the one description of the fields. Three
annotations in them drive the checks that need more than one file:
``x-vocabulary`` (the value must be a key of that vocabulary in
``vocabularies.yaml``), ``x-reference`` (the value must be the id of a record of
that family) and ``x-date`` (the value must be a real calendar date).

For speed, each file first gets a yes/no check compiled from its schema (``fast_schema``);
jsonschema, which explains every error, runs only on a file that fails it, and there only on
the list items that fail it, so the problems reported are exactly jsonschema's.
"""
from __future__ import annotations

import calendar
import difflib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import ValidationError, validators
from jsonschema.validators import Draft202012Validator
from referencing import Registry, Resource

from generator.fast_schema import FastSchema, UnsupportedSchema, compile_schema
from generator.paths import META_FILE, PUBLISHER_FILE, RECORD_FILES, SCHEMA_DIR, VOCABULARY_FILE
from generator.publishers import check_publishers
from generator.problems import Problem, sort_problems
from generator.yaml_source import YamlSource, format_path, read_yaml

# Inner Mongolia's extent with a small margin (WGS-84 degrees).
IM_LAT = (37.4, 53.4)
IM_LON = (97.2, 126.1)
EARLIEST_YEAR, LATEST_YEAR = 1800, 2100

# The family a reference kind in a schema points at.
REFERENCE_FAMILIES = {
    "platform": "platforms",
    "port": "ports",
    "cooperation": "cooperation",
    "region": "regions",
    "document": "documents",
    "organisation": "organisations",
}

TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "object": "a mapping (key: value lines)",
    "array": "a list (lines starting with -)",
    "boolean": "true or false",
    "null": "nothing",
}


@dataclass
class LoadedData:
    """The data files as read: meta, vocabularies and record files by family."""

    data_dir: Path
    sources: dict[str, YamlSource] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def records(self, family: str) -> list[dict]:
        """Return the record dicts of one family, skipping anything that is not a mapping."""
        src = self.sources.get(family)
        if src is None or not isinstance(src.value, dict):
            return []
        items = src.value.get(family)
        return [r for r in items if isinstance(r, dict)] if isinstance(items, list) else []


def display_name(path: Path) -> str:
    """Name a file as the editor knows it: relative to the working folder when inside it."""
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def nearest(value: Any, choices: Iterable[str]) -> str:
    """Return ' (did you mean "x"?)' for the closest choice, or ''."""
    if not isinstance(value, str):
        return ""
    match = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f' (did you mean "{match[0]}"?)' if match else ""


def load_data(data_dir: Path) -> LoadedData:
    """Read every data file in ``data_dir``, reporting missing and unexpected files."""
    loaded = LoadedData(data_dir)
    expected = {"meta": META_FILE, "vocabularies": VOCABULARY_FILE, "publishers": PUBLISHER_FILE, **RECORD_FILES}
    if not data_dir.is_dir():
        loaded.problems.append(Problem(display_name(data_dir), 1, "(folder)", "missing-folder",
                                       "the data folder does not exist"))
        return loaded
    for key, name in expected.items():
        path = data_dir / name
        if not path.is_file():
            loaded.problems.append(Problem(display_name(path), 1, "(file)", "missing-file",
                                           f"the file {name} is missing from the data folder"))
            continue
        src = read_yaml(path, display_name(path))
        loaded.sources[key] = src
        loaded.problems.extend(src.problems)
    known = set(expected.values())
    for path in sorted(data_dir.iterdir()):
        if path.is_dir() or path.name in known or path.name.startswith("."):
            continue
        if path.suffix in (".yaml", ".yml"):
            hint = nearest(path.name, known)
            loaded.problems.append(Problem(display_name(path), 1, "(file)", "unknown-file",
                                           f"the atlas does not read this file{hint}; records must be in one of: "
                                           + ", ".join(sorted(known))))
    return loaded


def load_schemas(schema_dir: Path = SCHEMA_DIR) -> tuple[dict[str, dict], Registry]:
    """Load every ``*.schema.json`` and a registry that resolves their relative ``$ref``s."""
    schemas: dict[str, dict] = {}
    registry: Registry = Registry()
    for path in sorted(schema_dir.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[path.name.removesuffix(".schema.json")] = schema
        registry = registry.with_resource(path.name, Resource.from_contents(schema))
    return schemas, registry


def _validator_class(vocabularies: dict[str, set[str]], ids: dict[str, set[str]],
                     fast_checks: Mapping[int, tuple[Any, Callable[[Any], bool]]] | None = None):
    """Extend Draft 2020-12 with the atlas's x-vocabulary, x-reference and x-date keywords.

    With ``fast_checks`` (id(subschema) -> (subschema, yes/no check), from ``fast_schema``), the
    ``items`` keyword skips the items its fast check passes: a valid item gives no errors, so the
    errors are the same, but a file with one bad record of thousands is checked in full only there.
    """

    def x_vocabulary(validator, name, instance, schema) -> Iterator[ValidationError]:
        # With no readable vocabularies file every value would fail: that file's own problem is enough.
        if vocabularies and isinstance(instance, str) and instance not in vocabularies.get(name, set()):
            yield ValidationError(f"{instance!r} is not in vocabulary {name}")

    def x_reference(validator, kind, instance, schema) -> Iterator[ValidationError]:
        family = REFERENCE_FAMILIES.get(kind, kind)
        if not isinstance(instance, str) or (family not in ids if kind != "any" else len(ids) < len(RECORD_FILES)):
            return  # the target file could not be read: its problem is reported, not every reference to it
        pool = set().union(*ids.values()) if kind == "any" else ids[family]
        if instance not in pool:
            yield ValidationError(f"unknown {kind} id {instance!r}")

    def x_date(validator, enabled, instance, schema) -> Iterator[ValidationError]:
        if enabled and isinstance(instance, str) and date_problem(instance):
            yield ValidationError(date_problem(instance))

    keywords = {"x-vocabulary": x_vocabulary, "x-reference": x_reference, "x-date": x_date}
    if fast_checks is not None:
        plain_items = Draft202012Validator.VALIDATORS["items"]

        def items(validator, items, instance, schema) -> Iterator[ValidationError]:
            found = fast_checks.get(id(items))
            if found is None or found[0] is not items or "prefixItems" in schema \
                    or not validator.is_type(instance, "array"):
                yield from plain_items(validator, items, instance, schema)
                return
            check = found[1]
            for index, item in enumerate(instance):
                if not check(item):
                    yield from validator.descend(instance=item, schema=items, path=index)

        keywords["items"] = items
    return validators.extend(Draft202012Validator, keywords)


def _fast_keywords(vocabularies: dict[str, set[str]], ids: dict[str, set[str]]) -> dict[str, Callable]:
    """The yes/no checks of x-vocabulary, x-reference and x-date for ``fast_schema``: as in ``_validator_class``."""

    def x_vocabulary(name):
        if not vocabularies:
            return None
        allowed = vocabularies.get(name, set())
        return lambda x: not isinstance(x, str) or x in allowed

    def x_reference(kind):
        family = REFERENCE_FAMILIES.get(kind, kind)
        if family not in ids if kind != "any" else len(ids) < len(RECORD_FILES):
            return None
        pool = set().union(*ids.values()) if kind == "any" else ids[family]
        return lambda x: not isinstance(x, str) or x in pool

    def x_date(enabled):
        if not enabled:
            return None
        return lambda x: not isinstance(x, str) or not date_problem(x)

    return {"x-vocabulary": x_vocabulary, "x-reference": x_reference, "x-date": x_date}


def compile_fast_schemas(schemas: dict[str, dict], vocabularies: dict[str, set[str]],
                         ids: dict[str, set[str]]) -> dict[str, FastSchema]:
    """Compile each schema for ``fast_schema``; a schema it cannot check fully is left out."""
    resources = {f"{name}.schema.json": schema for name, schema in schemas.items()}
    keywords = _fast_keywords(vocabularies, ids)
    compiled = {}
    for name, schema in schemas.items():
        try:
            compiled[name] = compile_schema(schema, resources, keywords)
        except UnsupportedSchema:
            continue  # jsonschema alone checks this file
    return compiled


def date_problem(value: str) -> str:
    """Return why ``value`` (YYYY, YYYY-MM or YYYY-MM-DD) is not a real date, or ''."""
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", value)
    if not m:
        return ""  # the schema's pattern reports the format
    year, month, day = int(m[1]), m[2], m[3]
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return f"the year {year} is not plausible"
    if month is not None and not 1 <= int(month) <= 12:
        return f"there is no month {month}"
    if day is not None and not 1 <= int(day) <= calendar.monthrange(year, int(month))[1]:
        return f"{value} does not exist: {calendar.month_name[int(month)]} {year} has " \
               f"{calendar.monthrange(year, int(month))[1]} days"
    return ""


def describe_value(value: Any) -> str:
    """Say in words what kind of value the editor wrote."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f'the text "{shown}"'
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _shown(value: Any) -> str:
    text = str(value)
    return f'"{text if len(text) <= 60 else text[:57] + "..."}"'


PATTERN_MESSAGES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": ("invalid-id", "is not a valid id: use lowercase letters a-z, digits and single "
                                 "hyphens, e.g. hohhot-etdz"),
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": ("bad-date", 'is not a date: write "YYYY", "YYYY-MM" or "YYYY-MM-DD"'),
    "^https?://[^\\s]+$": ("bad-url", "is not a web address: a URL must start with http:// or https:// "
                           "and contain no spaces"),
    "^(?!www\\.)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$": (
        "bad-host", "is not a host as the register writes it: lowercase letters, digits, dots and hyphens, without "
        "http://, a path or a leading www., e.g. chinadaily.com.cn"),
    "^[0-9]{6}$": ("bad-code", "is not a division code: write the six digits, e.g. \"150700\""),
}


def translate_error(error: ValidationError, vocabularies: dict[str, set[str]],
                    ids: dict[str, set[str]]) -> list[tuple[tuple, str, str]]:
    """Turn one jsonschema error into (path, code, message) in plain words."""
    path = tuple(error.absolute_path)
    v, value, inst, schema = error.validator, error.validator_value, error.instance, error.schema
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(schema.get("properties", {}))
        out = []
        if "id" in inst and "id" not in allowed and len(path) > 2:
            # A record pasted with deeper indentation than the records above it becomes part of the
            # record before it (here: an entry of one of its lists). Say that once, not once per field.
            return [(path + ("id",), "misplaced-record",
                     f'a record ("id: {inst["id"]}") is indented differently from the records above it, so YAML '
                     'reads it as part of the previous record: start its "- id:" in the same column as theirs')]
        for key in sorted(set(inst) - set(allowed)):
            if inst[key] is None and " " in key.strip() and isinstance(schema.get("properties"), dict):
                # {en: Linking China, Mongolia and Russia} reads "Mongolia and Russia" as a second key.
                out.append((path + (key,), "comma-in-text",
                            f'"{key}" is read as a field name because a comma inside {{...}} ends the text before '
                            f'it: put the whole text in quotes, e.g. en: "..., {key}"'))
                continue
            out.append((path + (key,), "unknown-field",
                        f'unknown field "{key}"{nearest(key, allowed)}; allowed here: {", ".join(allowed)}'))
        return out
    if v == "required" and isinstance(inst, dict):
        return [(path, "missing-field", f'missing required field "{key}"') for key in value if key not in inst]
    if v == "type":
        wanted = value if isinstance(value, list) else [value]
        words = " or ".join(TYPE_WORDS.get(w, w) for w in wanted)
        hint = ""
        if not path and "object" in wanted and len(schema.get("required", [])) == 1:
            key = schema["required"][0]
            return [(path, "wrong-type", f'the file must start with "{key}:" on a line of its own, with the records '
                     f"indented under it; found {describe_value(inst)}")]
        if "object" in wanted and isinstance(inst, str) and "：" in inst:
            hint = '; "：" is a Chinese full-width colon: write an ASCII colon and a space (": ")'
        elif schema.get("x-date") and isinstance(inst, int):
            hint = f'; put the date in quotes: "{inst}"'
        elif "string" in wanted and isinstance(inst, (bool, int, float)):
            hint = "; put it in quotes to keep it as text"
        return [(path, "wrong-type", f"expected {words}, found {describe_value(inst)}{hint}")]
    if v == "x-vocabulary":
        choices = vocabularies.get(value, set())
        return [(path, "not-in-vocabulary", f"{_shown(inst)} is not a value of the {value} vocabulary"
                 f"{nearest(inst, choices)}; allowed: {', '.join(sorted(choices))}")]
    if v == "x-reference":
        family = REFERENCE_FAMILIES.get(value, value)
        pool = set().union(*ids.values()) if value == "any" else ids.get(family, set())
        where = "any data file" if value == "any" else f"{RECORD_FILES.get(family, family)}"
        return [(path, "unknown-reference", f"unknown {'record' if value == 'any' else value} id {_shown(inst)}"
                 f"{nearest(inst, pool)}; no record in {where} has this id")]
    if v == "x-date":
        return [(path, "impossible-date", f"{_shown(inst)} is not a real date: {error.message}")]
    if v == "pattern":
        code, words = PATTERN_MESSAGES.get(value, ("bad-format", f"does not match the pattern {value}"))
        return [(path, code, f"{_shown(inst)} {words}")]
    if v == "minLength":
        if value <= 1:
            return [(path, "empty", "is empty: write the text here (an optional field may instead be deleted)")]
        return [(path, "too-short", f"{_shown(inst)} is too short (at least {value} characters)")]
    if v == "maxLength":
        return [(path, "too-long", f"is too long: {len(inst):,} characters where at most {value:,} are allowed")]
    if v in ("minimum", "maximum"):
        lo, hi = schema.get("minimum"), schema.get("maximum")
        rng = f"{lo} to {hi}" if lo is not None and hi is not None else (f"at least {lo}" if lo is not None
                                                                           else f"at most {hi}")
        return [(path, "out-of-range", f"{inst} is outside the allowed range ({rng})")]
    if v == "minItems":
        return [(path, "too-few", f"needs at least {value} {'entry' if value == 1 else 'entries'}")]
    if v == "minProperties":
        return [(path, "too-few", f"needs at least {value} entries")]
    if v == "enum" and "x-vocabulary" in schema:
        # The enum is a copy of the vocabulary for editors' completion (python -m generator schema);
        # x-vocabulary checks the data folder's own vocabularies.yaml and gives the friendlier message.
        return []
    if v == "enum":
        return [(path, "not-allowed", f"{_shown(inst)} is not allowed{nearest(inst, [str(x) for x in value])}; "
                 f"allowed: {', '.join(str(x) for x in value)}")]
    if v == "anyOf" and isinstance(inst, dict) and "quote" in schema.get("required", []):
        return [(path, "bad-source", 'a source needs "document:" (an id in documents.yaml) or "url:" (a web address)')]
    if v == "dependentRequired" and isinstance(inst, dict):
        return [(path, "missing-field", f'a source with "{key}:" also needs "{need}:"')
                for key, needs in value.items() if key in inst for need in needs if need not in inst]
    if v == "anyOf" and isinstance(inst, dict) and "not_later_than" in schema.get("properties", {}):
        return [(path, "missing-field", 'an approval needs "date:" or, when only a date by which it was granted '
                 'is known, "not_later_than:"')]
    if v == "not" and isinstance(inst, dict) and "region" in inst and "regions" in inst:
        return [(path, "region-and-regions", 'use either "region:" (one place) or "regions:" (several), not both')]
    return [(path, "invalid", error.message)]


def collect_ids(loaded: LoadedData) -> tuple[dict[str, set[str]], list[Problem]]:
    """Return the ids of each family and a problem for every id used twice."""
    ids: dict[str, set[str]] = {}
    first_seen: dict[str, str] = {}
    problems = []
    for family in RECORD_FILES:
        src = loaded.sources.get(family)
        if src is None or not isinstance(src.value, dict) or not isinstance(src.value.get(family), list):
            continue  # unreadable or misshapen: reported elsewhere, and references into it are not checked
        ids[family] = set()
        for i, record in enumerate(loaded.records(family)):
            rid = record.get("id")
            if not isinstance(rid, str):
                continue
            where = (family, i, "id")
            place = f"{src.file}:{src.line_of(where)}"
            if rid in first_seen:
                problems.append(Problem(src.file, src.line_of(where), format_path(where), "duplicate-id",
                                        f'the id "{rid}" is already used at {first_seen[rid]}; ids must be unique '
                                        "across all files"))
            else:
                first_seen[rid] = place
            ids[family].add(rid)
    return ids, problems


# Reading problems after which the value is left empty (None) in the loaded data.
REFUSED_VALUE_CODES = {"forbidden-tag", "alias", "bad-value", "bad-number", "too-deep"}


def check_schemas(loaded: LoadedData, vocabularies: dict[str, set[str]],
                  ids: dict[str, set[str]]) -> list[Problem]:
    """Validate each file against its schema and translate the errors."""
    schemas, registry = load_schemas()
    # First the fast yes/no check (generator/fast_schema.py) of each file; jsonschema, which
    # explains every error, runs only on a file that fails it, and there only on failing items.
    fast = compile_fast_schemas(schemas, vocabularies, ids)
    fast_checks = {key: found for compiled in fast.values() for key, found in compiled.checks.items()}
    plain_cls = hooked_cls = None
    problems = []
    for key, src in loaded.sources.items():
        if src.value is None:
            continue  # an unreadable file was reported already
        name = "atlas" if key == "meta" else key
        schema = schemas[name]
        if name in fast:
            if fast[name].is_valid(src.value):
                continue
            hooked_cls = hooked_cls or _validator_class(vocabularies, ids, fast_checks)
            validator = hooked_cls(schema, registry=registry)
        else:
            plain_cls = plain_cls or _validator_class(vocabularies, ids)
            validator = plain_cls(schema, registry=registry)
        # Where the reader refused a value (a tag, an alias, ...) it left nothing: say it once, not twice.
        refused = {p.path for p in src.problems if p.code in REFUSED_VALUE_CODES}
        found = [Problem(src.file, src.line_of(path), format_path(path), code, message)
                 for error in validator.iter_errors(src.value)
                 for path, code, message in translate_error(error, vocabularies, ids)
                 if format_path(path) not in refused]
        misplaced = {p.path.removesuffix(".id") for p in found if p.code == "misplaced-record"}
        problems += [p for p in found if p.code == "misplaced-record" or p.path not in misplaced]
    return problems


def read_vocabularies(loaded: LoadedData) -> dict[str, set[str]]:
    """Return each vocabulary's allowed keys (empty when the file is unusable)."""
    src = loaded.sources.get("vocabularies")
    out: dict[str, set[str]] = {}
    if src and isinstance(src.value, dict):
        for name, vocab in src.value.items():
            if isinstance(vocab, dict) and isinstance(vocab.get("values"), dict):
                out[name] = set(vocab["values"])
    return out


def _in_inner_mongolia(region_id: str | None, parents: dict[str, str | None]) -> bool:
    seen = set()
    while isinstance(region_id, str) and region_id not in seen:
        if region_id == "inner-mongolia":
            return True
        seen.add(region_id)
        region_id = parents.get(region_id)
    return False


def check_records(loaded: LoadedData) -> list[Problem]:
    """Checks that span fields or records: geography, status consistency, uniqueness inside documents."""
    problems: list[Problem] = []
    meta = loaded.sources.get("meta")
    as_of = meta.value.get("as_of") if meta and isinstance(meta.value, dict) else None
    as_of = as_of if isinstance(as_of, str) else None
    # Only well-formed ids and parents take part; the schema pass reports the others.
    parents = {r["id"]: (r.get("parent") if isinstance(r.get("parent"), str) else None)
               for r in loaded.records("regions") if isinstance(r.get("id"), str)}

    def add(family: str, where: tuple, code: str, message: str) -> None:
        src = loaded.sources[family]
        problems.append(Problem(src.file, src.line_of(where), format_path(where), code, message))

    for family in ("platforms", "ports", "regions"):
        for i, r in enumerate(loaded.records(family)):
            loc = r.get("location")
            if not isinstance(loc, dict):
                continue
            lat, lon = loc.get("lat"), loc.get("lon")
            if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (lat, lon)):
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                # The schema reports the range; add why it probably happened.
                if IM_LAT[0] <= lon <= IM_LAT[1] and IM_LON[0] <= lat <= IM_LON[1]:
                    add(family, (family, i, "location", "lat"), "swapped-coordinates",
                        f"lat {lat} and lon {lon} look swapped: in Inner Mongolia lat is {IM_LAT[0]} to "
                        f"{IM_LAT[1]} and lon is {IM_LON[0]} to {IM_LON[1]}")
                continue
            if family == "ports":
                inside = True
            elif family == "platforms":
                regions = r.get("regions") if isinstance(r.get("regions"), list) else []
                host = r.get("region") or (regions[0] if regions else None)
                inside = r.get("status") != "benchmark" and (host is None or _in_inner_mongolia(host, parents))
            else:
                inside = _in_inner_mongolia(r.get("id"), parents)
            if not inside:
                continue
            if not (IM_LAT[0] <= lat <= IM_LAT[1] and IM_LON[0] <= lon <= IM_LON[1]):
                swapped = IM_LAT[0] <= lon <= IM_LAT[1] and IM_LON[0] <= lat <= IM_LON[1]
                hint = "; latitude and longitude look swapped" if swapped else ""
                bad = "lat" if not IM_LAT[0] <= lat <= IM_LAT[1] else "lon"
                lo, hi = IM_LAT if bad == "lat" else IM_LON
                add(family, (family, i, "location", bad), "outside-region",
                    f"{loc[bad]} is outside {lo} to {hi} (Inner Mongolia){hint}")

    for family in ("platforms", "ports", "cooperation"):
        grant = "established" if family == "cooperation" else "approved"
        for i, r in enumerate(loaded.records(family)):
            status = r.get("status")
            if family == "platforms" and status == "approved" and grant not in r:
                add(family, (family, i, "status"), "approval-missing",
                    'status is "approved" but there is no "approved:" with date, authority and sources')
            if family != "cooperation" and grant in r and isinstance(status, str) \
                    and status not in ("approved", "benchmark"):
                add(family, (family, i, grant), "approval-contradicts-status",
                    f'there is an "approved:" block but status is "{status}"; a zone that is applying, '
                    "proposed or planned is not approved")
            history = r.get("history")
            if isinstance(history, list):
                dated = [(h.get("date"), j, h.get("status")) for j, h in enumerate(history)
                         if isinstance(h, dict) and isinstance(h.get("date"), str)]
                if dated and isinstance(status, str):
                    last_date, j, last_status = max(dated)
                    if last_status != status and isinstance(last_status, str):
                        add(family, (family, i, "status"), "status-contradicts-history",
                            f'status is "{status}" but the latest history entry ({last_date}) says "{last_status}"')
            for where, value in _dates_to_check(r, grant):
                if as_of and value[:len(as_of)] > as_of[:len(value)]:
                    add(family, (family, i) + where, "future-date",
                        f'"{value}" is after the data\'s as-of date {as_of}')

    for i, doc in enumerate(loaded.records("documents")):
        for list_key, key in (("tasks", "number"), ("guarantees", "number"), ("targets", "id")):
            seen: dict[Any, int] = {}
            for j, item in enumerate(doc.get(list_key) or []):
                if not isinstance(item, dict) or item.get(key) is None:
                    continue
                if item[key] in seen:
                    add("documents", ("documents", i, list_key, j, key), "duplicate-number",
                        f'{list_key[:-1]} {key} {item[key]} is used twice in this document (first at '
                        f'{list_key}[{seen[item[key]]}])')
                else:
                    seen[item[key]] = j

    for i, r in enumerate(loaded.records("regions")):
        if _has_parent_cycle(r.get("id"), parents):
            add("regions", ("regions", i, "parent"), "parent-cycle", "the parent chain loops back to this region")
    return problems


def _dates_to_check(record: dict, grant: str) -> Iterator[tuple[tuple, str]]:
    block = record.get(grant)
    for key in ("date", "not_later_than"):
        if isinstance(block, dict) and isinstance(block.get(key), str):
            yield (grant, key), block[key]
    for j, h in enumerate(record.get("history") or []):
        if isinstance(h, dict) and isinstance(h.get("date"), str):
            yield ("history", j, "date"), h["date"]


def _has_parent_cycle(start: str | None, parents: dict) -> bool:
    seen, node = set(), start
    while isinstance(node, str):
        if node in seen:
            return node == start
        seen.add(node)
        node = parents.get(node)
    return False


def validate_data(data_dir: Path) -> tuple[LoadedData, list[Problem]]:
    """Load and check everything; return the loaded data and all problems, sorted."""
    loaded = load_data(data_dir)
    vocabularies = read_vocabularies(loaded)
    ids, id_problems = collect_ids(loaded)
    problems = list(loaded.problems) + id_problems
    problems += check_schemas(loaded, vocabularies, ids)
    problems += check_records(loaded)
    problems += check_publishers(loaded, vocabularies)
    return loaded, sort_problems(problems)
