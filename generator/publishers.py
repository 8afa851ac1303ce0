"""The publisher register: which website a source URL is on, who publishes it, and what kind of publisher it is.

Input: ``data/publishers.yaml`` as read (a list of ``{host, name, type, aliases, note}``).
Output: a ``Register`` that finds the publisher of a URL or of a named original, and the
problems of data whose URLs or originals the register does not know.

    register = read_register(loaded.records("publishers"))
    register.of_url("https://www.chinadaily.com.cn/a/1.html").type   # -> "state-media"

A host is matched exactly after one normalisation, the same for the register and for URLs:
lowercase, without port, without a trailing dot, and without one leading ``www.`` (the same
site answers with and without it). Subdomains are not folded into their parent:
``govt.chinadaily.com.cn`` is an entry of its own, because a parent domain often hosts
copies it does not vouch for.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from generator.paths import RECORD_FILES
from generator.messages import did_you_mean
from generator.problems import Problem, problem
from generator.yaml_source import format_path

def host_of(url: str) -> str | None:
    """The register's key for ``url``: its host in lowercase, without port, trailing dot or leading www."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    return host.removeprefix("www.") or None


@dataclass(frozen=True)
class Publisher:
    """One registered website: host, bilingual name, publisher type and other names."""

    host: str
    name: Mapping[str, str]
    type: str
    aliases: tuple[str, ...] = ()
    note: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Register:
    """The registered publishers by host and by every name they go by."""

    by_host: Mapping[str, Publisher]
    by_name: Mapping[str, Publisher]

    def of_url(self, url: str) -> Publisher | None:
        """The publisher of the website ``url`` is on, if registered."""
        host = host_of(url)
        return self.by_host.get(host) if host else None

    def named(self, name: str) -> Publisher | None:
        """The publisher whose name (zh or en) or alias is ``name``, if any."""
        return self.by_name.get(name.strip())


def _names(entry: Mapping) -> list[str]:
    name = entry.get("name") if isinstance(entry.get("name"), Mapping) else {}
    names = [name.get("zh"), name.get("en"), *(entry.get("aliases") or ())]
    return [n.strip() for n in dict.fromkeys(names) if isinstance(n, str) and n.strip()]


def read_register(entries: Any) -> Register:
    """Build the register from the entries of publishers.yaml; malformed entries are left out."""
    by_host: dict[str, Publisher] = {}
    by_name: dict[str, Publisher] = {}
    for entry in entries or ():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("host"), str) \
                or not isinstance(entry.get("type"), str):
            continue
        key = host_of("//" + entry["host"])
        if not key or key in by_host:
            continue
        name = entry.get("name") if isinstance(entry.get("name"), Mapping) else {}
        aliases = tuple(a for a in entry.get("aliases") or () if isinstance(a, str))
        publisher = Publisher(key, name, entry["type"], aliases, entry.get("note"))
        by_host[key] = publisher
        for n in _names(entry):
            by_name.setdefault(n, publisher)
    return Register(by_host, by_name)


def iter_urls(value: Any, where: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Yield (path, url) for every ``url:`` text anywhere inside ``value``."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if key == "url" and isinstance(inner, str):
                yield where + (key,), inner
            else:
                yield from iter_urls(inner, where + (key,))
    elif isinstance(value, (list, tuple)):
        for i, inner in enumerate(value):
            yield from iter_urls(inner, where + (i,))


def iter_originals(value: Any, where: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Yield (path, publisher name) for every source's ``original.publisher`` inside ``value``."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if key == "original" and isinstance(inner, Mapping) and isinstance(inner.get("publisher"), str) \
                    and "url" in value:
                yield where + (key, "publisher"), inner["publisher"]
            else:
                yield from iter_originals(inner, where + (key,))
    elif isinstance(value, (list, tuple)):
        for i, inner in enumerate(value):
            yield from iter_originals(inner, where + (i,))


def check_publishers(loaded, vocabularies: Mapping[str, set[str]]) -> list[Problem]:
    """Refuse URLs on unregistered websites, unknown original publishers and a register that contradicts itself."""
    src = loaded.sources.get("publishers")
    if src is None or not isinstance(src.value, Mapping) or not isinstance(src.value.get("publishers"), list):
        return []  # the register is missing or misshapen: that is reported, not every URL in the atlas
    problems: list[Problem] = []
    entries = src.value["publishers"]
    first_host: dict[str, int] = {}
    first_name: dict[str, tuple[str, int]] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("host"), str):
            continue
        key = host_of("//" + entry["host"])
        line = src.line_of(("publishers", i, "host"))
        if key in first_host:
            problems.append(problem(src.file, line, format_path(("publishers", i, "host")), "duplicate-host",
                                    host=key, first=first_host[key]))
        elif key:
            first_host[key] = line
        kind = entry.get("type")
        if not isinstance(kind, str):
            continue
        for name in _names(entry):
            other = first_name.setdefault(name, (kind, src.line_of(("publishers", i))))
            if other[0] != kind:
                where = ("publishers", i, "type")
                problems.append(problem(src.file, src.line_of(where), format_path(where), "publisher-name-conflict",
                                        name=name, first=other[1], other=other[0], type=kind))
    register = read_register(entries)
    types = ", ".join(sorted(vocabularies.get("publisher_type", ()))) or "publisher_type"
    names = sorted(register.by_name)
    for family in RECORD_FILES:
        data = loaded.sources.get(family)
        if data is None or data.value is None:
            continue
        for where, url in iter_urls(data.value):
            host = host_of(url)
            if host is None:
                # A malformed address is the schema's to report (bad-url); say so only if it passed.
                if url.startswith(("http://", "https://")) and " " not in url:
                    problems.append(problem(data.file, data.line_of(where), format_path(where), "bad-host/url",
                                            url=url))
            elif host not in register.by_host:
                problems.append(problem(data.file, data.line_of(where), format_path(where), "unregistered-host",
                                        host=host, types=types))
        for where, name in iter_originals(data.value):
            if register.named(name) is None:
                close = difflib.get_close_matches(name.strip(), names, n=1, cutoff=0.6)
                problems.append(problem(data.file, data.line_of(where), format_path(where), "unknown-publisher",
                                        name=name, hint=did_you_mean(close[0] if close else None)))
    return problems

