"""Problems where the editor worked: changed lines and files first, annotations that show them, and a
duplicate id reported at the record added later.

The repositories here are made with git in a temporary folder, as a pull request would be: a base
commit on ``main`` and the editor's commit on a branch.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.changes import changed_lines, rank_by_change
from generator.problems import GITHUB_ANNOTATION_LIMIT, format_problems, problem
from generator.validate import validate_data
from generator.yaml_source import read_yaml

REPO = Path(__file__).resolve().parents[2]
MINI_ATLAS = REPO / "tests" / "fixtures" / "mini_atlas"
GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str, date: str | None = None) -> None:
    env = dict(os.environ, **GIT_ENV)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def cli(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    full.update(PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1", **(env or {}))
    return subprocess.run([sys.executable, "-m", "generator", "validate", "data", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=300)


def add_copies(data: Path, family: str, count: int, **changes) -> None:
    """Append ``count`` copies of the family's first record with new ids and ``changes`` (as JSON lines)."""
    record = read_yaml(data / f"{family}.yaml", family).value[family][0]
    lines = []
    for i in range(count):
        copy = {**record, "id": f"{record['id']}-copy-{i}", **changes}
        copy.pop("regions", None) if "region" in changes else None
        lines.append(f"  - {json.dumps(copy, ensure_ascii=False)}\n")
    with open(data / f"{family}.yaml", "a", encoding="utf-8") as out:
        out.writelines(lines)


def renamed_region_pull_request(root: Path) -> Path:
    """main: the mini atlas with records in five files under "manzhouli"; the branch renames that region."""
    data = root / "data"
    shutil.copytree(MINI_ATLAS, data)
    add_copies(data, "platforms", 3, region="manzhouli")
    add_copies(data, "ports", 3, region="manzhouli")
    add_copies(data, "cooperation", 3, parties=["china", "manzhouli"])
    add_copies(data, "organisations", 2, region="manzhouli")
    add_copies(data, "regions", 3, parent="manzhouli", kind="banner", division_code="150781")
    assert validate_data(data)[1] == []
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "data")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "rename")
    regions = data / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8").replace("  - id: manzhouli\n", "  - id: manzhouli-city\n"),
                       encoding="utf-8")
    git(root, "commit", "-q", "-am", "rename a region")
    return data


def test_changed_lines_come_from_the_merge_base(tmp_path):
    data = renamed_region_pull_request(tmp_path)
    changes = changed_lines("main", data)
    assert changes == {(data / "regions.yaml").as_posix(): {39}}
    # Uncommitted edits count too.
    (data / "ports.yaml").write_text((data / "ports.yaml").read_text(encoding="utf-8") + "# note\n",
                                     encoding="utf-8")
    assert len(changed_lines("main", data)) == 2
    assert changed_lines("no-such-revision", data) is None


def test_rank_puts_changed_lines_then_changed_files_first():
    rank = rank_by_change({"data/regions.yaml": {39}, "data/new.yaml": set()})
    make = lambda file, line: problem(file, line, "x", "parent-cycle")  # noqa: E731
    assert [rank(make("data/regions.yaml", 39)), rank(make("data/regions.yaml", 50)),
            rank(make("data/new.yaml", 1)), rank(make("data/ports.yaml", 39))] == [0, 1, 0, 2]


def test_a_pull_request_that_breaks_16_records_in_5_files_annotates_the_edited_file(tmp_path):
    """GitHub shows 10 annotations per step: the edited file's problems must be among them."""
    renamed_region_pull_request(tmp_path)
    summary = tmp_path / "summary.md"
    result = cli(tmp_path, "--format", "github", "--changed-from", "main", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::error ")]
    files = [re.match(r"::error file=([^,]+),", line)[1] for line in annotations]
    assert lines[-1] == "16 个问题，涉及 5 个文件；其中 3 个在你改动的行或文件中，排在前面 · " \
                        "16 problems in 5 files; 3 of them in lines or files you changed, listed first"
    assert len(annotations) == GITHUB_ANNOTATION_LIMIT
    assert files[:3] == ["data/regions.yaml"] * 3
    # The other six are printed in the log, after a line saying why, and all sixteen are in the summary.
    rest = lines[len(annotations):-1]
    assert "GitHub shows at most 10 annotations per step; the other 6 problems" in rest[0]
    assert sum(1 for line in rest if line.startswith("data/")) == 6
    report = summary.read_text(encoding="utf-8")
    assert report.count("\n| `data/") == 16 and "16 problems in 5 files" in report
    assert report.index("data/regions.yaml") < report.index("data/cooperation.yaml")
    # Without --changed-from the edited file sorts last and falls outside the annotations, as before.
    plain = cli(tmp_path, "--format", "github", "--lang", "en")
    plain_files = [re.match(r"::error file=([^,]+),", line)[1] for line in plain.stdout.splitlines()
                   if line.startswith("::error ")]
    assert "data/regions.yaml" not in plain_files


def test_text_format_lists_changed_problems_first(tmp_path):
    renamed_region_pull_request(tmp_path)
    lines = cli(tmp_path, "--lang", "en", "--changed-from", "main").stdout.splitlines()
    assert [line.split(":")[0] for line in lines[:4]] == ["data/regions.yaml"] * 3 + ["data/cooperation.yaml"]
    assert lines[-1] == "16 problems in 5 files; 3 of them in lines or files you changed, listed first"


def test_an_unknown_base_is_said_and_the_problems_still_listed(tmp_path):
    renamed_region_pull_request(tmp_path)
    result = cli(tmp_path, "--lang", "en", "--changed-from", "no-such-branch")
    assert result.returncode == 1
    assert "cannot compare with 'no-such-branch'" in result.stderr
    assert result.stdout.splitlines()[-1] == "16 problems in 5 files"


def test_a_duplicate_id_is_reported_at_the_record_added_later(tmp_path):
    """The new record comes first in file order (platforms.yaml before ports.yaml), yet it is the one reported."""
    data = tmp_path / "data"
    shutil.copytree(MINI_ATLAS, data)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "data")
    git(tmp_path, "commit", "-q", "-m", "base", date="2024-01-01T00:00:00")
    platforms = data / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    platforms.write_text(text.replace("  - id: hohhot-etdz\n", "  - id: manzhouli-rail-port\n", 1), encoding="utf-8")
    _, found = validate_data(data)
    duplicates = [p for p in found if p.code == "duplicate-id"]
    assert [(Path(p.file).name, p.line) for p in duplicates] == [("platforms.yaml", 2)]
    assert "ports.yaml:2" in duplicates[0].message and "ports.yaml:2" in duplicates[0].message_zh
    # Committed later still counts as later.
    git(tmp_path, "commit", "-q", "-am", "new platform", date="2025-01-01T00:00:00")
    assert [(Path(p.file).name, p.line) for p in validate_data(data)[1] if p.code == "duplicate-id"] == \
        [("platforms.yaml", 2)]


def test_without_git_the_second_occurrence_is_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_ATLAS, data)
    platforms = data / "platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    platforms.write_text(text.replace("  - id: hohhot-etdz\n", "  - id: manzhouli-rail-port\n", 1), encoding="utf-8")
    found = [p for p in validate_data(data)[1] if p.code == "duplicate-id"]
    assert [(Path(p.file).name, p.line) for p in found] == [("ports.yaml", 2)]


def test_summary_cells_hold_no_markup():
    bad = problem("data/a|b.yaml", 1, "x", "invalid", detail="<script>alert(1)</script> | `x`\nnext")
    from generator.problems import format_summary

    row = format_summary([bad], "en").splitlines()[-1]
    assert "<script>" not in row and "&lt;script&gt;" in row and "\\|" in row and "\n" not in row
    assert format_problems([bad], "github", "en").count("::error") == 1
