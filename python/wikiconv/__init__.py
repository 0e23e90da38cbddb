"""wikiconv: a wiki of Markdown pages (as pandoc exports them from MediaWiki) to MediaWiki
(wikitext, XML dumps), DokuWiki, EPUB, HTML and JSON.

One page: the text, then the format; everything else is a keyword (in read and write too).
Wiki links are written as pandoc writes them, as HTML (``[[...]]`` is literal text in
Markdown)::

    >>> import wikiconv
    >>> page = 'Some *text*, a <a href="Main_Page" class="wikilink">link</a>.'
    >>> print(wikiconv.convert(page, "wikitext"), end="")
    Some ''text'', a [[Main Page|link]].
    >>> [f.name for f in wikiconv.formats()]                    # what `to` may be
    [...'wikitext'...]

The tree: read, find, replace (walk's action returns None to keep a node, a node to replace
it, a list to put several there, [] to remove it), write::

    >>> doc = wikiconv.read(page, title="Example")
    >>> [link.target for link in doc.filter(wikiconv.WikiLink)]
    ['Main Page']
    >>> def retarget(node):
    ...     if isinstance(node, wikiconv.WikiLink) and node.target == "Main Page":
    ...         return wikiconv.WikiLink(*node.children, target="Home")
    >>> doc = doc.walk(retarget)
    >>> print(wikiconv.write(doc, "wikitext"), end="")
    Some ''text'', a [[Home|link]].
    >>> doc.filter_wikilinks()[0].parent
    Paragraph(Text('Some '), Emphasis(Text('text'), info=''), Text(', a '), WikiLink(Text('link'), target='Home', anchor='', title='', info='', href=''), Text('.'))
    >>> wikiconv.from_json(doc.to_json()) == doc
    True
    >>> wikiconv.Heading(wikiconv.Text("Usage"), level=9)
    Traceback (most recent call last):
    ValueError: Heading.level: must be 1..6, got 9

``str(doc)`` is the page as GFM Markdown. The node classes (Heading, WikiLink, Table, ...) are
described in ``help(wikiconv.nodes)``.

A whole wiki (a folder of .md pages), with a filter applied to every page::

    >>> wiki = wikiconv.Wiki.load("fixtures/wiki")
    >>> wiki.titles[:3]
    ['Anti-Tankie', 'Category:Tankie', 'Guides/Zine Making']
    >>> wiki["tankie"].filter_headings()[0].text_content()
    'Usage'
    >>> wiki.write("dump.xml", "mediawiki", filter=lambda doc: doc.walk(retarget))  # doctest: +SKIP

Writer options are keywords, as the CLI's ``-O name=value`` (``standalone=True``,
``toc_depth=1``; see ``Format.options``). Conversions run without the GIL. Errors raise
:class:`Error` (with ``file`` and ``line``); warnings are :class:`ConversionWarning`.
"""

from __future__ import annotations

import datetime
import functools
import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple, Optional, Union

from . import _wikiconv
from . import nodes
from .nodes import _CHILDREN, NodeList
from .nodes import (Block, BlockQuote, BulletList, Caption, Code, CodeBlock, CommentBlock,
                     CommentInline, DefinitionDetails, DefinitionList, DefinitionTerm, Div, Emphasis,
                     Figure, FootnoteDefinition, FootnoteReference, Heading, HtmlBlock, HtmlInline, Image,
                     Inline, LineBreak, Link, ListItem, Node, OrderedList, Paragraph, Plain, SoftBreak,
                     Span, Strikethrough, Strong, Subscript, Superscript, Table, TableCell, TableRow,
                     Text, ThematicBreak, Underline, WikiLink, _TYPE_ORDER)

# What help(wikiconv) documents, and `from wikiconv import *` imports: the functions and the
# main classes. The node classes are in help(wikiconv.nodes) (`from wikiconv.nodes import *`);
# the named tuples the functions return (Diagnostic, Format, PageInfo, Revision, BrokenLink,
# NameCollision) are importable by name. Listing them all made help(wikiconv) 4,090 lines.
__all__ = [
    "convert", "read", "write", "from_json", "formats", "version", "__version__",
    "Document", "Wiki", "Node", "Error", "UsageError", "OutputError", "ConversionWarning",
]

PathLike = Union[str, "os.PathLike[str]"]


class Error(Exception):
    """A conversion failed: unreadable input, an unknown format or option, an output that
    cannot be written, or errors found in the pages.

    Attributes: ``file`` (the file the problem is in, or None), ``line`` (1-based, 0 when not
    tied to a line), ``column`` (1-based, 0 when not known), ``message`` (without the "file:line:" prefix), ``diagnostics`` (every
    :class:`Diagnostic` of the run, when errors were found in the pages) and ``result`` (the
    output, when there was one).
    """

    file: Optional[str] = None
    line: int = 0
    column: int = 0
    message: str = ""
    diagnostics: list = []
    result: Any = None

    def __init__(self, message: str = "", file: Optional[str] = None, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __reduce__(self):
        # Keeps file, line and column across pickling (errors raised on Dask workers).
        return (_rebuild_error, (type(self), str(self), self.file, self.line, self.message, self.column))


class UsageError(Error, ValueError):
    """A request that cannot be right: an unknown format, input format or writer option (the
    message suggests the nearest known name), or an option value that names nothing. Nothing
    was written. (The CLI exits 2.)"""


class OutputError(Error):
    """The output cannot be written: its folder does not exist, no permission, a full disk.
    The previous output, if any, is as it was. (The CLI exits 3.)"""


def _rebuild_error(cls: type, text: str, file: Optional[str], line: int, message: str, column: int = 0) -> Error:
    error = cls(text, file, line, column)
    error.message = message
    return error


class ConversionWarning(UserWarning):
    """Something in a page was converted approximately or not at all (an unknown HTML tag, a
    broken link, invalid UTF-8...). The message starts with "file:line:"."""


class Diagnostic(NamedTuple):
    """A warning or error about a page: ``severity`` ("warning" or "error"), ``file`` (as you
    can open it: the wiki's folder as given joined with the page's path in it), ``line`` (0 when
    not tied to a line), ``message`` and ``column`` (1-based, 0 when not known)."""

    severity: str
    file: str
    line: int
    message: str
    column: int = 0

    def __str__(self) -> str:
        """As the CLI prints it (without "wikiconv: "): ``file:line:column: severity: message``."""
        where = self.file or "-"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"


class Format(NamedTuple):
    """An output format: ``name`` (what ``to=`` takes), ``description``, ``binary`` (True
    when a page converts to bytes, as EPUB), ``wiki_output`` ("file": a whole wiki is one file,
    as a dump or a book; "directory": a tree of files) and ``options`` (option name -> help)."""

    name: str
    description: str
    binary: bool
    wiki_output: str
    options: dict


class PageInfo(NamedTuple):
    """A page of a :class:`Wiki` before it is read: ``title``, ``namespace`` ("" for the main
    namespace), ``file`` (relative to the wiki's folder) and ``path`` (absolute)."""

    title: str
    namespace: str
    file: str
    path: Path


class Revision(NamedTuple):
    """A commit that changed a page's file, from the git repository the wiki is in: ``id`` (its
    place in the repository's history, 1, 2, ...), ``commit`` (its id), ``author`` and ``email``
    (as .mailmap maps them), ``time`` (author time, UTC), ``message`` (the commit's subject),
    ``path`` (the file's path then, relative to the wiki's folder) and ``text`` (the file's text
    then)."""

    id: int
    commit: str
    author: str
    email: str
    time: datetime.datetime
    message: str
    path: str
    text: str


class BrokenLink(NamedTuple):
    """A wiki link to a page that does not exist: the linking ``page``, its ``file`` and
    ``line``, and the link's ``target``."""

    page: str
    file: str
    line: int
    target: str


class NameCollision(NamedTuple):
    """Titles a format writes under one ``name`` (DokuWiki: one page id), in title order, and
    the ``names`` it writes them as (the later ones renamed, e.g. ``layer_2``; empty when the
    format does not rename)."""

    name: str
    titles: list[str]
    names: list[str]


#: The version of the wikiconv library (the project's version in CMakeLists.txt).
__version__: str = _wikiconv.version()


def version() -> str:
    """The version of the wikiconv library (the same as ``__version__``)."""
    return _wikiconv.version()


def formats() -> list[Format]:
    """The registered output formats, in a stable order."""
    out = []
    for name, description, binary, wiki_output, options_help in _wikiconv.formats():
        options: dict[str, str] = {}
        last = None
        for line in options_help.splitlines():
            if line[:1].isspace() and last is not None:  # continues the option above
                options[last] += " " + line.strip()
                continue
            last = line.split("=", 1)[0].split()[0] if line.strip() else None
            if last:
                options[last] = line.strip()
        out.append(Format(name, description, binary, wiki_output, options))
    return out


def _option_value(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, (list, tuple)):
        return ",".join(_option_value(name, v) for v in value)
    raise TypeError(f"option {name}: expected str, bool, int, a path or a list, got {type(value).__name__}")


def _options(options: dict[str, Any], to: str) -> dict[str, str]:
    """Keyword arguments as the writer options the CLI's -O passes (None means unset).
    ``toc_depth=2`` is the option ``toc-depth`` when the format has that one."""
    known: set[str] = set()
    if any("_" in name for name in options):
        known = {n for f in formats() if f.name == to for n in f.options}
    out = {}
    for name, value in options.items():
        if value is None:
            continue
        if "_" in name and name not in known and name.replace("_", "-") in known:
            name = name.replace("_", "-")
        out[name] = _option_value(name, value)
    return out


def _diagnostics(raw: list, result: Any = None) -> list[Diagnostic]:
    """Turns the extension's tuples into Diagnostics; warns about warnings, raises on errors."""
    found = [Diagnostic(*d) for d in raw]
    for d in found:
        if d.severity == "warning":
            warnings.warn(ConversionWarning(str(d)), stacklevel=3)
    errors = [d for d in found if d.severity == "error"]
    if errors:
        first = errors[0]
        error = Error(str(first), first.file or None, first.line, first.column)
        error.message = first.message
        error.diagnostics = found
        error.result = result
        raise error
    return found


def _positional(count: int, old: str) -> Callable:
    """More than ``count`` positional arguments: a TypeError that says what changed (``old``,
    the order these functions took before they shared one)."""
    def wrap(function: Callable) -> Callable:
        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            if len(args) > count:
                raise TypeError(f"{function.__name__}() takes {count} positional argument(s); from_, "
                                f"title and strict are keywords (the old order was {old})")
            return function(*args, **kwargs)
        return call
    return wrap


@_positional(2, "convert(text, to, from_, title)")
def convert(text: Union[str, bytes], to: str = "wikitext", *, from_: str = "markdown",
            title: Optional[str] = None, strict: bool = False, **options: Any) -> Union[str, bytes]:
    """Converts one page of text.

    ``text``: the page (str, or UTF-8 bytes). ``to``: an output format (see :func:`formats`).
    ``from_``: "markdown" (GitHub-flavoured, as pandoc writes MediaWiki pages) or "json" (the
    form ``to="json"`` writes). ``title``: the page's title (default: the one the text declares,
    else "Untitled"). ``strict``: invalid UTF-8 is an error instead of a warning.
    ``options``: writer options, as the CLI's ``-O name=value`` (bools become true/false).

    Returns str, or bytes for binary formats (EPUB). Runs without the GIL. Byte for byte what
    ``wikiconv convert - --title TITLE -t TO`` prints for the same text.

    The text first, then the format it goes to (as pypandoc's ``convert_text(source, to)``);
    everything else is a keyword, in :func:`read` and :func:`write` too.
    """
    result, diags = _wikiconv.convert(text, from_, to, _options(options, to), title or "", strict)
    _diagnostics(diags, result)
    return result


@_positional(1, "read(text, title, from_)")
def read(text: Union[str, bytes], *, from_: str = "markdown", title: Optional[str] = None,
         strict: bool = False) -> Document:
    """Reads one page of text ("markdown" or "json", see :func:`convert`) as a
    :class:`Document` you can walk, edit and write with :func:`write` (or ``doc.to``)."""
    doc, diags = _wikiconv.read(text, from_, title or "", strict)
    _diagnostics(diags)
    return doc


def write(doc: Document, to: str = "wikitext", **options: Any) -> Union[str, bytes]:
    """Writes a :class:`Document` in format ``to`` with writer options as keywords: the same
    as ``doc.to(to, **options)``. Returns str, or bytes for binary formats (EPUB)."""
    if not isinstance(doc, Document):
        raise TypeError(f"write: expected a wikiconv.Document, got {type(doc).__name__}")
    return doc.to(to, **options)


def from_json(text: Union[str, bytes], *, title: Optional[str] = None) -> Document:
    """The :class:`Document` that ``doc.to_json()`` wrote (wikiconv JSON, documented in
    docs/json-format.md): ``from_json(doc.to_json()) == doc``. ``title`` overrides the one the
    JSON holds."""
    return read(text, from_="json", title=title)


_page_text_format: Optional[str] = None


def _text_format() -> str:
    """The format ``str(doc)`` writes: GFM (the wiki's own form) when the library has a
    writer for it, else wikitext."""
    global _page_text_format
    if _page_text_format is None:
        names = {f.name for f in formats()}
        _page_text_format = "gfm" if "gfm" in names else "wikitext"
    return _page_text_format


class Document(Block):
    """A page: the root of the document tree, with what the wiki knows about the page.

    ``children``: the page's blocks. ``title``: the full title ("Tankie:Introduction");
    ``namespace``: its namespace prefix ("Tankie"; "" for the main namespace; recomputed when
    you change the title); ``name``: the title without the namespace; ``categories``: category
    names without "Category:"; ``metadata``: front matter as a dict of str; ``timestamp``: the
    last change (seconds since the epoch, 0 when unknown); ``source``: the file it was read from.

    Write it with :meth:`to` (or :func:`write`); ``str(doc)`` is the page as GFM Markdown, as
    the wiki's own files are written, the blocks you left alone as they were read (as wikitext
    while the library has no "gfm" writer);
    compare with ``==`` (the tree, title, namespace, categories, metadata and redirect; not
    line numbers or the timestamp). ``redirect``: on a redirect page (``#REDIRECT
    [[Target#anchor]]``), the target as the page names it, with ``redirect_anchor``; "" on
    other pages.
    """

    __slots__ = ("title", "namespace", "categories", "metadata", "redirect", "redirect_anchor",
                 "timestamp", "source", "_wiki", "_loaded_title", "_category_links", "_original", "_children")
    children = _CHILDREN
    type = "Document"
    is_container = True
    _fields = (("title", "Untitled"), ("namespace", ""), ("categories", []), ("metadata", {}),
               ("redirect", ""), ("redirect_anchor", ""))
    _type_index = 0

    def __init__(self, *children: Node, title: str = "Untitled", namespace: str = "",
                 categories: Optional[list[str]] = None, metadata: Optional[dict[str, str]] = None,
                 redirect: str = "", redirect_anchor: str = "", timestamp: int = 0, source: str = "",
                 attrs: Optional[dict[str, str]] = None, line: int = 0) -> None:
        super().__init__(*children, title=title, namespace=namespace,
                         categories=list(categories or []), metadata=dict(metadata or {}),
                         redirect=redirect, redirect_anchor=redirect_anchor, attrs=attrs, line=line)
        self.timestamp = timestamp
        self.source = source
        self._wiki = None
        self._loaded_title = None
        self._category_links: list = []  # as the page wrote them (the gfm writer keeps them)
        if not isinstance(timestamp, int) or isinstance(timestamp, bool):
            raise TypeError(f"Document.timestamp: expected int, got {type(timestamp).__name__}")
        if not isinstance(source, str):
            raise TypeError(f"Document.source: expected str, got {type(source).__name__}")

    def _validate(self) -> None:
        super()._validate()
        if not self.title.strip():
            raise ValueError("Document.title: a page needs a title")
        if not all(isinstance(c, str) for c in self.categories):
            raise TypeError("Document.categories: expected a list of str")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in self.metadata.items()):
            raise TypeError("Document.metadata: expected a dict of str to str")

    @property
    def name(self) -> str:
        """The title without its namespace prefix."""
        if self.namespace and self.title.startswith(self.namespace + ":"):
            return self.title[len(self.namespace) + 1:]
        return self.title

    def to(self, format: str = "wikitext", **options: Any) -> Union[str, bytes]:
        """This page in ``format`` (see :func:`formats`), with writer options as keywords.

        Links are resolved against the wiki the page was read from (a one-page wiki for
        :func:`read`). Returns bytes for binary formats. Runs without the GIL (after the tree
        is copied into the library)."""
        result, diags = _wikiconv.write_document(self, format, _options(options, format), self._wiki)
        _diagnostics(diags, result)
        return result

    def to_json(self) -> str:
        """This page as wikiconv JSON (:func:`from_json` reads it back)."""
        return self.to("json")  # type: ignore[return-value]

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> Document:
        """The Document ``to_json()`` wrote (see :func:`from_json`)."""
        return from_json(text)

    def __str__(self) -> str:
        """The page as GFM Markdown (see the class docstring)."""
        return self.to(_text_format())  # type: ignore[return-value]

    def copy(self) -> Document:
        clone = super().copy()
        return clone  # type: ignore[return-value]


def _node_str(node: Node) -> str:
    """A node alone, in the format ``str(doc)`` writes (an inline in a paragraph of its own),
    without the final newline."""
    copy = node.copy()
    body = copy if isinstance(copy, Block) else Paragraph(copy)
    return str(Document(body)).rstrip("\n")


Node.__str__ = _node_str  # type: ignore[method-assign]

# The extension creates nodes of these classes (their children in NodeLists) and raises these errors.
_wikiconv.register_classes([Document if name == "Document" else globals()[name]
                            for name in _TYPE_ORDER], Error, UsageError, OutputError, NodeList)


def _path(path: PathLike) -> str:
    return os.fspath(path)


class Wiki(Mapping):
    """A wiki: a folder of Markdown pages (*.md), indexed up front, each page read on demand.

    Open one with :meth:`Wiki.load`. A Wiki is a read-only mapping from titles to
    :class:`Document` objects: ``wiki["Main Page"]`` (any spelling of the title MediaWiki accepts:
    "main_Page" finds "Main Page"), ``len(wiki)``, ``for title in wiki``, ``wiki.items()``. Write it in any
    format with :meth:`write`.
    """

    def __init__(self, handle: Any) -> None:
        """Use :meth:`Wiki.load`."""
        self._handle = handle
        # The index stays in the library (about 1 KB a page); lists are built when asked for.
        self._size = handle.size()
        self._report: Optional[dict] = None
        self._links: Optional[dict] = None
        for d in handle.index_diagnostics():
            if d[0] == "warning":
                warnings.warn(ConversionWarning(str(Diagnostic(*d))), stacklevel=3)

    @classmethod
    def load(cls, path: PathLike, *, strict: bool = False, namespaces: tuple[str, ...] = (),
             main_namespace: tuple[str, ...] = (), title: Optional[str] = None) -> Wiki:
        """Opens the wiki in folder ``path`` (or a wiki of the one page file ``path``).

        ``strict``: invalid UTF-8 is an error. ``namespaces``: namespace prefixes to declare
        besides the standard ones and those the file names use (the CLI's --namespace).
        ``main_namespace``: prefixes that stay part of a main-namespace title (--main-namespace).
        ``title``: the title of a single page file (--title). Raises :class:`Error` when the
        path does not exist."""
        handle = _wikiconv.WikiHandle.open(_path(path), strict, list(namespaces),
                                           list(main_namespace), title or "")
        return cls(handle)

    def __repr__(self) -> str:
        return f"<wikiconv.Wiki {self.root!s} ({len(self)} pages)>"

    @property
    def root(self) -> Path:
        """The wiki's folder."""
        return Path(self._handle.root())

    @property
    def pages(self) -> list[PageInfo]:
        """Every page (title, namespace, file, path), sorted by title."""
        return [PageInfo(t, ns, rel, Path(p)) for t, ns, rel, p in self._handle.pages()]

    @property
    def titles(self) -> list[str]:
        """Every page's title, sorted."""
        return self._handle.titles()

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        return iter(self.titles)

    def __contains__(self, title: object) -> bool:
        return isinstance(title, str) and self._handle.exists(title)

    def __getitem__(self, title: str) -> Document:
        """The page ``title`` read and parsed as a Document (KeyError when there is none)."""
        if not isinstance(title, str):
            raise KeyError(title)
        doc, diags = self._handle.load(title)
        _diagnostics(diags)
        return doc

    def shard(self, index: int, count: int) -> Wiki:
        """Part ``index`` (0-based) of ``count`` contiguous, equally large parts of this wiki in
        title order: a Wiki whose pages, ``len`` and iteration are that part's, while lookups
        and links still see every page. Written parts concatenate to the whole wiki's output
        (see examples/dask_convert.py)."""
        if not 0 <= index < count:
            raise ValueError(f"shard {index} of {count}: need 0 <= index < count")
        n = self._size
        return Wiki(self._handle.shard(index * n // count, (index + 1) * n // count))

    def documents(self) -> Iterator[Document]:
        """Every page as a Document, in title order (one at a time: memory stays flat)."""
        for title in self.titles:
            yield self[title]

    def resolve(self, target: str) -> str:
        """The canonical title a link target names ("main_Page" -> "Main Page",
        "Special:MyLanguage/ZFS" -> "ZFS"); interwiki targets come back unchanged."""
        return self._handle.resolve(target)

    def exists(self, target: str) -> bool:
        """Whether the link target names a page of this wiki."""
        return self._handle.exists(target)

    @property
    def namespaces(self) -> list[str]:
        """Namespace prefixes the wiki uses that are not MediaWiki's standard ones."""
        return list(self._handle.namespaces())

    @property
    def collisions(self) -> dict[str, list[str]]:
        """Titles more than one file maps to, with those files (writing refuses while any)."""
        return {title: list(files) for title, files in self._handle.collisions()}

    def name_collisions(self, to: str) -> list[NameCollision]:
        """Titles the format ``to`` would write under one name, as ``wikiconv check -t`` reports
        them (DokuWiki's ids; other folder formats' file names on case-insensitive systems)."""
        return [NameCollision(n, list(t), list(w)) for n, t, w in self._handle.name_collisions(to)]

    @property
    def media(self) -> dict[str, Path]:
        """Media files (anything that is not a page) by File: title."""
        return {t: Path(p) for t, p in self._handle.media().items()}

    def revisions(self, title: str) -> list[Revision]:
        """The page's history from git, oldest first, following renames (what the mediawiki
        format's ``history=all`` writes). Empty, with a ConversionWarning saying why once, when
        the wiki is in no git work tree; empty for a file with uncommitted changes."""
        raw, diags = self._handle.revisions(title)
        _diagnostics(diags)
        return [Revision(i, c, a, e, datetime.datetime.fromtimestamp(t, datetime.timezone.utc), m, p, x)
                for i, c, a, e, t, m, p, x in raw]

    def _scan(self) -> dict:
        if self._report is None:
            self._report = self._handle.report(0)
        return self._report

    @property
    def categories(self) -> dict[str, list[str]]:
        """Category name (without "Category:") -> titles of its member pages, sorted by name.
        (Reads every page once, in parallel; the result is cached.)"""
        return {k: list(v) for k, v in self._scan()["categories"].items()}

    @property
    def broken_links(self) -> list[BrokenLink]:
        """Wiki links to pages that do not exist, as ``wikiconv check`` reports them."""
        return [BrokenLink(*b) for b in self._scan()["broken_links"]]

    @property
    def links(self) -> dict[str, list[str]]:
        """Page title -> the titles its wiki links point to (resolved, each once, in order of
        appearance; interwiki links left out). (Reads every page; cached.)"""
        if self._links is None:
            self._links = self._handle.links(0)
        return {k: list(v) for k, v in self._links.items()}

    def rename(self, old: str, new: str) -> dict:
        """Renames page ``old`` to ``new`` in the wiki's folder, as ``wikiconv rename``: the
        page's file moves (its declared title follows) and every link and redirect to it names
        ``new``, labels and #fragments kept; the pages that change are rewritten as GFM, all or
        none. This Wiki then indexes the folder anew, with the options it was loaded with. Returns what changed (``old_title``,
        ``new_title``, ``old_file``, ``new_file``, ``changed_files``, ``links``); raises
        :class:`UsageError` when there is no page ``old`` or ``new`` is taken."""
        result, diags = self._handle.rename(old, new)
        _diagnostics(diags)
        self.__init__(self._handle.reopen())
        return result

    def write(self, path: PathLike, to: str = "mediawiki", *,
              filter: Optional[Callable[[Document], Optional[Document]]] = None,
              threads: Optional[int] = None, progress: bool = False, keep_going: bool = False,
              **options: Any) -> list[Diagnostic]:
        """Writes the whole wiki to ``path`` in format ``to``: one file for formats whose
        ``wiki_output`` is "file" (a MediaWiki dump, an EPUB), a folder otherwise. Byte for
        byte what ``wikiconv convert WIKI -t TO -o PATH -O name=value...`` writes.

        ``filter``: a callable applied to every page's :class:`Document` between reading and
        writing (the role pandoc filters play): edit the document in place and return None, or
        return a new Document (``filter=lambda doc: doc.walk(action)`` applies a walk action to
        every page). It may rename a page (set ``title``); link existence is still
        judged by the titles on disk. It is called from the writer's worker threads (one at a
        time holding the GIL, in no particular order; ``threads=1`` calls it in title order).
        ``threads``: worker threads (default: all cores). ``progress``: a progress bar on
        stderr. ``options``: writer options, as the CLI's ``-O`` (an unknown one raises
        :class:`UsageError` with the nearest known name).

        The output appears complete or not at all: it is built beside ``path`` and moved into
        place when done. When pages cannot be read, nothing is written (the previous output is
        left as it was) unless ``keep_going``, which writes the pages that converted.

        Returns the warnings (also issued as :class:`ConversionWarning`); raises
        :class:`Error` when the pages have errors (with ``keep_going``, after writing, as the
        CLI exits 1), :class:`UsageError` for a wrong format or option, :class:`OutputError`
        when ``path`` cannot be written."""
        diags = self._handle.write(_path(path), to, _options(options, to), threads or 0, progress, filter,
                                   keep_going)
        return _diagnostics(diags)
