"""`python -m generator validate --format text|github|json`, exit codes, and tools that never write into data/.

GitHub turns ``::error file=F,line=N::message`` lines in a workflow's log into annotations on
the pull request's diff, so the file must be the path from the repository root and the line the
one the editor has to change.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.problems import Problem, format_problems

REPO = Path(__file__).resolve().parents[2]
MINI_ATLAS = REPO / "tests" / "fixtures" / "mini_atlas"
ANNOTATION = re.compile(r"^::error file=(?P<file>[^,:]+),line=(?P<line>[0-9]+),title=(?P<title>[^:]+)::(?P<msg>.+)$")


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def broken_copy(root: Path) -> Path:
    """A copy of the mini atlas at root/data with two mistakes an editor might make."""
    data = root / "data"
    shutil.copytree(MINI_ATLAS, data)
    platforms = data / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    text = text.replace("    region: hohhot\n", "    region: hohot\n", 1)              # line 8 once the key below is doubled
    text = text.replace("    kind: etdz\n", "    kind: etdz\n    kind: etdz\n", 1)     # lines 4 and 5
    platforms.write_text(text, encoding="utf-8")
    return data


def test_github_format_prints_one_annotation_per_problem(tmp_path):
    broken_copy(tmp_path)
    result = cli("validate", "data", "--format", "github", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    *annotations, summary = result.stdout.splitlines()
    assert summary == "2 problems in 1 file"
    parsed = [ANNOTATION.match(line) for line in annotations]
    assert all(parsed), annotations
    assert [(m["file"], m["line"], m["title"]) for m in parsed] == [
        ("data/platforms.yaml", "5", "duplicate-key"),
        ("data/platforms.yaml", "8", "unknown-reference"),
    ]
    assert 'unknown region id "hohot" (did you mean "hohhot"?)' in parsed[1]["msg"]


def test_text_format_matches_the_annotations(tmp_path):
    broken_copy(tmp_path)
    text = cli("validate", "data", "--lang", "en", cwd=tmp_path).stdout.splitlines()
    assert text[0].startswith("data/platforms.yaml:5: platforms[0].kind: the key \"kind\" appears twice")
    assert text[1].startswith("data/platforms.yaml:8: platforms[0].region: unknown region id \"hohot\"")


def test_json_format_parses_and_counts(tmp_path):
    broken_copy(tmp_path)
    result = cli("validate", "data", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["count"] == len(report["problems"]) == 2
    assert set(report["problems"][0]) == {"file", "line", "path", "code", "message", "message_zh"}
    assert "“hohot”" in report["problems"][1]["message_zh"]
    assert {p["code"] for p in report["problems"]} == {"duplicate-key", "unknown-reference"}


def test_chinese_comes_first_and_english_follows(tmp_path):
    broken_copy(tmp_path)
    text = cli("validate", "data", cwd=tmp_path).stdout.splitlines()
    assert text[0] == 'data/platforms.yaml:5: platforms[0].kind: 键“kind”在这里出现了两次（第一次在第 4 行）；' \
                      "YAML 会悄悄只保留后一个：删去多余的一个"
    assert text[1] == '    the key "kind" appears twice in this mapping (first at line 4); YAML would silently keep ' \
                      "only the last one"
    assert text[-1] == "2 个问题，涉及 1 个文件 · 2 problems in 1 file"
    github = cli("validate", "data", "--format", "github", cwd=tmp_path).stdout.splitlines()
    message = ANNOTATION.match(github[1])["msg"]
    assert message.startswith("platforms[0].region: 未知的地区 id “hohot”（是不是“hohhot”？）")
    assert '%0Aunknown region id "hohot" (did you mean "hohhot"?)' in message


def test_valid_data_exits_zero_in_every_format():
    for fmt in ("text", "github", "json"):
        result = cli("validate", "tests/fixtures/mini_atlas", "--format", fmt)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "::error" not in result.stdout
    assert json.loads(cli("validate", "tests/fixtures/mini_atlas", "--format", "json").stdout) == \
        {"problems": [], "count": 0}


def test_github_format_escapes_what_would_end_a_command():
    problem = Problem("data/a,b:c.yaml", 3, "x", "bad-url", "50% done\nsecond line: a, b")
    line = format_problems([problem], "github").splitlines()[0]
    assert line == "::error file=data/a%2Cb%3Ac.yaml,line=3,title=bad-url::x: 50%25 done%0Asecond line: a, b"


def _tree(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()} | {
        p.relative_to(folder).as_posix() + "/": ("", p.stat().st_mtime_ns)
        for p in [folder, *folder.rglob("*")] if p.is_dir()}


def test_validate_and_build_never_write_into_the_data_folder(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_ATLAS, data)
    (data / "_templates").mkdir()
    before = _tree(data)
    assert cli("validate", str(data)).returncode == 0
    for fmt in ("github", "json"):
        cli("validate", str(data), "--format", fmt)
    cli("build", "--data", str(data), "--out", str(tmp_path / "out"))
    broken = broken_copy(tmp_path / "broken")
    broken_before = _tree(broken)
    cli("validate", str(broken))
    cli("build", "--data", str(broken), "--out", str(tmp_path / "out2"))
    assert _tree(data) == before
    assert _tree(broken) == broken_before
