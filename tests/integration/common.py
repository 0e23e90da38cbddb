"""Shared helpers of the integration tests: where things are, running the CLI, cmark-gfm's HTML
of a source page, and a structural view of HTML that lets two renderings be compared."""

from __future__ import annotations

import html
import html.parser
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("WIKICONV_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BUILD_DIR = Path(os.environ.get("WIKICONV_BUILD_DIR", SOURCE_DIR / "build"))
WIKICONV = os.environ.get("WIKICONV", str(BUILD_DIR / "wikiconv"))
FIXTURES = SOURCE_DIR / "fixtures"
FIXTURE_WIKI = FIXTURES / "wiki"
# ../shared beside the repository; WIKICONV_SHARED points elsewhere (a git worktree in another folder).
SHARED = Path(os.environ.get("WIKICONV_SHARED", SOURCE_DIR.parent / "shared"))
CORPUS = SHARED / "corpus" / "nixos-wiki"
SEED = SHARED / "seed" / "Anti-Tankie.md"
# The seed page where ../shared is present, else our own page in its style (same wiki links).
SEED_PAGE = SEED if SEED.is_file() else FIXTURE_WIKI / "Anti-Tankie.md"


def need_corpus() -> Path:
    """The shared corpus, or skip the test (a clone without ../shared)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    return CORPUS


def need_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed (scripts/install-deps test installs it)")
    return path


def run_cli(*args: str, input: str | bytes | None = None, check: bool = True, timeout: float = 300):
    """Runs the wikiconv CLI; returns the CompletedProcess (text mode unless input is bytes)."""
    text = not isinstance(input, bytes)
    proc = subprocess.run([WIKICONV, *map(str, args)], input=input, capture_output=True, text=text,
                          timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"wikiconv {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def cmark_html(markdown: str) -> str:
    """cmark-gfm's HTML of a page: the reference rendering every target is compared with."""
    exe = need_tool("cmark-gfm")
    # GitHub's extensions, tagfilter included: GFM shows <script>, <textarea>, ... as text.
    proc = subprocess.run([exe, "--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink",
                           "-e", "tagfilter", "-e", "tasklist", "-e", "footnotes"], input=markdown, capture_output=True,
                          text=True, check=True)
    return proc.stdout


BLOCK = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "tr", "th", "td",
         "pre", "blockquote", "hr", "dl", "dt", "dd"}
INLINE = {"em", "strong", "del", "code", "a", "sup", "sub", "br", "img"}
ALIASES = {"i": "em", "b": "strong", "s": "del", "strike": "del", "tt": "code", "kbd": "code"}


class _Structure(html.parser.HTMLParser):
    def __init__(self, drop, keep_inline, link_attr):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.drop = drop              # callable(tag, attrs) -> True to drop element and content
        self.dropping: list[str] = []
        self.keep_inline = keep_inline
        self.link_attr = link_attr
        self.text = ""

    def flush(self):
        t = re.sub(r"\s+", " ", self.text)
        self.text = ""
        if t.strip():
            self.out.append("text:" + t.strip())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.dropping:
            if tag not in ("br", "img", "hr", "input", "meta", "link"):
                self.dropping.append(tag)
            return
        if self.drop(tag, attrs):
            if tag not in ("br", "img", "hr", "input"):
                self.dropping.append(tag)
            return
        tag = ALIASES.get(tag, tag)
        if tag in BLOCK or (tag in INLINE and self.keep_inline):
            self.flush()
            label = f"<{tag}>"
            if tag == "a" and self.link_attr:
                label = f"<a {self.link_attr(attrs)}>"
            self.out.append(label)
            if tag in ("br", "hr", "img"):
                self.out.pop()
                self.out.append(f"<{tag}/>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.dropping:
            self.dropping.pop()
            return
        tag = ALIASES.get(tag, tag)
        if tag in ("br", "hr", "img"):
            return
        if tag in BLOCK or (tag in INLINE and self.keep_inline):
            self.flush()
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.dropping:
            self.text += data


def structure(markup: str, drop=lambda tag, attrs: False, keep_inline: bool = True, link_attr=None) -> list[str]:
    """The document as a flat list of block/inline open and close marks and whitespace-collapsed
    text runs. Wrappers (div, span, section) vanish; `drop(tag, attrs)` removes target-specific
    furniture (edit links, tables of contents, anchors) with its content."""
    p = _Structure(drop, keep_inline, link_attr)
    p.feed(markup)
    # An unfinished tag, end tag, comment or declaration at the end of the input (`<div id="foo"`
    # with no `>`) shows nothing, by HTML5's parsing rules and in browsers. Python's HTMLParser
    # drops it only since the 2025 security updates (Debian 12's python3.11 3.11.2-6+deb12u8);
    # before, it gave it back as text, so the GFM spec rates depended on the machine (issue 12:
    # spec examples 126-128). Dropped here, the result is the same on both.
    if re.match(r"</?[A-Za-z]|<[!?]", p.rawdata):
        p.rawdata = ""
    p.close()
    p.flush()
    # Text split by dropped wrappers is one run.
    merged: list[str] = []
    for item in p.out:
        if merged and item.startswith("text:") and merged[-1].startswith("text:"):
            merged[-1] += " " + item[5:]
        else:
            merged.append(item)
    return merged


def text_of(markup: str) -> str:
    """All text, whitespace-collapsed."""
    return " ".join(x[5:] for x in structure(markup) if x.startswith("text:"))


def unescape(s: str) -> str:
    return html.unescape(s)
