"""The EPUB's credits page, "Article sources and contributors" (as mwlib/Collection's books end):
the book of a throwaway git repository (three authors, a rename, an image changed twice, twenty
commits; git_wiki.py) names every article's and image's source page (base-url=), its authors
from git in order of their number of edits and no emails, and the licence (license=, also the OPF's
dc:rights); the page is last in the spine and in the nav and ncx tables of contents; epubcheck
reports nothing. The same wiki outside git gets a credits page that says its histories were
not available."""

from __future__ import annotations

import collections
import concurrent.futures
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from common import need_tool
from git_wiki import build_history_wiki
from test_epub import EPUBCHECK, Book, convert, epubcheck, problems

LICENSE = "https://creativecommons.org/licenses/by-sa/4.0/"
BASE = "https://wiki.example.org/wiki/"
CREDITS = "Article sources and contributors"


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    need_tool("java")
    if not Path(EPUBCHECK).exists():
        pytest.skip("epubcheck is not installed (scripts/install-deps test installs it)")
    root = tmp_path_factory.mktemp("credits-repo")
    expected = build_history_wiki(root)
    work = tmp_path_factory.mktemp("credits")
    plain = work / "plain"  # the same pages, outside git
    shutil.copytree(root / "wiki", plain)
    paths = {"git": work / "git.epub", "plain": work / "plain.epub"}
    convert(root / "wiki", paths["git"], "title=Mutual aid zine", f"base-url={BASE}", f"license={LICENSE}")
    convert(plain, paths["plain"], "title=Mutual aid zine")
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        reports = dict(zip(paths, pool.map(epubcheck, paths.values())))
    return paths, reports, expected


def by_edits(revisions) -> list[str]:
    counts = collections.Counter(author[0] for author, _, _ in revisions)
    return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


@pytest.mark.parametrize("name", ["git", "plain"])
def test_epubcheck_reports_nothing(books, name):
    report = books[1][name]
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), problems(report)


def credits_doc(book: Book) -> str:
    return book.full("text/credits.xhtml")


def test_credits_page_is_last_in_spine_nav_and_ncx(books):
    book = Book(books[0]["git"])
    page = credits_doc(book)
    assert book.spine[-1] == page
    assert book.toc()[-1] == (0, CREDITS, page)
    ncx = ET.fromstring(book.zip.read("EPUB/toc.ncx"))
    labels = [t.text for t in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}text")]
    assert labels[-1] == CREDITS


def test_every_article_with_its_source_and_contributors(books):
    book = Book(books[0]["git"])
    page = credits_doc(book)
    doc = book.doc(page)
    X = "{http://www.w3.org/1999/xhtml}"
    entries = {}
    for div in doc.iter(X + "div"):
        if div.get("class") != "credit":
            continue
        heading = "".join(div.find(X + "h3").itertext())
        lines = {"".join(p.itertext()).split(":", 1)[0]: p for p in div.findall(X + "p")}
        entries[heading] = lines
        # An article's heading leads to its chapter.
        if not heading.startswith("File:"):
            assert book.full(div.find(X + "h3/" + X + "a").get("href"), page) == book.chapter(heading)
    expected = books[2]
    assert set(entries) == set(expected)  # the articles and the image they show
    for title, revisions in expected.items():
        source = entries[title]["Source"].find(X + "a").get("href")
        assert source == BASE + title.replace(" ", "_")
        names = "".join(entries[title]["Contributors"].itertext()).split(":", 1)[1].strip().split(", ")
        assert names == by_edits(revisions), title
    text = book.text(page)
    assert all(name in text for name in ("Ann Archist", "Bob", "Cléo Martin"))
    assert "@" not in text  # names, no emails
    assert LICENSE in text and book.meta("rights") == LICENSE


def test_without_history_the_page_says_so(books):
    book = Book(books[0]["plain"])
    text = book.text(credits_doc(book))
    assert "histories were not available" in text and "Contributors:" not in text
    assert "Source: Mutual Aid" in text  # no base-url: the title
    assert book.meta("rights") == ""
