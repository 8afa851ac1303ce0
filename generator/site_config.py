"""The publisher's configuration, read once, with MkDocs' own YAML loader.

Input: ``mkdocs.yml`` (the file the publisher reads) and the environment.
Output: the settings the generator needs from it; today only ``site_url``, the
absolute base of every link in downloads, the feeds and the per-record files.

    site_url()   # "https://nmg-atlas.github.io/nmg-policy-atlas/" (always ends with "/")

The generator writes files and never runs the publisher, but links that leave
the site (a CSV's ``page_url``, an Atom entry, a citation) must be absolute, and
the publisher's configuration is where the site's address is written. MkDocs'
loader is used because ``mkdocs.yml`` uses its tags (``!ENV [ATLAS_SITE_URL,
default]``): a regular expression read that line as nothing, silently, and every
``page_url`` came out relative. Now a missing or relative ``site_url`` is an error.

``ATLAS_SITE_URL`` overrides the file (``scripts/serve`` sets it to the local
preview's address), whichever publisher configuration is in use.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from generator.paths import REPO_ROOT

PUBLISHER_CONFIG = REPO_ROOT / "mkdocs.yml"
SITE_URL_ENV = "ATLAS_SITE_URL"


class ConfigError(ValueError):
    """The publisher configuration cannot give what the generator needs."""


@functools.lru_cache(maxsize=8)
def _read(path: str, env_url: str) -> dict[str, Any]:
    # env_url keys the cache: the file's !ENV tags read the same variable.
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load  # MkDocs' loader: !ENV tags and INHERIT

    try:
        with open(path, "rb") as f:
            value = yaml_load(f)
    except OSError as exc:
        raise ConfigError(f"cannot read the publisher configuration {path}: {exc.strerror}") from None
    except ConfigurationError as exc:  # a YAML mistake in the file
        raise ConfigError(f"{path}: {exc}") from None
    return value if isinstance(value, dict) else {}


def read_publisher_config(path: Path = PUBLISHER_CONFIG) -> dict[str, Any]:
    """The publisher configuration as MkDocs reads it (environment tags resolved)."""
    return _read(str(path), os.environ.get(SITE_URL_ENV, ""))


def normalise_site_url(url: str, where: str) -> str:
    """An absolute http(s) URL ending with "/", or a ConfigError naming ``where`` it came from."""
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"site_url from {where} must be an absolute http(s) address such as "
                          f"https://example.org/atlas/, not {url!r}")
    return url.strip().rstrip("/") + "/"


def site_url(path: Path = PUBLISHER_CONFIG) -> str:
    """The published site's base URL, ending with "/": ``ATLAS_SITE_URL``, else ``site_url`` in ``path``."""
    override = os.environ.get(SITE_URL_ENV, "")
    if override:
        return normalise_site_url(override, SITE_URL_ENV)
    value = read_publisher_config(path).get("site_url")
    if not value:
        raise ConfigError(f"{path.name} has no site_url: the downloads, feeds and citations need the site's "
                          f"address to link to its pages")
    return normalise_site_url(str(value), path.name)
