"""A dated data release as one zip: every download, the data package, and a README.

Input: the data folder and a tag ``data-YYYY-MM-DD`` that ``data/atlas.yaml``
lists under ``releases``. Output: ``nmg-policy-atlas-<tag>.zip`` and the release
notes, written to an output folder; or the problems that stop the release.

    problems = write_release(Path("data"), "data-2026-12-06", Path("dist"))

``.github/workflows/release.yml`` runs this on a pushed tag and attaches the zip
to a GitHub Release (and Zenodo, when connected, archives it with a DOI). The
zip is the same bytes for the same data and tag: entries sorted, each dated
with the release's day, no other timestamps.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from generator.citation import atlas_citation
from generator.exports import DOWNLOAD_ORDER, DOWNLOADS, Exporter
from generator.history import History
from generator.problems import Problem, problem
from generator.records import Atlas, build_atlas
from generator.releases import Release, list_releases, zip_name
from generator.validate import validate_data

TAG = re.compile(r"^data-(\d{4})-(\d{2})-(\d{2})$")


def check_tag(atlas_file: str, line: int, meta, tag: str) -> tuple[Release | None, list[Problem]]:
    """The listed release a tag names, or the problem that stops it (generator/messages.py)."""
    if not TAG.match(tag):
        return None, [problem(atlas_file, line, "releases", "release-tag", tag=tag)]
    release = next((r for r in list_releases(meta) if r.tag == tag), None)
    if release is None:
        return None, [problem(atlas_file, line, "releases", "release-not-listed", tag=tag)]
    return release, []


def release_readme(atlas: Atlas, release: Release, exporter: Exporter, files: dict[str, bytes]) -> str:
    """The README inside the zip: what the release is, how to cite it, and each file with its SHA-256."""
    meta = atlas.meta
    title = meta["title"]
    counts = exporter.counts()
    lines = [f"# {title['zh']} · {title['en']}", "",
             f"数据版本 Data release: **{release.tag}** ({release.date})", "",
             f"数据截至 Data as of: {meta['as_of']}", "",
             f"网站 Website: {exporter.base}", "",
             f"代码与数据仓库 Repository: {meta['repository']}", "",
             f"永久链接 Permanent link: {release.permanent_url}", "",
             "## 如何引用 How to cite", "",
             atlas_citation(meta, exporter.base, "zh").rstrip(".") + f". 数据版本 {release.tag}.", "",
             atlas_citation(meta, exporter.base, "en").rstrip(".") + f". Data release {release.tag}.", "",
             "## 许可 Licence", "",
             "数据以知识共享署名 4.0 国际许可协议（CC BY 4.0）发布。The data is published under the Creative "
             "Commons Attribution 4.0 International licence (CC BY 4.0): "
             "https://creativecommons.org/licenses/by/4.0/", "",
             "## 文件 Files", "",
             "`datapackage.json` 描述每个文件的字段、类型和含义（Frictionless Data Package）。"
             "`datapackage.json` describes every file's fields, types and meanings (a Frictionless Data Package).", "",
             "| file | records | SHA-256 |", "|---|---:|---|"]
    for name in DOWNLOAD_ORDER:
        data = files[f"{DOWNLOADS}/{name}"]
        n = counts.get(name)
        lines.append(f"| `{DOWNLOADS}/{name}` | {'' if n is None else n} | `{hashlib.sha256(data).hexdigest()}` |")
    return "\n".join(lines) + "\n"


def build_zip(atlas: Atlas, release: Release) -> tuple[bytes, str]:
    """The release zip's bytes and the release notes (the README)."""
    history = History(atlas)
    exporter = Exporter(atlas, history)
    files = exporter.write_all()
    readme = release_readme(atlas, release, exporter, files)
    folder = zip_name(release.tag)[:-len(".zip")]
    year, month, day = (int(p) for p in TAG.match(release.tag).groups())
    entries = {f"{folder}/README.md": readme.encode("utf-8")}
    entries.update({f"{folder}/{path}": data for path, data in files.items() if path.startswith(f"{DOWNLOADS}/")})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, entries[name])
    return buf.getvalue(), readme


def write_release(data_dir: Path, tag: str, out_dir: Path) -> list[Problem]:
    """Validate the data and the tag; write the zip and RELEASE_NOTES.md into ``out_dir``."""
    loaded, problems = validate_data(data_dir)
    if problems:
        return problems
    atlas = build_atlas(loaded)
    meta_source = loaded.sources["meta"]
    release, problems = check_tag(meta_source.file, meta_source.line_of(("releases",)), atlas.meta, tag)
    if problems:
        return problems
    data, readme = build_zip(atlas, release)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / zip_name(tag)).write_bytes(data)
    (out_dir / "RELEASE_NOTES.md").write_text(readme, encoding="utf-8")
    return []
