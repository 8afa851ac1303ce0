"""MkDocs hook: run the atlas generator before every build.

The generator writes the whole docs tree (pages, assets, maps, downloads) into
``docs_dir``; MkDocs only publishes it. A publisher without hooks (Zensical)
gets the same tree from ``python -m generator build`` run first.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from generator.build import basemap_note, build_site_sources  # noqa: E402
from generator.paths import DATA_DIR  # noqa: E402
from generator.problems import format_problems  # noqa: E402


# What the last generation in this process was made from. mkdocs-static-i18n runs one build per
# language, and each calls on_pre_build: without this the generator ran twice per `mkdocs build`.
_last_inputs: tuple | None = None


def _inputs_fingerprint(data_dir: Path, docs_dir: Path) -> tuple:
    """Paths, sizes and modification times of everything the generator reads, plus its settings."""
    roots = [data_dir, REPO_ROOT / "content", REPO_ROOT / "site_templates", REPO_ROOT / "assets",
             REPO_ROOT / "generator"]
    files = []
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file():
                st = path.stat()
                files.append((str(path), st.st_size, st.st_mtime_ns))
    settings = tuple(os.environ.get(k, "") for k in ("ATLAS_BASEMAP", "TIANDITU_KEY", "ATLAS_GIT_HISTORY"))
    return (str(docs_dir), settings, tuple(files))


def on_pre_build(config, **kwargs) -> None:
    """Regenerate the docs tree from data/; stop the build with every data problem listed."""
    global _last_inputs
    # ATLAS_DATA lets tests publish a fixture atlas with the same configuration.
    data_dir = Path(os.environ.get("ATLAS_DATA", DATA_DIR))
    docs_dir = Path(config["docs_dir"])
    inputs = _inputs_fingerprint(data_dir, docs_dir)
    if inputs == _last_inputs:
        return  # the same inputs were generated moments ago (the second language's build)
    try:
        problems = build_site_sources(data_dir, docs_dir)
    except ValueError as exc:  # a configuration mistake (e.g. an unknown ATLAS_BASEMAP), said plainly
        raise PluginError(f"the atlas cannot be built: {exc}") from None
    if problems:
        raise PluginError("the atlas data has problems:\n" + format_problems(problems, "text"))
    _last_inputs = inputs
    # What a builder must do about the base map goes to the build log; readers see one short
    # line on the map itself. INFO, not WARNING: local and preview builds without a key are normal.
    note = basemap_note(data_dir)
    if note:
        logging.getLogger("mkdocs.plugins.atlas").info(note)
