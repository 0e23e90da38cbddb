"""The Markdown reader and HTML writer against cmark-gfm itself: every page of the sample wiki
and of the shared corpus must have the same structure (blocks, inlines, text) as cmark-gfm's
HTML of the same source, up to what the wiki layer changes on purpose."""

import html
import html.parser
import json
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
    # Wiki files are where they are in the wiki's folder (the HTML tree mirrors it).
    assert '<img src="media/Logo.png"' in (out / "Mutual Aid.html").read_text()


# ---- well-formed HTML5, content models held --------------------------------------------------
# The writer's HTML is read back by an HTML5 parser: every element it opens it closes, in order,
# nothing is left for the parser to infer or move (implied ends, foster parenting), and elements
# sit where HTML's content models allow them. html5lib (Debian's python3-html5lib, the WHATWG
# algorithm) when installed, checking that it builds the same elements; html.parser always.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCKS = {"address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
          "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav",
          "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
PHRASING_ONLY = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "a", "em", "strong", "del", "u", "sup", "sub",
                 "code", "kbd", "samp", "span", "mark", "small", "abbr", "cite", "dfn", "q", "var", "bdi", "bdo",
                 "ruby", "rt", "rp", "time", "dt", "summary"}
ONLY = {"ul": {"li"}, "ol": {"li"}, "tr": {"td", "th"}, "thead": {"tr"}, "tbody": {"tr"},
        "table": {"caption", "thead", "tbody"}, "dl": {"dt", "dd"}}


class _WellFormed(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.elements: list[str] = []

    def problem(self, what):
        self.problems.append(f"{what} (in {' > '.join(self.stack[-4:]) or 'the top'})")

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        parent = self.stack[-1] if self.stack else None
        if parent in PHRASING_ONLY and tag in BLOCKS:
            self.problem(f"<{tag}> in <{parent}>")
        if parent in ONLY and tag not in ONLY[parent]:
            self.problem(f"<{tag}> in <{parent}>")
        if tag == "a" and "a" in self.stack:
            self.problem("a link inside a link")
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.problem(f"id {value!r} twice")
                self.ids.add(value)
            if name.startswith("on"):
                self.problem(f"event handler {name}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.problem(f"<{tag} /> is not a void element")
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problem(f"</{tag}> does not close the open element")
            if tag in self.stack:
                del self.stack[self.stack.index(tag):]
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1] in ONLY and data.strip():
            self.problem(f"text {data.strip()[:30]!r} in <{self.stack[-1]}>")


def html_problems(markup: str) -> list[str]:
    checker = _WellFormed()
    checker.feed(markup)
    checker.close()
    problems = checker.problems
    if checker.stack:
        problems.append(f"left open: {checker.stack}")
    try:
        import html5lib  # Debian's python3-html5lib
    except ImportError:
        return problems
    body = "<body>" + markup.split("<body>", 1)[1] if "<body>" in markup else markup
    tree = html5lib.parseFragment(body, namespaceHTMLElements=False)
    built = [el.tag for el in tree.iter() if isinstance(el.tag, str) and el.tag != "DOCUMENT_FRAGMENT"]
    written = [t for t in checker.elements if t not in ("html", "head", "body", "meta", "title")]
    if built != written:
        import difflib
        problems.append("an HTML5 parser builds other elements: " +
                        " ".join(difflib.unified_diff(written, built, lineterm="", n=1))[:600])
    return problems


def test_the_checker_finds_what_it_looks_for():
    assert html_problems("<p><div>x</div></p>")
    assert html_problems("<ul>x</ul>") and html_problems("<b><i>x</b></i>") and html_problems("<p>open")
    assert html_problems('<a href="x"><a href="y">z</a></a>')
    assert not html_problems('<p><a href="x">y</a><br /></p>\n<ul>\n<li>z</li>\n</ul>')


def whole_wiki_html(wiki, out):
    run_cli("convert", wiki, "-t", "html", "-o", out, "-q")
    return sorted(out.rglob("*.html"))


@pytest.mark.parametrize("wiki", ["fixtures", "nixos-wiki", "owasp-wiki"])
def test_html_of_every_page_is_well_formed(wiki, tmp_path):
    folder = FIXTURE_WIKI if wiki == "fixtures" else need_corpus().parent / wiki
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    bad = {}
    for page in whole_wiki_html(folder, tmp_path / "out"):
        problems = html_problems(page.read_text(encoding="utf-8"))
        if problems:
            bad[page.name] = problems[:3]
    assert not bad, f"{len(bad)} pages: " + repr(list(bad.items())[:10])[:4000]


def test_html_of_raw_html_and_every_node_type(tmp_path):
    from test_epub import EVERY_NODE_PAGE, RAW_HTML_PAGE
    page = tmp_path / "Raw_HTML.md"
    page.write_text(RAW_HTML_PAGE)
    raw = run_cli("convert", page, "-t", "html").stdout
    assert html_problems(raw) == []
    for shown in ("<figure>", "<figcaption>The logo, <em>captioned</em></figcaption>", "<caption>Options compared",
                  '<th align="left">Option</th>', "<details>", "<summary>", "<mark>detail</mark>", "<kbd>Ctrl</kbd>",
                  "<!-- a comment - - with dashes -->", '<div style="text-align: center">', "Translated text"):
        assert shown in raw, shown
    for gone in ("<iframe", "<video", "<font", "<center", "<languages", "<translate", "<tvar"):
        assert gone not in raw, gone
    nodes = tmp_path / "nodes.json"
    nodes.write_text(json.dumps(EVERY_NODE_PAGE))
    for standalone in ("false", "true"):
        out = run_cli("convert", nodes, "-f", "json", "-t", "html", "-O", f"standalone={standalone}").stdout
        assert html_problems(out) == [], out
        assert "alert(1)" not in out and "onclick" not in out


def test_redirect_page_links_to_its_target(tmp_path):
    """issue 19: HTML has no redirects: a redirect page is a line linking to its target, and a
    standalone one also sends the browser there (meta refresh)."""
    wiki = tmp_path / "wiki"
    wiki.mkdir()
    (wiki / "Target_page.md").write_text("# Target page\n\n## Part\n\nText.\n", encoding="utf-8")
    (wiki / "Old_page.md").write_text('1.  REDIRECT [Target page](Target_page#Part "wikilink")\n', encoding="utf-8")
    run_cli("convert", wiki, "-t", "html", "-s", "-o", tmp_path / "out", "-q")
    page = (tmp_path / "out" / "Old page.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=Target%20page.html#Part" />' in page, page
    assert '<a href="Target%20page.html#Part">Target page#Part</a>' in page, page
    assert "REDIRECT" not in page


def test_standalone_title_and_links_to_pages_not_written(tmp_path):
    """issue 14: a standalone page shows its title once (pandoc's "# Title" is the title), text
    without a title gets no visible "Untitled", and a link to a page not in the output is a
    relative URL a browser does not read as a scheme (./Special:X)."""
    page = tmp_path / "Mutual_Aid.md"
    page.write_text('# Mutual Aid\n\nSee <a href="Special:MyLanguage/NixOS" class="wikilink" title="x">NixOS</a>.\n',
                    encoding="utf-8")
    html = run_cli("convert", page, "-t", "html", "-s").stdout
    assert html.count("<h1>Mutual Aid</h1>") == 1, html
    assert 'href="./Special:MyLanguage/NixOS"' in html, html
    titled = tmp_path / "Other.md"
    titled.write_text("Text.\n", encoding="utf-8")
    assert "<h1>Other</h1>" in run_cli("convert", titled, "-t", "html", "-s").stdout
    untitled = run_cli("convert", "-", "-t", "html", "-s", input="Text.\n").stdout
    assert "<h1>" not in untitled and "<title>Untitled</title>" in untitled, untitled
