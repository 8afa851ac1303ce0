"""MkDocs hook: run the atlas generator before every build, and Pagefind after it.

The generator writes the whole docs tree (pages, assets, maps, downloads) into
``docs_dir``; MkDocs only publishes it. Pagefind then indexes the published HTML
into ``site_dir/pagefind`` (the site search). A publisher without hooks (Zensical)
gets the same tree from ``python -m generator build`` run first, and the same
search from ``python -m pagefind --site SITE_DIR`` run after it.

Under ``mkdocs serve`` (scripts/serve) the hook also keeps the preview quick
and honest:
- the generator's output folder is not watched: the watched sources (data/,
  content/, site_templates/, generator/, assets/) are what change, and watching
  the output too made every save trigger a second full rebuild;
- scripts/serve runs ``mkdocs serve --dirty`` and the generator rewrites only
  the files whose bytes changed, so MkDocs republishes only the pages that
  depend on the edit; a change to mkdocs.yml or overrides/ (which every page
  depends on) marks every page for republishing;
- data with problems does not stop the server (MkDocs would then hold every
  request until a build succeeds): every page shows the list of problems (file,
  line, message) and reloads by itself once they are fixed.
"""
from __future__ import annotations

import html
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from generator.build import basemap_note, build_site_sources  # noqa: E402
from generator.paths import DATA_DIR  # noqa: E402
from generator.problems import Problem, count_line, format_problems, sort_problems  # noqa: E402

log = logging.getLogger("mkdocs.plugins.atlas")

# What the last generation in this process was made from. mkdocs-static-i18n runs one build per
# language, and each calls on_pre_build: without this the generator ran twice per `mkdocs build`.
_last_inputs: tuple | None = None
# True under `mkdocs serve`; set by on_startup.
_serving = False
# Under `mkdocs serve`: what stops the atlas from being built now (data problems, or one line
# saying what else went wrong); every page shows them until they are fixed.
_blocking: list[Problem] = []
# Under `mkdocs serve`: the stamp of the files every page depends on besides its own Markdown.
_last_theme_stamp: tuple | None = None


def _stamp(roots: list[Path]) -> tuple:
    """Paths, sizes and modification times of every file under ``roots`` (files or folders)."""
    files = []
    for root in roots:
        paths = sorted(root.rglob("*")) if root.is_dir() else [root] if root.is_file() else []
        for path in paths:
            if path.is_file():
                st = path.stat()
                files.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(files)


def _inputs_fingerprint(data_dir: Path, docs_dir: Path) -> tuple:
    """Paths, sizes and modification times of everything the generator reads, plus its settings."""
    roots = [data_dir, REPO_ROOT / "content", REPO_ROOT / "site_templates", REPO_ROOT / "assets",
             REPO_ROOT / "generator"]
    settings = tuple(os.environ.get(k, "") for k in ("ATLAS_BASEMAP", "TIANDITU_KEY", "ATLAS_GIT_HISTORY"))
    return (str(docs_dir), settings, _stamp(roots))


def on_startup(command: str, dirty: bool, **kwargs) -> None:
    """Note whether this process serves the preview."""
    global _serving
    _serving = command == "serve"


def on_pre_build(config, **kwargs) -> None:
    """Regenerate the docs tree from data/; stop the build with every data problem listed.

    Under ``mkdocs serve`` problems do not stop the build: the docs tree is left
    as it was, and the pages show the problems instead (see ``on_serve``).
    """
    global _last_inputs
    _stop_indexer()  # a serve-mode Pagefind run still indexing pages about to be replaced
    # ATLAS_DATA lets tests publish a fixture atlas with the same configuration.
    data_dir = Path(os.environ.get("ATLAS_DATA", DATA_DIR))
    docs_dir = Path(config["docs_dir"])
    if _serving:
        _wait_for_the_rest()
        _republish_all_if_theme_changed(config, docs_dir)
    inputs = _inputs_fingerprint(data_dir, docs_dir)
    if inputs == _last_inputs:
        return  # the same inputs were generated moments ago (the second language's build)
    start, start_wall = time.perf_counter(), time.time() - 1  # 1 s: file systems with coarse times
    try:
        problems = _generate_for_preview(data_dir, docs_dir, inputs) if _serving else build_site_sources(data_dir, docs_dir)
    except ValueError as exc:  # a configuration mistake (e.g. an unknown ATLAS_BASEMAP), said plainly
        if not _serving:
            raise PluginError(f"the atlas cannot be built: {exc}") from None
        problems = [Problem("mkdocs.yml", 1, "", "configuration", f"the atlas cannot be built: {exc}")]
    except Exception as exc:  # a bug of ours: the preview says so instead of hanging
        if not _serving:
            raise
        log.exception("the atlas generator failed")
        problems = [Problem("generator/", 1, "", "internal-error",
                            f"internal error: {type(exc).__name__}: {exc} (a bug in the generator, not in "
                            "your data; the traceback is in the terminal)")]
    if problems:
        if not _serving:
            raise PluginError("the atlas data has problems:\n" + format_problems(problems, "text"))
        _blocking[:] = sort_problems(problems)
        _last_inputs = inputs  # the second language's build need not find them again
        log.error("the atlas data has problems; every page of the preview lists them until they are "
                  "fixed:\n%s", format_problems(problems, "text"))
        return
    _blocking.clear()
    _last_inputs = inputs
    # What a builder must do about the base map goes to the build log; readers see one short
    # line on the map itself. INFO, not WARNING: local and preview builds without a key are normal.
    note = basemap_note(data_dir)
    if note:
        log.info(note)
    if _serving:
        changed = _changed_since(docs_dir, start_wall)
        log.info("atlas generated in %.1f s; %d file%s changed: %s", time.perf_counter() - start, len(changed),
                 "" if len(changed) == 1 else "s", ", ".join(changed[:6]) + (" ..." if len(changed) > 6 else ""))


# Under `mkdocs serve`, a saved record is published in two steps. First its own pages are rendered
# and published (what the editor is looking at); then every page is rendered in a thread, the
# files whose bytes changed are written (index pages, region pages, maps, downloads ...) and one
# more --dirty build publishes just those. Rendering every page took longer than the rest of a
# save together.
_preview_atlas = None        # the atlas the docs tree was last generated from
_preview_code: tuple | None = None  # ... and the stamp of everything but the data
_the_rest: tuple | None = None      # (atlas, docs_dir) still to render in full after this build
_rest_thread: threading.Thread | None = None
_refresh_dir: Path | None = None    # watched by the server; a file written there asks for a build
MAX_FIRST_PAGES = 40


def _generate_for_preview(data_dir: Path, docs_dir: Path, inputs: tuple) -> list[Problem]:
    """Generate the docs tree under `mkdocs serve`: an edited record's pages first when that is all that changed."""
    global _preview_atlas, _preview_code, _the_rest
    from generator.build import changed_record_pages, render_site_files, render_some_pages, write_tree
    from generator.records import build_atlas
    from generator.validate import validate_data

    loaded, problems = validate_data(data_dir)
    if problems:
        return problems
    atlas = build_atlas(loaded)
    data_root = str(data_dir)
    code = (inputs[0], inputs[1], tuple(f for f in inputs[2] if not f[0].startswith(data_root)))
    first = None
    if _preview_atlas is not None and code == _preview_code and _refresh_dir is not None:
        first = changed_record_pages(_preview_atlas, atlas)
    _preview_atlas, _preview_code = atlas, code
    if first and len(first) <= MAX_FIRST_PAGES:
        write_tree(docs_dir, render_some_pages(atlas, first), prune=False)
        _the_rest = (atlas, docs_dir)
        log.info("publishing the edited record first: %s", ", ".join(first))
    else:
        write_tree(docs_dir, render_site_files(atlas))
    return []


def _render_the_rest(atlas, docs_dir: Path) -> None:
    """Render every page, write what changed, and ask the server for one more (--dirty) build."""
    from generator.build import render_site_files, write_tree

    start = time.perf_counter()
    try:
        written, removed = write_tree(docs_dir, render_site_files(atlas))
        log.info("the pages that depend on the edit: %d written, %d removed in %.1f s", written, removed,
                 time.perf_counter() - start)
    except Exception:  # a bug of ours: said in the terminal; the record's own pages are published
        log.exception("the atlas generator failed while rendering every page")
    finally:
        if _refresh_dir is not None:
            (_refresh_dir / "refresh").write_text(str(time.time()), encoding="utf-8")


def _start_the_rest() -> None:
    """After a build that published an edited record first: render the rest in a thread."""
    global _the_rest, _rest_thread
    if _the_rest is None:
        return
    atlas, docs_dir = _the_rest
    _the_rest = None
    _rest_thread = threading.Thread(target=_render_the_rest, args=(atlas, docs_dir), name="atlas-rest", daemon=True)
    _rest_thread.start()


def _wait_for_the_rest() -> None:
    """A new save waits for the rendering of the previous one, so two never write at once."""
    if _rest_thread is not None and _rest_thread.is_alive():
        _rest_thread.join()


def _changed_since(docs_dir: Path, since: float) -> list[str]:
    """The files under ``docs_dir`` written at or after ``since`` (seconds since the epoch)."""
    out = []
    for folder, _, names in os.walk(docs_dir):
        for name in names:
            path = os.path.join(folder, name)
            if os.stat(path).st_mtime >= since:
                out.append(os.path.relpath(path, docs_dir).replace(os.sep, "/"))
    return sorted(out)


def _republish_all_if_theme_changed(config, docs_dir: Path) -> None:
    """Mark every page for republishing when mkdocs.yml or overrides/ changed since the last build.

    ``--dirty`` republishes a page only when its Markdown is newer than its HTML;
    the configuration and the theme overrides are part of every page.
    """
    global _last_theme_stamp
    roots = [Path(config.config_file_path)] if config.config_file_path else []
    roots += [Path(d) for d in config.theme.dirs if Path(d).resolve().is_relative_to(REPO_ROOT)]
    stamp = _stamp(roots)
    if _last_theme_stamp is not None and stamp != _last_theme_stamp:
        now = time.time()
        for folder, _, names in os.walk(docs_dir):
            for name in names:
                os.utime(os.path.join(folder, name), (now, now))
        log.info("mkdocs.yml or overrides/ changed: republishing every page")
    _last_theme_stamp = stamp


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory for the next build in this process.

    MkDocs makes a new template environment for every build (two per `mkdocs build`: one per
    language; one per save under `mkdocs serve`), and compiling Material's templates again took
    longer than rendering the pages a save changes. Jinja checks each template's source
    checksum before it reuses the code, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_theme_bytecode = _MemoryBytecodeCache()


def on_config(config, **kwargs):
    """Under `mkdocs serve`, leave out what a preview does without and a save would pay for.

    The sitemap lists every page. (The search is indexed in the background: on_post_build.)
    """
    if not _serving:
        return config
    if "sitemap.xml" in config.theme.static_templates:
        config.theme.static_templates.remove("sitemap.xml")
    if _refresh_dir is not None:
        # on_files leaves already-published static files out of a save's build; a republished page
        # linking to one of them (its record's JSON) is then not a broken link. `mkdocs build
        # --strict` (tests, CI) still fails on every link whose target is missing.
        config.validation.links.not_found = logging.DEBUG
    return config


def on_files(files, config, **kwargs):
    """Under `mkdocs serve`, after the first build, leave out static files that are already published.

    Every build walks every file (mkdocs-static-i18n places each one per language): at about
    2,000 data, map and theme files that was most of a --dirty build, for files a save had not
    changed. Markdown pages all stay: MkDocs needs them for the navigation and links.
    """
    if not (_serving and _refresh_dir is not None):
        return files
    for file in [f for f in files if not f.is_documentation_page() and f.abs_src_path and not f.is_modified()]:
        files.remove(file)
    return files


def on_env(env, config, files, **kwargs):
    """Reuse compiled theme templates across builds in this process."""
    env.bytecode_cache = _theme_bytecode
    return env


# Under `mkdocs serve`: the Pagefind run indexing the last rebuild, if it is still going.
_indexer: subprocess.Popen | None = None


def pagefind_command(site_dir: str) -> list[str]:
    """The Pagefind run that indexes ``site_dir`` (run it in REPO_ROOT: it reads pagefind.yml there)."""
    return [sys.executable, "-m", "pagefind", "--site", site_dir, "--silent"]


def _stop_indexer() -> None:
    """End a serve-mode Pagefind run still indexing the previous rebuild (its pages are being replaced)."""
    global _indexer
    if _indexer is not None and _indexer.poll() is None:
        _indexer.kill()
        _indexer.wait()
    _indexer = None


# After mkdocs-static-i18n (priority -100), which builds the other languages inside its own
# on_post_build: Pagefind must see every language's pages, so it runs once, at the very end.
@event_priority(-200)
def on_post_build(config, **kwargs) -> None:
    """Index the built site with Pagefind (one index per <html lang>, written to site_dir/pagefind).

    `mkdocs build` waits for it and fails if it fails. `mkdocs serve` starts it in the background so
    an edit shows as soon as the pages are rebuilt; the search follows a second or two later.
    """
    global _indexer
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # inside mkdocs-static-i18n's build of another language: not every page is written yet
    command = pagefind_command(str(config["site_dir"]))
    if _serving:
        _stop_indexer()
        # At low priority, so the preview's next build (an edit, the pages it left) is not slowed.
        nice = (lambda: os.nice(10)) if hasattr(os, "nice") else None
        _indexer = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    preexec_fn=nice)
        return
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index {config['site_dir']}:\n{result.stdout}{result.stderr}")


def on_serve(server, config, builder, **kwargs):
    """Stop watching the generator's output, publish edits in two steps, show data problems on every page."""
    global _refresh_dir
    docs_dir = os.path.abspath(config["docs_dir"])
    if docs_dir in getattr(server, "_watched_paths", {}):
        server.unwatch(docs_dir)
    # After each build (every language), start rendering what an edited record's pages left.
    build = server.builder

    def build_then_the_rest():
        build()
        _start_the_rest()

    server.builder = build_then_the_rest
    _refresh_dir = Path(tempfile.mkdtemp(prefix="atlas-serve-"))
    server.watch(str(_refresh_dir))
    # Tests and benchmarks serve a data folder outside the repository (ATLAS_DATA): watch that one too.
    data_dir = os.path.abspath(os.environ.get("ATLAS_DATA", DATA_DIR))
    if data_dir not in getattr(server, "_watched_paths", {}) and os.path.isdir(data_dir):
        server.watch(data_dir)
    app = server.get_app()

    def app_with_problems(environ, start_response):
        path = environ.get("PATH_INFO", "")
        is_page = path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
        if _blocking and is_page and not path.startswith("/livereload/"):
            body = problems_page(_blocking)
            inject = getattr(server, "_inject_js_into_html", None)
            if inject is not None:  # MkDocs' live-reload script: the page reloads once the data is fixed
                body = inject(body, server._visible_epoch)
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                      ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
            return [body]
        return app(environ, start_response)

    server.set_app(app_with_problems)
    return server


def on_shutdown(**kwargs) -> None:
    """Stop a search indexing run, and remove the folder the preview used to ask for builds."""
    _stop_indexer()
    if _refresh_dir is not None:
        shutil.rmtree(_refresh_dir, ignore_errors=True)


def _both_languages(p: Problem) -> str:
    """A problem's message in Chinese, then in English, as HTML."""
    zh = getattr(p, "message_zh", "")
    return f"{html.escape(zh)}<br>{html.escape(p.message)}" if zh else html.escape(p.message)


def problems_page(problems: list[Problem]) -> bytes:
    """A self-contained HTML page listing the problems that stop the atlas from being built."""
    rows = "\n".join(
        f"<tr><td><code>{html.escape(p.file)}</code></td><td>{p.line}</td>"
        f"<td><code>{html.escape(p.path)}</code></td><td>{_both_languages(p)}</td></tr>"
        for p in problems)
    return f"""<!doctype html>
<html lang="zh">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>数据有问题 · The data has problems</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 2rem auto; max-width: 70rem;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.5; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }}
td:nth-child(4) {{ overflow-wrap: anywhere; }}
.scroll {{ overflow-x: auto; }}
</style></head>
<body>
<h1 id="atlas-problems">数据有问题，预览暂停 · The data has problems; the preview is paused</h1>
<p>修改下列文件的对应行并保存，本页会自动刷新为更新后的页面。<br>
Fix the lines below and save: this page reloads by itself with the updated atlas.</p>
<p><strong>{html.escape(count_line(problems, "zh"))}</strong></p>
<div class="scroll"><table>
<thead><tr><th>文件 File</th><th>行 Line</th><th>位置 Where</th><th>问题 Problem</th></tr></thead>
<tbody>
{rows}
</tbody></table></div>
</body></html>
""".encode("utf-8")
