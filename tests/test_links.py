"""Every internal link, script, stylesheet, image and iframe source in the built site resolves.

``mkdocs build --strict`` checks Markdown links only; this walks every HTML file
(map documents included) and checks what a browser would fetch or follow.
"""
from __future__ import annotations

import html.parser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse



class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if a.get(attr) and not (tag == "link" and a.get("rel") in ("alternate", "canonical")):
                self.refs.append((tag, a[attr]))


def parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8", errors="replace"))
    return p


def _site_prefix() -> str:
    """The path of site_url (e.g. /nmg-policy-atlas/): absolute links in 404.html start with it."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # !ENV [NAME, default]: the default is what a build without the variable uses.
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: (
        loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))
    config = yaml.load((Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8"), _Loader)
    return urlparse(config.get("site_url") or "/").path or "/"


SITE_PREFIX = _site_prefix()


def resolve(site: Path, page: Path, ref: str) -> tuple[Path | None, str]:
    """Return the file a relative reference points at (None if external) and its fragment."""
    url, frag = urldefrag(ref)
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc or ref.startswith(("mailto:", "javascript:", "data:", "tel:")):
        return None, ""
    if not url:
        return page, frag
    path = unquote(parsed.path)
    if path.startswith("/"):
        if not path.startswith(SITE_PREFIX):
            return site / "__outside_the_site__", frag
        target = site / path[len(SITE_PREFIX):]
    else:
        target = page.parent / path
    target = target.resolve()
    if target.is_dir() or url.endswith("/"):
        target = target / "index.html"
    return target, frag


def check_site(site: Path) -> list[str]:
    site = site.resolve()
    broken, cache = [], {}
    for page in sorted(site.rglob("*.html")):
        links = cache.setdefault(page, parse(page))
        for tag, ref in links.refs:
            target, frag = resolve(site, page, ref)
            if target is None:
                continue
            rel = page.relative_to(site)
            if not target.is_file():
                broken.append(f"{rel}: <{tag}> {ref} -> missing {target}")
            elif frag and tag == "a" and target.suffix == ".html":
                # Only a link's fragment names an anchor; an iframe's fragment is a parameter
                # its document reads (the shared locator map takes the record id there).
                ids = cache.setdefault(target, parse(target)).ids
                if frag not in ids:
                    broken.append(f"{rel}: <{tag}> {ref} -> no #{frag} in {target.relative_to(site)}")
    return broken


def test_real_site_has_no_broken_links(real_site):
    broken = check_site(real_site)
    assert not broken, f"{len(broken)} broken links, e.g.:\n" + "\n".join(broken[:20])


def test_mini_site_has_no_broken_links(mini_site):
    broken = check_site(mini_site)
    assert not broken, "\n".join(broken[:20])


def test_checker_finds_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text('<a href="missing/">x</a><iframe src="maps/x.html"></iframe>'
                                         '<a href="#nowhere">y</a>', encoding="utf-8")
    assert len(check_site(tmp_path)) == 3
