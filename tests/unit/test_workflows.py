"""The pull-request and deploy workflows, the issue form, pre-commit and yamllint settings.

actionlint checks the workflows as GitHub would read them (plus deprecated action runtimes);
it comes from the test extra (the ``actionlint`` command installed into the virtualenv). The
structural tests below pin down what issue #7 asks of each workflow, so a later edit cannot
quietly drop the preview, the annotations or the "deploy only a good build" rule.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.yaml_source import read_yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent


def load(path: Path):
    """Read YAML the way the atlas does (``on:`` stays a key, not True)."""
    src = read_yaml(path, path.name)
    assert not src.problems, [f"{p.line}: {p.message}" for p in src.problems]
    return src.value


def steps(job: dict) -> list[dict]:
    return job["steps"]


def uses(job: dict) -> list[str]:
    return [s["uses"] for s in steps(job) if "uses" in s]


def runs(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def tool(name: str) -> str:
    """The path of a command from the test extra, or a failure that says how to install it."""
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed in {BIN}: run scripts/setup-env (it installs the test extra "
                    f"from requirements.lock), or .venv/bin/pip install -e '.[test]'")
    return str(found)


def test_actionlint_passes_on_the_workflows():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    # -shellcheck= and -pyflakes= keep the result the same on machines with and without those tools.
    result = subprocess.run([tool("actionlint"), "-no-color", "-shellcheck=", "-pyflakes=", *files],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_to_a_major_version():
    for path in WORKFLOWS.glob("*.yml"):
        for job in load(path)["jobs"].values():
            for action in uses(job):
                assert re.fullmatch(r"actions/[a-z-]+@v[0-9]+", action), f"{path.name}: {action}"


def test_pull_request_workflow_validates_tests_builds_and_uploads_a_preview():
    workflow = load(WORKFLOWS / "pr.yml")
    assert "pull_request" in workflow["on"]
    job = workflow["jobs"]["check"]
    names = [a.split("@")[0] for a in uses(job)]
    assert names[:2] == ["actions/checkout", "actions/setup-python"]
    setup = next(s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    commands = runs(job)
    order = ["scripts/setup-env", "-m generator validate --format github", "scripts/test",
             ".venv/bin/mkdocs build --strict"]
    positions = [commands.find(c) for c in order]
    assert -1 not in positions and positions == sorted(positions), positions
    upload = next(s for s in steps(job) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].rstrip("/") == "site"


def test_pull_request_validation_puts_the_changed_lines_first():
    """GitHub shows 10 annotations per step: the pull request's own problems must come first."""
    commands = runs(load(WORKFLOWS / "pr.yml")["jobs"]["check"])
    assert '--changed-from "${{ github.event.pull_request.base.sha }}"' in commands


def test_deploy_workflow_publishes_only_a_successful_build():
    workflow = load(WORKFLOWS / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert ".venv/bin/mkdocs build --strict" in runs(build)
    assert {"actions/configure-pages", "actions/upload-pages-artifact"} <= {a.split("@")[0] for a in uses(build)}
    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [a.split("@")[0] for a in uses(deploy)] == ["actions/deploy-pages"]
    assert "pages" not in str(workflow.get("permissions", {})), "only the deploy job may write to Pages"


def test_issue_form_asks_for_record_file_correction_and_source():
    form = load(REPO / ".github" / "ISSUE_TEMPLATE" / "data-correction.yml")
    ids = {item.get("id") for item in form["body"]}
    assert {"record", "file", "problem", "correction", "source_url", "quote"} <= ids
    assert "data-correction" in form["labels"]
    config = load(REPO / ".github" / "ISSUE_TEMPLATE" / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)


def test_pull_request_template_asks_for_sources_validation_and_preview():
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for words in ("来源", "sources", "generator validate", "scripts/serve", "site-preview", "127.0.0.1:8000"):
        assert words in text, words


def test_pre_commit_runs_validate_and_yamllint_without_rewriting_files():
    config = load(REPO / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert "-m generator validate" in hooks["atlas-validate"]["entry"]
    assert "yamllint" in hooks["yamllint"]["entry"]
    assert re.search(hooks["yamllint"]["files"], "tests/fixtures/mini_atlas/platforms.yaml")
    assert all(repo["repo"] == "local" for repo in config["repos"])  # no formatter, nothing fetched


def test_yamllint_passes_on_the_mini_atlas_and_the_templates():
    targets = ["tests/fixtures/mini_atlas", "data/_templates", ".pre-commit-config.yaml", ".yamllint"]
    result = subprocess.run([tool("yamllint"), "--strict", "-f", "parsable", *targets], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_yamllint_config_keeps_the_loaders_rules():
    config = load(REPO / ".yamllint")
    rules = config["rules"]
    assert rules["document-start"] == "disable" and rules["truthy"] == "disable"
    assert rules["line-length"]["max"] >= 600  # a verbatim quote may be 600 characters
    assert "/tests/fixtures/invalid/" in config["ignore"]
