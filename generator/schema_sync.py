"""Copy each vocabulary's values into the JSON Schemas as ``enum``, so editors get completion.

Input: ``vocabularies.yaml`` in the data folder and the ``*.schema.json`` files.
Output: the schema texts with an ``enum`` (the vocabulary's keys, in file order)
and an ``enumDescriptions`` (their labels and meaning, which VS Code shows beside
each suggestion) on every property that carries ``x-vocabulary``. Nothing else
in a schema changes: it is written back as ``json.dumps(indent=2,
ensure_ascii=False)`` plus a newline, the form the schemas are kept in.

    changed, problems = sync_schemas(Path("data"), Path("data/schema"))

The validator does not use these enums: it checks ``x-vocabulary`` against the
data folder's own ``vocabularies.yaml`` and suggests the nearest value. The enum
only serves the editor; a unit test keeps it in step with the vocabularies.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.paths import VOCABULARY_FILE
from generator.problems import Problem, problem
from generator.yaml_source import read_yaml

Vocabularies = dict[str, dict[str, dict]]  # name -> value key -> {zh, en, meaning}


def read_vocabularies(data_dir: Path) -> tuple[Vocabularies, list[Problem]]:
    """Read every vocabulary's values (key -> labels) from ``vocabularies.yaml``."""
    from generator.validate import display_name

    path = data_dir / VOCABULARY_FILE
    src = read_yaml(path, display_name(path))
    problems = list(src.problems)
    vocabularies: Vocabularies = {}
    if not problems and not isinstance(src.value, dict):
        problems.append(problem(src.file, 1, "(file)", "wrong-type/vocabularies"))
    if isinstance(src.value, dict):
        for name, vocab in src.value.items():
            values = vocab.get("values") if isinstance(vocab, dict) else None
            if isinstance(values, dict):
                vocabularies[name] = {str(k): v if isinstance(v, dict) else {} for k, v in values.items()}
    return vocabularies, problems


def describe_value(labels: dict) -> str:
    """One line for an editor's completion list: ``已获批 Approved：meaning。Meaning.``"""
    meaning = labels.get("meaning") if isinstance(labels.get("meaning"), dict) else {}
    head = " ".join(str(labels[k]) for k in ("zh", "en") if labels.get(k))
    tail = " ".join(str(meaning[k]) for k in ("zh", "en") if meaning.get(k))
    return f"{head}：{tail}" if tail else head


def sync_schema(schema: Any, vocabularies: Vocabularies, unknown: set[str] | None = None) -> Any:
    """Return a copy of ``schema`` whose x-vocabulary properties list their values as ``enum``.

    Key order is kept; a new ``enum`` goes right after ``x-vocabulary``. Names of
    vocabularies that do not exist are added to ``unknown`` and left alone.
    """
    if isinstance(schema, list):
        return [sync_schema(item, vocabularies, unknown) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    name = schema.get("x-vocabulary")
    values = vocabularies.get(name) if isinstance(name, str) else None
    if isinstance(name, str) and values is None and unknown is not None:
        unknown.add(name)
    for key, value in schema.items():
        if values is not None and key in ("enum", "enumDescriptions"):
            continue  # rewritten below, right after x-vocabulary
        out[key] = sync_schema(value, vocabularies, unknown)
        if key == "x-vocabulary" and values is not None:
            out["enum"] = list(values)
            out["enumDescriptions"] = [describe_value(labels) for labels in values.values()]
    return out


def _shown(path: Path) -> str:
    from generator.validate import display_name

    return display_name(path)


def render_schema(schema: Any) -> str:
    """The text a schema file is kept as."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def sync_schemas(data_dir: Path, schema_dir: Path, *, write: bool = True) -> tuple[list[Path], list[Problem]]:
    """Bring every schema in ``schema_dir`` in step with the vocabularies; return the files that differ.

    With ``write=False`` nothing is written (a check). Nothing is written either
    when the vocabularies or a schema cannot be read, or a schema names an
    unknown vocabulary: those come back as problems.
    """
    vocabularies, problems = read_vocabularies(data_dir)
    if problems:
        return [], problems
    updates: dict[Path, str] = {}
    for path in sorted(schema_dir.glob("*.schema.json")):
        text = path.read_text(encoding="utf-8")
        try:
            schema = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(problem(_shown(path), exc.lineno, "(file)", "bad-json", detail=exc.msg))
            continue
        unknown: set[str] = set()
        new_text = render_schema(sync_schema(schema, vocabularies, unknown))
        for name in sorted(unknown):
            line = next((i for i, s in enumerate(text.splitlines(), 1) if f'"x-vocabulary": "{name}"' in s), 1)
            problems.append(problem(_shown(path), line, "x-vocabulary", "unknown-vocabulary", name=name,
                                    file=VOCABULARY_FILE))
        if new_text != text:
            updates[path] = new_text
    if problems:
        return [], problems
    if write:
        for path, new_text in updates.items():
            path.write_text(new_text, encoding="utf-8")
    return sorted(updates), []
