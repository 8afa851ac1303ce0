"""The fast yes/no check (jsonschema-rs) agrees with jsonschema, and never accepts by mistake.

``validate.compile_fast_checks`` answers only "valid or not?"; the validator trusts a "valid" and
asks jsonschema for the details of an "invalid". So the two must agree on every file of the
real data, of the mini atlas, of every invalid-corpus folder, and on a few hundred mutations
of records (made with a seeded ``random.Random``, so every run tests the same cases).
"""
from __future__ import annotations

import copy
import dataclasses
import random
import re
from pathlib import Path

import pytest

from generator import validate
import jsonschema_rs

from generator.paths import DATA_DIR, RECORD_FILES
from generator.validate import (FastChecks, LoadedData, _rs_keywords, _validator_class, _yes_no, check_schemas,
                                collect_ids, compile_fast_checks, load_data, load_schemas, read_vocabularies)
from tests.unit.test_invalid_corpus import DEFECTS, MINI_ATLAS, assemble

SCHEMAS, REGISTRY = load_schemas()
MUTATIONS_PER_FOLDER = 300


def schema_name(key: str) -> str:
    return "atlas" if key == "meta" else key


class Checkers:
    """jsonschema and the fast check, set up for one data folder as check_schemas sets them up."""

    def __init__(self, loaded):
        self.loaded = loaded
        self.vocabularies = read_vocabularies(loaded)
        self.ids, _ = collect_ids(loaded)
        self.fast = compile_fast_checks(SCHEMAS, self.vocabularies, self.ids)
        self.cls = _validator_class(self.vocabularies, self.ids)

    def agree(self, key: str, value) -> bool:
        """Assert both give the same answer for the whole file and for each record; return it."""
        name = schema_name(key)
        assert name in self.fast.whole, f"{name}.schema.json no longer compiles with jsonschema-rs"
        slow = self.cls(SCHEMAS[name], registry=REGISTRY)
        expected = slow.is_valid(value)
        assert self.fast.whole[name](value) == expected, f"{name}: jsonschema-rs disagrees with jsonschema"
        records = value.get(key) if isinstance(value, dict) and key in RECORD_FILES else None
        item_schema = SCHEMAS[name]["properties"][key].get("items") if key in RECORD_FILES else None
        found = self.fast.items.get(id(item_schema)) if item_schema is not None else None
        assert item_schema is None or found is not None, f"{name}: no fast check of its records"
        check = found[1] if found else None
        if isinstance(records, list) and check is not None:
            for i, record in enumerate(records):
                assert check(record) == slow.evolve(schema=item_schema).is_valid(record), f"{name}[{i}]"
        return expected


def agree_on_folder(folder: Path) -> int:
    loaded = load_data(folder)
    checkers = Checkers(loaded)
    checked = 0
    for key, src in loaded.sources.items():
        if src.value is not None:
            checkers.agree(key, src.value)
            checked += 1
    return checked


def test_every_schema_compiles():
    vocabularies = read_vocabularies(load_data(MINI_ATLAS))
    assert set(compile_fast_checks(SCHEMAS, vocabularies, {}).whole) == set(SCHEMAS)


@pytest.mark.parametrize("folder", [DATA_DIR, MINI_ATLAS], ids=["data", "mini_atlas"])
def test_agrees_on_valid_folders(folder):
    # atlas, vocabularies, publishers, the record files and, where there is one, the coverage register
    assert agree_on_folder(folder) == 3 + len(RECORD_FILES) + (folder / "coverage.yaml").is_file()


@pytest.mark.parametrize("defect", DEFECTS)
def test_agrees_on_the_invalid_corpus(defect, tmp_path):
    agree_on_folder(assemble(defect, tmp_path))


# -- mutations ------------------------------------------------------------------------------------------------

ODD_VALUES = [True, False, 0, 1, -1, 7, 1.0, 1.5, -0.5, 10 ** 7, 1e300, "", " ", "x", "Some text", None, [], {},
              ["a"], [1], {"en": "x"}, {"zh": "甲", "en": "A"}, "2024", "2024-13", "2023-02-29", "2024-02-29",
              "1799", "24-01-01", "2024-1-1", "Bad_Id", "bad--id", "-bad", "hohhot", "inner-mongolia", "etdz",
              "approved", "national", "neizhengbanfa-2024-5", "http://x y", "https://example.org/a",
              "javascript:alert(1)", "a" * 5000, 91.0, -181, 45, 110.5, "150700", "15070", "a：b", "真"]
ODD_KEYS = ["colour", "Name", "id", "zh", "en", "note", "extra field", "date", "url", "document", "region",
            "regions", "status", "sources", "quote", "not_later_than", "accessed", "9", ""]


def _places(value, where=()):
    """Every (path, node) in a value, the root included."""
    yield where, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _places(child, where + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _places(child, where + (i,))


def _set(root, where, new):
    parent = root
    for part in where[:-1]:
        parent = parent[part]
    parent[where[-1]] = new


def mutate(value, rng: random.Random) -> str:
    """Change ``value`` in place at one random place; return what was done (for failure messages)."""
    places = [(w, v) for w, v in _places(value) if len(w) >= 2]
    if not places:
        return "nothing to mutate"
    where, node = rng.choice(places)
    dicts = [(w, v) for w, v in places if isinstance(v, dict)]
    lists = [(w, v) for w, v in places if isinstance(v, list)]
    kind = rng.choice(["drop", "replace", "replace", "add", "string", "number", "list", "swap", "targeted"])
    if kind == "targeted":
        done = _targeted(value, places, rng)
        if done:
            return done
    if kind == "drop" and dicts:
        w, d = rng.choice(dicts)
        if d:
            key = rng.choice(sorted(d))
            del d[key]
            return f"drop {w + (key,)}"
    if kind == "add" and dicts:
        w, d = rng.choice(dicts)
        key = rng.choice(ODD_KEYS)
        d[key] = copy.deepcopy(rng.choice(ODD_VALUES + [None, "x"]))
        return f"add {w + (key,)}"
    if kind == "string":
        strings = [(w, v) for w, v in places if isinstance(v, str)]
        if strings:
            w, s = rng.choice(strings)
            new = rng.choice([s + " ", s.upper(), "", s + "-", s[:-1], s + "x", "-" + s, s * 2, s.replace("-", "_"),
                              s + "：", s[:4]])
            _set(value, w, new)
            return f"string {w} -> {new[:30]!r}"
    if kind == "number":
        numbers = [(w, v) for w, v in places if isinstance(v, (int, float))]
        if numbers:
            w, n = rng.choice(numbers)
            new = rng.choice([True, False, -n, n * 1000, float(n), str(n), n + 0.5, int(n), None])
            _set(value, w, new)
            return f"number {w} -> {new!r}"
    if kind == "list" and lists:
        w, items = rng.choice(lists)
        action = rng.choice(["empty", "duplicate", "append", "unwrap"])
        if action == "empty":
            items.clear()
        elif action == "duplicate" and items:
            items.append(copy.deepcopy(items[0]))
        elif action == "unwrap" and items:
            _set(value, w, copy.deepcopy(items[0]))
        else:
            items.append(copy.deepcopy(rng.choice(ODD_VALUES)))
        return f"list {action} {w}"
    if kind == "swap" and dicts:
        w, d = rng.choice(dicts)
        if len(d) >= 2:
            a, b = rng.sample(sorted(d), 2)
            d[a], d[b] = d[b], d[a]
            return f"swap {w} {a} {b}"
    new = copy.deepcopy(rng.choice(ODD_VALUES))
    _set(value, where, new)
    return f"replace {where} -> {str(new)[:30]!r}"


DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
KEYS_IN_RULES = ["date", "not_later_than", "document", "url", "accessed", "quote", "region", "regions", "id"]


def _targeted(value, places, rng: random.Random) -> str | None:
    """A mutation aimed at the rarer rules: impossible dates, either-or keys, vocabulary value names."""
    action = rng.choice(["date", "drop-key", "both-regions", "value-name"])
    if action == "date":
        dates = [w for w, v in places if isinstance(v, str) and DATE.match(v)]
        if dates:
            where = rng.choice(dates)
            new = rng.choice(["2023-02-29", "2024-13", "1799", "2101-01", "2024-04-31", "2024-00", "2024-02-30"])
            _set(value, where, new)
            return f"date {where} -> {new}"
    dicts = [(w, v) for w, v in places if isinstance(v, dict)]
    if action == "drop-key":
        present = [k for k in KEYS_IN_RULES if any(k in d for _, d in dicts)]
        if present:
            key = rng.choice(present)
            where, d = rng.choice([(w, d) for w, d in dicts if key in d])
            del d[key]
            return f"drop {where + (key,)}"
    if action == "both-regions":
        found = [(w, d) for w, d in dicts if "region" in d or "regions" in d]
        if found:
            where, d = rng.choice(found)
            d.setdefault("region", "hohhot")
            d.setdefault("regions", ["hohhot"])
            return f"both regions at {where}"
    if action == "value-name":
        found = [(w, v) for w, v in places if w[-1:] == ("values",) and isinstance(v, dict)]
        if found:
            where, values = rng.choice(found)
            if rng.random() < 0.3:
                values.clear()
                return f"empty {where}"
            values[rng.choice(["Bad_Name", "x y", "", "ok-name"])] = copy.deepcopy(next(iter(values.values()), {}))
            return f"value name at {where}"
    return None


def mutated_cases(folder: Path, count: int, seed: int):
    """Yield (loaded data, family, mutated value, description): ``count`` one- to three-step mutations.

    A record file is cut down to one or two of its records first, so that each case stays quick.
    """
    loaded = load_data(folder)
    rng = random.Random(seed)
    families = [key for key in ["meta", "vocabularies", *RECORD_FILES] if loaded.sources.get(key) is not None]
    for _ in range(count):
        key = rng.choice(families)
        value = loaded.sources[key].value
        if key in RECORD_FILES and value.get(key):
            records = value[key]
            start = rng.randrange(len(records))
            value = {**value, key: records[start:start + rng.choice([1, 1, 2])]}
        value = copy.deepcopy(value)
        done = [mutate(value, rng) for _ in range(rng.choice([1, 1, 2, 3]))]
        yield loaded, key, value, "; ".join(done)


@pytest.mark.parametrize("folder, seed", [(MINI_ATLAS, 1), (DATA_DIR, 2)], ids=["mini_atlas", "data"])
def test_agrees_on_mutated_records(folder, seed):
    checkers = None
    outcomes = []
    for loaded, key, value, done in mutated_cases(folder, MUTATIONS_PER_FOLDER, seed):
        checkers = checkers or Checkers(loaded)
        try:
            outcomes.append(checkers.agree(key, value))
        except AssertionError as exc:
            raise AssertionError(f"{key}: {done}: {exc}") from None
    # The mutations must exercise both answers, mostly "invalid".
    assert outcomes.count(False) > MUTATIONS_PER_FOLDER // 2 and True in outcomes


def _edit(value, where, new=None, delete=False):
    parent = value
    for part in where[:-1]:
        parent = parent[part]
    if delete:
        del parent[where[-1]]
    else:
        parent[where[-1]] = new


# One mutation of the mini atlas per rule the schemas use, so that each is surely met.
KEYWORD_CASES = {
    "x-date": ("platforms", ("platforms", 1, "history", 0, "date"), "2023-02-29"),
    "anyOf": ("platforms", ("platforms", 0, "approved", "date"), None),
    "not": ("platforms", ("platforms", 1, "region"), "hohhot"),
    "oneOf": ("platforms", ("platforms", 1, "sources", 0, "url"), "https://example.org"),
    "dependentRequired": ("platforms", ("platforms", 0, "approved", "sources", 0, "accessed"), None),
    "x-reference": ("platforms", ("platforms", 0, "region"), "hohot"),
    "x-vocabulary": ("platforms", ("platforms", 0, "kind"), "etdzz"),
    "enum": ("national_totals", ("national_totals", 0, "figures", 0, "scope"), "galactic"),
    "minimum": ("ports", ("ports", 0, "location", "lat"), -90.5),
    "maximum": ("ports", ("ports", 0, "location", "lon"), 180.5),
    "integer": ("national_totals", ("national_totals", 0, "figures", 0, "value"), True),
    "number": ("ports", ("ports", 0, "location", "lat"), False),
    "maxLength": ("ports", ("ports", 0, "name", "en"), "x" * 2001),
    "minLength": ("ports", ("ports", 0, "name", "zh"), ""),
    "pattern": ("ports", ("ports", 0, "id"), "Manzhouli"),
    "minItems": ("platforms", ("platforms", 0, "sources"), []),
    "required": ("ports", ("ports", 0, "kind"), None),
    "additionalProperties": ("ports", ("ports", 0, "colour"), "red"),
    "propertyNames": ("vocabularies", ("status", "values", "Not_A_Key"), {"zh": "甲", "en": "A"}),
    "minProperties": ("vocabularies", ("status", "values"), {}),
}


@pytest.mark.parametrize("rule", sorted(KEYWORD_CASES))
def test_agrees_on_a_break_of_each_rule(rule):
    loaded = load_data(MINI_ATLAS)
    key, where, new = KEYWORD_CASES[rule]
    value = copy.deepcopy(loaded.sources[key].value)
    _edit(value, where, new, delete=new is None)
    assert Checkers(loaded).agree(key, value) is False
    assert _problems(loaded, key, value), rule


def test_problems_are_the_same_with_and_without_the_fast_check(monkeypatch):
    """Skipping the valid records must not change a single problem line (the items hook)."""
    cases = list(mutated_cases(MINI_ATLAS, 100, 3)) + list(mutated_cases(DATA_DIR, 100, 4))
    fast_results = [_problems(loaded, key, value) for loaded, key, value, _ in cases]
    monkeypatch.setattr(validate, "compile_fast_checks", lambda *args: FastChecks({}, {}))
    for (loaded, key, value, done), fast_result in zip(cases, fast_results):
        assert _problems(loaded, key, value) == fast_result, done


def _problems(loaded, key, value):
    """check_schemas on the one mutated file (vocabularies and ids as the whole folder gives them)."""
    src = loaded.sources[key]
    original = src.value
    src.value = value
    try:
        vocabularies = read_vocabularies(loaded)
        ids, _ = collect_ids(loaded)
    finally:
        src.value = original
    alone = LoadedData(loaded.data_dir, {key: dataclasses.replace(src, value=value)})
    return check_schemas(alone, vocabularies, ids)


# -- what it cannot check ----------------------------------------------------------------------------------------

def test_a_schema_jsonschema_rs_refuses_is_checked_by_jsonschema(monkeypatch):
    """Never silently accepted: a schema that does not compile is left out, and jsonschema checks that file."""
    real = jsonschema_rs.validator_for

    def refuse_ports(schema, **options):
        if options["base_uri"].endswith("/ports.schema.json"):
            raise ValueError("refused")
        return real(schema, **options)

    monkeypatch.setattr(jsonschema_rs, "validator_for", refuse_ports)
    assert "ports" not in compile_fast_checks(SCHEMAS, {}, {}).whole
    loaded = load_data(MINI_ATLAS)
    value = copy.deepcopy(loaded.sources["ports"].value)
    value["ports"][0]["id"] = "Bad Id"
    assert [p.code for p in _problems(loaded, "ports", value)] == ["invalid-id"]


def test_a_value_jsonschema_rs_cannot_read_is_left_to_jsonschema():
    """An exception in the fast check means "explain it", never "valid"."""

    class Broken:
        def is_valid(self, value):
            raise OverflowError("too large")

    assert _yes_no(Broken())(10 ** 400) is False


@pytest.mark.parametrize("schema, good, bad", [
    ({"type": "integer"}, [1, -3, 1.0, 10 ** 30], [True, False, 1.5, "1", None]),
    ({"type": "number", "minimum": 0, "maximum": 1}, [0, 1, 0.5, 1.0], [True, -0.1, 2, "0.5"]),
    ({"type": "string", "minLength": 2, "maxLength": 3}, ["甲乙", "abc", "🙂🙂"], ["甲", "abcd", 12]),
    ({"pattern": "^(?!www\\.)[a-z]+(\\.[a-z]+)*$"}, ["x.com"], ["www.x.com", "X.com"]),
    ({"pattern": "^[0-9]{6}$"}, ["150700", 150700, None], ["15070", "x150700"]),
    ({"pattern": "b"}, ["abc"], ["ac"]),
    ({"enum": [1, "a"]}, [1, 1.0, "a"], [True, "1", 2]),
    ({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}, [{"a": 1}, {"b": 1}], [{}, {"a": 1, "b": 1}, "x"]),
    ({"anyOf": [{"required": ["a"]}, {"type": "string"}]}, [{"a": 1}, "x", 1], [{}]),
    ({"not": {"required": ["a", "b"]}}, [{"a": 1}], [{"a": 1, "b": 2}, []]),
    ({"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}, "minProperties": 1,
      "additionalProperties": {"type": "integer"}}, [{"ab": 1}], [{}, {"Ab": 1}, {"ab": "1"}]),
    ({"dependentRequired": {"url": ["accessed"]}}, [{"url": 1, "accessed": 2}, {"a": 1}], [{"url": 1}]),
    ({"type": ["string", "null"]}, ["", None], [0, [], False]),
    ({"items": {"type": "string"}, "minItems": 1}, [["a"], "not a list"], [[], [1], ["a", None]]),
], ids=lambda x: None)
def test_json_semantics_match_jsonschema(schema, good, bad):
    fast = _yes_no(jsonschema_rs.validator_for(schema, keywords=_rs_keywords({}, {})))
    slow = _validator_class({}, {})(schema)
    for value in good:
        assert fast(value) and slow.is_valid(value), value
    for value in bad:
        assert not fast(value) and not slow.is_valid(value), value
