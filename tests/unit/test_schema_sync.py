"""The vocabularies' values are copied into the schemas as ``enum`` (editor completion), and kept in step."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.schema_sync import read_vocabularies, render_schema, sync_schema, sync_schemas
from generator.validate import validate_data

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SCHEMA_DIR = DATA / "schema"
MINI_ATLAS = REPO / "tests" / "fixtures" / "mini_atlas"

VOCABULARIES = {"status": {"approved": {"zh": "已获批", "en": "Approved",
                                        "meaning": {"zh": "已批准", "en": "Granted"}},
                           "applying": {"zh": "申报中", "en": "Applying"}}}


def test_committed_schemas_match_the_vocabularies():
    changed, problems = sync_schemas(DATA, SCHEMA_DIR, write=False)
    assert not problems, [f"{p.file}:{p.line}: {p.message}" for p in problems]
    assert not changed, ("these schemas are out of step with data/vocabularies.yaml: "
                         f"{[p.name for p in changed]}; run: python -m generator schema")


def test_every_vocabulary_property_has_its_enum():
    vocabularies, _ = read_vocabularies(DATA)
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        def walk(node):
            if isinstance(node, dict):
                if "x-vocabulary" in node:
                    assert node.get("enum") == list(vocabularies[node["x-vocabulary"]]), path.name
                    assert len(node["enumDescriptions"]) == len(node["enum"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
        walk(json.loads(path.read_text(encoding="utf-8")))


def test_enum_goes_right_after_x_vocabulary_and_nothing_else_moves():
    schema = {"title": "t", "properties": {"status": {"title": "s", "type": "string", "x-vocabulary": "status",
                                                      "examples": ["approved"]}}}
    out = sync_schema(schema, VOCABULARIES)
    assert list(out["properties"]["status"]) == ["title", "type", "x-vocabulary", "enum", "enumDescriptions",
                                                 "examples"]
    assert out["properties"]["status"]["enum"] == ["approved", "applying"]
    assert out["properties"]["status"]["enumDescriptions"] == ["已获批 Approved：已批准 Granted", "申报中 Applying"]
    assert sync_schema(out, VOCABULARIES) == out  # a second run changes nothing
    assert schema["properties"]["status"].get("enum") is None  # the input is not modified


def test_stale_enum_is_replaced_in_place():
    schema = {"x-vocabulary": "status", "enum": ["old"], "enumDescriptions": ["old"], "title": "t"}
    assert list(sync_schema(schema, VOCABULARIES)) == ["x-vocabulary", "enum", "enumDescriptions", "title"]


def test_unknown_vocabulary_is_a_problem_and_nothing_is_written(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_ATLAS, data)
    schemas = tmp_path / "schema"
    schemas.mkdir()
    text = render_schema({"properties": {"kind": {"type": "string", "x-vocabulary": "no_such_list"}}})
    (schemas / "x.schema.json").write_text(text, encoding="utf-8")
    changed, problems = sync_schemas(data, schemas)
    assert changed == [] and [p.code for p in problems] == ["unknown-vocabulary"]
    assert problems[0].line == 5
    assert (schemas / "x.schema.json").read_text(encoding="utf-8") == text


def test_sync_writes_only_the_schemas_that_change(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_ATLAS, data)
    shutil.copytree(SCHEMA_DIR, tmp_path / "schema")
    sync_schemas(data, tmp_path / "schema")  # the mini atlas may lag behind data/ in its vocabularies
    vocab = data / "vocabularies.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace(
        "    benchmark:\n",
        "    suspended:\n      zh: 暂停\n      en: Suspended\n      meaning: {zh: 暂停, en: Suspended}\n"
        "      reason: {zh: 测试, en: Test}\n    benchmark:\n", 1), encoding="utf-8")
    changed, problems = sync_schemas(data, tmp_path / "schema")
    assert not problems
    names = {p.name for p in changed}
    assert "platforms.schema.json" in names and "regions.schema.json" not in names
    platforms = json.loads((tmp_path / "schema" / "platforms.schema.json").read_text(encoding="utf-8"))
    assert "suspended" in platforms["$defs"]["record"]["properties"]["status"]["enum"]


def test_validator_reports_a_wrong_vocabulary_value_once():
    """The enum exists for the editor; the validator's own x-vocabulary message is the only one shown."""
    from generator.validate import _validator_class, load_schemas, translate_error

    schemas, registry = load_schemas()
    vocabularies = {name: set(values) for name, values in read_vocabularies(DATA)[0].items()}
    validator = _validator_class(vocabularies, {})(schemas["platforms"], registry=registry)
    record = {"platforms": [{"id": "x", "name": {"zh": "甲", "en": "A"}, "kind": "etdzz", "level": "national",
                             "status": "approved", "sources": [{"document": "d", "quote": "引语"}]}]}
    messages = [m.en for e in validator.iter_errors(record) for _, code, m in translate_error(e, vocabularies, {})
                if "etdzz" in m.en]
    assert messages == [messages[0]] and 'did you mean "etdz"' in messages[0]


def test_mini_atlas_still_validates_against_the_synced_schemas():
    assert validate_data(MINI_ATLAS)[1] == []
