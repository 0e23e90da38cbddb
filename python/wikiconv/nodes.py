"""wikiconv.nodes: the document tree, one class per node type of the wikiconv model (each
also importable from ``wikiconv``: ``wikiconv.WikiLink``; ``from wikiconv.nodes import *``
imports them all).

A page is a :class:`Document` whose ``children`` are blocks; containers hold their children in
a :class:`NodeList` (a list that keeps each node's ``parent``) you may edit freely. Nothing here
recurses over the tree (walk, filter, equality, repr and copy use explicit stacks), so a
100,000-deep block quote is as fine as a flat page.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Iterable, Iterator, Union

from . import _wikiconv

__all__ = [
    "Node", "Block", "Inline", "NodeList",
    "Heading", "Paragraph", "BulletList", "OrderedList", "ListItem", "CodeBlock",
    "BlockQuote", "Table", "TableRow", "TableCell", "ThematicBreak", "FootnoteDefinition",
    "HtmlBlock", "Div", "Plain", "Figure", "Caption", "DefinitionList", "DefinitionTerm",
    "DefinitionDetails", "CommentBlock",
    "Text", "Emphasis", "Strong", "Strikethrough", "Code", "Link", "WikiLink", "Image",
    "FootnoteReference", "SoftBreak", "LineBreak", "Superscript", "Subscript", "Span",
    "HtmlInline", "Underline", "CommentInline",
]

_MISSING = object()


def _check_child(owner: Node, node: Any) -> None:
    if not isinstance(node, Node):
        raise TypeError(f"{owner.type}: children must be nodes, got {type(node).__name__}")


class NodeList(list):
    """A container's ``children``: a list whose edits (append, insert, extend, item and slice
    assignment, del, pop, remove, clear) keep each node's ``parent`` up to date, and which
    accepts only nodes. Pickles and copies as a plain list."""

    __slots__ = ("_owner",)

    def __init__(self, owner: Node, nodes: Iterable[Node] = ()) -> None:
        nodes = list(nodes)
        for n in nodes:
            _check_child(owner, n)
        super().__init__(nodes)
        self._owner = owner
        for n in nodes:
            n._parent = self._owner

    @classmethod
    def _holding(cls, owner: Node, nodes: Iterable[Node]) -> NodeList:
        # The nodes' parent is left as it is (a shallow copy shares its children).
        out = cls.__new__(cls)
        list.extend(out, nodes)
        out._owner = owner
        return out

    def _adopt(self, nodes: Iterable[Node]) -> None:
        for n in nodes:
            n._parent = self._owner

    def _release(self, nodes: Iterable[Node]) -> None:
        for n in nodes:
            if getattr(n, "_parent", None) is self._owner:
                n._parent = None

    def _checked(self, nodes: Iterable[Any]) -> list[Node]:
        nodes = list(nodes)
        for n in nodes:
            _check_child(self._owner, n)
        return nodes

    def append(self, node: Node) -> None:
        self._checked([node])
        super().append(node)
        self._adopt([node])

    def insert(self, index: Any, node: Node) -> None:
        self._checked([node])
        super().insert(index, node)
        self._adopt([node])

    def extend(self, nodes: Iterable[Node]) -> None:
        nodes = self._checked(nodes)
        super().extend(nodes)
        self._adopt(nodes)

    def __iadd__(self, nodes: Iterable[Node]) -> NodeList:  # type: ignore[override,misc]
        self.extend(nodes)
        return self

    def __setitem__(self, index: Any, value: Any) -> None:
        old = self[index]
        new = self._checked(value) if isinstance(index, slice) else self._checked([value])
        super().__setitem__(index, new if isinstance(index, slice) else new[0])
        self._release(old if isinstance(index, slice) else [old])
        self._adopt(new)

    def __delitem__(self, index: Any) -> None:
        old = self[index]
        super().__delitem__(index)
        self._release(old if isinstance(index, slice) else [old])

    def pop(self, index: Any = -1) -> Node:
        node = super().pop(index)
        self._release([node])
        return node

    def remove(self, node: Node) -> None:
        """Removes the first child that ``==`` node (structural equality, as for any list)."""
        del self[self.index(node)]

    def clear(self) -> None:
        old = list(self)
        super().clear()
        self._release(old)

    def __reduce__(self) -> tuple:
        return (list, (list(self),))


def _get_children(self: Node) -> NodeList:
    return self._children


def _set_children(self: Node, nodes: Iterable[Node]) -> None:
    old = getattr(self, "_children", None)
    self._children = NodeList(self, nodes)
    if old is not None:
        old._release(list(old))


_CHILDREN = property(_get_children, _set_children, doc="""The child nodes, a :class:`NodeList`
(assign any iterable of nodes).""")

# The kinds :meth:`Node.filter` takes: a node class, a tuple of them, a type name or a predicate.
Kind = Union[type, tuple, str, Callable[["Node"], bool], None]


def _matcher(kind: Kind) -> Callable[[Node], bool]:
    if kind is None:
        return lambda node: True
    if isinstance(kind, str):
        if kind not in _TYPE_ORDER:
            raise ValueError(f"unknown node type {kind!r}")
        return lambda node: node.type == kind
    if isinstance(kind, type) or isinstance(kind, tuple):
        return lambda node: isinstance(node, kind)
    if callable(kind):
        return kind
    raise TypeError(f"filter: expected a node class, a tuple of them, a type name or a function, "
                    f"got {type(kind).__name__}")


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

    __slots__ = ("line", "attrs", "_parent")
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
        self._validate()

    def _validate(self) -> None:
        """Raises TypeError or ValueError for a field the writers would refuse (the checks the
        library makes when the tree is written, made at construction)."""
        if not isinstance(self.line, int) or isinstance(self.line, bool):
            raise TypeError(f"{self.type}.line: expected int, got {type(self.line).__name__}")
        for key, value in self.attrs.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise TypeError(f"{self.type}.attrs: names and values must be str")
        for name, default in self._fields:
            value = getattr(self, name)
            check = _CHECKS.get((self.type, name))
            if check is not None:
                check(self, name, value)
            elif isinstance(default, bool):
                _expect(self, name, value, bool)
            elif isinstance(default, int):
                _expect(self, name, value, int)
            elif isinstance(default, str):
                _expect(self, name, value, str)

    @property
    def parent(self) -> Node | None:
        """The node whose ``children`` hold this one; None for a root or a node in no
        ``children`` list. Kept up to date by the ``children`` lists' edits and by
        :meth:`walk`; a node put in two lists has the last one's owner as parent."""
        return getattr(self, "_parent", None)

    def ancestors(self) -> list[Node]:
        """This node's parent, its parent's parent, ... up to the root."""
        out = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def _index_in_parent(self) -> int:
        parent = self.parent
        if parent is None:
            raise ValueError(f"{self.type} has no parent")
        for i, child in enumerate(parent.children):
            if child is self:
                return i
        raise ValueError(f"{self.type} is no longer among its parent's children")

    def replace(self, *nodes: Node) -> None:
        """Puts ``nodes`` (none, one or several) where this node is in its parent's
        ``children`` (ValueError when it has no parent)."""
        parent = self.parent
        i = self._index_in_parent()
        parent.children[i:i + 1] = list(nodes)  # type: ignore[union-attr]

    def remove(self) -> None:
        """Takes this node out of its parent's ``children`` (ValueError when it has no parent)."""
        self.replace()

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The names of this node type's fields (besides ``children`` and ``line``)."""
        return tuple(name for name, _ in cls._fields)

    def fields(self) -> dict[str, Any]:
        """This node's fields as a dict (without ``children`` and ``line``)."""
        return {name: getattr(self, name) for name, _ in self._fields}

    def walk(self, action: Callable[[Node], Any] | None = None) -> Any:
        """Without ``action``: an iterator over this node and every node below it in document
        order (depth first, parents before their children). You may change the node just
        yielded, including its ``children``: the walk descends into the children it has when
        you get control back.

        With ``action``, panflute's ``walk``: calls ``action(node)`` on every node below this
        one and then on this node, children before their parent (so a node's children are
        already done when it is called), and uses what it returns:

        - ``None``, or the node itself: the node stays (edited in place, if it was);
        - another node: it takes the node's place;
        - a list (or tuple) of nodes: they take its place; ``[]`` removes the node.

        What an action returns is not walked again. Returns this node, or what replaced it
        (a list for the root is a TypeError). An action may edit its node's subtree, but not
        the ``children`` of the node's ancestors (return a value instead).
        """
        if action is None:
            return self._iter_nodes()
        return _walk_with(self, action)

    def _iter_nodes(self) -> Iterator[Node]:
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.is_container:
                stack.extend(reversed(node.children))

    def filter(self, kind: Kind = None, *, recursive: bool = True) -> list[Node]:
        """The nodes below this one (not itself) that are of ``kind``, in document order:
        ``doc.filter(WikiLink)``, ``doc.filter((Link, WikiLink))``, ``doc.filter("Heading")``,
        ``doc.filter(lambda n: ...)``, or every node for None. ``recursive=False``: only the
        node's own children. (mwparserfromhell's ``filter``; see also ``filter_wikilinks()``
        and the other ``filter_*`` helpers.)"""
        match = _matcher(kind)
        if not self.is_container:
            return []
        if not recursive:
            return [c for c in self.children if match(c)]
        walk = self._iter_nodes()
        next(walk)  # not the node itself
        return [n for n in walk if match(n)]

    def filter_wikilinks(self, *, recursive: bool = True) -> list[Node]:
        """The :class:`WikiLink` nodes below this one."""
        return self.filter(WikiLink, recursive=recursive)

    def filter_links(self, *, recursive: bool = True) -> list[Node]:
        """The :class:`Link` nodes (links to URLs) below this one."""
        return self.filter(Link, recursive=recursive)

    def filter_images(self, *, recursive: bool = True) -> list[Node]:
        """The :class:`Image` nodes below this one."""
        return self.filter(Image, recursive=recursive)

    def filter_headings(self, *, recursive: bool = True) -> list[Node]:
        """The :class:`Heading` nodes below this one."""
        return self.filter(Heading, recursive=recursive)

    def filter_text(self, *, recursive: bool = True) -> list[Node]:
        """The :class:`Text` nodes below this one."""
        return self.filter(Text, recursive=recursive)

    def filter_comments(self, *, recursive: bool = True) -> list[Node]:
        """The :class:`CommentBlock` and :class:`CommentInline` nodes below this one."""
        return self.filter((CommentBlock, CommentInline), recursive=recursive)

    def filter_tables(self, *, recursive: bool = True) -> list[Node]:
        """The :class:`Table` nodes below this one."""
        return self.filter(Table, recursive=recursive)

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
        root = _shallow_copy(self, with_children=False)
        root._parent = None
        stack = [(root, self)]
        while stack:
            clone, original = stack.pop()
            if original.is_container:
                clones = [_shallow_copy(c, with_children=False) for c in original._children]
                for c in clones:
                    c._parent = clone
                clone._children = NodeList._holding(clone, clones)
                stack.extend(zip(clones, original._children))
        return root

    def __getstate__(self) -> dict[str, Any]:
        # Slots, for pickle (Dask ships documents between processes); the wiki a Document was
        # read from and the text it was read from (str(doc) then writes every block afresh)
        # stay behind.
        state = {}
        for cls in type(self).__mro__:
            for slot in getattr(cls, "__slots__", ()):
                if slot not in ("_wiki", "_parent", "_original") and hasattr(self, slot):
                    state[slot] = getattr(self, slot)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            setattr(self, "children" if name == "_children" else name, value)
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


_SLOTS: dict[type, tuple[str, ...]] = {}


def _slots_of(cls: type) -> tuple[str, ...]:
    """Every slot of a node class, its bases' included (worked out once per class)."""
    slots = _SLOTS.get(cls)
    if slots is None:
        slots = _SLOTS[cls] = tuple(s for c in cls.__mro__ for s in getattr(c, "__slots__", ()))
    return slots


def _shallow_copy(node: Node, with_children: bool = True) -> Node:
    clone = object.__new__(type(node))
    for slot in _slots_of(type(node)):
        value = getattr(node, slot, _MISSING)
        if value is _MISSING:
            continue
        if slot == "_children":  # the same children, still their parent's
            if not with_children:
                continue
            value = NodeList._holding(clone, value)
        elif slot in ("_wiki", "_parent"):  # shared, not copied
            pass
        elif isinstance(value, list):
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


def _walk_with(root: Node, action: Callable[[Node], Any]) -> Any:
    # Post-order with an explicit stack of [node, index of the next child]; a replacement is
    # spliced into the parent's children and the parent's index moved past it.
    frames: list[list] = [[root, 0]]
    while frames:
        frame = frames[-1]
        node, i = frame
        if node.is_container and i < len(node.children):
            frame[1] = i + 1
            frames.append([node.children[i], 0])
            continue
        frames.pop()
        result = action(node)
        if result is None or result is node:
            if not frames:
                return node
            continue
        if isinstance(result, Node):
            replacement = [result]
        elif isinstance(result, (list, tuple)):
            replacement = list(result)
        else:
            raise TypeError(f"walk: the action returned {type(result).__name__}; expected None, "
                            "a node or a list of nodes")
        if not frames:
            if isinstance(result, Node):
                result._parent = None
                return result
            raise TypeError("walk: the root cannot be replaced by a list")
        parent_frame = frames[-1]
        at = parent_frame[1] - 1
        parent_frame[0].children[at:at + 1] = replacement
        parent_frame[1] = at + len(replacement)
    return root


def _expect(node: Node, name: str, value: Any, kind: type) -> None:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TypeError(f"{node.type}.{name}: expected {kind.__name__}, got {type(value).__name__}")


def _check_level(node: Node, name: str, value: Any) -> None:
    _expect(node, name, value, int)
    if not 1 <= value <= 6:
        raise ValueError(f"{node.type}.{name}: must be 1..6, got {value}")


def _check_start(node: Node, name: str, value: Any) -> None:
    _expect(node, name, value, int)
    if not 0 <= value <= 999999999:
        raise ValueError(f"{node.type}.{name}: must be 0..999999999, got {value}")


def _check_delimiter(node: Node, name: str, value: Any) -> None:
    if value not in (".", ")"):
        raise ValueError(f'{node.type}.{name}: must be "." or ")", got {value!r}')


def _check_task(node: Node, name: str, value: Any) -> None:
    if value is not None and value not in ("checked", "unchecked"):
        raise ValueError(f'{node.type}.{name}: must be None, "unchecked" or "checked", got {value!r}')


def _check_aligns(node: Node, name: str, value: Any) -> None:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{node.type}.{name}: expected a list, got {type(value).__name__}")
    for a in value:
        if a is not None and a not in ("left", "center", "right"):
            raise ValueError(f'{node.type}.{name}: entries must be None, "left", "center" or '
                             f'"right", got {a!r}')


_CHECKS: dict[tuple[str, str], Callable[[Node, str, Any], None]] = {
    ("Heading", "level"): _check_level,
    ("OrderedList", "start"): _check_start,
    ("OrderedList", "delimiter"): _check_delimiter,
    ("ListItem", "task"): _check_task,
    ("Table", "aligns"): _check_aligns,
}


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
    slots = tuple(f for f, _ in fields) + extra_slots + (("_children",) if container else ())
    namespace = {"children": _CHILDREN} if container else {}
    cls = type(name, (base,), {
        **namespace,
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
row; ``info``: "thead" when read from an HTML table's <thead>.""", (("header", False), ("info", "")))
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
Emphasis = _node_class("Emphasis", Inline, """Emphasis (italics); children: inlines. ``info``: "" or
the element it came from when not <em>: "i".""", (("info", ""),))
Strong = _node_class("Strong", Inline, """Strong emphasis (bold); children: inlines. ``info``: "" or
the element it came from when not <strong>: "b".""", (("info", ""),))
Strikethrough = _node_class("Strikethrough", Inline, """Struck-out text; children: inlines.
``info``: "" or the element it came from when not <del>: "s", "strike".""", (("info", ""),))
Code = _node_class("Code", Inline, """Inline code (leaf). ``text``: the code; ``info``: "" (backticks,
<code>, <tt>), or the element it came from: "kbd", "samp".""",
                   (("text", ""), ("info", "")), positional="text")
Link = _node_class("Link", Inline, """A link to a URL; children: the label.
``target``: the URL; ``title``: the tooltip, may be empty.""", (("target", ""), ("title", "")))
WikiLink = _node_class("WikiLink", Inline, """A link to a page of the wiki; children: the label.
``target``: the page title ("Main Page", "Tankie:Introduction"); ``anchor``: the section
(without "#"), may be empty. An empty target with an anchor links within the page. ``title``:
the form it was read in ("wikilink": older pandoc's), kept by the gfm writer. ``info``: ":"
for a link written [[:Category:X]] (to the page, not a categorisation). ``href``: the target as
the page spelled it ("image:X.png", "A_%28B%29"), "" when plain; the gfm writer keeps it while it
names the same target.""",
                       (("target", ""), ("anchor", ""), ("title", ""), ("info", ""), ("href", "")))
Image = _node_class("Image", Inline, """An image; children: the alt text.
``target``: the URL or "File:Name.png"; ``title``: the caption; ``size``: e.g. "300px";
``info``: "wikilink" or "a" when it was written as a wiki link (kept by the gfm writer);
``href``: that link's target as the page spelled it ("image:x.png"), "" when plain.""",
                    (("target", ""), ("title", ""), ("size", ""), ("info", ""), ("href", "")))
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
Underline = _node_class("Underline", Inline, """Underlined text; children: inlines. ``info``: "" for
<u>, or the element it came from: "ins".""", (("info", ""),))
CommentInline = _node_class("CommentInline", Inline, """An HTML comment within a paragraph (leaf).
``text``: what the comment holds.""", (("text", ""),), positional="text")

for _cls in (Node, Block, Inline, NodeList):
    _cls.__module__ = "wikiconv"
