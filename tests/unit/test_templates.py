"""The record templates in data/_templates/ stay complete and valid, so they cannot drift from the schemas.

Each template is pasted into a copy of the mini fixture atlas exactly as CONTRIBUTING tells an
editor to: the lines after the top-level key are appended to the matching data file (a record
whose id the atlas already has is replaced, as when an editor updates a record). The templates
refer to one another the way real records do (the cooperation example's parties include the
region example's country; the document example's tasks name the organisation example), so all
of them are pasted into one copy and validated together; a problem is reported at its line in
the template.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.paths import PUBLISHER_FILE, RECORD_FILES
from generator.schema_docs import TEMPLATE_FILES, iter_properties
from generator.validate import load_schemas, validate_data
from generator.yaml_source import read_yaml

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "data" / "_templates"
MINI_ATLAS = REPO / "tests" / "fixtures" / "mini_atlas"
# The files a template is pasted into, and the key that names an entry in each (records: id).
DATA_FILES = {**RECORD_FILES, "publishers": PUBLISHER_FILE}
ENTRY_KEY = {"publishers": "host"}


def entry_keys(path: Path, family: str) -> set[str]:
    """The ids (publishers: hosts) of the entries in one template or data file."""
    return {r[ENTRY_KEY.get(family, "id")] for r in read_yaml(path, "t").value[family]}


def copied_lines(family: str, text: str) -> tuple[int, list[str]]:
    """The lines an editor copies (everything after ``family:``) and the 1-based line they start at."""
    lines = text.splitlines(keepends=True)
    key = next(i for i, line in enumerate(lines) if line.rstrip() == f"{family}:")
    return key + 2, lines[key + 1:]


def remove_records(path: Path, family: str, ids: set[str]) -> None:
    """Delete from a data file the records whose id (publishers: host) is in ``ids`` (their whole block of lines)."""
    src = read_yaml(path, path.name)
    records = src.value[family]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    spans = []
    for i, record in enumerate(records):
        if record.get(ENTRY_KEY.get(family, "id")) in ids:
            start = src.line_of((family, i)) - 1
            end = src.line_of((family, i + 1)) - 1 if i + 1 < len(records) else len(lines)
            spans.append((start, end))
    for start, end in reversed(spans):
        del lines[start:end]
    path.write_text("".join(lines), encoding="utf-8")


def paste_template(data_dir: Path, family: str) -> tuple[int, int]:
    """Paste one template into ``data_dir``; return (first pasted line in the data file, its line in the template)."""
    template = (TEMPLATES / TEMPLATE_FILES[family]).read_text(encoding="utf-8")
    template_line, block = copied_lines(family, template)
    target = data_dir / DATA_FILES[family]
    ids = entry_keys(TEMPLATES / TEMPLATE_FILES[family], family)
    remove_records(target, family, ids)
    text = target.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    first = text.count("\n") + 1
    target.write_text(text + "".join(block), encoding="utf-8")
    return first, template_line


def test_every_record_file_has_a_template():
    assert set(TEMPLATE_FILES) == set(DATA_FILES)
    missing = [name for name in TEMPLATE_FILES.values() if not (TEMPLATES / name).is_file()]
    assert not missing, f"templates missing from data/_templates/: {missing}"


@pytest.mark.parametrize("family", sorted(TEMPLATE_FILES))
def test_template_reads_cleanly_and_names_its_schema(family):
    path = TEMPLATES / TEMPLATE_FILES[family]
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schema/{family}.schema.json"
    src = read_yaml(path, f"data/_templates/{path.name}")
    assert not src.problems, "\n".join(f"{p.file}:{p.line}: {p.message}" for p in src.problems)
    assert list(src.value) == [family] and src.value[family], f"{path.name} must hold {family}: with records"


@pytest.mark.parametrize("family", sorted(TEMPLATE_FILES))
def test_template_shows_every_field(family):
    """Every field of the record (and its tasks, targets, figures, counterpart ...) appears, if only commented."""
    schemas, _ = load_schemas()
    text = (TEMPLATES / TEMPLATE_FILES[family]).read_text(encoding="utf-8")
    fields = {name for where, name, _ in iter_properties(schemas[family]) if where}  # skip the top-level key
    missing = sorted(f for f in fields if not re.search(rf"(?m)^\s*(#\s*)?(- )?{re.escape(f)}:", text))
    assert not missing, f"data/_templates/{TEMPLATE_FILES[family]} does not show: {', '.join(missing)}"


@pytest.mark.parametrize("family", sorted(TEMPLATE_FILES))
def test_template_header_states_the_rules_chinese_first(family):
    text = (TEMPLATES / TEMPLATE_FILES[family]).read_text(encoding="utf-8")
    header = []
    for line in text.splitlines()[1:]:
        if not line.startswith("#"):
            break
        if line.strip("# "):
            header.append(line)
    assert re.search(r"[\u4e00-\u9fff]", header[0]), "the template's first line of comment must be Chinese"
    rules = "\n".join(header)
    assert "逐字" in rules and "verbatim" in rules, "the header must say quotes are copied verbatim"
    if re.search(r"\"[0-9]{4}", text):  # the template has a date value
        assert "加引号" in rules and "quote" in rules, "the header must say dates are quoted"


def test_templates_validate_in_a_copy_of_the_mini_atlas(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(MINI_ATLAS, data_dir)
    offsets = {}
    for family in TEMPLATE_FILES:
        offsets[DATA_FILES[family]] = (family, *paste_template(data_dir, family))
    loaded, problems = validate_data(data_dir)
    shown = []
    for p in problems:
        name = Path(p.file).name
        family, first, template_line = offsets.get(name, (None, 0, 0))
        if family and p.line >= first:
            shown.append(f"data/_templates/{TEMPLATE_FILES[family]}:{p.line - first + template_line}: "
                         f"{p.path}: {p.message}")
        else:
            shown.append(f"{name}:{p.line}: {p.path}: {p.message}")
    assert not problems, "the templates do not validate:\n" + "\n".join(shown)
    for family in TEMPLATE_FILES:
        ids = entry_keys(TEMPLATES / TEMPLATE_FILES[family], family)
        assert ids <= {r[ENTRY_KEY.get(family, "id")] for r in loaded.records(family)}
