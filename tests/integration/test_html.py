"""The Markdown reader and HTML writer against cmark-gfm itself: every page of the sample wiki
and of the shared corpus must have the same structure (blocks, inlines, text) as cmark-gfm's
HTML of the same source, up to what the wiki layer changes on purpose."""

import re

import pytest

from common import CORPUS, FIXTURE_WIKI, cmark_html, need_corpus, run_cli, structure


def wiki_aware(marks: list[str]) -> list[str]:
    """cmark-gfm's structure with the wiki layer's intended changes applied: category paragraphs
    leave the text (they become page categories), links to File: pages become images, <p>
    inside table cells is dropped (the model's cells hold inlines), and so is the footnote
    back-reference arrow."""
    out: list[str] = []
    i = 0
    while i < len(marks):
        m = marks[i]
        if m == "<p>":
            j = i + 1
            only_categories = True
            while j < len(marks) and marks[j] != "</p>":
                if not (marks[j] in ("<a>", "</a>") or marks[j].startswith("text:CATEGORY:")):
                    only_categories = False
                j += 1
            if only_categories and j > i + 1:
                i = j + 1
                continue
        if m == "<a>" and i + 2 < len(marks) and marks[i + 2] == "</a>" and marks[i + 1].startswith("text:FILE:"):
            out.append("<img/>")
            i += 3
            continue
        out.append(m)
        i += 1
    return [m.replace("text:CATEGORY:", "text:").replace("text:FILE:", "text:") for m in out]


def normalized(markup: str, mark_file_links: bool = False) -> list[str]:
    if mark_file_links:
        # Tag links to File:/Image: so wiki_aware() can tell them apart.
        markup = re.sub(r'(<a href="(?:File|Image):[^"]*"[^>]*>)', r"\1FILE:", markup)
        markup = re.sub(r'(<a href="Category:[^"]*"[^>]*>)', r"\1CATEGORY:", markup)
    marks = structure(markup)
    # Drop <p> directly inside table cells and the footnote back-link arrow.
    out = []
    stack = []
    for m in marks:
        if m in ("<td>", "<th>"):
            stack.append(m)
        elif m in ("</td>", "</th>"):
            stack.pop()
        if stack and m in ("<p>", "</p>"):
            continue
        # A figure's caption is the image's caption in the model (alt and title, not text).
        if m.startswith("text:") and out and out[-1] == "<img/>" and stack and not mark_file_links is None and figure_caption(markup, m[5:]):
            continue
        if m == "text:↩":
            if out and out[-1] == "<a>":
                out.pop()
            continue
        out.append(m)
    # Text around a removed back-link arrow: "note. " and "" runs.
    cleaned = []
    for m in out:
        if m == "</a>" and cleaned and cleaned[-1] == "<a>":
            cleaned.pop()
            continue
        cleaned.append(m)
    return [m.rstrip() for m in cleaned]


def figure_caption(markup: str, text: str) -> bool:
    return f"<figcaption>{text}</figcaption>" in markup


def pages(folder):
    return sorted(p for p in folder.rglob("*.md"))


def compare(md_path):
    source = md_path.read_text(encoding="utf-8")
    # YAML front matter is metadata (the page title), not text.
    source = re.sub(r"\A---\n.*?\n---\n", "", source, flags=re.S)
    ours = run_cli("convert", md_path, "-t", "html").stdout
    theirs = cmark_html(source)
    a = normalized(ours)
    b = wiki_aware(normalized(theirs, mark_file_links=True))
    if a != b:
        import difflib
        diff = "\n".join(difflib.unified_diff(b, a, "cmark-gfm", "wikiconv", lineterm="", n=2))
        pytest.fail(f"{md_path.name}: structure differs from cmark-gfm:\n{diff[:4000]}")


@pytest.mark.parametrize("md_path", pages(FIXTURE_WIKI), ids=lambda p: p.name)
def test_fixture_pages_match_cmark(md_path):
    compare(md_path)


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.md")) if CORPUS.is_dir() else ["(no corpus)"])
def test_corpus_pages_match_cmark(name):
    corpus = need_corpus()
    compare(corpus / name)


def test_whole_wiki_links_point_at_written_pages(tmp_path):
    out = tmp_path / "html"
    run_cli("convert", FIXTURE_WIKI, "-t", "html", "-o", out, "-q")
    files = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert "Tankie:Introduction.html" in files and "Guides/Zine Making.html" in files
    intro = (out / "Tankie:Introduction.html").read_text()
    # Existing pages are linked by their file (a ':' in the first segment must not read as a
    # URL scheme); the missing one keeps its title as href.
    assert 'href="Guides/Zine%20Making.html"' in intro
    assert 'href="Solidarity_Economy"' in intro
    zine = (out / "Guides" / "Zine Making.html").read_text()
    assert 'href="../Tankie:Introduction.html"' in zine
    tankie = (out / "Tankie.html").read_text()
    assert 'href="Anti-Tankie.html#Various_critiques_of_tankies"' in tankie
    anti = (out / "Anti-Tankie.html").read_text()
    assert 'href="./Tankie:Introduction.html"' in anti
