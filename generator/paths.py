"""Every repository path the generator uses, in one place.

Input: nothing. Output: ``Path`` constants rooted at the repository.

    from generator.paths import DATA_DIR
"""
from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
SCHEMA_DIR = DATA_DIR / "schema"
CONTENT_DIR = REPO_ROOT / "content"
TEMPLATES_DIR = REPO_ROOT / "site_templates"
ASSETS_DIR = REPO_ROOT / "assets"
BUILD_DIR = REPO_ROOT / "build"
DOCS_OUT_DIR = BUILD_DIR / "docs"
# The seed texts live beside the checkout, not in it: we may quote them, not copy them.
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"

# Record files, in the order problems and pages list them. The key is the family
# name used in URLs and as the file's top-level key.
RECORD_FILES = {
    "platforms": "platforms.yaml",
    "ports": "ports.yaml",
    "cooperation": "cooperation.yaml",
    "regions": "regions.yaml",
    "documents": "documents.yaml",
    "organisations": "organisations.yaml",
    "national_totals": "national_totals.yaml",
}
META_FILE = "atlas.yaml"
VOCABULARY_FILE = "vocabularies.yaml"
# The register of every website a source URL points at (host, publisher, type).
PUBLISHER_FILE = "publishers.yaml"
# What each seed document names and which record holds it (issue #17). Optional: a data
# folder without it is valid, and the coverage page then says there is no register.
COVERAGE_FILE = "coverage.yaml"
