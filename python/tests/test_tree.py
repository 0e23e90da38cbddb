"""The document tree: reading, walking, building and editing nodes, and round trips through
the library (to("json") and read back gives an equal tree)."""

from __future__ import annotations

import copy
import json

import pytest

import wikiconv
from wikiconv import (BlockQuote, BulletList, Caption, Code, CodeBlock, CommentBlock, CommentInline,
                      DefinitionDetails, DefinitionList, DefinitionTerm, Div, Document, Emphasis,
                      Figure, FootnoteDefinition, FootnoteReference, Heading, HtmlBlock, HtmlInline,
                      Image, LineBreak, Link, ListItem, OrderedList, Paragraph, Plain, SoftBreak,
                      Span, Strikethrough, Strong, Subscript, Superscript, Table, TableCell,
                      TableRow, Text, ThematicBreak, Underline, WikiLink)
from helpers import FIXTURE_WIKI

PAGE = """---
author: Ada
---
# Usage

Some *emphasis*, **strong**, ~~struck~~ and `code`, a [link](https://example.org "tip") and
<a href="Main_Page#History" class="wikilink" title="Main Page">the main page</a>.

- [x] done
- [ ] open

3) three
4) four

> quoted

| a | b |
|:--|--:|
| 1 | 2 |

```python
print(1)
```

Note[^n].

[^n]: The note.

<a href="Category:Tests" class="wikilink" title="Category:Tests">Category:Tests</a>
"""


def every_node_type() -> Document:
    """A document with every node type and non-default fields, built with the constructors."""
    return Document(
        Heading(Text("Title "), Emphasis(Text("it")), level=2),
        Paragraph(Strong(Text("b")), Strikethrough(Text("s")), Code("x = 1"), SoftBreak(),
                  Link(Text("site"), target="https://example.org", title="tip"), LineBreak(),
                  WikiLink(Text("label"), target="Main Page", anchor="History"),
                  Image(Text("alt"), target="File:Logo.png", title="The logo", size="300px"),
                  FootnoteReference("n1"), Superscript(Text("2")), Subscript(Text("i")),
                  Span(Text("red"), attrs={"class": "red", "id": "r"}),
                  Span(Text("marked"), info="mark"), Code("C-x", info="kbd"), Underline(Text("u")),
                  HtmlInline(Text("pkgs"), info="nixpkgs"), CommentInline(" note "),
                  HtmlInline(info="script", text="alert(1)")),
        BulletList(ListItem(Paragraph(Text("a")), task="checked"),
                   ListItem(Paragraph(Text("b")), task="unchecked"), tight=False),
        OrderedList(ListItem(Paragraph(Text("one"))), start=7, delimiter=")", tight=True),
        BlockQuote(Paragraph(Text("q"))),
        Table(TableRow(TableCell(Text("h1")), TableCell(Text("h2")), header=True),
              TableRow(TableCell(Text("1")), TableCell(Text("2"))),
              aligns=["left", None]),
        Table(Caption(Text("cap")),
              TableRow(TableCell(Text("h"), header=True, attrs={"colspan": "2"})),
              TableRow(TableCell(Paragraph(Text("p")), CodeBlock("x\n"), attrs={"align": "center"}),
                       TableCell(Text("c"))),
              aligns=[None, None]),
        Figure(Plain(Image(Text("alt"), target="File:Logo.png")), Caption(Text("The logo"))),
        DefinitionList(DefinitionTerm(Text("term")), DefinitionDetails(Paragraph(Text("means")))),
        CommentBlock(" a comment "),
        CodeBlock("print(1)\n", info="python"),
        ThematicBreak(),
        FootnoteDefinition(Paragraph(Text("The note.")), label="n1"),
        HtmlBlock(Paragraph(Text("fallback")), info="video", attrs={"src": "v.webm"}),
        Div(Paragraph(Text("in a div")), attrs={"class": "box"}),
        Div(Plain(Text("centered")), info="center"),
        title="Tankie:Everything", categories=["Tests", "All nodes"], metadata={"author": "Ada"},
    )


def test_read_gives_navigable_tree():
    doc = wikiconv.read(PAGE, title="Some page")
    assert isinstance(doc, Document)
    assert doc.title == "Some page" and doc.name == "Some page" and doc.namespace == ""
    assert doc.categories == ["Tests"]
    assert doc.metadata == {"author": "Ada"}
    heading = doc.children[0]
    assert isinstance(heading, Heading) and heading.level == 1 and heading.text_content() == "Usage"
    assert heading.line == 4
    types = {node.type for node in doc.walk()}
    assert {"Emphasis", "Strong", "Strikethrough", "Code", "Link", "WikiLink", "BulletList",
            "OrderedList", "BlockQuote", "Table", "TableRow", "TableCell", "CodeBlock",
            "FootnoteReference", "FootnoteDefinition"} <= types
    [link] = [n for n in doc.walk() if isinstance(n, WikiLink)]
    assert (link.target, link.anchor, link.text_content()) == ("Main Page", "History", "the main page")
    tasks = [n.task for n in doc.walk() if isinstance(n, ListItem) and n.task]
    assert tasks == ["checked", "unchecked"]
    [ordered] = [n for n in doc.walk() if isinstance(n, OrderedList)]
    assert (ordered.start, ordered.delimiter) == (3, ")")
    [table] = [n for n in doc.walk() if isinstance(n, Table)]
    assert table.aligns == [None, "right"] or table.aligns == ["left", "right"]
    [code] = [n for n in doc.walk() if isinstance(n, CodeBlock)]
    assert (code.info, code.text) == ("python", "print(1)\n")
    # walk() is document order: the heading's text comes before the paragraph's.
    texts = [n.text for n in doc.walk() if isinstance(n, Text)]
    assert texts.index("Usage") < texts.index("Some ")


def test_namespaced_title():
    doc = wikiconv.read("text\n", title="Help:Editing")
    assert (doc.namespace, doc.name) == ("Help", "Editing")


def test_every_node_type_round_trips_through_json():
    doc = every_node_type()
    text = doc.to("json")
    data = json.loads(text)
    assert data["title"] == "Tankie:Everything"
    back = wikiconv.read(text, from_="json")
    assert back == doc
    assert back.categories == ["Tests", "All nodes"] and back.metadata == {"author": "Ada"}
    # And once more through the library's own reader of its JSON.
    assert wikiconv.read(back.to("json"), from_="json") == doc


def test_editing_a_read_page_round_trips():
    doc = wikiconv.read(PAGE, title="Some page")
    # Edit: retarget links, add a section with a new node of every kind of field, drop the quote.
    for node in doc.walk():
        if isinstance(node, WikiLink):
            node.target = "Home"
            node.children = [Text("home page")]
    doc.children = [c for c in doc.children if not isinstance(c, BlockQuote)]
    doc.children.append(Heading(Text("Added"), level=3))
    doc.children.append(Paragraph(WikiLink(Text("new"), target="New Page"), Text(" end")))
    doc.categories.append("Edited")
    doc.metadata["editor"] = "script"
    doc.title = "Renamed page"

    back = wikiconv.read(doc.to("json"), from_="json")
    assert back == doc
    assert back.title == "Renamed page"
    assert not any(isinstance(n, BlockQuote) for n in back.walk())
    assert [n.target for n in back.walk() if isinstance(n, WikiLink)] == ["Home", "New Page"]
    assert back.categories == ["Tests", "Edited"]
    # The edit shows in every format.
    html = doc.to("html")
    assert "home page" in html and "Added" in html and "quoted" not in html


def test_equality_ignores_lines_but_not_content():
    a = wikiconv.read(PAGE, title="P")
    b = wikiconv.read("\n\n" + PAGE.split("---\n", 2)[2], title="P")
    b.metadata = {"author": "Ada"}
    assert a.children[0].line != b.children[0].line
    assert a == b
    b.children[0].level = 2
    assert a != b
    assert Text("x") == Text("x") and Text("x") != Text("y") and Text("x") != Code("x")


def test_copy_is_deep():
    doc = every_node_type()
    for clone in (doc.copy(), copy.deepcopy(doc)):
        assert clone == doc and clone is not doc
        clone.children[0].children[0].text = "changed"
        assert doc.children[0].children[0].text == "Title "
        assert clone != doc


def test_constructors_check_their_arguments():
    assert WikiLink(target="A", children=[Text("x")]) == WikiLink(Text("x"), target="A")
    assert Text("x").text == "x" and Text(text="x").text == "x"
    with pytest.raises(TypeError, match="unknown field"):
        Heading(Text("x"), levle=2)
    with pytest.raises(TypeError):
        Text("a", "b")
    with pytest.raises(TypeError, match="children must be nodes"):
        Paragraph("not a node")
    with pytest.raises(AttributeError):
        Text("x").children
    with pytest.raises(AttributeError):
        Text("x").colour = "red"
    with pytest.raises(TypeError):
        wikiconv.Node()


def test_bad_fields_are_reported_when_written():
    # Constructors refuse these (tests/integration/test_python_api.py); fields set afterwards
    # are checked when the tree is written.
    heading = Heading(Text("x"), level=1)
    heading.level = 9
    with pytest.raises(ValueError, match="Heading.level"):
        Document(heading).to("json")
    text = Text("x")
    text.text = 5
    with pytest.raises(TypeError, match="Text.text"):
        Document(Paragraph(text)).to("json")
    doc = Document(Paragraph(Text("x")))
    with pytest.raises(TypeError, match="children must be nodes"):
        doc.children[0].children.append("text")
    list.append(doc.children[0].children, "text")  # past the NodeList's check
    with pytest.raises(TypeError, match="wikiconv node"):
        doc.to("json")
    loop = Paragraph(Text("x"))
    loop.children.append(loop)
    with pytest.raises(ValueError, match="contains itself"):
        Document(loop).to("json")
    # A node shared by two parents is fine (written twice).
    shared = Text("same")
    out = Document(Paragraph(shared), Paragraph(shared)).to("json")
    assert out.count('"same"') == 2


def test_repr_is_the_constructor_form():
    node = Heading(Text("Usage"), level=2)
    assert repr(node) == "Heading(Text('Usage'), level=2)"
    assert eval(repr(node), vars(wikiconv)) == node


def test_deep_nesting_does_not_recurse():
    depth = 100_000
    doc = wikiconv.read("> " * depth + "deep\n", title="Deep")
    assert sum(1 for n in doc.walk() if isinstance(n, BlockQuote)) == depth
    assert len(repr(doc)) < 10_000
    assert doc.copy() == doc
    back = wikiconv.read(doc.to("json"), from_="json")
    assert back == doc
    assert "deep" in doc.to("html")


def test_page_of_the_sample_wiki():
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)
    doc = wiki["Tankie:Introduction"]
    assert (doc.namespace, doc.name) == ("Tankie", "Introduction")
    assert doc.source.endswith("Tankie:Introduction.md")
    assert doc.timestamp > 0
    assert "Tankie" in doc.categories


def test_documents_and_errors_pickle():
    """Dask ships documents and errors between processes."""
    import pickle
    doc = wikiconv.Wiki.load(FIXTURE_WIKI)["Tankie"]
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc and back.title == "Tankie" and back.timestamp == doc.timestamp
    assert back.to("wikitext" if "wikitext" in [f.name for f in wikiconv.formats()] else "html")
    assert pickle.loads(pickle.dumps(every_node_type())) == every_node_type()
    error = wikiconv.Error("Bad.md:3: invalid", "Bad.md", 3)
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.file, again.line, str(again)) == (wikiconv.Error, "Bad.md", 3, "Bad.md:3: invalid")


def test_raw_html_nodes_are_elements():
    doc = every_node_type()
    [video] = [n for n in doc.walk() if isinstance(n, HtmlBlock)]
    assert video.is_container and video.info == "video" and video.text_content() == "fallback"
    assert {n.type for n in doc.walk()} >= {"Plain", "Figure", "Caption", "DefinitionList",
                                             "DefinitionTerm", "DefinitionDetails", "CommentBlock",
                                             "CommentInline", "Underline"}
    # Hidden elements (script) and comments are no text; unknown ones (<nixpkgs>) are.
    [para] = [n for n in doc.children if isinstance(n, Paragraph)][:1]
    assert "alert" not in para.text_content() and "note" not in para.text_content()
    assert "pkgs" in para.text_content()
    # The constructor form, copies and equality cover the new fields.
    cell = TableCell(Text("h"), header=True, attrs={"colspan": "2"})
    assert repr(cell) == "TableCell(Text('h'), header=True, attrs={'colspan': '2'})"
    assert repr(Code("x", info="kbd")) == "Code('x', info='kbd')"
    assert repr(HtmlInline(Text("t"), info="nixpkgs")) == "HtmlInline(Text('t'), info='nixpkgs', text='')"
    assert cell.copy() == cell and cell != TableCell(Text("h"), attrs={"colspan": "2"})
    assert Span(Text("x"), info="mark") != Span(Text("x"))
    assert copy.deepcopy(doc) == doc
    with pytest.raises(TypeError):
        HtmlBlock("<aside>raw</aside>")  # raw HTML strings are gone: children are nodes


def test_new_node_types_in_html_and_epub():
    doc = every_node_type()
    html = doc.to("html")
    for expected in ("<figure>", "<figcaption>The logo</figcaption>", "<dl>", "<dt>term</dt>",
                     "<caption>cap</caption>", '<th colspan="2">h</th>', "<kbd>C-x</kbd>", "<u>u</u>",
                     "<mark>marked</mark>", "<!-- a comment -->", "fallback"):
        assert expected in html, expected
    assert "alert" not in html and "<script" not in html and "<video" not in html
    with pytest.warns(wikiconv.ConversionWarning, match="Logo.png"):  # no media in a one-page wiki
        assert isinstance(doc.to("epub"), bytes)


def test_json_version_1_still_reads():
    old = json.dumps({"wikiconv-json": 1, "title": "Old", "body": {"t": "Document", "c": [
        {"t": "Paragraph", "c": [{"t": "Text", "text": "a "}, {"t": "HtmlInline", "text": "<b>"}]},
        {"t": "HtmlBlock", "text": "<div>x</div>"}]}})
    doc = wikiconv.read(old, from_="json")
    assert doc.title == "Old" and len(doc.children) == 2
    assert json.loads(doc.to("json"))["wikiconv-json"] == 2
    with pytest.raises(wikiconv.Error):
        wikiconv.read(json.dumps({"wikiconv-json": 3, "body": {"t": "Document", "c": []}}), from_="json")
