"""Type stubs of wikiconv: convert a wiki of Markdown pages into MediaWiki, DokuWiki, EPUB,
HTML and JSON (see the package docstring, help(wikiconv))."""

import datetime
import os
from collections.abc import Mapping
from pathlib import Path
from typing import (Any, Callable, ClassVar, Iterable, Iterator, Literal, NamedTuple, Optional, Type, TypeVar,
                    Union, overload)

PathLike = Union[str, os.PathLike[str]]
#: Formats whose page output is bytes (Format.binary), and the ones whose output is text.
BinaryFormat = Literal["epub"]
TextFormat = Literal["wikitext", "mediawiki", "dokuwiki", "html", "json", "gfm", "markdown"]
_N = TypeVar("_N", bound="Node")
#: What Node.filter takes: a node class, a tuple of them, a type name, a predicate or None.
Kind = Union[type, tuple[type, ...], str, Callable[["Node"], bool], None]

class Error(Exception):
    """A conversion failed; ``file``, ``line`` and ``column`` say where (None / 0 when unknown)."""
    file: Optional[str]
    line: int
    column: int
    message: str
    diagnostics: list[Diagnostic]
    result: Any
    def __init__(self, message: str = ..., file: Optional[str] = ..., line: int = ..., column: int = ...) -> None: ...

class UsageError(Error, ValueError):
    """An unknown format, input format or writer option (with a suggestion); nothing written."""

class OutputError(Error):
    """The output cannot be written; the previous output is as it was."""

class ConversionWarning(UserWarning):
    """Something in a page was converted approximately; the message starts with "file:line:"."""

class Diagnostic(NamedTuple):
    """A warning or error about a page."""
    severity: str
    file: str
    line: int
    message: str
    column: int = ...

class Format(NamedTuple):
    """An output format (see formats())."""
    name: str
    description: str
    binary: bool
    wiki_output: str
    options: dict[str, str]

class PageInfo(NamedTuple):
    """A page of a Wiki before it is read."""
    title: str
    namespace: str
    file: str
    path: Path

class Revision(NamedTuple):
    """A commit that changed a page's file (Wiki.revisions): its place in the repository's
    history, commit id, author, email, author time (UTC), subject, the file's path then
    (relative to the wiki's folder) and its text then."""
    id: int
    commit: str
    author: str
    email: str
    time: datetime.datetime
    message: str
    path: str
    text: str

class BrokenLink(NamedTuple):
    """A wiki link to a page that does not exist."""
    page: str
    file: str
    line: int
    target: str

class NameCollision(NamedTuple):
    """Titles a format writes under one ``name`` (DokuWiki: one page id), in title order, and
    the ``names`` it writes them as."""
    name: str
    titles: list[str]
    names: list[str]

__version__: str

def version() -> str:
    """The version of the wikiconv library (the same as ``__version__``)."""
def formats() -> list[Format]:
    """The registered output formats."""
@overload
def convert(text: Union[str, bytes], to: BinaryFormat, *, from_: str = ..., title: Optional[str] = ...,
            strict: bool = ..., **options: Any) -> bytes: ...
@overload
def convert(text: Union[str, bytes], to: TextFormat = ..., *, from_: str = ..., title: Optional[str] = ...,
            strict: bool = ..., **options: Any) -> str: ...
@overload
def convert(text: Union[str, bytes], to: str, *, from_: str = ..., title: Optional[str] = ...,
            strict: bool = ..., **options: Any) -> Union[str, bytes]:
    """Converts one page of text to format ``to`` (str, or bytes for binary formats)."""
def read(text: Union[str, bytes], *, from_: str = ..., title: Optional[str] = ...,
         strict: bool = ...) -> Document:
    """Reads one page of text as a Document."""
@overload
def write(doc: Document, to: BinaryFormat, **options: Any) -> bytes: ...
@overload
def write(doc: Document, to: TextFormat = ..., **options: Any) -> str: ...
@overload
def write(doc: Document, to: str, **options: Any) -> Union[str, bytes]:
    """Writes a Document in format ``to`` (str, or bytes for binary formats)."""
def from_json(text: Union[str, bytes], *, title: Optional[str] = ...) -> Document:
    """The Document that ``doc.to_json()`` wrote."""

class NodeList(list[Node]):
    """A container's children: a list that keeps each node's ``parent`` up to date."""
    def __init__(self, owner: Node, nodes: Iterable[Node] = ...) -> None: ...

class Node:
    """Base class of every node: ``line``, ``walk()``, ``copy()``, structural ``==``."""
    type: ClassVar[str]
    is_container: ClassVar[bool]
    is_block: ClassVar[bool]
    line: int
    attrs: dict[str, str]
    @classmethod
    def field_names(cls) -> tuple[str, ...]: ...
    def fields(self) -> dict[str, Any]: ...
    @property
    def parent(self) -> Optional[Node]:
        """The node whose children hold this one (None for a root)."""
    def ancestors(self) -> list[Node]: ...
    @overload
    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in document order."""
    @overload
    def walk(self: _N, action: Callable[[Node], Union[None, Node, list[Node], tuple[Node, ...]]]) -> Union[_N, Node]:
        """Calls action on every node, children first; its result replaces the node
        (None: kept; a node: replaces it; a list: replaces it, [] removes it)."""
    @overload
    def filter(self, kind: Type[_N], *, recursive: bool = ...) -> list[_N]:
        """The nodes below this one of ``kind``, in document order."""
    @overload
    def filter(self, kind: Union[tuple[Type[Node], ...], str, Callable[[Node], bool], None] = ..., *,
               recursive: bool = ...) -> list[Node]: ...
    def filter_wikilinks(self, *, recursive: bool = ...) -> list[WikiLink]: ...
    def filter_links(self, *, recursive: bool = ...) -> list[Link]: ...
    def filter_images(self, *, recursive: bool = ...) -> list[Image]: ...
    def filter_headings(self, *, recursive: bool = ...) -> list[Heading]: ...
    def filter_text(self, *, recursive: bool = ...) -> list[Text]: ...
    def filter_comments(self, *, recursive: bool = ...) -> list[Union[CommentBlock, CommentInline]]: ...
    def filter_tables(self, *, recursive: bool = ...) -> list[Table]: ...
    def replace(self, *nodes: Node) -> None:
        """Puts ``nodes`` where this node is in its parent's children."""
    def remove(self) -> None:
        """Takes this node out of its parent's children."""
    def text_content(self) -> str: ...
    def copy(self) -> Node: ...
    def __eq__(self, other: object) -> bool: ...

class Block(Node):
    """Base class of block nodes."""

class Inline(Node):
    """Base class of inline nodes."""

class Document(Block):
    """A page: the root of the tree (children: blocks) with its title, categories, metadata."""
    title: str
    namespace: str
    categories: list[str]
    metadata: dict[str, str]
    redirect: str
    redirect_anchor: str
    timestamp: int
    source: str
    children: NodeList
    def __init__(self, *children: Node, title: str = ..., namespace: str = ...,
                 categories: Optional[list[str]] = ..., metadata: Optional[dict[str, str]] = ...,
                 redirect: str = ..., redirect_anchor: str = ..., timestamp: int = ..., source: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @property
    def name(self) -> str:
        """The title without its namespace prefix."""
    @overload
    def to(self, format: BinaryFormat, **options: Any) -> bytes: ...
    @overload
    def to(self, format: TextFormat = ..., **options: Any) -> str: ...
    @overload
    def to(self, format: str, **options: Any) -> Union[str, bytes]:
        """This page in ``format`` (str, or bytes for binary formats)."""
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> Document: ...
    def __str__(self) -> str:
        """The page as GFM Markdown."""
    def copy(self) -> Document: ...

class Wiki(Mapping[str, Document]):
    """A folder of Markdown pages: a mapping from titles to Documents."""
    @classmethod
    def load(cls, path: PathLike, *, strict: bool = ..., namespaces: tuple[str, ...] = ...,
             main_namespace: tuple[str, ...] = ..., title: Optional[str] = ...) -> Wiki:
        """Opens the wiki in folder ``path`` (or a wiki of one page file)."""
    @property
    def root(self) -> Path: ...
    @property
    def pages(self) -> list[PageInfo]: ...
    @property
    def titles(self) -> list[str]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def __contains__(self, title: object) -> bool: ...
    def __getitem__(self, title: str) -> Document: ...
    def documents(self) -> Iterator[Document]: ...
    def shard(self, index: int, count: int) -> Wiki:
        """Part ``index`` of ``count`` contiguous parts of the wiki (lookups see every page)."""
    def resolve(self, target: str) -> str: ...
    def exists(self, target: str) -> bool: ...
    @property
    def namespaces(self) -> list[str]: ...
    @property
    def collisions(self) -> dict[str, list[str]]: ...
    @property
    def media(self) -> dict[str, Path]: ...
    def revisions(self, title: str) -> list[Revision]:
        """The page's history from git, oldest first, following renames; empty outside git or
        for a file with uncommitted changes."""
        ...
    @property
    def categories(self) -> dict[str, list[str]]: ...
    @property
    def broken_links(self) -> list[BrokenLink]: ...
    @property
    def links(self) -> dict[str, list[str]]: ...
    def name_collisions(self, to: str) -> list[NameCollision]: ...
    def rename(self, old: str, new: str) -> dict[str, Any]: ...
    def write(self, path: PathLike, to: str = ..., *,
              filter: Optional[Callable[[Document], Optional[Document]]] = ...,
              threads: Optional[int] = ..., progress: bool = ..., keep_going: bool = ...,
              **options: Any) -> list[Diagnostic]:
        """Writes the whole wiki to ``path`` in format ``to``."""

class Heading(Block):
    """A heading. ``level``: 1..6; children: inlines."""
    level: int
    children: NodeList
    @overload
    def __init__(self, *children: Node, level: int = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], level: int = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Paragraph(Block):
    """A paragraph; children: inlines."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class BulletList(Block):
    """A bullet list; children: ListItem. ``tight``: items without blank lines between them."""
    tight: bool
    children: NodeList
    @overload
    def __init__(self, *children: Node, tight: bool = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], tight: bool = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class OrderedList(Block):
    """A numbered list; children: ListItem. ``start``: the first number; ``delimiter``: "." or ")"; ``tight`` as for BulletList."""
    start: int
    delimiter: str
    tight: bool
    children: NodeList
    @overload
    def __init__(self, *children: Node, start: int = ..., delimiter: str = ..., tight: bool = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], start: int = ..., delimiter: str = ..., tight: bool = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class ListItem(Block):
    """A list item; children: blocks. ``task``: None (no checkbox), "unchecked" or "checked"."""
    task: Optional[str]
    children: NodeList
    @overload
    def __init__(self, *children: Node, task: Optional[str] = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], task: Optional[str] = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class CodeBlock(Block):
    """A code block (leaf). ``text``: the code (ends with a newline unless empty); ``info``: the language ("python"), may be empty."""
    text: str
    info: str
    def __init__(self, text: str = ..., *, info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class BlockQuote(Block):
    """A block quote; children: blocks."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Table(Block):
    """A table; children: an optional Caption, then TableRow (header rows first). ``aligns``: one entry per column: None, "left", "center" or "right"."""
    aligns: list[Optional[str]]
    children: NodeList
    @overload
    def __init__(self, *children: Node, aligns: list[Optional[str]] = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], aligns: list[Optional[str]] = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class TableRow(Block):
    """A table row; children: TableCell. ``header``: a header row; ``info``: "thead" when read from an HTML table's <thead>."""
    header: bool
    info: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, header: bool = ..., info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], header: bool = ..., info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class TableCell(Block):
    """A table cell; children: inlines, or blocks (paragraphs, lists, code, tables) when the cell holds blocks. ``header``: a header cell (<th>). ``attrs`` may hold "colspan", "rowspan" (when more than 1) and "align" ("left", "center", "right")."""
    header: bool
    children: NodeList
    @overload
    def __init__(self, *children: Node, header: bool = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], header: bool = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class ThematicBreak(Block):
    """A horizontal rule (leaf)."""
    def __init__(self, *, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class FootnoteDefinition(Block):
    """The text of a footnote; children: blocks. ``label``: the name FootnoteReference uses."""
    label: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, label: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], label: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class HtmlBlock(Block):
    """An HTML element the model has no node for, in block context; children: blocks (its content, or an embedded element's fallback content). ``info``: the element ("iframe", "video", "script", "nixpkgs"); ``text``: the raw content of script, style and other raw-text elements. Writers show what a browser shows: nothing of hidden elements (script, style), their content for unknown ones (<nixpkgs>, <translate>)."""
    info: str
    text: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, info: str = ..., text: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], info: str = ..., text: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Div(Block):
    """A block wrapper from HTML; children: blocks. ``info``: the element, "" for <div>, else "center", "section", "details", "summary", ...; ``attrs``: its attributes."""
    info: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Plain(Block):
    """Inline content shown without a paragraph (loose text in an HTML block, a cell's text beside blocks); children: inlines."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Figure(Block):
    """A figure; children: blocks (its content) and at most one Caption."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Caption(Block):
    """The caption of a Table (its first child) or of a Figure; children: inlines, or blocks."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class DefinitionList(Block):
    """A definition list (<dl>); children: DefinitionTerm and DefinitionDetails, in source order."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class DefinitionTerm(Block):
    """A term of a DefinitionList (<dt>); children: inlines."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class DefinitionDetails(Block):
    """A definition of a DefinitionList (<dd>); children: blocks."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class CommentBlock(Block):
    """An HTML comment between blocks (leaf). ``text``: what the comment holds (between "<!--" and "-->")."""
    text: str
    def __init__(self, text: str = ..., *, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Text(Inline):
    """Plain text (leaf). ``text``: the characters."""
    text: str
    def __init__(self, text: str = ..., *, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Emphasis(Inline):
    """Emphasis (italics); children: inlines. ``info``: "" or the element it came from when not <em>: "i"."""
    info: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Strong(Inline):
    """Strong emphasis (bold); children: inlines. ``info``: "" or the element it came from when not <strong>: "b"."""
    info: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Strikethrough(Inline):
    """Struck-out text; children: inlines. ``info``: "" or the element it came from when not <del>: "s", "strike"."""
    info: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Code(Inline):
    """Inline code (leaf). ``text``: the code; ``info``: "" (backticks, <code>, <tt>), or the element it came from: "kbd", "samp"."""
    text: str
    info: str
    def __init__(self, text: str = ..., *, info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Link(Inline):
    """A link to a URL; children: the label. ``target``: the URL; ``title``: the tooltip, may be empty."""
    target: str
    title: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, target: str = ..., title: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], target: str = ..., title: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class WikiLink(Inline):
    """A link to a page of the wiki; children: the label. ``target``: the page title ("Main Page", "Tankie:Introduction"); ``anchor``: the section (without "#"), may be empty. An empty target with an anchor links within the page. ``title``: the form it was read in ("wikilink": older pandoc's), kept by the gfm writer. ``href``: the target as the page spelled it ("image:X.png", "A_%28B%29"), "" when plain; the gfm writer keeps it while it names the same target."""
    target: str
    anchor: str
    title: str
    info: str
    href: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, target: str = ..., anchor: str = ..., title: str = ..., info: str = ..., href: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], target: str = ..., anchor: str = ..., title: str = ..., info: str = ..., href: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Image(Inline):
    """An image; children: the alt text. ``target``: the URL or "File:Name.png"; ``title``: the caption; ``size``: e.g. "300px"; ``info``: "wikilink" or "a" when it was written as a wiki link (kept by the gfm writer); ``href``: that link's target as the page spelled it ("image:x.png"), "" when plain."""
    target: str
    title: str
    size: str
    info: str
    href: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, target: str = ..., title: str = ..., size: str = ..., info: str = ..., href: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], target: str = ..., title: str = ..., size: str = ..., info: str = ..., href: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class FootnoteReference(Inline):
    """A footnote mark (leaf). ``label``: the FootnoteDefinition it refers to."""
    label: str
    def __init__(self, label: str = ..., *, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class SoftBreak(Inline):
    """A line break in the source that is a space in the output (leaf)."""
    def __init__(self, *, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class LineBreak(Inline):
    """A hard line break (leaf)."""
    def __init__(self, *, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Superscript(Inline):
    """Superscript; children: inlines."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Subscript(Inline):
    """Subscript; children: inlines."""
    children: NodeList
    @overload
    def __init__(self, *children: Node, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Span(Inline):
    """An inline wrapper from HTML; children: inlines. ``info``: the element, "" for <span> and <a> without href, else "mark", "small", "abbr", "cite", "q", ...; ``attrs``: its attributes."""
    info: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class HtmlInline(Inline):
    """An HTML element the model has no node for, in inline context; children: inlines. ``info`` and ``text`` as for HtmlBlock."""
    info: str
    text: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, info: str = ..., text: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], info: str = ..., text: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class Underline(Inline):
    """Underlined text; children: inlines. ``info``: "" for <u>, or the element it came from: "ins"."""
    info: str
    children: NodeList
    @overload
    def __init__(self, *children: Node, info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
    @overload
    def __init__(self, *, children: Iterable[Node], info: str = ..., attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...

class CommentInline(Inline):
    """An HTML comment within a paragraph (leaf). ``text``: what the comment holds."""
    text: str
    def __init__(self, text: str = ..., *, attrs: Optional[dict[str, str]] = ..., line: int = ...) -> None: ...
