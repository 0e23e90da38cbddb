"""The zine laid out by a real browser engine (headless Chromium, see browser.py) at a phone's size
(360x640) and an e-reader's (600x800). Every spine document of the books of fixtures/wiki, of
../shared/corpus/nixos-wiki and of every 20th page of ../shared/corpus/owasp-wiki is opened with
the book's stylesheet, one browser per width, and measured:
- no element reaches past the viewport, unless it sits inside a scroll container (overflow-x
  auto or scroll) that itself fits;
- no text is clipped (a box whose content is wider or taller than itself with overflow hidden or
  clip), and no content spills out of its box (a cell's text running over its neighbour);
- images stay within the text column, load, and an image inside a line of text is no taller than
  that line allows (it must not open a gap in the paragraph);
- every link inside the book lands on a file of the book and, with a fragment, on an element.
A few chapters are saved as screenshots under the build folder (their paths are printed).
WIKICONV_LAYOUT_CSS=FILE lays the books out with FILE in place of their zine.css: a stylesheet
can be tried (or an old one measured) without rebuilding."""

from __future__ import annotations

import collections
import os
import posixpath
import shutil
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser import Browser, find_chromium
from common import BUILD_DIR, CORPUS, FIXTURE_WIKI, SHARED
from test_epub import EPOCH, Book, convert

OWASP = SHARED / "corpus" / "owasp-wiki"
OWASP_EVERY = 20
WIDTHS = {"phone": (360, 640), "ereader": (600, 800)}
# Chapters (by file name part) saved as screenshots at each width.
SHOTS = ("mutual-aid", "calendaring", "cheatsheet", "nixos-on-arm-odroid-c2", "appimage")
SCREENSHOTS = Path(os.environ.get("WIKICONV_LAYOUT_SHOTS", BUILD_DIR / "layout-screenshots"))

MEASURE = r"""
(() => {
  const vw = document.documentElement.clientWidth;
  const body = document.body;
  const problems = [];
  const describe = (el) => {
    const text = (el.textContent || el.getAttribute('alt') || el.getAttribute('src') || '').replace(/\s+/g, ' ').trim();
    const cls = el.getAttribute('class');
    return `<${el.localName}${cls ? '.' + cls.split(' ').join('.') : ''}> "${text.slice(0, 50)}"`;
  };
  const say = (kind, el, detail) => problems.push(`${kind}: ${describe(el)} ${detail}`);
  const scrolls = (cs) => cs.overflowX === 'auto' || cs.overflowX === 'scroll';
  const scroller = (el) => {
    for (let a = el.parentElement; a && a !== body; a = a.parentElement)
      if (scrolls(getComputedStyle(a))) return a;
    return null;
  };
  const bs = getComputedStyle(body);
  const br = body.getBoundingClientRect();
  const colLeft = br.left + parseFloat(bs.paddingLeft), colRight = br.right - parseFloat(bs.paddingRight);
  const ids = [], links = [];
  const wide = [];    // wider than the viewport, outside any scroll container: the outermost
  const spills = [];  // content wider than its box (overflow visible): the innermost
  if (document.documentElement.scrollWidth > vw + 1)
    problems.push(`page: scrolls sideways (${document.documentElement.scrollWidth}px wide)`);
  for (const el of body.querySelectorAll('*')) {
    if (el.id) ids.push(el.id);
    if (el.localName === 'a' && el.getAttribute('href') !== null) links.push(el.getAttribute('href'));
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const inside = scroller(el);
    if (!inside && (r.right > vw + 1 || r.left < -1) && !wide.some((w) => w.el.contains(el)))
      wide.push({el, detail: `(${Math.round(r.left)}..${Math.round(r.right)} of ${vw}px)`});
    if (cs.display !== 'inline' && el.clientWidth > 0) {
      const over = el.scrollWidth > el.clientWidth + 1, tall = el.scrollHeight > el.clientHeight + 1;
      const clips = (o) => o === 'hidden' || o === 'clip';
      if ((over && clips(cs.overflowX)) || (tall && clips(cs.overflowY)))
        say('text clipped', el, `(content ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
      else if (over && cs.overflowX === 'visible' && (!inside || el.localName === 'td' || el.localName === 'th'))
        spills.push({el, detail: `(content ${el.scrollWidth}px in ${el.clientWidth}px)`});
    }
    if (el.localName === 'img') {
      if (el.complete && el.naturalWidth === 0) say('image not loaded', el, '');
      if (!inside && (r.left < colLeft - 1 || r.right > colRight + 1))
        say('image outside the text column', el, `(${Math.round(r.left)}..${Math.round(r.right)}, column ${Math.round(colLeft)}..${Math.round(colRight)})`);
      // An image in a line of text (its block holds text) must not be much taller than the line.
      let block = el.parentElement;
      while (block !== body && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
      if (block.textContent.trim() !== '') {
        const bcs = getComputedStyle(block);
        const line = bcs.lineHeight === 'normal' ? 1.2 * parseFloat(bcs.fontSize) : parseFloat(bcs.lineHeight);
        if (r.height > 1.5 * line)
          say('image in a line of text opens a gap', el, `(${Math.round(r.height)}px tall, line ${Math.round(line)}px)`);
      }
    }
  }
  for (const w of wide) say('wider than the viewport', w.el, w.detail);
  for (const s of spills)
    if (!spills.some((t) => t !== s && s.el.contains(t.el)) && !wide.some((w) => s.el.contains(w.el)))
      say('content spills out of its box', s.el, s.detail);
  return {problems, ids, links, width: vw};
})()
"""


def owasp_selection(into: Path) -> Path | None:
    """Every OWASP_EVERY-th page of the OWASP corpus (in path order), copied into a wiki folder
    (the reader does not follow symlinks out of the wiki)."""
    if not OWASP.is_dir():
        return None
    pages = sorted(p.relative_to(OWASP) for p in OWASP.rglob("*.md"))
    for rel in pages[::OWASP_EVERY]:
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(OWASP / rel, into / rel)
    return into


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    chromium = find_chromium()
    if not chromium:
        pytest.skip("chromium is not installed (scripts/install-deps test installs it)")
    work = tmp_path_factory.mktemp("layout")
    wikis = {"fixtures": (FIXTURE_WIKI, ["title=Tankie zine"])}
    if CORPUS.is_dir():
        wikis["nixos"] = (CORPUS, ["title=NixOS wiki"])
    owasp = owasp_selection(work / "owasp-wiki")
    if owasp:
        wikis["owasp"] = (owasp, ["title=OWASP wiki"])
    books = {}
    for name, (wiki, options) in wikis.items():
        epub = work / f"{name}.epub"
        convert(wiki, epub, *options, env_epoch=EPOCH)
        folder = work / name
        with zipfile.ZipFile(epub) as z:
            z.extractall(folder)
        if os.environ.get("WIKICONV_LAYOUT_CSS"):
            shutil.copyfile(os.environ["WIKICONV_LAYOUT_CSS"], folder / "EPUB" / "css" / "zine.css")
        books[name] = (Book(epub), folder)

    results = {}  # (width name, book, document) -> measurement
    shots = []
    for width_name, (width, height) in WIDTHS.items():
        with Browser(chromium) as browser:
            browser.viewport(width, height)
            for name, (book, folder) in books.items():
                for doc in book.spine:
                    browser.navigate((folder / doc).as_uri())
                    results[(width_name, name, doc)] = browser.evaluate(MEASURE)
                    stem = Path(doc).stem
                    if any(stem.endswith("-" + s) for s in SHOTS):
                        shot = SCREENSHOTS / width_name / f"{name}-{stem}.png"
                        shot.parent.mkdir(parents=True, exist_ok=True)
                        browser.screenshot(shot)
                        shots.append(shot)
    print("\nlayout screenshots:", *map(str, shots), sep="\n  ", file=sys.__stderr__)
    return {"books": books, "results": results}


@pytest.mark.parametrize("width_name", WIDTHS)
def test_every_chapter_fits(laid_out, width_name):
    problems = []
    for (w, name, doc), m in laid_out["results"].items():
        if w != width_name:
            continue
        assert m["width"] == WIDTHS[w][0]
        problems += [f"{name}/{doc}: {p}" for p in m["problems"]]
    kinds = collections.Counter(p.split(": ")[1] for p in problems)
    assert not problems, (f"{len(problems)} layout problems at {width_name} width ({dict(kinds)}):\n" +
                          "\n".join(problems[:60]))


def test_books_are_all_measured(laid_out):
    counts = {name: len(book.spine) for name, (book, _) in laid_out["books"].items()}
    assert counts["fixtures"] >= 4
    if "owasp" in counts:
        assert counts["owasp"] >= 200, counts


def test_every_internal_link_lands(laid_out):
    missing, checked = [], 0
    for name, (book, folder) in laid_out["books"].items():
        ids = {doc: set(m["ids"]) for (w, b, doc), m in laid_out["results"].items() if b == name and w == "phone"}
        for doc in book.spine:
            for href in laid_out["results"][("phone", name, doc)]["links"]:
                parts = urlsplit(href)
                if parts.scheme or parts.netloc:
                    continue
                checked += 1
                target = posixpath.normpath(posixpath.join(posixpath.dirname(doc), unquote(parts.path))) if parts.path else doc
                if not (folder / target).is_file():
                    missing.append(f"{name}/{doc}: {href}: no file {target}")
                elif parts.fragment and target in ids and unquote(parts.fragment) not in ids[target]:
                    missing.append(f"{name}/{doc}: {href}: no element #{parts.fragment} in {target}")
                elif parts.fragment and target not in ids:
                    missing.append(f"{name}/{doc}: {href}: {target} is not in the spine")
    assert checked > 10  # the fixtures' articles link to each other and to their notes
    assert not missing, "\n".join(missing[:40])
