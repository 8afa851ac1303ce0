"""The message catalogue: every message in Chinese and English, and every problem made from it."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from generator.messages import CATALOGUE, Text, code_of, say
from generator.problems import Problem, format_problems, problem

GENERATOR = Path(__file__).resolve().parents[2] / "generator"
CJK = re.compile(r"[\u3400-\u9fff“”「」]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_a_chinese_text_with_the_same_values(key):
    entry = CATALOGUE[key]
    assert entry.zh.strip() and entry.en.strip(), key
    assert CJK.search(entry.zh), f"{key}: the Chinese text has no Chinese: {entry.zh!r}"
    assert entry.zh != entry.en, key
    assert _fields(entry.zh) == _fields(entry.en), f"{key}: {_fields(entry.zh)} != {_fields(entry.en)}"


def test_every_message_is_used_by_the_generator():
    source = "\n".join(p.read_text(encoding="utf-8") for p in GENERATOR.glob("*.py") if p.name != "messages.py")
    catalogue_code = (GENERATOR / "messages.py").read_text(encoding="utf-8")
    source += catalogue_code[catalogue_code.index("\ndef "):]  # the helpers after the catalogue
    # Keys built in code, such as f"type/{name}": their fixed part before the value.
    dynamic = set(re.findall(r'f"([a-z-]+/[a-z-]*)\{', source))
    unused = [key for key in CATALOGUE
              if f'"{key}"' not in source and not any(key.startswith(prefix) for prefix in dynamic)]
    assert not unused, f"catalogue entries no code uses: {unused}"


def test_problems_are_made_only_from_the_catalogue():
    """A Problem(...) written by hand would have no Chinese text: only generator/problems.py makes them."""
    for path in sorted(GENERATOR.glob("*.py")):
        if path.name == "problems.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Name) and node.func.id == "Problem"]
        assert not calls, f"{path.name}: Problem(...) at lines {calls}; use generator.problems.problem()"


def test_a_value_that_is_a_text_takes_each_language_in_turn():
    text = say("unknown-field", key="staus", hint=say("hint/did-you-mean", choice="status"), allowed="id, status")
    assert text == Text("未知字段“staus”（是不是“status”？）；这里可以用的字段：id, status",
                        'unknown field "staus" (did you mean "status"?); allowed here: id, status')
    assert code_of("yaml-syntax/tab") == "yaml-syntax"


def test_text_format_in_each_language():
    found = [problem("data/ports.yaml", 3, "ports[0].id", "invalid-id", value=say("value/shown", value="Port 1"))]
    assert isinstance(found[0], Problem) and found[0].code == "invalid-id"
    assert format_problems(found, "text", "en").splitlines() == [
        'data/ports.yaml:3: ports[0].id: "Port 1" is not a valid id: use lowercase letters a-z, digits and single '
        "hyphens, e.g. hohhot-etdz",
        "1 problem in 1 file"]
    assert format_problems(found, "text", "zh").splitlines() == [
        "data/ports.yaml:3: ports[0].id: “Port 1”不是有效的 id：只用小写字母 a-z、数字和单个连字符，如 hohhot-etdz",
        '    "Port 1" is not a valid id: use lowercase letters a-z, digits and single hyphens, e.g. hohhot-etdz',
        "1 个问题，涉及 1 个文件 · 1 problem in 1 file"]
