"""MkDocs hook: run the atlas generator before every build.

The generator writes the whole docs tree (pages, assets, maps, downloads) into
``docs_dir``; MkDocs only publishes it. A publisher without hooks (Zensical)
gets the same tree from ``python -m generator build`` run first.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from generator.build import build_site_sources  # noqa: E402
from generator.paths import DATA_DIR  # noqa: E402
from generator.problems import format_problems  # noqa: E402


def on_pre_build(config, **kwargs) -> None:
    """Regenerate the docs tree from data/; stop the build with every data problem listed."""
    # ATLAS_DATA lets tests publish a fixture atlas with the same configuration.
    data_dir = Path(os.environ.get("ATLAS_DATA", DATA_DIR))
    try:
        problems = build_site_sources(data_dir, Path(config["docs_dir"]))
    except ValueError as exc:  # a configuration mistake (e.g. an unknown ATLAS_BASEMAP), said plainly
        raise PluginError(f"the atlas cannot be built: {exc}") from None
    if problems:
        raise PluginError("the atlas data has problems:\n" + format_problems(problems, "text"))
