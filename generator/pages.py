"""Markdown pages from the atlas, in Chinese and English.

Input: an ``Atlas`` and the templates in ``site_templates/`` (plus the
hand-written pages in ``content/``). Output: a mapping from a path inside the
docs tree (``zh/platforms/hohhot-etdz/index.md``) to the page's Markdown.

    pages = render_pages(atlas)

Every string that comes from the data passes through the ``md`` filter (text in
Markdown) or the ``attr`` filter (an HTML attribute value); templates never
print data any other way, so a name like ``<script>`` or ``a|b`` stays text.
"""
from __future__ import annotations

import functools
import html
import json
import urllib.parse
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from generator import search_terms
from generator.citation import RecordCitation, access_html, atlas_citation
from generator.counts import Counts
from generator.exports import feeds
from generator.paths import CONTENT_DIR, REPO_ROOT, TEMPLATES_DIR
from generator.records import FAMILY_KIND_VOCABULARY, PAGE_FAMILIES, Atlas, Record, host_ids, located_parties
from generator.releases import current_release, list_releases
from generator.site_config import site_url
from generator.support import SourceReport, support_level
from generator.views import ReaderViews
from generator.words import LANGS, Words, escape_attr, escape_md, files_stamp, format_date, load_labels

FAMILY_TEMPLATES = {
    "platforms": "platform.md.j2",
    "ports": "port.md.j2",
    "cooperation": "cooperation.md.j2",
    "regions": "region.md.j2",
    "documents": "document.md.j2",
    "organisations": "organisation.md.j2",
}

class Citations:
    """Numbers the sources cited on one page, in order of first use."""

    def __init__(self) -> None:
        self.items: list[Mapping] = []
        self._index: dict[Any, int] = {}

    def numbers(self, sources: Iterable[Mapping]) -> list[int]:
        """Register ``sources`` and return their numbers on this page."""
        out = []
        for source in sources or ():
            key = _frozen(source)
            if key not in self._index:
                self.items.append(source)
                self._index[key] = len(self.items)
            out.append(self._index[key])
        return out


def _frozen(value: Any) -> Any:
    """A hashable copy of a source: the same citation gives the same key whatever its key order."""
    if isinstance(value, Mapping):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# `mkdocs serve` regenerates the atlas in one long-lived process on every save. The words and the
# compiled templates are kept between builds while their files are unchanged: reading the words
# and compiling the templates took longer than rendering every page.
_environment_cache: dict[tuple[Path, Path], tuple[tuple, jinja2.Environment]] = {}


def make_environment(templates_dir: Path = TEMPLATES_DIR, content_dir: Path = CONTENT_DIR) -> jinja2.Environment:
    """A Jinja2 environment that fails on undefined names and trims block whitespace."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(templates_dir)),
                                    jinja2.PrefixLoader({"content": jinja2.FileSystemLoader(str(content_dir))})]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown output: escaping is explicit through md / attr
        # One render per process: checking every template file's mtime on each page was 7 stat
        # calls per page for nothing.
        auto_reload=False,
    )
    env.filters["md"] = escape_md
    env.filters["attr"] = escape_attr
    env.filters["yaml_title"] = lambda v: json.dumps(html.escape(str(v), quote=False), ensure_ascii=False)
    # A citation's text as HTML, its access dates in spans the page's script sets (generator/citation.py).
    env.filters["accessed"] = lambda text, as_of: Markup(access_html(text, str(as_of)))
    env.filters["tojson_attr"] = lambda v: escape_attr(json.dumps(_plain(v), ensure_ascii=False, sort_keys=True))
    return env


def cached_environment(templates_dir: Path = TEMPLATES_DIR, content_dir: Path = CONTENT_DIR) -> jinja2.Environment:
    """``make_environment``, reused while no file under the two folders has changed."""
    stamp = files_stamp(p for folder in (templates_dir, content_dir) if folder.is_dir()
                         for p in sorted(folder.rglob("*")) if p.is_file())
    key = (templates_dir, content_dir)
    cached = _environment_cache.get(key)
    if cached is None or cached[0] != stamp:
        cached = _environment_cache[key] = (stamp, make_environment(templates_dir, content_dir))
    return cached[1]


class PageContext:
    """What one template render needs: language, labels, atlas, and where the page sits."""

    def __init__(self, atlas: Atlas, labels: dict, lang: str, page_path: str, repo: Mapping,
                 views: ReaderViews | None = None, words: Words | None = None):
        self.atlas = atlas
        self.views = views
        self.words = words or Words(labels, lang)
        self.labels = labels
        self.lang = lang
        self.page_path = page_path  # e.g. "platforms/hohhot-etdz/index.md" inside the language folder
        self.citations = Citations()
        self.repo = repo

    # Words ------------------------------------------------------------------------------------
    def L(self, key: str) -> str:
        """A template word in this page's language."""
        return self.words(key)

    def t(self, text: Mapping | None) -> str:
        """The page language's side of a bilingual text."""
        return "" if text is None else text[self.lang]

    def other(self, text: Mapping | None) -> str:
        """The other language's side (the Chinese name on English pages and the reverse)."""
        return "" if text is None else text["zh" if self.lang == "en" else "en"]

    def label(self, vocabulary: str, key: str | None) -> str:
        return self.atlas.label(vocabulary, key, self.lang) if key else ""

    def kind_label(self, record: Record) -> str:
        return self.label(FAMILY_KIND_VOCABULARY[record.family], record.kind)

    def date(self, value: str | None) -> str:
        return format_date(value, self.lang)

    def since(self, dated: Mapping | None) -> str:
        """The date of an approval or establishment, a "not later than" date reading as one everywhere:
        "2024年1月22日", "不晚于2024年1月22日" / "by 22 January 2024"."""
        if not dated:
            return ""
        if dated.get("date"):
            return self.date(dated["date"])
        if dated.get("not_later_than"):
            return self.L("since_nlt").replace("{d}", self.date(dated["not_later_than"]))
        return ""

    def since_year(self, dated: Mapping | None) -> Markup:
        """The year column of a list: "2024", or "不晚于2024年" / "by 2024", sorted by the full date."""
        if not dated or not (dated.get("date") or dated.get("not_later_than")):
            return Markup("")
        value = str(dated.get("date") or dated.get("not_later_than"))
        year = value[:4]
        shown = year if dated.get("date") else self.L("since_nlt").replace("{d}", self.date(year))
        return Markup(f'<span data-s="{escape_attr(value)}">{escape_md(shown)}</span>')

    def event_date(self, event: Any) -> str:
        """An event's date, "not later than" where that is all that is known."""
        if getattr(event, "not_later", False):
            return self.L("since_nlt").replace("{d}", self.date(event.date))
        return self.date(event.date)

    def title(self, record: Record) -> str:
        """A record's display name: English pages add the Chinese name in brackets."""
        if self.lang == "en":
            return f"{record.name['en']} ({record.name['zh']})"
        return record.name["zh"]

    # Small pieces used many times per page ----------------------------------------------------
    # Python rather than Jinja macros: a macro call costs ten times a method call, and record
    # pages make dozens of these (the generator's time budget is 3 s at 3,000 records).
    def status_badge(self, status: str) -> Markup:
        """The status with its label, as a coloured badge."""
        return Markup(f'<span class="atlas-status atlas-status--{escape_attr(status)}">'
                      f'{escape_md(self.label("status", status))}</span>')

    def confidence_note(self, obj: Mapping) -> Markup:
        """A warning after a fact whose confidence is not "verified" (empty otherwise)."""
        level = obj.get("confidence")
        if level not in ("likely", "unverified"):
            return Markup("")
        return Markup(f' <span class="atlas-confidence atlas-confidence--{level}">'
                      f'{self.L("confidence_" + level)}</span>')

    def support(self, obj: Mapping) -> Markup:
        """The strength of a fact's support in words, after its citations (generator/support.py decides it)."""
        level = support_level(obj, self.atlas.publishers)
        return Markup(f' <span class="atlas-support atlas-support--{level}" title="{escape_attr(self.L("support_" + level + "_hint"))}">'
                      f'{self.L("support_" + level)}</span>')

    def approx(self, obj: Mapping) -> str:
        """"About " before a number whose confidence is only "likely"."""
        return self.L("approx") + " " if obj.get("confidence") == "likely" else ""

    @staticmethod
    def coords(loc: Mapping) -> str:
        """WGS-84 coordinates as text, four decimals (about 10 m)."""
        return f"{loc['lat']:.4f}, {loc['lon']:.4f}"

    def last_changed_note(self, record: Record) -> Markup:
        """The last-changed words of a record page's footer (empty when nothing is known)."""
        change = self.views.last_changed(record) if self.views else None
        if change is None:
            return Markup("")
        if change.kind == "edited":
            return Markup(f'{self.L("lc_edited")} <a href="{escape_attr(change.url)}">'
                          f'{escape_md(self.date(change.date))}</a>')
        return Markup(f'{self.L("lc_event")} {escape_md(self.date(change.date))}')

    # Links ------------------------------------------------------------------------------------
    def rel(self, target: str) -> str:
        """A relative Markdown link from this page to another page path in the same language.

        Both paths are relative to the language folder, so going up once per folder of
        this page reaches the root (a string join: posixpath.relpath was a third of the
        render time at 3,000 records).
        """
        return "../" * self.page_path.count("/") + target

    def href(self, record: Record | str) -> str:
        """Relative link to a record's page (accepts a record or an id)."""
        if isinstance(record, str):
            record = self.atlas.get(record)
        return self.rel(f"{record.family}/{record.id}/index.md")

    def link(self, record: Record | str, text: str | None = None) -> Markup:
        """A Markdown link to a record, its name escaped."""
        if isinstance(record, str):
            record = self.atlas.get(record)
        shown = text if text is not None else record.name[self.lang]
        return Markup(f"[{escape_md(shown)}]({self.href(record)})")

    def cite(self, sources: Iterable[Mapping] | None) -> Markup:
        """Superscript citation numbers that jump to the page's source list."""
        nums = self.citations.numbers(sources or ())
        return Markup("".join(f'<sup class="cite"><a href="#source-{n}">[{n}]</a></sup>' for n in nums))

    def source_entry(self, source: Mapping) -> Markup:
        """One entry of the page's source list: the document or web page, then the quote.

        Python rather than a macro: it runs for every citation of every page, and a
        template loop with a dozen calls per entry was half the render time at 3,000 records.
        """
        L = self.L
        if source.get("document") and not source.get("url"):
            doc = self.atlas.get(source["document"])
            where = f"{L('source_document')}{L('colon')}{self.link(doc)}"
            if doc.get("number"):
                where += f"{L('lp')}{escape_md(doc.get('number'))}{L('rp')}"
        else:
            where = self._web_source(source)
        text = f"{where}{L('colon')}{L('quote_open')}{escape_md(source['quote'])}{L('quote_close')}"
        if source.get("note"):
            text += f"{L('lp')}{escape_md(self.t(source['note']))}{L('rp')}"
        return Markup(text)

    def _web_source(self, source: Mapping) -> str:
        """A web source: the original it copies first (when the data names one), then the page as read,
        with its publisher and the publisher's type from the register."""
        L = self.L
        publisher = self.atlas.publishers.of_url(source["url"])
        if publisher is not None:
            who = f"{escape_md(self.t(publisher.name))}{L('sep')}{escape_md(self.label('publisher_type', publisher.type))}{L('semi')}"
        else:
            who = f"{escape_md(L('source_unregistered'))}{L('semi')}"
        # A constructed Wayback Machine address at the access date: labelled as such, since the
        # archive may hold no copy of that page (issue #16).
        archive = archive_url(source["url"], source["accessed"])
        page = (f"<a href=\"{escape_attr(source['url'])}\" rel=\"nofollow noopener\">{escape_md(source['title'])}</a>"
                f"{L('lp')}{who}{L('accessed')} {escape_md(self.date(source['accessed']))} · "
                f"<a href=\"{escape_attr(archive)}\" rel=\"nofollow noopener\" title=\"{escape_attr(L('archive_note'))}\">"
                f"{L('archive_link')}</a>{L('rp')}")
        original, document = source.get("original"), source.get("document")
        if not original and not document:
            return f"{L('source_web')}{L('colon')}{page}"
        first = []
        if original:
            text = escape_md(original["publisher"])
            if original.get("title"):
                text += f"{L('sep')}{L('quote_open')}{escape_md(original['title'])}{L('quote_close')}"
            if original.get("date"):
                text += f"{L('sep')}{escape_md(self.date(original['date']))}"
            first.append(f"{L('source_original')}{L('colon')}{text}")
        if document:
            doc = self.atlas.get(document)
            text = f"{L('source_original_document')}{L('colon')}{self.link(doc)}"
            if doc.get("number"):
                text += f"{L('lp')}{escape_md(doc.get('number'))}{L('rp')}"
            first.append(text)
        return f"{L('semi').join(first)}{L('semi')}{L('source_copy')}{L('colon')}{page}"

    def search_block(self, record: Record) -> Markup:
        """The hidden data-pagefind-* block of a record page (filters, shown facts, names to rank)."""
        return search_terms.search_block(self, record)

    def search_index_block(self, family: str) -> Markup:
        """The hidden data-pagefind-* block of a family's index page."""
        return search_terms.index_block(self, family)

    def repo_file(self, record: Record) -> str:
        """The record's file as a path in the repository (data/platforms.yaml)."""
        return _repo_path(record.file)

    def edit_url(self, record: Record) -> str:
        base = self.repo["repository"].rstrip("/")
        return f"{base}/edit/{self.repo['branch']}/{self.repo_file(record)}"

    def view_url(self, record: Record, line: int | None = None) -> str:
        """The record's file on the repository site, at the record's line (or at ``line``)."""
        base = self.repo["repository"].rstrip("/")
        return f"{base}/blob/{self.repo['branch']}/{self.repo_file(record)}#L{line or record.line}"

    def report_url(self, record: Record) -> str:
        """A new issue on the data-correction form, with the record, its name and file filled in."""
        base = self.repo["repository"].rstrip("/")
        query = urllib.parse.urlencode({
            "template": "data-correction.yml",
            "title": f"[数据更正 · correction] {record.id}: {record.name['zh']} / {record.name['en']}",
            "record": record.id,
            "file": f"{self.repo_file(record)} (line {record.line})",
        })
        return f"{base}/issues/new?{query}"


def archive_url(url: str, accessed: str) -> str:
    """The Internet Archive's address for ``url`` as of its access date (YYYY[-MM[-DD]]): constructed,
    not looked up; the archive redirects to its nearest copy, if it has one."""
    return f"https://web.archive.org/web/{str(accessed).replace('-', '')}/{url}"


@functools.lru_cache(maxsize=64)
def _repo_path(file: str) -> str:
    # Cached: resolving a path touches the file system, and every record page asks three times.
    path = Path(file).resolve()
    try:
        return path.relative_to(REPO_ROOT).as_posix()
    except ValueError:  # data read from outside the checkout, e.g. a benchmark atlas
        return f"data/{path.name}"


def _repo_info(atlas: Atlas) -> dict:
    return {"repository": atlas.meta["repository"], "branch": atlas.meta.get("branch") or "main"}


def render_template(env: jinja2.Environment, name: str, ctx: PageContext, **extra: Any) -> str:
    """Render one template with the page context's helpers in scope."""
    template = env.get_template(name)
    return template.render(
        c=ctx, L=ctx.words, t=ctx.t, lang=ctx.lang, atlas=ctx.atlas, meta=ctx.atlas.meta,
        link=ctx.link, href=ctx.href, rel=ctx.rel, cite=ctx.cite, date=ctx.date, label=ctx.label,
        title=ctx.title, citations=ctx.citations, status_badge=ctx.status_badge,
        confidence_note=ctx.confidence_note, approx=ctx.approx, coords=ctx.coords, support=ctx.support, **extra)


def page_paths(family: str, record: Record | None = None) -> str:
    """The Markdown path of a family index (``platforms/index.md``) or a record page."""
    return f"{family}/{record.id}/index.md" if record else f"{family}/index.md"


def page_jobs(atlas: Atlas, views: ReaderViews, content_dir: Path = CONTENT_DIR) -> list[tuple]:
    """Every page of the site in order: (language, template or None, path in the language folder, names).

    A template of None is the editors' field reference, which generator/schema_docs.py writes.
    """
    from generator.coverage import document_coverage

    coverage = document_coverage(atlas)
    jobs: list[tuple] = []
    for lang in LANGS:
        jobs.append((lang, "pages/home.md.j2", "index.md", {}))
        for family in PAGE_FAMILIES:
            jobs.append((lang, "pages/family_index.md.j2", page_paths(family),
                         {"family": family, "records": atlas.records(family)}))
            template = f"pages/{FAMILY_TEMPLATES[family]}"
            jobs.extend((lang, template, page_paths(family, record), {"r": record})
                        for record in atlas.records(family))
        jobs.extend((lang, name, path, {}) for name, path in views.pages())
        # What the source documents name and which record holds it (issue #17), from data/coverage.yaml.
        jobs.append((lang, "pages/coverage.md.j2", "coverage/index.md", {"coverage": coverage}))
        # Editors' field reference (issue #7): generated from data/schema/, so it cannot drift from it.
        from generator.schema_docs import PAGE_PATH
        jobs.append((lang, None, PAGE_PATH, {}))
        for path in sorted((content_dir / lang).rglob("*.md")):
            rel = path.relative_to(content_dir / lang).as_posix()
            jobs.append((lang, f"content/{lang}/{rel}", rel, {}))
    return jobs


# A platforms or ports index with more records than this lists them by region (each region's
# page lists its own) instead of in one table: at 3,000 rows the page took a phone 20 s to lay out
# and scored 0.34 for mobile performance in Lighthouse; a page of regions scores above 0.9.
LONG_INDEX = 500

# Pages that need every download file built first (they show the files' sizes).
NEEDS_DOWNLOADS = {"pages/downloads.md.j2"}


def _write_downloads(atlas: Atlas, views: ReaderViews) -> list[dict[str, Any]]:
    from generator.exports import Exporter, describe_downloads

    exporter = Exporter(atlas, views.history)
    return describe_downloads(exporter, exporter.write_all())


def render_pages(atlas: Atlas, env: jinja2.Environment | None = None,
                 content_dir: Path = CONTENT_DIR, views: ReaderViews | None = None,
                 while_rendering: Callable[[], None] | None = None,
                 downloads: Callable[[], list[dict[str, Any]]] | None = None,
                 only: Collection[str] | None = None) -> dict[str, str]:
    """Render every page in both languages (or the paths in ``only``); keys are paths under the docs root.

    Pages are rendered in worker processes when that pays (generator/parallel.py);
    ``while_rendering`` (if given) runs in this process meanwhile, and the pages
    that show download sizes are rendered after it, with the list ``downloads()``
    returns (generator/build.py writes the downloads meanwhile; without it they are
    written here).
    """
    from generator.parallel import start_indexed
    from generator.schema_docs import render_field_reference

    env = env or cached_environment(content_dir=content_dir)
    labels = load_labels()
    repo = _repo_info(atlas)
    # Reader views (issue #6): record footers call last_changed(r); the view pages render below.
    views = views or ReaderViews(atlas)
    base_url = site_url()
    # Derived facts and counts, each computed in one place (generator/records.py, generator/counts.py).
    env.globals.update(counts=Counts(atlas), hosts=host_ids, located_parties=lambda r: located_parties(atlas, r)[0])
    release = current_release(atlas.meta)
    site_feeds = feeds(atlas)
    env.globals.update(views=views, last_changed=views.last_changed, long_index=LONG_INDEX, site_url=base_url,
                       sources_report=SourceReport(atlas),
                       atlas_citation=functools.partial(atlas_citation, atlas.meta, base_url),
                       # Record pages' open-data sections (issue #16).
                       record_citation=lambda r, lang: RecordCitation(atlas.meta, r, base_url, lang, release),
                       record_edits=views.history.record_edits, history_read=views.history.git_read,
                       data_releases=list_releases(atlas.meta), feed_list=[(f.path, f.follows) for f in site_feeds],
                       feed_pages={f.page: f.path for f in site_feeds if f.follows})
    jobs = page_jobs(atlas, views, content_dir)
    if only is not None:  # the preview renders an edited record's pages first (hooks/atlas.py)
        jobs = [job for job in jobs if f"{job[0]}/{job[2]}" in only]
    words = {lang: Words(labels, lang) for lang in LANGS}

    def render(index: int) -> str:
        lang, name, path, extra = jobs[index]
        if name is None:
            return render_field_reference(lang, atlas.vocabularies)
        return render_template(env, name, PageContext(atlas, labels, lang, path, repo, views, words[lang]),
                               **extra)

    # Compile every template before the workers fork, so that each does not compile them again.
    for name in env.list_templates(filter_func=lambda n: n.endswith((".j2", ".md"))):
        env.get_template(name)
    early = [i for i, job in enumerate(jobs) if job[1] not in NEEDS_DOWNLOADS]
    pending = start_indexed(lambda k: render(early[k]), len(early))
    if while_rendering is not None:
        while_rendering()
    texts: dict[int, str] = dict(zip(early, pending.results()))
    late = [i for i, job in enumerate(jobs) if job[1] in NEEDS_DOWNLOADS]
    if late:
        env.globals["downloads"] = downloads() if downloads is not None else _write_downloads(atlas, views)
        texts.update((i, render(i)) for i in late)
    return {f"{jobs[i][0]}/{jobs[i][2]}": texts[i] for i in range(len(jobs))}
