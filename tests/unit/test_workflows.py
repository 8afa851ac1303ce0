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
    return job.get("steps", [])  # a job that calls a reusable workflow has none


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


def test_checks_workflow_validates_lints_tests_builds_and_uploads():
    workflow = load(WORKFLOWS / "checks.yml")
    assert "workflow_call" in workflow["on"]
    assert workflow["on"]["workflow_call"]["inputs"]["publish"]["type"] == "boolean"
    job = workflow["jobs"]["checks"]
    names = [a.split("@")[0] for a in uses(job)]
    assert names[:2] == ["actions/checkout", "actions/setup-python"]
    setup = next(s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    commands = runs(job)
    order = ["scripts/setup-env", "-m generator validate --format github", "yamllint --strict",
             "-m generator schema --check", "scripts/test", ".venv/bin/mkdocs build --strict"]
    positions = [commands.find(c) for c in order]
    assert -1 not in positions and positions == sorted(positions), positions
    preview = next(s for s in steps(job) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert preview["with"]["path"].rstrip("/") == "site" and preview["if"] == "${{ !inputs.publish }}"
    pages = next(s for s in steps(job) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert pages["with"]["path"].rstrip("/") == "site" and pages["if"] == "${{ inputs.publish }}"


def test_yamllint_runs_in_ci_as_pre_commit_runs_it():
    commands = runs(load(WORKFLOWS / "checks.yml")["jobs"]["checks"])
    hooks = {hook["id"]: hook for repo in load(REPO / ".pre-commit-config.yaml")["repos"] for hook in repo["hooks"]}
    assert hooks["yamllint"]["entry"].endswith("yamllint --strict")
    assert ".venv/bin/yamllint --strict --format github data tests/fixtures/mini_atlas" in commands


def test_checks_cache_pip_and_npm():
    job = load(WORKFLOWS / "checks.yml")["jobs"]["checks"]
    setup = next(s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements.lock"
    cache = next(s for s in steps(job) if s.get("uses", "").startswith("actions/cache"))
    assert "node_modules" in cache["with"]["path"] and "hashFiles('package-lock.json')" in cache["with"]["key"]


def test_pull_requests_and_the_deploy_share_one_copy_of_the_checks():
    pr = load(WORKFLOWS / "pr.yml")
    assert "pull_request" in pr["on"]
    assert pr["jobs"]["check"]["uses"] == "./.github/workflows/checks.yml"
    assert pr["jobs"]["check"]["with"]["publish"] is False
    deploy = load(WORKFLOWS / "deploy.yml")
    build = deploy["jobs"]["build"]
    assert build["uses"] == "./.github/workflows/checks.yml" and build["with"]["publish"] is True
    for name in ("pr.yml", "deploy.yml"):  # no second copy of a check
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        for check in ("generator validate", "yamllint", "scripts/test", "mkdocs build"):
            assert check not in text, (name, check)


def test_pull_request_validation_puts_the_changed_lines_first():
    """GitHub shows 10 annotations per step: the pull request's own problems must come first."""
    commands = runs(load(WORKFLOWS / "checks.yml")["jobs"]["checks"])
    assert '--changed-from "${{ github.event.pull_request.base.sha }}"' in commands


def test_deploy_passes_the_gate_then_the_checks_then_publishes():
    workflow = load(WORKFLOWS / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"]
    gate, build, deploy = workflow["jobs"]["gate"], workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert "-m generator deploy-check --format github" in runs(gate)
    check = next(s for s in steps(gate) if "deploy-check" in s.get("run", ""))
    assert check["env"]["TIANDITU_KEY"] == "${{ secrets.TIANDITU_KEY }}"
    assert build["needs"] == "gate" and build["secrets"]["TIANDITU_KEY"] == "${{ secrets.TIANDITU_KEY }}"
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [a.split("@")[0] for a in uses(deploy)] == ["actions/deploy-pages"]
    assert "pages" not in str(workflow.get("permissions", {})), "only the deploy job may write to Pages"


def test_only_the_published_build_gets_the_tile_key():
    job = load(WORKFLOWS / "checks.yml")["jobs"]["checks"]
    build = next(s for s in steps(job) if "mkdocs build --strict" in s.get("run", ""))
    assert build["env"]["TIANDITU_KEY"] == "${{ inputs.publish && secrets.TIANDITU_KEY || '' }}"
    assert "TIANDITU_KEY" in load(WORKFLOWS / "checks.yml")["on"]["workflow_call"]["secrets"]


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
