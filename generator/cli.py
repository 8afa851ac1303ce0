"""Command line: arguments and exit codes only.

Input: ``argv``. Output: an exit code (0 ok, 1 data problems, 2 usage or
internal error) and text on stdout/stderr.

    python -m generator validate [DATA_DIR] [--format text|github|json] [--lang zh|en] [--changed-from REF]
    python -m generator build [--data DATA_DIR] [--out OUT_DIR]
    python -m generator stats [DATA_DIR]
    python -m generator schema [--check]
    python -m generator release TAG [--data DATA_DIR] [--out OUT_DIR]
    python -m generator deploy-check [--data DATA_DIR] [--format text|github]
    python -m generator sources [DATA_DIR] [--json]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator.paths import DATA_DIR, DOCS_OUT_DIR, RECORD_FILES
from generator.messages import say
from generator.problems import LANGUAGES, format_problems, format_summary, in_language


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Build the policy-platform atlas.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the data and list every problem")
    v.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR, help="data folder (default: data)")
    v.add_argument("--format", choices=["text", "github", "json"], default="text",
                   help="text (FILE:LINE: PATH: MESSAGE), github (pull-request annotations) or json")
    v.add_argument("--lang", choices=LANGUAGES, default="zh",
                   help="zh: each message in Chinese, then in English (default); en: in English only")
    v.add_argument("--changed-from", metavar="REF",
                   help="a git revision (a pull request's base): problems on lines and in files changed since "
                        "it come first")
    b = sub.add_parser("build", help="validate, then write pages, maps and downloads for the publisher")
    b.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: data)")
    b.add_argument("--out", type=Path, default=DOCS_OUT_DIR, help="output folder (default: build/docs)")
    s = sub.add_parser("stats", help="print record counts by file, kind and status")
    s.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR, help="data folder (default: data)")
    so = sub.add_parser("sources", help="print how many facts rest on official, reported, secondary or weak sources")
    so.add_argument("data_dir", nargs="?", type=Path, default=DATA_DIR, help="data folder (default: data)")
    so.add_argument("--json", action="store_true", help="write the figures as one JSON object")
    sc = sub.add_parser("schema", help="copy the vocabularies into the JSON Schemas as enums (editor completion)")
    sc.add_argument("--check", action="store_true", help="only report schemas that are out of date; write nothing")
    r = sub.add_parser("release", help="write the zip of a listed data release (data-YYYY-MM-DD) and its notes")
    r.add_argument("tag", help="the release's tag, listed under releases in data/atlas.yaml")
    r.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: data)")
    r.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    d = sub.add_parser("deploy-check", help="the release gate of the public site: may the maps be published? "
                                            "(base-map key and review number)")
    d.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: data)")
    d.add_argument("--format", choices=["text", "github"], default="text",
                   help="text, or github (error annotations and the job summary)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args.data_dir, args.format, args.lang, args.changed_from)
        if args.command == "build":
            return _build(args.data, args.out)
        if args.command == "schema":
            return _schema(args.check)
        if args.command == "release":
            return _release(args.data, args.tag, args.out)
        if args.command == "deploy-check":
            return _deploy_check(args.data, args.format)
        if args.command == "sources":
            return _sources(args.data_dir, args.json)
        return _stats(args.data_dir)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours must still not show editors a traceback
        print(f"internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in the generator, not in your data; please report it.", file=sys.stderr)
        return 2


def _validate(data_dir: Path, fmt: str, lang: str = "zh", changed_from: str | None = None) -> int:
    from generator.changes import changed_lines, rank_by_change
    from generator.validate import validate_data

    loaded, problems = validate_data(data_dir)
    rank = None
    if changed_from and problems:
        changes = changed_lines(changed_from, data_dir)
        if changes is None:
            print(in_language(say("no-comparison", ref=changed_from), lang), file=sys.stderr)
        else:
            rank = rank_by_change(changes)
    if problems:
        print(format_problems(problems, fmt, lang, rank=rank))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if fmt == "github" and summary:
            # GitHub shows few annotations per step: the job's summary page lists every problem.
            with open(summary, "a", encoding="utf-8") as out:
                out.write(format_summary(problems, lang, rank=rank))
        return 1
    if fmt == "json":
        print(format_problems([], "json"))
    else:
        count = sum(len(loaded.records(f)) for f in RECORD_FILES)
        print(in_language(say("valid", records=count, files=len(loaded.sources)), lang, " · "))
    return 0


def _build(data_dir: Path, out_dir: Path) -> int:
    from generator.build import build_site_sources

    problems = build_site_sources(data_dir, out_dir)
    if problems:
        print(format_problems(problems, "text"))
        print("nothing was built: fix the data first", file=sys.stderr)
        return 1
    print(f"wrote the atlas sources to {out_dir}")
    from generator.build import basemap_note

    note = basemap_note(data_dir)
    if note:
        print(note)
    return 0


def _schema(check: bool) -> int:
    from generator.paths import SCHEMA_DIR
    from generator.schema_sync import sync_schemas

    changed, problems = sync_schemas(DATA_DIR, SCHEMA_DIR, write=not check)
    if problems:
        print(format_problems(problems, "text"))
        return 1
    for path in changed:
        print(f"{'out of date' if check else 'updated'}: {path.relative_to(DATA_DIR.parent).as_posix()}")
    if check and changed:
        print("run: python -m generator schema")
        return 1
    if not changed:
        print("the schemas match data/vocabularies.yaml")
    return 0


def _release(data_dir: Path, tag: str, out_dir: Path) -> int:
    from generator.release_zip import write_release
    from generator.releases import zip_name

    problems = write_release(data_dir, tag, out_dir)
    if problems:
        print(format_problems(problems, "text"))
        return 1
    print(f"wrote {out_dir / zip_name(tag)} and {out_dir / 'RELEASE_NOTES.md'}")
    return 0


def _deploy_check(data_dir: Path, fmt: str) -> int:
    import yaml

    from generator.deploy_gate import deploy_refusals

    meta = yaml.safe_load((data_dir / "atlas.yaml").read_text(encoding="utf-8")) or {}
    reasons = deploy_refusals(meta, os.environ)
    if not reasons:
        print("the maps may be published: the base map's key is set and its review number is confirmed")
        return 0
    for reason in reasons:
        if fmt == "github":
            text = reason.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::error title=不能发布 Deploy refused::{text}")
        else:
            print(f"不能发布 deploy refused: {reason}")
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write("### 不能发布 Deploy refused\n\n" + "".join(f"- {r}\n" for r in reasons))
    return 1


def _stats(data_dir: Path) -> int:
    from generator.records import build_atlas
    from generator.stats import format_stats
    from generator.validate import validate_data

    loaded, problems = validate_data(data_dir)
    if problems:
        print(format_problems(problems, "text"))
        return 1
    print(format_stats(build_atlas(loaded)))
    return 0


# Problems that leave the figures computable: they are what the figures count.
SOURCE_CODES = {"unregistered-host", "unknown-publisher"}


def _sources(data_dir: Path, as_json: bool) -> int:
    import json

    from generator.records import build_atlas
    from generator.support import format_figures, source_figures
    from generator.validate import validate_data

    loaded, problems = validate_data(data_dir)
    blocking = [p for p in problems if p.code not in SOURCE_CODES]
    if blocking:
        print(format_problems(problems, "text"))
        return 1
    figures = source_figures(build_atlas(loaded))
    print(json.dumps(figures, ensure_ascii=False, indent=2) if as_json else format_figures(figures))
    return 0
