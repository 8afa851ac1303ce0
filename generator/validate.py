"""Check the atlas data: every file against its JSON Schema, then across records.

Input: the data folder. Output: the loaded sources and a sorted list of
``Problem`` values (empty when the data is valid). Nothing is printed here.

    loaded, problems = validate_data(Path("data"))

The schemas in ``data/schema/`` are the one description of the fields. Three
annotations in them drive the checks that need more than one file:
``x-vocabulary`` (the value must be a key of that vocabulary in
``vocabularies.yaml``), ``x-reference`` (the value must be the id of a record of
that family) and ``x-date`` (the value must be a real calendar date).

For speed, each file first gets a yes/no check by jsonschema-rs (compiled Rust, the same
schemas and the same three keywords); jsonschema, which explains every error, runs only on a
file that fails it, and there only on the list items that fail it, so the problems reported are
exactly jsonschema's.
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

import jsonschema_rs
from jsonschema import ValidationError, validators
from jsonschema.validators import Draft202012Validator
from referencing import Registry, Resource

from generator.changes import added_at
from generator.messages import CATALOGUE, NOTHING, Text, did_you_mean, joined, say, shown
from generator.paths import COVERAGE_FILE, META_FILE, PUBLISHER_FILE, RECORD_FILES, SCHEMA_DIR, VOCABULARY_FILE
from generator.problems import Problem, problem, sort_problems, text_problem
from generator.publishers import check_publishers
from generator.slips import value_slip
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
# Reference kinds that accept the ids of several families: a cooperation's parties are places or,
# for an agreement with a ministry, bank or company, organisations (issue #17).
REFERENCE_GROUPS = {"party": ("regions", "organisations")}


def reference_families(kind: str) -> tuple[str, ...]:
    """The record families whose ids a reference ``kind`` accepts ("any": every family)."""
    if kind == "any":
        return tuple(RECORD_FILES)
    return REFERENCE_GROUPS.get(kind) or (REFERENCE_FAMILIES.get(kind, kind),)


def reference_pool(kind: str, ids: dict[str, set[str]]) -> set[str] | None:
    """The ids a reference ``kind`` accepts, or None when a target file could not be read."""
    families = reference_families(kind)
    if any(f not in ids for f in families):
        return None  # the target file's own problem is reported, not every reference to it
    return set().union(*(ids[f] for f in families))

TYPE_WORDS = {name: say(f"type/{name}") for name in ("string", "number", "integer", "object", "array", "boolean",
                                                      "null")}


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


def nearest(value: Any, choices: Iterable[str]) -> Text:
    """Return ' (did you mean "x"?)' for the closest choice, or nothing."""
    if not isinstance(value, str):
        return NOTHING
    match = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return did_you_mean(match[0] if match else None)


def load_data(data_dir: Path) -> LoadedData:
    """Read every data file in ``data_dir``, reporting missing and unexpected files."""
    loaded = LoadedData(data_dir)
    expected = {"meta": META_FILE, "vocabularies": VOCABULARY_FILE, "publishers": PUBLISHER_FILE, **RECORD_FILES}
    if not data_dir.is_dir():
        loaded.problems.append(problem(display_name(data_dir), 1, "(folder)", "missing-folder"))
        return loaded
    for key, name in expected.items():
        path = data_dir / name
        if not path.is_file():
            loaded.problems.append(problem(display_name(path), 1, "(file)", "missing-file", name=name))
            continue
        src = read_yaml(path, display_name(path))
        loaded.sources[key] = src
        loaded.problems.extend(src.problems)
    coverage = data_dir / COVERAGE_FILE
    if coverage.is_file():
        src = read_yaml(coverage, display_name(coverage))
        loaded.sources["coverage"] = src
        loaded.problems.extend(src.problems)
    known = set(expected.values()) | {COVERAGE_FILE}
    for path in sorted(data_dir.iterdir()):
        if path.is_dir() or path.name in known or path.name.startswith("."):
            continue
        if path.suffix in (".yaml", ".yml"):
            hint = nearest(path.name, known)
            loaded.problems.append(problem(display_name(path), 1, "(file)", "unknown-file", hint=hint,
                                           known=", ".join(sorted(known))))
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

    With ``fast_checks`` (id(subschema) -> (subschema, yes/no check), from ``compile_fast_checks``),
    the ``items`` keyword skips the items its fast check passes: a valid item gives no errors, so the
    errors are the same, but a file with one bad record of thousands is checked in full only there.
    """

    def x_vocabulary(validator, name, instance, schema) -> Iterator[ValidationError]:
        # With no readable vocabularies file every value would fail: that file's own problem is enough.
        if vocabularies and isinstance(instance, str) and instance not in vocabularies.get(name, set()):
            yield ValidationError(f"{instance!r} is not in vocabulary {name}")

    def x_reference(validator, kind, instance, schema) -> Iterator[ValidationError]:
        pool = reference_pool(kind, ids)
        if not isinstance(instance, str) or pool is None:
            return  # the target file could not be read: its problem is reported, not every reference to it
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


# jsonschema-rs resolves "$ref": "common.schema.json#..." against a base address; the schemas have
# no "$id", so each is registered under this made-up folder, which is never fetched.
SCHEMA_BASE = "https://nmg-policy-atlas.invalid/schema/"


def _rs_keywords(vocabularies: dict[str, set[str]], ids: dict[str, set[str]]) -> dict[str, type]:
    """x-vocabulary, x-reference and x-date for jsonschema-rs: the same yes/no as ``_validator_class``'s."""

    class XVocabulary:
        def __init__(self, parent_schema: dict, name: str, schema_path: list) -> None:
            self.allowed = vocabularies.get(name, set()) if vocabularies else None

        def validate(self, instance: Any) -> None:
            if self.allowed is not None and isinstance(instance, str) and instance not in self.allowed:
                raise ValueError("not in the vocabulary")

    class XReference:
        def __init__(self, parent_schema: dict, kind: str, schema_path: list) -> None:
            self.pool = reference_pool(kind, ids)

        def validate(self, instance: Any) -> None:
            if self.pool is not None and isinstance(instance, str) and instance not in self.pool:
                raise ValueError("unknown id")

    class XDate:
        def __init__(self, parent_schema: dict, enabled: bool, schema_path: list) -> None:
            self.enabled = bool(enabled)

        def validate(self, instance: Any) -> None:
            if self.enabled and isinstance(instance, str) and date_reason(instance):
                raise ValueError("not a real date")

    return {"x-vocabulary": XVocabulary, "x-reference": XReference, "x-date": XDate}


@dataclass
class FastChecks:
    """The yes/no checks of each schema (by name), and of each ``items`` subschema (by its id)."""

    whole: dict[str, Callable[[Any], bool]]
    items: dict[int, tuple[Any, Callable[[Any], bool]]]


def _yes_no(validator: Any) -> Callable[[Any], bool]:
    """A jsonschema-rs validator's is_valid that says "not known valid" where it cannot read a value.

    A value jsonschema-rs cannot convert (an integer beyond 64 bits, say) is left to jsonschema:
    "invalid" here only means "explain it", so nothing is ever accepted by mistake.
    """
    is_valid = validator.is_valid

    def check(value: Any) -> bool:
        try:
            return is_valid(value)
        except Exception:  # noqa: BLE001 - any failure means: let jsonschema decide
            return False

    return check


def compile_fast_checks(schemas: dict[str, dict], vocabularies: dict[str, set[str]],
                        ids: dict[str, set[str]]) -> FastChecks:
    """Compile every schema with jsonschema-rs; a schema it refuses is left to jsonschema alone.

    Besides each whole file, the items of each top-level list (a file's records) get a check of
    their own, so that jsonschema explains only the records that fail it.
    """
    registry = jsonschema_rs.Registry([(f"{SCHEMA_BASE}{name}.schema.json", schema)
                                       for name, schema in schemas.items()])
    keywords = _rs_keywords(vocabularies, ids)
    checks = FastChecks({}, {})
    for name, schema in schemas.items():
        base = f"{SCHEMA_BASE}{name}.schema.json"
        try:
            checks.whole[name] = _yes_no(jsonschema_rs.validator_for(schema, registry=registry, keywords=keywords,
                                                                     base_uri=base))
            for key, part in (schema.get("properties") or {}).items():
                if isinstance(part, dict) and isinstance(part.get("items"), dict):
                    # A schema that is only a reference compiles just that part of the registered file.
                    records = jsonschema_rs.validator_for({"$ref": f"{base}#/properties/{key}/items"},
                                                          registry=registry, keywords=keywords,
                                                          base_uri=f"{SCHEMA_BASE}{name}.items.json")
                    checks.items[id(part["items"])] = (part["items"], _yes_no(records))
        except Exception:  # noqa: BLE001 - a schema jsonschema-rs cannot compile is checked by jsonschema
            checks.whole.pop(name, None)
    return checks


def date_reason(value: str) -> Text | None:
    """Why ``value`` (YYYY, YYYY-MM or YYYY-MM-DD) is not a real date, or None."""
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", value)
    if not m:
        return None  # the schema's pattern reports the format
    year, month, day = int(m[1]), m[2], m[3]
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return say("date/year", year=year)
    if month is not None and not 1 <= int(month) <= 12:
        return say("date/month", month=month)
    if day is not None and not 1 <= int(day) <= calendar.monthrange(year, int(month))[1]:
        return say("date/day", value=value, year=year, days=calendar.monthrange(year, int(month))[1],
                   month_name=Text(str(int(month)), calendar.month_name[int(month)]))
    return None


def date_problem(value: str) -> str:
    """Return why ``value`` (YYYY, YYYY-MM or YYYY-MM-DD) is not a real date, in English, or ''."""
    reason = date_reason(value)
    return reason.en if reason else ""


def describe_value(value: Any) -> Text:
    """Say in words what kind of value the editor wrote."""
    if value is None:
        return say("value/nothing")
    if isinstance(value, bool):
        return say("value/boolean", value=str(value).lower())
    if isinstance(value, (int, float)):
        return say("value/number", value=value)
    if isinstance(value, str):
        return say("value/text", value=value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, list):
        return say("value/list")
    return say("value/mapping")


DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
# A schema pattern and the catalogue's message for a value that does not match it.
PATTERN_MESSAGES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "invalid-id",
    DATE_PATTERN: "bad-date",
    "^https?://[^\\s]+$": "bad-url",
    "^(?!www\\.)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$": "bad-host",
    "^[0-9]{6}$": "bad-code",
}


@dataclass
class Context:
    """What translating an error needs besides the error: the vocabularies, the ids, the file's value."""

    vocabularies: dict[str, set[str]]
    ids: dict[str, set[str]]
    labels: dict[str, dict[str, dict]] = field(default_factory=dict)
    root: Any = None


def _at(root: Any, path: tuple) -> Any:
    """The value at ``path`` in ``root``, or None."""
    for part in path:
        try:
            root = root[part]
        except (KeyError, IndexError, TypeError):
            return None
    return root


# The checks after whose failure a value is looked at for a keyboard slip: they test its form,
# not its length, so a slip is the likely cause.
_SLIP_CHECKS = {"pattern", "x-reference", "x-vocabulary", "x-date", "enum", "type", "format"}


def _slip(error: ValidationError, path: tuple, ctx: Context) -> list[tuple[tuple, str, Text]]:
    inst, schema = error.instance, error.schema
    if error.validator not in _SLIP_CHECKS or not isinstance(inst, str):
        return []
    if error.validator == "type" and "string" in (error.validator_value if isinstance(error.validator_value, list)
                                                  else [error.validator_value]):
        return []
    if error.validator == "enum" and "x-vocabulary" in schema:
        return []  # the x-vocabulary error of the same value says it
    vocabulary = schema.get("x-vocabulary") if error.validator == "x-vocabulary" else None
    found = value_slip(inst, path, parent=_at(ctx.root, path[:-1]) if path else None,
                       wants_date=bool(schema.get("x-date")) or schema.get("pattern") == DATE_PATTERN,
                       vocabulary=vocabulary, labels=ctx.labels.get(vocabulary) if vocabulary else None)
    return [(path, *found)] if found else []


def translate_error(error: ValidationError, vocabularies: dict[str, set[str]], ids: dict[str, set[str]],
                    ctx: Context | None = None) -> list[tuple[tuple, str, Text]]:
    """Turn one jsonschema error into (path, catalogue key, message) in plain words, in both languages."""
    ctx = ctx or Context(vocabularies, ids)
    path = tuple(error.absolute_path)
    slip = _slip(error, path, ctx)
    if slip:
        return slip
    v, value, inst, schema = error.validator, error.validator_value, error.instance, error.schema
    if v == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(schema.get("properties", {}))
        out = []
        if "id" in inst and "id" not in allowed and len(path) > 2:
            # A record pasted with deeper indentation than the records above it becomes part of the
            # record before it (here: an entry of one of its lists). Say that once, not once per field.
            return [(path + ("id",), "misplaced-record", say("misplaced-record", id=inst["id"]))]
        for key in sorted(set(inst) - set(allowed)):
            if inst[key] is None and " " in key.strip() and isinstance(schema.get("properties"), dict):
                # {en: Linking China, Mongolia and Russia} reads "Mongolia and Russia" as a second key.
                out.append((path + (key,), "comma-in-text", say("comma-in-text", key=key)))
                continue
            head, colon, rest = key.partition("：")
            if colon and head.strip() in allowed:
                # {zh：text} or "status：approved" inside a flow mapping: one key, colon and all.
                out.append((path + (key,), "full-width-punctuation",
                            say("unknown-field/full-width-colon", key=head.strip(), rest=rest.strip())))
                continue
            out.append((path + (key,), "unknown-field",
                        say("unknown-field", key=key, hint=nearest(key, allowed), allowed=", ".join(allowed))))
        return out
    if v == "required" and isinstance(inst, dict):
        colon_keys = {k.partition("：")[0].strip() for k in inst if "：" in k}
        return [(path, "missing-field", say("missing-field", key=key)) for key in value
                if key not in inst and key not in colon_keys]
    if v == "type":
        wanted = value if isinstance(value, list) else [value]
        words = joined([TYPE_WORDS.get(w, Text(w, w)) for w in wanted], "type/or")
        hint = NOTHING
        if not path and "object" in wanted and len(schema.get("required", [])) == 1:
            key = schema["required"][0]
            return [(path, "wrong-type/top-level", say("wrong-type/top-level", key=key, found=describe_value(inst)))]
        if schema.get("x-date") and isinstance(inst, (int, float)) and not isinstance(inst, bool):
            return [(path, "unquoted-date", say("unquoted-date", fix=f'{path[-1] if path else "date"}: "{inst}"'))]
        if "object" in wanted and isinstance(inst, str) and "：" in inst:
            hint = say("hint/full-width-colon")
        elif "string" in wanted and isinstance(inst, (bool, int, float)):
            hint = say("hint/quote-the-text")
        return [(path, "wrong-type", say("wrong-type", expected=words, found=describe_value(inst), hint=hint))]
    if v == "x-vocabulary":
        choices = vocabularies.get(value, set())
        return [(path, "not-in-vocabulary", say("not-in-vocabulary", value=shown(inst), vocabulary=value,
                                                hint=nearest(inst, choices), allowed=", ".join(sorted(choices))))]
    if v == "x-reference":
        pool = reference_pool(value, ids) or set()
        if value == "any":
            return [(path, "unknown-reference", say("unknown-reference/any", value=shown(inst),
                                                    hint=nearest(inst, pool)))]
        kind = say(f"reference/{value}") if f"reference/{value}" in CATALOGUE else Text(value, value)
        files = joined([Text(f, f) for f in (RECORD_FILES.get(x, x) for x in reference_families(value))], "type/or")
        return [(path, "unknown-reference", say("unknown-reference", kind=kind, value=shown(inst),
                                                hint=nearest(inst, pool), file=files))]
    if v == "x-date":
        reason = date_reason(inst) if isinstance(inst, str) else None
        return [(path, "impossible-date", say("impossible-date", value=shown(inst),
                                              reason=reason or Text(error.message, error.message)))]
    if v == "pattern":
        key = PATTERN_MESSAGES.get(value)
        if key is None:
            return [(path, "bad-format", say("bad-format", value=shown(inst), pattern=value))]
        return [(path, key, say(key, value=shown(inst)))]
    if v == "minLength":
        if value <= 1:
            return [(path, "empty", say("empty"))]
        return [(path, "too-short", say("too-short", value=shown(inst), limit=value))]
    if v == "maxLength":
        return [(path, "too-long", say("too-long", length=f"{len(inst):,}", limit=f"{value:,}"))]
    if v in ("minimum", "maximum"):
        lo, hi = schema.get("minimum"), schema.get("maximum")
        rng = say("range/both", lo=lo, hi=hi) if lo is not None and hi is not None else (
            say("range/min", lo=lo) if lo is not None else say("range/max", hi=hi))
        return [(path, "out-of-range", say("out-of-range", value=inst, range=rng))]
    if v == "minItems":
        return [(path, "too-few", say("too-few", count=value, noun=Text("项", "entry" if value == 1 else "entries")))]
    if v == "minProperties":
        return [(path, "too-few", say("too-few/entries", count=value))]
    if v == "enum" and "x-vocabulary" in schema:
        # The enum is a copy of the vocabulary for editors' completion (python -m generator schema);
        # x-vocabulary checks the data folder's own vocabularies.yaml and gives the friendlier message.
        return []
    if v == "enum":
        return [(path, "not-allowed", say("not-allowed", value=shown(inst), hint=nearest(inst, [str(x) for x in value]),
                                          allowed=", ".join(str(x) for x in value)))]
    if v == "oneOf" and isinstance(inst, dict) and "left_out" in schema.get("properties", {}):
        # A coverage item: records that hold it, or a reason and a note; never both.
        if "records" in inst and "left_out" in inst:
            return [(path, "records-and-left-out", say("records-and-left-out"))]
        key = "missing-field/left-out-note" if "left_out" in inst else "missing-field/records-or-reason"
        return [(path, key, say(key))]
    if v == "anyOf" and isinstance(inst, dict) and "quote" in schema.get("required", []):
        return [(path, "bad-source", say("bad-source"))]
    if v == "dependentRequired" and isinstance(inst, dict):
        return [(path, "missing-field/source-pair", say("missing-field/source-pair", key=key, need=need))
                for key, needs in value.items() if key in inst for need in needs if need not in inst]
    if v == "anyOf" and isinstance(inst, dict) and "not_later_than" in schema.get("properties", {}):
        return [(path, "missing-field/approval-date", say("missing-field/approval-date"))]
    if v == "not" and isinstance(inst, dict) and "region" in inst and "regions" in inst:
        return [(path, "region-and-regions", say("region-and-regions"))]
    return [(path, "invalid", say("invalid", detail=error.message))]


def collect_ids(loaded: LoadedData) -> tuple[dict[str, set[str]], list[Problem]]:
    """Return the ids of each family and a problem for every id used twice.

    The problem is reported at the record added later, the one an editor just wrote (asked of
    ``git blame``; without git, the later one in file order), and names the other.
    """
    ids: dict[str, set[str]] = {}
    places: dict[str, list[tuple[str, int, tuple]]] = {}
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
            places.setdefault(rid, []).append((src.file, src.line_of(where), where))
            ids[family].add(rid)
    problems = []
    for rid, found in places.items():
        if len(found) < 2:
            continue
        first, *later = _oldest_first(found)
        for file, line, where in later:
            problems.append(problem(file, line, format_path(where), "duplicate-id", id=rid,
                                    other=f"{first[0]}:{first[1]}"))
    return ids, problems


def _oldest_first(places: list[tuple[str, int, tuple]]) -> list[tuple[str, int, tuple]]:
    """Places of one id, the one added first at the front (by git when it can tell, else file order)."""
    times = [added_at(file, line) for file, line, _ in places]
    if any(t is None for t in times):
        return places
    return [place for _, _, place in sorted(zip(times, range(len(places)), places))]


# Reading problems after which the value is left empty (None) in the loaded data.
REFUSED_VALUE_CODES = {"forbidden-tag", "alias", "bad-value", "bad-number", "too-deep"}


def check_schemas(loaded: LoadedData, vocabularies: dict[str, set[str]],
                  ids: dict[str, set[str]]) -> list[Problem]:
    """Validate each file against its schema and translate the errors; refuse dates written without quotes."""
    schemas, registry = load_schemas()
    labels = read_vocabulary_labels(loaded)
    resources = {f"{name}.schema.json": schema for name, schema in schemas.items()}
    # First the yes/no check of each file by jsonschema-rs; jsonschema, which explains every
    # error, runs only on a file that fails it, and there only on the items that fail it.
    fast = compile_fast_checks(schemas, vocabularies, ids)
    plain_cls = hooked_cls = None
    problems = []
    for key, src in loaded.sources.items():
        if src.value is None:
            continue  # an unreadable file was reported already
        name = "atlas" if key == "meta" else key
        schema = schemas[name]
        unquoted = [path for path in src.unquoted if re.fullmatch(FULL_DATE, str(_at(src.value, path)))]
        if unquoted:
            problems += _unquoted_dates(src, unquoted, schema_paths(schema, resources, "x-date"))
        if name in fast.whole:
            if fast.whole[name](src.value):
                continue
            hooked_cls = hooked_cls or _validator_class(vocabularies, ids, fast.items)
            validator = hooked_cls(schema, registry=registry)
        else:
            plain_cls = plain_cls or _validator_class(vocabularies, ids)
            validator = plain_cls(schema, registry=registry)
        # Where the reader refused a value (a tag, an alias, ...) it left nothing: say it once, not twice.
        refused = {p.path for p in src.problems if p.code in REFUSED_VALUE_CODES}
        ctx = Context(vocabularies, ids, labels, src.value)
        found = [text_problem(src.file, src.line_of(path), format_path(path), key, message)
                 for error in validator.iter_errors(src.value)
                 for path, key, message in translate_error(error, vocabularies, ids, ctx)
                 if format_path(path) not in refused]
        misplaced = {p.path.removesuffix(".id") for p in found if p.code == "misplaced-record"}
        # "a, b" typed with a full-width comma is one item: the list's "too few entries" follows from it.
        slipped_lists = {p.path.rpartition("[")[0] for p in found if p.code == "full-width-punctuation"}
        problems += [p for p in found if (p.code == "misplaced-record" or p.path not in misplaced)
                     and not (p.code == "too-few" and p.path in slipped_lists)]
    return problems


def schema_paths(schema: dict, resources: Mapping[str, dict], keyword: str) -> set[tuple]:
    """The value paths a schema gives ``keyword`` (e.g. x-date), with "*" for any list index or key."""
    found: set[tuple] = set()
    seen: set[tuple[int, tuple]] = set()

    def resolve(ref: str, doc: dict) -> tuple[Any, dict]:
        name, _, pointer = ref.partition("#")
        target = resources.get(name, {}) if name else doc
        node: Any = target
        for part in [p for p in pointer.split("/") if p]:
            node = node.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(node, dict) else None
        return node, target

    def walk(node: Any, doc: dict, path: tuple) -> None:
        if not isinstance(node, dict) or (id(node), path) in seen or len(path) > 16:
            return
        seen.add((id(node), path))
        if node.get(keyword):
            found.add(path)
        if isinstance(node.get("$ref"), str):
            walk(*resolve(node["$ref"], doc), path)
        for key, sub in (node.get("properties") or {}).items():
            walk(sub, doc, path + (key,))
        for sub in (node.get("patternProperties") or {}).values():
            walk(sub, doc, path + ("*",))
        for name in ("additionalProperties", "items", "contains"):
            walk(node.get(name), doc, path + ("*",))
        for sub in node.get("prefixItems") or []:
            walk(sub, doc, path + ("*",))
        for name in ("allOf", "anyOf", "oneOf"):
            for sub in node.get(name) or []:
                walk(sub, doc, path)
        for name in ("not", "if", "then", "else"):
            walk(node.get(name), doc, path)
        for sub in (node.get("dependentSchemas") or {}).values():
            walk(sub, doc, path)

    walk(schema, schema, ())
    return found


FULL_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"


def _unquoted_dates(src: YamlSource, unquoted: list[tuple], date_paths: set[tuple]) -> list[Problem]:
    """A full date written without quotes (date: 2024-03-19) in a date field, which YAML 1.1 tools (PyYAML,
    many editors) read as a date object, not as text. "2024-03" stays text in every YAML version, and an
    unquoted year is a number, which the schema pass reports."""
    out = []
    for path in sorted(unquoted, key=lambda p: (src.line_of(p), format_path(p))):
        general = tuple("*" if isinstance(p, int) else p for p in path)
        if not any(len(d) == len(general) and all(a in ("*", b) for a, b in zip(d, general)) for d in date_paths):
            continue
        value = _at(src.value, path)
        if isinstance(value, str) and re.fullmatch(FULL_DATE, value):
            out.append(problem(src.file, src.line_of(path), format_path(path), "unquoted-date",
                               fix=f'{path[-1]}: "{value}"'))
    return out


def read_vocabulary_labels(loaded: LoadedData) -> dict[str, dict[str, dict]]:
    """Return each vocabulary's values with their labels ({zh, en, ...}), for recognising a label typed as a value."""
    src = loaded.sources.get("vocabularies")
    out: dict[str, dict[str, dict]] = {}
    if src and isinstance(src.value, dict):
        for name, vocab in src.value.items():
            if isinstance(vocab, dict) and isinstance(vocab.get("values"), dict):
                out[name] = {str(k): v if isinstance(v, dict) else {} for k, v in vocab["values"].items()}
    return out


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

    statuses = read_vocabularies(loaded).get("status")

    def add(family: str, where: tuple, key: str, /, **values: Any) -> None:
        src = loaded.sources[family]
        problems.append(problem(src.file, src.line_of(where), format_path(where), key, **values))

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
                    add(family, (family, i, "location", "lat"), "swapped-coordinates", lat=lat, lon=lon,
                        lat_lo=IM_LAT[0], lat_hi=IM_LAT[1], lon_lo=IM_LON[0], lon_hi=IM_LON[1])
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
                hint = say("hint/swapped") if swapped else NOTHING
                bad = "lat" if not IM_LAT[0] <= lat <= IM_LAT[1] else "lon"
                lo, hi = IM_LAT if bad == "lat" else IM_LON
                add(family, (family, i, "location", bad), "outside-region", value=loc[bad], lo=lo, hi=hi, hint=hint)

    for family in ("platforms", "ports", "cooperation"):
        grant = "established" if family == "cooperation" else "approved"
        for i, r in enumerate(loaded.records(family)):
            status = r.get("status")
            if family == "platforms" and status == "approved" and grant not in r:
                add(family, (family, i, "status"), "approval-missing")
            # A status that is no value at all (a label typed instead, say) has its own problem already.
            if family != "cooperation" and grant in r and isinstance(status, str) \
                    and status not in ("approved", "benchmark") and (statuses is None or status in statuses):
                add(family, (family, i, grant), "approval-contradicts-status", status=status)
            history = r.get("history")
            if isinstance(history, list):
                dated = [(h.get("date"), j, h.get("status")) for j, h in enumerate(history)
                         if isinstance(h, dict) and isinstance(h.get("date"), str)]
                if dated and isinstance(status, str):
                    last_date, j, last_status = max(dated)
                    # A status that is no value at all has its own problem; comparing it says nothing more.
                    if last_status != status and isinstance(last_status, str) \
                            and (statuses is None or status in statuses):
                        add(family, (family, i, "status"), "status-contradicts-history", status=status,
                            date=last_date, latest=last_status)
            for where, value in _dates_to_check(r, grant):
                if as_of and re.fullmatch(DATE_PATTERN, value) and value[:len(as_of)] > as_of[:len(value)]:
                    add(family, (family, i) + where, "future-date", value=value, as_of=as_of)

    for i, doc in enumerate(loaded.records("documents")):
        for list_key, key in (("tasks", "number"), ("guarantees", "number"), ("targets", "id")):
            seen: dict[Any, int] = {}
            for j, item in enumerate(doc.get(list_key) or []):
                if not isinstance(item, dict) or item.get(key) is None:
                    continue
                if item[key] in seen:
                    add("documents", ("documents", i, list_key, j, key), "duplicate-number", item=list_key[:-1],
                        key=key, number=item[key], first=f"{list_key}[{seen[item[key]]}]")
                else:
                    seen[item[key]] = j

    for i, r in enumerate(loaded.records("regions")):
        if _has_parent_cycle(r.get("id"), parents):
            add("regions", ("regions", i, "parent"), "parent-cycle")
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
