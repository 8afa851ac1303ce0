"""Write the docs tree the publisher reads: pages, static assets, maps and downloads.

Input: the data folder and an output folder. Output: files under the output
folder (nothing else is touched), and the list of data problems (empty on
success; then nothing is written).

    problems = build_site_sources(Path("data"), Path("build/docs"))

Files are written only when their bytes change, and files the build no longer
produces are removed, so ``mkdocs serve`` sees exactly what changed and a
second build of the same data changes nothing.
"""
from __future__ import annotations

import os
from pathlib import Path

from generator.paths import ASSETS_DIR, CONTENT_DIR
from generator.problems import Problem
from generator.records import Atlas, build_atlas
from generator.validate import validate_data

STALE_KEEP = {".gitkeep"}


def collect_static(assets_dir: Path = ASSETS_DIR, content_dir: Path = CONTENT_DIR) -> dict[str, bytes]:
    """Static files: our assets, and non-Markdown files beside the hand-written pages."""
    files: dict[str, bytes] = {}
    if assets_dir.is_dir():
        for path in sorted(p for p in assets_dir.rglob("*") if p.is_file()):
            files[f"assets/{path.relative_to(assets_dir).as_posix()}"] = path.read_bytes()
    if content_dir.is_dir():
        for path in sorted(p for p in content_dir.rglob("*") if p.is_file() and p.suffix != ".md"):
            files[path.relative_to(content_dir).as_posix()] = path.read_bytes()
    return files


def render_site_files(atlas: Atlas, content_dir: Path = CONTENT_DIR) -> dict[str, bytes]:
    """Every generated file as bytes, keyed by its path in the docs tree."""
    from generator.exports import Exporter, describe_downloads
    from generator.history import History
    from generator.maps import draw_maps
    from generator.pages import render_pages
    from generator.record_data import write_record_files
    from generator.views import ReaderViews

    # One history per build: it reads the data's git history, and the pages (last-changed
    # dates, record histories) and the downloads (last_changed columns, feeds) share it.
    history = History(atlas)
    exporter = Exporter(atlas, history)
    other: dict[str, bytes] = {}

    def while_rendering() -> None:
        # Runs in this process while worker processes render the pages.
        other.update(draw_maps(atlas))
        other.update(exporter.write_all())  # downloads/* and feed.xml (generator/exports.py)
        if os.environ.get("ATLAS_RECORD_FILES", "1") != "0":  # "0": benchmarks/run.py measures their cost
            other.update(write_record_files(atlas, history, exporter.base))  # <family>/<id>.json, api/*

    files = {path: text.encode("utf-8") for path, text in
             render_pages(atlas, content_dir=content_dir, views=ReaderViews(atlas, history),
                          while_rendering=while_rendering,
                          downloads=lambda: describe_downloads(exporter, other)).items()}
    files.update(collect_static(content_dir=content_dir))
    files.update(other)
    return files


def changed_record_pages(before: Atlas, after: Atlas) -> list[str] | None:
    """The docs paths of the pages of records added or changed from ``before`` to ``after``.

    None when a record was removed or a family without pages changed: then only a full
    build says which pages are affected.
    """
    from generator.pages import page_paths
    from generator.words import LANGS
    from generator.records import PAGE_FAMILIES

    paths: list[str] = []
    for family in sorted(set(before.families) | set(after.families)):
        old = {r.id: r for r in before.records(family)}
        new = {r.id: r for r in after.records(family)}
        if set(old) - set(new):
            return None
        for rid, record in new.items():
            previous = old.get(rid)
            if previous is None or previous.fields != record.fields or previous.file != record.file:
                if family not in PAGE_FAMILIES:
                    return None
                paths.extend(f"{lang}/{page_paths(family, record)}" for lang in LANGS)
    if before.meta != after.meta or before.vocabularies != after.vocabularies or before.coverage != after.coverage:
        return None
    return paths


def render_some_pages(atlas: Atlas, paths: list[str], content_dir: Path = CONTENT_DIR) -> dict[str, bytes]:
    """Only the pages at ``paths`` (docs paths), as ``render_site_files`` would render them."""
    from generator.history import History
    from generator.pages import render_pages
    from generator.views import ReaderViews

    pages = render_pages(atlas, content_dir=content_dir, views=ReaderViews(atlas, History(atlas)), only=set(paths))
    return {path: text.encode("utf-8") for path, text in pages.items()}


def write_tree(out_dir: Path, files: dict[str, bytes], prune: bool = True) -> tuple[int, int]:
    """Make ``out_dir`` hold exactly ``files``; return (files written, files removed).

    ``prune=False`` only writes: the files not in ``files`` stay.

    Plain os calls and string paths: at 6,400 pages, pathlib's sorting and hashing of Path
    objects took longer than reading and comparing the files.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    root = str(out_dir)
    written = 0
    for rel, data in sorted(files.items()):
        target = os.path.join(root, rel)
        try:
            with open(target, "rb") as f:
                if f.read() == data:
                    continue
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            pass
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
        written += 1
    removed = 0
    if not prune:
        return written, removed
    for folder, _, names in os.walk(root, topdown=False):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            rel = name if prefix == "." else f"{prefix}/{name}"
            if rel not in files and name not in STALE_KEEP:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if folder != root and not os.listdir(folder):
            os.rmdir(folder)
    return written, removed


def basemap_note(data_dir: Path) -> str | None:
    """The build-log line about the base map (no key, no review number), or None when all is set."""
    import yaml

    from generator.maps import basemap_build_note

    meta = yaml.safe_load((data_dir / "atlas.yaml").read_text(encoding="utf-8")) or {}
    return basemap_build_note(meta)


def build_site_sources(data_dir: Path, out_dir: Path, content_dir: Path = CONTENT_DIR) -> list[Problem]:
    """Validate the data and, when it is clean, write the whole docs tree."""
    loaded, problems = validate_data(data_dir)
    if problems:
        return problems
    atlas = build_atlas(loaded)
    write_tree(out_dir, render_site_files(atlas, content_dir))
    return []
