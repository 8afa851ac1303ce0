"""CONTRIBUTING.md says what the validator really prints: its tables of messages and its example.

Each row of the two message tables (between ``<!-- messages:zh -->`` / ``<!-- messages:en -->``
and ``<!-- /messages -->``) names a problem code and words of its message; the validator run on
the invalid corpus must print a problem of that code whose message (Chinese, or English) holds
those words. The example output in the Chinese section is the validator's output, verbatim.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.validate import validate_data
from tests.unit.test_invalid_corpus import DEFECTS, assemble

REPO = Path(__file__).resolve().parents[2]
CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
MINI_ATLAS = REPO / "tests" / "fixtures" / "mini_atlas"
ROW = re.compile(r"^\| `(?P<code>[a-z-]+)` \| `(?P<words>[^`]+)` \| .+ \|$")
# The slips of issue #15 and the commonest mistakes: each table must explain them.
MUST_EXPLAIN = {"full-width-punctuation", "chinese-label", "chinese-date", "unquoted-date", "missing-opening-quote",
                "yaml-syntax", "unknown-reference", "not-in-vocabulary", "duplicate-id", "approval-missing"}


def table(lang: str) -> list[tuple[str, str]]:
    """The (code, words) rows of one language's message table."""
    block = CONTRIBUTING.split(f"<!-- messages:{lang} -->", 1)[1].split("<!-- /messages -->", 1)[0]
    rows = [line for line in block.strip().splitlines()[2:]]
    parsed = [ROW.match(line) for line in rows]
    assert all(parsed), [line for line, m in zip(rows, parsed) if not m]
    return [(m["code"], m["words"]) for m in parsed]


@pytest.fixture(scope="module")
def corpus_messages(tmp_path_factory) -> list[tuple[str, str, str]]:
    """(code, Chinese, English) of every problem the validator finds in the invalid corpus."""
    root = tmp_path_factory.mktemp("contributing")
    found = []
    for defect in DEFECTS:
        folder = assemble(defect, root)
        found += [(p.code, p.message_zh, p.message) for p in validate_data(folder)[1]]
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_row_of_the_message_table_is_a_real_message(lang, corpus_messages):
    rows = table(lang)
    assert MUST_EXPLAIN <= {code for code, _ in rows}, MUST_EXPLAIN - {code for code, _ in rows}
    for code, words in rows:
        texts = [zh if lang == "zh" else en for c, zh, en in corpus_messages if c == code]
        assert texts, f"no problem of code {code} in the corpus"
        assert any(words in text for text in texts), f"{code}: no {lang} message holds {words!r}: {texts[:3]}"


def test_the_example_output_is_the_validators(tmp_path):
    example = CONTRIBUTING.split("有问题时每个问题两行", 1)[1].split("```\n", 2)[1]
    data = tmp_path / "data"
    shutil.copytree(MINI_ATLAS, data)
    cooperation = data / "cooperation.yaml"
    cooperation.write_text(cooperation.read_text(encoding="utf-8").replace(
        "parties: [china, russia]", "parties: [erenhot，zamyn-uud]"), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "data"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout == example


def test_the_approval_rules_are_said_per_family():
    """Only platforms need an approved: block; ports may have one; cooperation has established: instead."""
    for words in ("**政策平台**（`platforms.yaml`）：`status: approved` 必须有 `approved:` 块",
                  "**口岸**（`ports.yaml`）：`approved:` 块是选填的",
                  "**Ports** (`ports.yaml`): the `approved:` block is optional"):
        assert words in CONTRIBUTING, words
    assert "`approved`（并写 `approved:`" not in CONTRIBUTING
