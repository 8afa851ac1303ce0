"""The validator on broken data: one small data folder per defect, its exact output kept in a file.

``tests/fixtures/invalid/<defect>/`` holds only what differs from the mini fixture atlas: the
broken file(s), and a ``REMOVE`` file listing data files to delete. The test builds the complete
folder in a temporary directory at the same relative path, runs

    python -m generator validate tests/fixtures/invalid/<defect>

there as a subprocess, and compares stdout with ``tests/fixtures/invalid/<defect>.expected``
(each message in Chinese, then in English: the default), and with ``--lang en`` with
``<defect>.en.expected``. These files therefore also document every message an editor can see.
``pytest --update-golden`` rewrites them from the current output; review their diff like code.

Every run must exit 1, print no traceback, finish within TIME_LIMIT seconds and stay within
MEMORY_LIMIT bytes of address space (so the alias bomb cannot expand).
"""
from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MINI_ATLAS = REPO / "tests" / "fixtures" / "mini_atlas"
INVALID = REPO / "tests" / "fixtures" / "invalid"
RELATIVE = Path("tests") / "fixtures" / "invalid"
TIME_LIMIT = 10.0
MEMORY_LIMIT = 512 * 1024 * 1024

# The defects issue #7 asks the corpus to cover; more may be added beside them.
REQUIRED_DEFECTS = {
    "yaml-syntax", "tab-indent", "duplicate-key", "duplicate-id", "unknown-field", "wrong-type", "unquoted-date",
    "out-of-vocabulary", "impossible-date", "out-of-range-coordinate", "swapped-coordinates",
    "outside-inner-mongolia", "unknown-reference", "empty-file", "wrong-top-level-shape", "not-utf8",
    "python-tag", "alias-bomb", "javascript-url", "data-url", "empty-name", "very-long-string", "missing-file",
    "unknown-file", "approved-without-approval", "status-contradicts-history",
    # issue #15: the slips of a Chinese keyboard
    "full-width-comma-in-list", "full-width-comma-in-braces", "full-width-colon-in-braces", "full-width-quotes",
    "full-width-brackets", "full-width-opening-quote", "full-width-space", "chinese-label", "chinese-label-fuzzy",
    "chinese-date", "unquoted-full-date", "missing-opening-quote", "wrong-case",
}
LANGUAGES = {"zh": ".expected", "en": ".en.expected"}
DEFECTS = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def assemble(defect: str, root: Path) -> Path:
    """Build ``root/tests/fixtures/invalid/<defect>``: the mini atlas with the defect's files laid over it."""
    target = root / RELATIVE / defect
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(MINI_ATLAS, target)
    for path in sorted((INVALID / defect).iterdir()):
        if path.name == "REMOVE":
            for name in path.read_text(encoding="utf-8").split():
                (target / name).unlink()
        else:
            shutil.copyfile(path, target / path.name)
    return target


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_validate(root: Path, folder: str, *extra: str) -> tuple[subprocess.CompletedProcess, float]:
    """Run the validator CLI from ``root`` on a relative folder; return the result and the seconds it took."""
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "generator", "validate", folder, *extra], cwd=root, env=env,
                            capture_output=True, text=True, timeout=120, preexec_fn=_limit_memory)
    return result, time.monotonic() - start


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpus")


def test_corpus_covers_every_named_defect():
    assert REQUIRED_DEFECTS <= set(DEFECTS), f"missing defects: {sorted(REQUIRED_DEFECTS - set(DEFECTS))}"
    orphans = sorted(p.name for p in INVALID.glob("*.expected")
                     if p.name.removesuffix(".expected").removesuffix(".en") not in DEFECTS)
    assert not orphans, f".expected files without a defect folder: {orphans}"


@pytest.mark.parametrize("defect", DEFECTS)
def test_fixture_is_small(defect):
    size = sum(p.stat().st_size for p in (INVALID / defect).iterdir())
    assert size < 64 * 1024, f"{defect}: keep the fixture small ({size:,} bytes); lay changes over mini_atlas"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("defect", DEFECTS)
def test_validator_output_on_defect(defect, lang, corpus_root, update_golden):
    assemble(defect, corpus_root)
    result, seconds = run_validate(corpus_root, (RELATIVE / defect).as_posix(), "--lang", lang)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, f"exit code {result.returncode}, expected 1:\n{output}"
    assert not result.stderr, result.stderr
    assert seconds < TIME_LIMIT, f"{defect} took {seconds:.1f} s"
    expected = INVALID / f"{defect}{LANGUAGES[lang]}"
    if update_golden:
        expected.write_text(result.stdout, encoding="utf-8")
    assert expected.is_file(), f"{expected.name} is missing: run pytest --update-golden and review it"
    assert result.stdout == expected.read_text(encoding="utf-8")
    # Every problem line names the defect's file and a line number (the FILE:LINE: PATH: MESSAGE form);
    # in Chinese, each is followed by its English on an indented line.
    lines = result.stdout.splitlines()[:-1]
    heads = lines[::2] if lang == "zh" else lines
    for line in heads:
        assert line.startswith(f"{(RELATIVE / defect).as_posix()}/"), line
        assert line.split(":")[1].isdigit(), line
    if lang == "zh":
        assert all(line.startswith("    ") for line in lines[1::2]), lines
        assert all(re.search(r"[\u4e00-\u9fff]", line) for line in heads), heads


def test_a_much_larger_alias_bomb_stays_bounded(corpus_root):
    """Thirty levels of nine aliases: 9**30 strings if expanded; read in bounded time and memory."""
    folder = assemble("alias-bomb", corpus_root)
    bomb = "lol0: &lol0 lol\n" + "".join(
        f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 9)}]\n" for i in range(1, 31))
    path = folder / "organisations.yaml"
    path.write_text(bomb + (MINI_ATLAS / "organisations.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result, seconds = run_validate(corpus_root, (RELATIVE / "alias-bomb").as_posix())
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert seconds < TIME_LIMIT
    assert result.stdout.count("anchors and aliases are not allowed") == 30
