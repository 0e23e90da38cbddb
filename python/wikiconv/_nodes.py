"""The document tree: one Python class per node type of the wikiconv model.

A page is a :class:`Document` whose ``children`` are blocks; containers hold their children in
a plain list you may edit freely. Nothing here recurses over the tree (walk, equality, repr and
copy use explicit stacks), so a 100,000-deep block quote is as fine as a flat page.
"""

from __future__ import annotations

import inspect
from typing import Any, Iterator

from . import _wikiconv

__all__ = [
    "Node", "Block", "Inline",
    "Document", "Heading", "Paragraph", "BulletList", "OrderedList", "ListItem", "CodeBlock",
    "BlockQuote", "Table", "TableRow", "TableCell", "ThematicBreak", "FootnoteDefinition",
    "HtmlBlock", "Div", "Plain", "Figure", "Caption", "DefinitionList", "DefinitionTerm",
    "DefinitionDetails", "CommentBlock",
    "Text", "Emphasis", "Strong", "Strikethrough", "Code", "Link", "WikiLink", "Image",
    "FootnoteReference", "SoftBreak", "LineBreak", "Superscript", "Subscript", "Span",
    "HtmlInline", "Underline", "CommentInline",
]

_MISSING = object()


class Node:
    """Base class of every node.

    Every node has ``line`` (1-based source line, 0 when unknown; ignored by ``==``) and
    ``attrs``, a dict of HTML attributes kept from the source (a Span's class, a table cell's
    colspan), usually empty. Container
    nodes have ``children`` (a list of nodes); leaves (Text, Code, CodeBlock, CommentBlock,
    CommentInline, ThematicBreak, SoftBreak, LineBreak, FootnoteReference) have none.

    Construct containers with their children as positional arguments or ``children=[...]`` and
    their fields as keywords: ``Heading(Text("Usage"), level=2)``,
    ``WikiLink(Text("label"), target="Main Page")``. Leaves take their main field
    positionally: ``Text("x")``, ``CodeBlock("print(1)\\n", info="python")``.
    """

    __slots__ = ("line", "attrs")
    #: The model's name of this node type ("Heading", "WikiLink", ...).
    type: str = "Node"
    #: True for nodes that hold children.
    is_container: bool = False
    #: True for block nodes, False for inlines.
    is_block: bool = False
    # (name, default) of the type's own fields, in constructor keyword order.
    _fields: tuple = ()
    # The positional (leaf) field, if any.
    _positional: str | None = None
    # Index of the C++ NodeType (set for concrete classes).
    _type_index: int = -1

    def __init__(self, *args: Any, line: int = 0, attrs: dict[str, str] | None = None,
                 **fields: Any) -> None:
        if self._type_index < 0:
            raise TypeError(f"{type(self).__name__} is abstract; use a concrete node class")
        self.line = line
        self.attrs = dict(attrs or {})
        if self.is_container:
            children = fields.pop("children", _MISSING)
            if children is not _MISSING and args:
                raise TypeError(f"{self.type}: give children positionally or as children=, not both")
            self.children = list(args) if children is _MISSING else list(children)
            for c in self.children:
                if not isinstance(c, Node):
                    raise TypeError(f"{self.type}: children must be nodes, got {type(c).__name__}")
        elif args:
            if self._positional is None or len(args) > 1:
                raise TypeError(f"{self.type}() takes no positional arguments"
                                if self._positional is None else
                                f"{self.type}() takes one positional argument ({self._positional})")
            if self._positional in fields:
                raise TypeError(f"{self.type}: {self._positional} given twice")
            fields[self._positional] = args[0]
        for name, default in self._fields:
            value = fields.pop(name, _MISSING)
            if value is _MISSING:
                value = list(default) if isinstance(default, list) else (
                    dict(default) if isinstance(default, dict) else default)
            setattr(self, name, value)
        if fields:
            raise TypeError(f"{self.type}: unknown field(s) {', '.join(sorted(fields))}; "
                            f"fields are {', '.join(self.field_names()) or 'none'}")

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The names of this node type's fields (besides ``children`` and ``line``)."""
        return tuple(name for name, _ in cls._fields)

    def fields(self) -> dict[str, Any]:
        """This node's fields as a dict (without ``children`` and ``line``)."""
        return {name: getattr(self, name) for name, _ in self._fields}

    def walk(self) -> Iterator[Node]:
        """Yields this node and every node below it in document order (depth first, parents
        before their children).

        You may change the node just yielded, including its ``children`` list: the walk
        descends into the children it has after you get control back. Replacing nodes in the
        ``children`` of an ancestor while walking is not supported (collect them, then edit).
        """
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.is_container:
                stack.extend(reversed(node.children))

    def text_content(self) -> str:
        """The concatenated text of this subtree (Text, Code, CodeBlock; breaks as spaces),
        without what a browser never shows (script, style and other hidden HTML elements)."""
        out: list[str] = []
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            if node.type in ("Text", "Code", "CodeBlock"):
                out.append(node.text)
            elif node.type in ("SoftBreak", "LineBreak"):
                out.append(" ")
            elif node.type in ("HtmlBlock", "HtmlInline") and _wikiconv.hidden_element(node.info):
                continue
            if node.is_container:
                stack.extend(reversed(node.children))
        return "".join(out)

    def copy(self) -> Node:
        """A deep copy of this subtree (``copy.deepcopy`` works too, at any depth)."""
        root = _shallow_copy(self)
        stack = [root]
        while stack:
            node = stack.pop()
            if node.is_container:
                node.children = [_shallow_copy(c) for c in node.children]
                stack.extend(node.children)
        return root

    def __getstate__(self) -> dict[str, Any]:
        # Slots, for pickle (Dask ships documents between processes); the wiki a Document was
        # read from stays behind.
        state = {}
        for cls in type(self).__mro__:
            for slot in getattr(cls, "__slots__", ()):
                if slot != "_wiki" and hasattr(self, slot):
                    state[slot] = getattr(self, slot)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        if "_loaded_title" in type(self).__slots__:
            setattr(self, "_wiki", None)

    def __deepcopy__(self, memo: dict) -> Node:
        return self.copy()

    def __copy__(self) -> Node:
        return _shallow_copy(self)

    def __eq__(self, other: object) -> bool:
        """Structural equality of the whole subtree: types, fields, children (not ``line``)."""
        if not isinstance(other, Node):
            return NotImplemented
        stack = [(self, other)]
        while stack:
            a, b = stack.pop()
            if a is b:
                continue
            if a._type_index != b._type_index or a.attrs != b.attrs or not _same_fields(a, b):
                return False
            if a.is_container:
                if len(a.children) != len(b.children):
                    return False
                stack.extend(zip(a.children, b.children))
        return True

    __hash__ = None  # type: ignore[assignment]  # nodes are mutable

    def __repr__(self) -> str:
        # Built with an explicit stack; very long reprs are cut.
        limit = 4000
        out: list[str] = []
        size = 0
        stack: list[Any] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
                size += len(item)
            else:
                parts = [repr(getattr(item, item._positional))] if item._positional else []
                parts += [f"{name}={getattr(item, name)!r}" for name, _ in item._fields
                          if name != item._positional]
                if item.attrs:
                    parts.append(f"attrs={item.attrs!r}")
                name = type(item).__name__
                if item.is_container and item.children:
                    # Name(child, child, field=value): the constructor's own form.
                    out.append(name + "(")
                    stack.append((", " + ", ".join(parts) if parts else "") + ")")
                    for i, child in enumerate(reversed(item.children)):
                        stack.append(child)
                        if i < len(item.children) - 1:
                            stack.append(", ")
                else:
                    out.append(name + "(" + ", ".join(parts) + ")")
                size += len(out[-1])
            if size > limit:
                out.append("...")
                break
        return "".join(out)


def _shallow_copy(node: Node) -> Node:
    clone = object.__new__(type(node))
    for cls in type(node).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            if hasattr(node, slot):
                value = getattr(node, slot)
                if slot == "_wiki":  # shared, not copied
                    setattr(clone, slot, value)
                    continue
                if isinstance(value, list):
                    value = list(value)
                elif isinstance(value, dict):
                    value = dict(value)
                setattr(clone, slot, value)
    return clone


def _same_fields(a: Node, b: Node) -> bool:
    for name, _ in a._fields:
        if getattr(a, name) != getattr(b, name):
            return False
    return True


class Block(Node):
    """Base class of block nodes (paragraphs, headings, lists, tables, ...)."""

    __slots__ = ()
    is_block = True


class Inline(Node):
    """Base class of inline nodes (text, emphasis, links, ...)."""

    __slots__ = ()
    is_block = False


# Node types in the order of the C++ NodeType enum (the extension maps them by index).
_TYPE_ORDER = [
    "Document", "Heading", "Paragraph", "BulletList", "OrderedList", "ListItem", "CodeBlock",
    "BlockQuote", "Table", "TableRow", "TableCell", "ThematicBreak", "FootnoteDefinition",
    "HtmlBlock", "Div", "Plain", "Figure", "Caption", "DefinitionList", "DefinitionTerm",
    "DefinitionDetails", "CommentBlock",
    "Text", "Emphasis", "Strong", "Strikethrough", "Code", "Link", "WikiLink",
    "Image", "FootnoteReference", "SoftBreak", "LineBreak", "Superscript", "Subscript", "Span",
    "HtmlInline", "Underline", "CommentInline",
]

_LEAVES = {"Text", "Code", "CodeBlock", "CommentBlock", "CommentInline", "ThematicBreak",
           "SoftBreak", "LineBreak", "FootnoteReference"}


def _node_class(name: str, base: type, doc: str, fields: tuple = (), positional: str | None = None,
                extra_slots: tuple = ()) -> type:
    container = name not in _LEAVES
    slots = tuple(f for f, _ in fields) + extra_slots + (("children",) if container else ())
    cls = type(name, (base,), {
        "__slots__": slots,
        "__doc__": doc,
        "__module__": "wikiconv",
        "type": name,
        "is_container": container,
        "_fields": fields,
        "_positional": positional,
        "_type_index": _TYPE_ORDER.index(name),
    })
    params = []
    if container:
        params.append(inspect.Parameter("children", inspect.Parameter.VAR_POSITIONAL,
                                        annotation="Node"))
    elif positional:
        params.append(inspect.Parameter(positional, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                        default=dict(fields)[positional]))
    for f, default in fields:
        if f != positional:
            params.append(inspect.Parameter(f, inspect.Parameter.KEYWORD_ONLY, default=default))
    params.append(inspect.Parameter("attrs", inspect.Parameter.KEYWORD_ONLY, default=None))
    params.append(inspect.Parameter("line", inspect.Parameter.KEYWORD_ONLY, default=0))
    cls.__signature__ = inspect.Signature(params)
    return cls


Heading = _node_class("Heading", Block, """A heading. ``level``: 1..6; children: inlines.""",
                      (("level", 1),))
Paragraph = _node_class("Paragraph", Block, """A paragraph; children: inlines.""")
BulletList = _node_class("BulletList", Block, """A bullet list; children: ListItem.
``tight``: items without blank lines between them.""", (("tight", True),))
OrderedList = _node_class("OrderedList", Block, """A numbered list; children: ListItem.
``start``: the first number; ``delimiter``: "." or ")"; ``tight`` as for BulletList.""",
                          (("start", 1), ("delimiter", "."), ("tight", True)))
ListItem = _node_class("ListItem", Block, """A list item; children: blocks.
``task``: None (no checkbox), "unchecked" or "checked".""", (("task", None),))
CodeBlock = _node_class("CodeBlock", Block, """A code block (leaf). ``text``: the code (ends with a
newline unless empty); ``info``: the language ("python"), may be empty.""",
                        (("text", ""), ("info", "")), positional="text")
BlockQuote = _node_class("BlockQuote", Block, """A block quote; children: blocks.""")
Table = _node_class("Table", Block, """A table; children: an optional Caption, then TableRow (header rows first).
``aligns``: one entry per column: None, "left", "center" or "right".""", (("aligns", []),))
TableRow = _node_class("TableRow", Block, """A table row; children: TableCell. ``header``: a header
row.""", (("header", False),))
TableCell = _node_class("TableCell", Block, """A table cell; children: inlines, or blocks (paragraphs,
lists, code, tables) when the cell holds blocks. ``header``: a header cell (<th>). ``attrs`` may
hold "colspan", "rowspan" (when more than 1) and "align" ("left", "center", "right").""",
                       (("header", False),))
ThematicBreak = _node_class("ThematicBreak", Block, """A horizontal rule (leaf).""")
FootnoteDefinition = _node_class("FootnoteDefinition", Block, """The text of a footnote; children:
blocks. ``label``: the name FootnoteReference uses.""", (("label", ""),))
HtmlBlock = _node_class("HtmlBlock", Block, """An HTML element the model has no node for, in block
context; children: blocks (its content, or an embedded element's fallback content). ``info``: the
element ("iframe", "video", "script", "nixpkgs"); ``text``: the raw content of script, style
and other raw-text elements. Writers show what a browser shows: nothing of hidden elements
(script, style), their content for unknown ones (<nixpkgs>, <translate>).""",
                        (("info", ""), ("text", "")))
Div = _node_class("Div", Block, """A block wrapper from HTML; children: blocks. ``info``: the element,
"" for <div>, else "center", "section", "details", "summary", ...; ``attrs``: its attributes.""",
                  (("info", ""),))
Plain = _node_class("Plain", Block, """Inline content shown without a paragraph (loose text in an HTML
block, a cell's text beside blocks); children: inlines.""")
Figure = _node_class("Figure", Block, """A figure; children: blocks (its content) and at most one
Caption.""")
Caption = _node_class("Caption", Block, """The caption of a Table (its first child) or of a Figure;
children: inlines, or blocks.""")
DefinitionList = _node_class("DefinitionList", Block, """A definition list (<dl>); children:
DefinitionTerm and DefinitionDetails, in source order.""")
DefinitionTerm = _node_class("DefinitionTerm", Block, """A term of a DefinitionList (<dt>); children:
inlines.""")
DefinitionDetails = _node_class("DefinitionDetails", Block, """A definition of a DefinitionList (<dd>);
children: blocks.""")
CommentBlock = _node_class("CommentBlock", Block, """An HTML comment between blocks (leaf). ``text``:
what the comment holds (between "<!--" and "-->").""", (("text", ""),), positional="text")

Text = _node_class("Text", Inline, """Plain text (leaf). ``text``: the characters.""",
                   (("text", ""),), positional="text")
Emphasis = _node_class("Emphasis", Inline, """Emphasis (italics); children: inlines.""")
Strong = _node_class("Strong", Inline, """Strong emphasis (bold); children: inlines.""")
Strikethrough = _node_class("Strikethrough", Inline, """Struck-out text; children: inlines.""")
Code = _node_class("Code", Inline, """Inline code (leaf). ``text``: the code; ``info``: "" (backticks,
<code>, <tt>), or the element it came from: "kbd", "samp".""",
                   (("text", ""), ("info", "")), positional="text")
Link = _node_class("Link", Inline, """A link to a URL; children: the label.
``target``: the URL; ``title``: the tooltip, may be empty.""", (("target", ""), ("title", "")))
WikiLink = _node_class("WikiLink", Inline, """A link to a page of the wiki; children: the label.
``target``: the page title ("Main Page", "Tankie:Introduction"); ``anchor``: the section
(without "#"), may be empty. An empty target with an anchor links within the page. ``title``:
the form it was read in ("wikilink": older pandoc's), kept by the gfm writer. ``info``: ":"
for a link written [[:Category:X]] (to the page, not a categorisation).""",
                       (("target", ""), ("anchor", ""), ("title", ""), ("info", "")))
Image = _node_class("Image", Inline, """An image; children: the alt text.
``target``: the URL or "File:Name.png"; ``title``: the caption; ``size``: e.g. "300px";
``info``: "wikilink" or "a" when it was written as a wiki link (kept by the gfm writer).""",
                    (("target", ""), ("title", ""), ("size", ""), ("info", "")))
FootnoteReference = _node_class("FootnoteReference", Inline, """A footnote mark (leaf). ``label``:
the FootnoteDefinition it refers to.""", (("label", ""),), positional="label")
SoftBreak = _node_class("SoftBreak", Inline, """A line break in the source that is a space in the
output (leaf).""")
LineBreak = _node_class("LineBreak", Inline, """A hard line break (leaf).""")
Superscript = _node_class("Superscript", Inline, """Superscript; children: inlines.""")
Subscript = _node_class("Subscript", Inline, """Subscript; children: inlines.""")
Span = _node_class("Span", Inline, """An inline wrapper from HTML; children: inlines. ``info``: the
element, "" for <span> and <a> without href, else "mark", "small", "abbr", "cite", "q", ...;
``attrs``: its attributes.""", (("info", ""),))
HtmlInline = _node_class("HtmlInline", Inline, """An HTML element the model has no node for, in inline
context; children: inlines. ``info`` and ``text`` as for HtmlBlock.""",
                         (("info", ""), ("text", "")))
Underline = _node_class("Underline", Inline, """Underlined text (<u>, <ins>); children: inlines.""")
CommentInline = _node_class("CommentInline", Inline, """An HTML comment within a paragraph (leaf).
``text``: what the comment holds.""", (("text", ""),), positional="text")

for _cls in (Node, Block, Inline):
    _cls.__module__ = "wikiconv"
