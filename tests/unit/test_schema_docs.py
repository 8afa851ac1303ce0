"""The schemas document every field, and the generated field reference lists all of them.

Like sqlite-utils' tests/test_docs.py: a field without a title, description or example fails
here, so the editors' reference page and VS Code's hover text cannot fall behind the schemas.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from jsonschema.validators import Draft202012Validator

from generator.schema_docs import (PAGE_PATH, SCHEMA_FILES, code, iter_properties, ordered_schema_names,
                                   render_field_reference, split_bilingual, yaml_flow)
from generator.validate import load_schemas, validate_data
from generator.yaml_source import read_yaml

REPO = Path(__file__).resolve().parents[2]
MINI_ATLAS = REPO / "tests" / "fixtures" / "mini_atlas"
SCHEMAS, REGISTRY = load_schemas()
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2}")
ALL_PROPERTIES = [(name, where, key, prop) for name, schema in SCHEMAS.items()
                  for where, key, prop in iter_properties(schema)]


def _id(item) -> str:
    name, where, key, _ = item
    return f"{name}:{'/'.join(map(str, where))}/{key}"


@pytest.fixture(scope="module")
def vocabularies():
    return read_yaml(MINI_ATLAS / "vocabularies.yaml", "v").value


@pytest.fixture(scope="module", params=["zh", "en"])
def page(request, vocabularies) -> tuple[str, str]:
    return request.param, render_field_reference(request.param, vocabularies)


@pytest.mark.parametrize("item", ALL_PROPERTIES, ids=_id)
def test_property_has_title_description_and_examples(item):
    name, where, key, prop = item
    for field in ("title", "description"):
        text = prop.get(field)
        assert isinstance(text, str) and text.strip(), f"{_id(item)} has no {field}"
        assert CJK.search(text) and LATIN.search(text), f"{_id(item)}: the {field} must be in Chinese and English"
    assert isinstance(prop.get("examples"), list) and prop["examples"], f"{_id(item)} has no examples"


@pytest.mark.parametrize("item", ALL_PROPERTIES, ids=_id)
def test_examples_are_valid_values(item):
    name, where, key, prop = item
    pointer = "".join(f"/{part}" for part in where) + f"/properties/{key}"
    validator = Draft202012Validator({"$ref": f"{name}.schema.json#{pointer}"}, registry=REGISTRY)
    for example in prop["examples"]:
        errors = [e.message for e in validator.iter_errors(example)]
        assert not errors, f"{_id(item)}: example {example!r} is not valid: {errors}"


def test_shared_definitions_are_documented():
    for name, schema in SCHEMAS.items():
        for def_name, node in (schema.get("$defs") or {}).items():
            assert node.get("title") and node.get("description"), f"{name}#/$defs/{def_name}"


def test_page_lists_every_property_of_every_schema(page):
    lang, text = page
    # Split the page into one section per schema (## headings carry the schema's anchor).
    sections = dict(re.findall(r"^## [^\n]*\{#([a-z0-9-]+)\}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    for name, schema in SCHEMAS.items():
        anchor = name.replace("_", "-")
        assert anchor in sections, f"{lang}: no section for {name}.schema.json"
        missing = sorted({key for _, key, _ in iter_properties(schema) if f"**`{key}`**" not in sections[anchor]})
        assert not missing, f"{lang}: {name}.schema.json fields missing from the page: {missing}"


def test_page_shows_types_requirement_vocabulary_reference_and_examples(page):
    lang, text = page
    required = "*必填*" if lang == "zh" else "*required*"
    assert "- **`kind`** · " in text and required in text
    assert "[`platform_kind`](#vocabulary-platform-kind)" in text
    assert "`etdz` " + ("国家级经济技术开发区" if lang == "zh" else "National economic and technological") in text
    assert ("`regions.yaml` 中某条记录的 id" if lang == "zh" else "the id of a record in `regions.yaml`") in text
    assert '`"2024-01-22"`' in text  # dates appear quoted, as editors must write them
    assert "`data/_templates/platform.yaml`" in text
    assert text.startswith("---\ntitle: ") and "<!-- generated from data/schema/" in text


def test_page_links_point_at_headings_on_the_page(page):
    _, text = page
    anchors = set(re.findall(r"\{#([a-z0-9-]+)\}", text))
    links = set(re.findall(r"\]\(#([a-z0-9-]+)\)", text))
    assert links and links <= anchors, sorted(links - anchors)


def test_schema_text_is_escaped(vocabularies):
    schemas = {"atlas": {"title": "<script>alert(1)</script> x", "description": "a|b *c* [d](e)",
                         "properties": {"title": {"title": "标题 T_i_t_l_e", "description": "说明 `x`",
                                                  "examples": ["`tick`"], "type": "string"}}}}
    text = render_field_reference("zh", vocabularies, schemas)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "a\\|b \\*c\\* \\[d\\]\\(e\\)" in text
    assert '``"`tick`"``' in text


def test_flow_yaml_examples_read_back_as_the_same_values():
    for _, _, _, prop in ALL_PROPERTIES:
        for example in prop["examples"]:
            assert yaml.safe_load(yaml_flow(example)) == example, yaml_flow(example)


def test_helpers():
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"
    assert split_bilingual("标识 Id") == ("标识", "Id")
    assert split_bilingual("唯一标识。Unique slug.") == ("唯一标识。", "Unique slug.")
    assert split_bilingual("only English") == ("", "only English")
    assert ordered_schema_names(SCHEMAS)[-1] == "common"
    assert set(SCHEMA_FILES) | {"common"} == set(SCHEMAS)


def test_render_pages_publishes_the_reference_in_both_languages():
    from generator.pages import render_pages
    from generator.records import build_atlas

    loaded, problems = validate_data(MINI_ATLAS)
    assert not problems
    pages = render_pages(build_atlas(loaded))
    assert f"zh/{PAGE_PATH}" in pages and f"en/{PAGE_PATH}" in pages
    assert pages[f"en/{PAGE_PATH}"].startswith('---\ntitle: "Field reference"')
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"字段说明: {PAGE_PATH}" in nav and "字段说明: Field reference" in nav
