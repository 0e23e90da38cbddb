"""Filters for ``wikiconv convert --filter PROG``, as pandocfilters' toJSONFilter is for pandoc.

wikiconv pipes each page's JSON (docs/json-format.md) through PROG, with the output format as
its one argument, and reads the page back from PROG's standard output. With this module a
filter is a few lines::

    #!/usr/bin/env python3
    from wikiconv.filters import run_filter

    def shout(node, format, page):
        if node["t"] == "Text":
            return {"t": "Text", "text": node["text"].upper()}

    run_filter(shout)

The action sees every node of the page's body, parents before their children, as the plain
dicts of the JSON form. It returns None to keep the node (its children are walked next), a
node to replace it, a list of nodes to put in its place (``[]`` removes it). The page itself
(title, categories, metadata) is the third argument and may be changed in place. Nothing here
needs the compiled module: a filter runs with any Python 3.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, Optional, Union

Node = dict
Action = Callable[[Node, str, dict], Union[None, Node, list]]


def walk(root: Node, action: Action, format: str = "", page: Optional[dict] = None) -> Node:
    """Applies ``action`` to every node below ``root`` (parents first), splicing in what it
    returns; ``root`` is changed in place and returned. Iterative: any depth works."""
    pending = [root["c"]] if isinstance(root.get("c"), list) else []
    while pending:
        children = pending.pop()
        result: list = []
        for child in children:
            replaced = action(child, format, page if page is not None else {})
            if replaced is None:
                replaced = [child]
            elif isinstance(replaced, dict):
                replaced = [replaced]
            result.extend(replaced)
        children[:] = result
        for child in reversed(result):
            if isinstance(child, dict) and isinstance(child.get("c"), list):
                pending.append(child["c"])
    return root


def stringify(node: Node) -> str:
    """The text of a node and its children (Text, Code; breaks as spaces)."""
    out = []
    pending = [node]
    while pending:
        n = pending.pop()
        if n.get("t") in ("Text", "Code"):
            out.append(n.get("text", ""))
        elif n.get("t") in ("SoftBreak", "LineBreak"):
            out.append(" ")
        pending.extend(reversed(n.get("c", [])))
    return "".join(out)


def run_page_filter(function: Callable[[dict, str], Optional[dict]], *, stdin: Any = None,
                    stdout: Any = None) -> None:
    """Reads one page's JSON, calls ``function(page, format)`` (change the page in place and
    return None, or return a new page) and prints the result."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    format = sys.argv[1] if len(sys.argv) > 1 else ""
    page = json.load(stdin)
    result = function(page, format)
    json.dump(page if result is None else result, stdout, ensure_ascii=False)


def run_filter(action: Action, *, stdin: Any = None, stdout: Any = None) -> None:
    """A whole filter program: reads the page, walks its body with ``action`` (see
    :func:`walk`), prints the page."""
    run_page_filter(lambda page, format: walk(page["body"], action, format, page) and None,
                    stdin=stdin, stdout=stdout)
