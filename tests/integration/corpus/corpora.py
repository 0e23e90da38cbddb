"""The wikis every page of which the corpus tests check, their pages (source file -> title), and
what pandoc made of MediaWiki's redirects.

Corpora: `../shared/corpus/owasp-wiki` (7,265 pages), `../shared/corpus/nixos-wiki`, the repository's
`fixtures/wiki` and the seed page `../shared/seed/Anti-Tankie.md` (a wiki of one page). Titles
come from the library itself (the Python module's `Wiki.load(...).pages`), so a page's title is
the one the CLI gives it; files that the whole-wiki conversion does not read (hidden files such
as OWASP's `.NET.md`) are pages too, converted on their own."""

from __future__ import annotations

import html
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import common  # noqa: E402

OWASP = common.SHARED / "corpus" / "owasp-wiki"
NIXOS = common.SHARED / "corpus" / "nixos-wiki"
SEED = common.SEED
FIXTURE_WIKI = common.FIXTURE_WIKI
PAGE_SUFFIXES = (".md", ".markdown")

# pandoc's MediaWiki reader turns `#REDIRECT [[Target]]` into an ordered list whose one item is
# "REDIRECT" and a link: `1.  REDIRECT [Target](Target "wikilink")` (the link may wrap onto the
# next line, indented), or, from newer pandoc, the raw-HTML link form.
_REDIRECT = re.compile(
    r"1[.)][ \t]+(?i:REDIRECT)\s*"
    r"(?:\[(?P<label>(?:\\.|[^\]\\])*)\]\(\s*(?P<target>(?:\\.|[^\s()\\]|\([^\s()]*\))+)(?:\s+\"[^\"]*\")?\s*\)"
    r"|<a\s[^>]*?href=\"(?P<href>[^\"]*)\"[^>]*>"
    r"|\\\[(?P<text>[^\n\]]*?)\\\])",
    re.S)
_LEADING = re.compile(r"\A(?:\s|<!--.*?-->)*", re.S)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def strip_front_matter(text: str) -> str:
    """The Markdown of a page without its YAML front matter (the CLI reads that as metadata)."""
    return _FRONT_MATTER.sub("", text, count=1)


def redirect_target(markdown: str) -> str | None:
    """The target title of a page that pandoc exported from a MediaWiki redirect, else None.
    The redirect must be the page's first block (after front matter and HTML comments, such as
    the `<!-- Source page: -->` header of mirrors). Backslash escapes are undone, `_` is a space
    and a `#fragment` is kept: `1.  REDIRECT [x](Testing_for_Error_Code_\\(OTG-ERR-001\\) "wikilink")`
    is `Testing for Error Code (OTG-ERR-001)`."""
    text = strip_front_matter(markdown)
    start = _LEADING.match(text).end()
    m = _REDIRECT.match(text, start)
    if not m:
        return None
    if m.group("href") is not None:
        target = html.unescape(m.group("href"))
    elif m.group("text") is not None:
        # a bracketed target pandoc did not read as a link: `\\[:<https://x/y>\\]`
        target = re.sub(r"[<>]", "", m.group("text"))
        return target.strip() or None
    else:
        target = re.sub(r"\\(.)", r"\1", m.group("target"))
    from urllib.parse import unquote
    target = unquote(target).replace("_", " ").strip()
    return target or None


def redirect_pages(wiki: Path) -> dict[str, str]:
    """{file relative to the wiki: redirect target} for every page file of `wiki` (hidden ones
    included) that pandoc exported from a MediaWiki redirect."""
    wiki = Path(wiki)
    found = {}
    for path in sorted(page_files(wiki)):
        target = redirect_target(path.read_text(encoding="utf-8", errors="replace"))
        if target is not None:
            found[path.relative_to(wiki).as_posix()] = target
    return found


def page_files(wiki: Path) -> list[Path]:
    """Every page file under `wiki`, hidden ones included."""
    out = []
    for root, dirs, files in os.walk(wiki):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(PAGE_SUFFIXES):
                out.append(Path(root) / name)
    return out


@dataclass
class Page:
    corpus: str
    file: str            # relative to the corpus folder
    path: Path
    title: str
    in_wiki: bool        # read by the whole-wiki conversion (else converted on its own)

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.file}"

    def markdown(self) -> str:
        return strip_front_matter(self.path.read_text(encoding="utf-8", errors="replace"))


@dataclass
class Corpus:
    name: str
    root: Path                                   # the wiki folder the CLI converts
    pages: list[Page] = field(default_factory=list)


def _fallback_title(relative: str) -> str:
    stem = relative.rsplit(".", 1)[0].replace("_", " ")
    return stem[:1].upper() + stem[1:]


def load_pages(name: str, root: Path) -> Corpus:
    """The corpus' pages: titles as the library reads them, plus the files it leaves out."""
    wikiconv = import_wikiconv()
    corpus = Corpus(name, Path(root))
    wiki = wikiconv.Wiki.load(str(root))
    seen = set()
    for info in wiki.pages:
        path = Path(info.path)
        rel = path.relative_to(root).as_posix()
        seen.add(rel)
        corpus.pages.append(Page(name, rel, path, info.title, True))
    for path in page_files(Path(root)):
        rel = path.relative_to(root).as_posix()
        if rel not in seen:
            corpus.pages.append(Page(name, rel, path, _fallback_title(rel), False))
    return corpus


def import_wikiconv():
    """The Python module of this build (<build>/python), which knows each file's title."""
    path = str(common.BUILD_DIR / "python")
    if path not in sys.path:
        sys.path.insert(0, path)
    import wikiconv
    return wikiconv


def available(work: Path) -> list[tuple[str, Path]]:
    """(name, wiki folder) of every corpus present; the seed page is copied into a wiki of its
    own under `work`. An empty list without ../shared (then only the fixtures would be left,
    which test_mediawiki.py and test_dokuwiki.py check already)."""
    if not (OWASP.is_dir() and NIXOS.is_dir() and SEED.is_file()):
        return []
    seed_wiki = Path(work) / "seed-wiki"
    seed_wiki.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SEED, seed_wiki / SEED.name)
    return [("owasp", OWASP), ("nixos", NIXOS), ("fixtures", FIXTURE_WIKI), ("seed", seed_wiki)]
