"""A throwaway DokuWiki (Debian's code in /usr/share/dokuwiki, our own conf/ and data/ in a temp
dir) that renders pages and snippets with DokuWiki's own parser and xhtml renderer, many in one
php process (render.php), and the normalization that lets its HTML be compared with cmark-gfm's."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DOKUWIKI = Path("/usr/share/dokuwiki")
HISTORY_DIRS = ("attic", "meta", "media_attic", "media_meta")  # what history=all writes
DATA_DIRS = ("attic", "media_attic", "meta", "media_meta", "cache", "index", "locks", "tmp", "log")


def need_dokuwiki() -> str:
    php = shutil.which("php")
    if not php or not (DOKUWIKI / "inc" / "init.php").is_file():
        pytest.skip("php-cli and Debian's dokuwiki are needed (scripts/install-deps test installs them)")
    return php


class DokuWiki:
    def __init__(self, root: Path, settings: str = ""):
        """`settings`: more PHP lines for conf/local.php ("$conf['compression'] = 'gz';")."""
        self.php = need_dokuwiki()
        self.root = Path(root)
        self.conf = self.root / "conf"
        self.data = self.root / "data"
        self.conf.mkdir(parents=True, exist_ok=True)
        for d in DATA_DIRS:
            (self.data / d).mkdir(parents=True, exist_ok=True)
        (self.data / "pages").mkdir(exist_ok=True)
        (self.data / "media").mkdir(exist_ok=True)
        (self.conf / "local.php").write_text(
            "<?php\n"
            f"$conf['savedir'] = {json.dumps(str(self.data))};\n"
            "$conf['useacl'] = 0;\n"
            "$conf['cachetime'] = -1;\n" + settings)

    def use_tree(self, out: Path) -> None:
        """Serves a converted tree: data/pages and data/media become OUT/pages and OUT/media, and
        data/attic, meta, media_attic and media_meta OUT's when it has them (history=all), else
        empty folders."""
        for name in ("pages", "media") + HISTORY_DIRS:
            target = self.data / name
            if target.is_symlink() or target.is_file():
                target.unlink()
            elif target.is_dir():
                shutil.rmtree(target)
            src = Path(out) / name
            if name in HISTORY_DIRS and not src.is_dir():
                target.mkdir()
                continue
            src.mkdir(parents=True, exist_ok=True)
            target.symlink_to(src.resolve())
        shutil.rmtree(self.data / "cache")
        (self.data / "cache").mkdir()

    def render(self, pages=(), snippets: dict | None = None) -> dict:
        request = {"pages": list(pages), "snippets": snippets or {}}
        proc = subprocess.run([self.php, str(HERE / "render.php"), str(self.conf)], input=json.dumps(request),
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise AssertionError(f"render.php failed ({proc.returncode}):\n{proc.stderr}\n{proc.stdout[:2000]}")
        try:
            return json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            raise AssertionError(f"render.php printed no JSON: {e}\n{proc.stdout[:2000]}\n{proc.stderr}")

    def render_snippets(self, texts: dict[str, str], page_id: str = "snippet") -> dict[str, str]:
        snippets = {k: {"id": page_id, "text": v} for k, v in texts.items()}
        return self.render(snippets=snippets)["snippets"]


def page_ids(out: Path) -> list[str]:
    """The page ids of a converted tree (pages/a/b.txt -> a:b), undoing fnencode=url."""
    from urllib.parse import unquote_plus
    ids = []
    pages = Path(out) / "pages"
    for f in sorted(pages.rglob("*.txt")):
        rel = f.relative_to(pages).with_suffix("").as_posix()
        ids.append(unquote_plus(rel).replace("/", ":"))
    return ids


# --- normalization ------------------------------------------------------------------------------
# Both renderings go through the same steps, and these are the differences that are DokuWiki's
# furniture or its fixed HTML shapes, not content:
#  - DokuWiki: table of contents, section edit comments, the detail-page link around wiki images,
#    footnote numbers "1)" and the notes' back links; footnotes become one <ol> of notes at the
#    end on both sides (cmark-gfm: <section class="footnotes">, back links dropped).
#  - <pre><code> (cmark) and <pre class="code"> (DokuWiki) are both "pre".
#  - DokuWiki has no paragraphs inside list items and quotes: there, paragraph boundaries on both
#    sides count as one line break (<br/>), and runs of breaks as one.
#  - task list checkboxes (cmark's <input>) are the ☐/☑ the writer puts in the text.
#  - h6 compares as h5 (DokuWiki has five heading levels; the writer documents this).
#  - a link inside a format that is its whole label (<em><a>x</a></em>) equals the format inside
#    the link (<a><em>x</em></a>): DokuWiki labels are plain text, so the writer puts the
#    format around the link; both look the same.
#  - DokuWiki's underline (<em class="u">) is <u>, not emphasis.
#  - DokuWiki's typography curls straight double quotes (the writer leaves them to it): “ and ”
#    compare as '"' on both sides.
# and the forms the writer chooses where DokuWiki has no syntax (README, "DokuWiki"):
#  - a figure's caption is a line in italics below its content: <figcaption> is <br/><em>.
#  - a table's caption is a bold paragraph before the table.
#  - a definition list is bold term paragraphs followed by the details' blocks.
#  - <q> is “..”; <cite>, <dfn>, <var> are emphasis; <summary> and <legend> are bold paragraphs.
#  - a table cell is one line: lists in it are lines with "•"/"1." markers, a code block one
#    <code> run per line, a nested table lines of cells apart by "│" with bold header cells.
# and what a browser makes of cmark-gfm's raw HTML passthrough (the tree it builds, what it shows):
#  - script and style content is not shown: it is not text.
#  - a tag left unfinished at the end of the input shows nothing; "<![CDATA[" ends at '>'.
#  - an inline element left open closes with the block around it (the HTML parser's rule), a
#    stray close tag is ignored, and an element with nothing inside (an empty or unclosed
#    <a href> at the end of its block) shows nothing and is dropped.
#  - text and inline elements directly between blocks (raw HTML blocks pass them through
#    unwrapped) are an anonymous block: they compare as a paragraph; raw <div> tags separate
#    such blocks.

_FN_REF_CMARK = re.compile(r'<sup class="footnote-ref"><a [^>]*>[^<]*</a></sup>')
_FN_BACK_CMARK = re.compile(r'\s*<a href="#fnref[^"]*" class="footnote-backref"[^>]*>.*?</a>', re.S)
_FN_REF_DW = re.compile(r'<sup><a href="#fn__\d+" id="fnt__\d+" class="fn_top">\d+\)</a></sup>')
_FN_BOT_DW = re.compile(r'<sup><a href="#fnt__\d+" id="fn__\d+" class="fn_bot">\d+\)</a></sup>,?\s*')
_MEDIA_WRAP_DW = re.compile(r'<a href="[^"]*lib/exe/(?:detail|fetch)\.php[^"]*"[^>]*class="media[^"]*"[^>]*>(<img [^>]*>)</a>')
_PRE_DW = re.compile(r'<pre class="(?:code|file)[^"]*">.*?</pre>', re.S)
_CHECKBOX = re.compile(r'<input type="checkbox"([^>]*)/?>\s*')


_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_DIV_TAG = re.compile(r"</?div\b[^>]*>", re.I)
# a raw <div> tag is a block boundary: text, not a tag, so that structure() keeps it in place
_BOUNDARY = "\ue000"


def _figure_caption(m: re.Match) -> str:
    inner = re.sub(r"</?p\b[^>]*>", " ", m.group(1))
    return "<br /><em>" + inner + "</em>"


def _table_caption(m: re.Match) -> str:
    inner = re.sub(r"</?p\b[^>]*>", " ", m.group(2))
    return "<p><strong>" + inner + "</strong></p><table" + m.group(1) + ">"


def _cell_code(html: str) -> str:
    """Code blocks inside table cells as the writer writes them: one <code> run per line."""
    out = []
    pos = 0
    for m in re.finditer(r"<pre\b[^>]*>(?:\s*<code\b[^>]*>)?(.*?)(?:</code>\s*)?</pre>", html, re.S):
        before = html[:m.start()]
        depth = len(re.findall(r"<t[dh]\b", before)) - len(re.findall(r"</t[dh]\s*>", before))
        out.append(html[pos:m.start()])
        if depth > 0:
            lines = m.group(1).rstrip("\n").split("\n")
            out.append("<br />".join(f"<code>{line}</code>" if line.strip() else "" for line in lines))
        else:
            out.append(m.group(0))
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def prepare_cmark(html: str) -> str:
    html = _SCRIPT_STYLE.sub("", html)
    # a tag still open at the end of the input is dropped (the HTML parser's EOF-in-tag rule),
    # and "<![CDATA[" outside SVG/MathML is a bogus comment that ends at the first '>'
    html = re.sub(r"<[A-Za-z][^>]*\Z", "", html)
    html = re.sub(r"<!\[CDATA\[[^>]*>", "", html)
    html = re.sub(r"<figcaption\b[^>]*>(.*?)</figcaption>", _figure_caption, html, flags=re.S)
    html = re.sub(r"<table\b([^>]*)>\s*<caption\b[^>]*>(.*?)</caption>", _table_caption, html, flags=re.S)
    html = re.sub(r"<dt\b[^>]*>", "<p><strong>", html).replace("</dt>", "</strong></p>")
    html = re.sub(r"</?(?:dl|dd)\b[^>]*>", "<div>", html)
    html = re.sub(r"<summary\b[^>]*>|<legend\b[^>]*>", "<p><strong>", html)
    html = re.sub(r"</summary>|</legend>", "</strong></p>", html)
    html = re.sub(r"<q\b[^>]*>", "\u201c", html).replace("</q>", "\u201d")
    html = re.sub(r"<(/?)(?:cite|dfn|var)\b[^>]*>", r"<\1em>", html)
    html = re.sub(r"<(/?)samp\b[^>]*>", r"<\1code>", html)
    html = _cell_code(html)
    html = _DIV_TAG.sub(_BOUNDARY, html)
    html = _FN_REF_CMARK.sub("<sup>FN</sup>", html)
    html = _FN_BACK_CMARK.sub("", html)
    html = re.sub(r'<section class="footnotes"[^>]*>', '<div class="notes">', html).replace("</section>", "</div>")
    html = _CHECKBOX.sub(lambda m: "☑ " if "checked" in m.group(1) else "☐ ", html)
    return html


def _underline_as_u(html: str) -> str:
    """DokuWiki writes __underline__ as <em class="u">: it is <u> (which structure() drops on both
    sides), not emphasis."""
    out = []
    stack = []  # for each open <em>: is it underline
    pos = 0
    for m in re.finditer(r"<em\b[^>]*>|</em>", html):
        out.append(html[pos:m.start()])
        tag = m.group(0)
        if tag == "</em>":
            out.append("</u>" if stack and stack.pop() else tag)
        else:
            underline = 'class="u"' in tag
            stack.append(underline)
            out.append("<u>" if underline else tag)
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def prepare_dokuwiki(html: str) -> str:
    html = _FN_REF_DW.sub("<sup>FN</sup>", html)
    html = _underline_as_u(html)
    html = _MEDIA_WRAP_DW.sub(r"\1", html)
    # GeSHi links keywords of highlighted code to their documentation
    html = _PRE_DW.sub(lambda m: re.sub(r"</?a\b[^>]*>", "", m.group(0)), html)
    i = html.find('<div class="footnotes">')
    if i >= 0:
        notes = html[i:]
        html = html[:i]
        items = []
        for m in re.finditer(r'<div class="fn">(.*?)<div class="content">(.*?)</div>\s*</div>', notes, re.S):
            items.append("<li>" + m.group(2) + "</li>")
        html += '<div class="notes"><ol>' + "".join(items) + "</ol></div>"
    return html


def _drop_dokuwiki(tag, attrs):
    return (tag == "div" and attrs.get("id") == "dw__toc") or (tag == "span" and "curid" in (attrs.get("class") or ""))


_FORMATS = {"<em>", "<strong>", "<code>", "<del>", "<sup>", "<sub>"}


def _swap_formatted_links(tokens: list[str]) -> list[str]:
    tokens = list(tokens)
    for i in range(len(tokens) - 1):
        if tokens[i] in _FORMATS and tokens[i + 1] == "<a>":
            close_a = tokens.index("</a>", i + 1)
            if close_a + 1 < len(tokens) and tokens[close_a + 1] == "</" + tokens[i][1:]:
                fmt = tokens[i]
                tokens[i], tokens[i + 1] = "<a>", fmt
                tokens[close_a], tokens[close_a + 1] = "</" + fmt[1:], "</a>"
    return tokens


_INLINE_ELEMENTS = {"em", "strong", "code", "del", "sup", "sub", "a"}


def _tag_name(token: str) -> str:
    return token[1:-1].split(" ")[0].lstrip("/").rstrip("/")


def _browser_tree(tokens: list[str]) -> list[str]:
    """The element tree a browser builds from the tokens: elements left open are closed by the
    close tag of an element around them (or at the end), stray close tags are ignored, empty
    inline elements show nothing and go, and inline content between blocks (or raw <div>
    boundaries) is an anonymous block, written as a paragraph."""
    # split text runs at <div> boundaries
    split: list[str] = []
    for t in tokens:
        if t.startswith("text:") and _BOUNDARY in t:
            for i, part in enumerate(t[5:].split(_BOUNDARY)):
                if i:
                    split.append("BOUNDARY")
                if part.strip():
                    split.append("text:" + part.strip())
        else:
            split.append(t)
    # open/close balance
    balanced: list[str] = []
    stack: list[str] = []
    for t in split:
        if t.startswith("</"):
            name = _tag_name(t)
            if name not in stack:
                continue
            while stack:
                top = stack.pop()
                balanced.append(f"</{top}>")
                if top == name:
                    break
            continue
        if t.startswith("<") and not t.endswith("/>"):
            stack.append(_tag_name(t))
        balanced.append(t)
    while stack:
        balanced.append(f"</{stack.pop()}>")
    # empty inline elements (repeatedly: <em><a></a></em>)
    changed = True
    while changed:
        changed = False
        out: list[str] = []
        for t in balanced:
            if (t.startswith("</") and out and out[-1].startswith("<") and not out[-1].startswith("</")
                    and _tag_name(out[-1]) == _tag_name(t) and _tag_name(t) in _INLINE_ELEMENTS):
                out.pop()
                changed = True
                continue
            out.append(t)
        balanced = out
    # anonymous blocks
    result: list[str] = []
    depth = 0
    anonymous = False
    for t in balanced:
        if t == "BOUNDARY":
            if depth == 0 and anonymous:
                result.append("</p>")
                anonymous = False
            continue
        is_tag = t.startswith("<")
        name = _tag_name(t) if is_tag else ""
        block = is_tag and name in _BLOCKS
        if depth == 0 and not block and not anonymous:
            result.append("<p>")
            anonymous = True
        if depth == 0 and block and anonymous:
            result.append("</p>")
            anonymous = False
        if block and not t.endswith("/>"):
            depth += -1 if t.startswith("</") else 1
        result.append(t)
    if anonymous:
        result.append("</p>")
    return result


def _normalize_tokens(tokens: list[str]) -> list[str]:
    tokens = _browser_tree(tokens)
    tokens = _swap_formatted_links(tokens)
    out: list[str] = []
    stack: list[str] = []
    for t in tokens:
        if t in ("<h6>", "</h6>"):
            t = t.replace("6", "5")
        if t.startswith("<") and not t.startswith("</") and not t.endswith("/>"):
            name = t[1:-1].split(" ")[0]
            if name == "code" and out and out[-1] == "<pre>":
                stack.append("code-in-pre")
                continue
            if name == "p" and stack and stack[-1] in ("li", "blockquote", "td", "th"):
                stack.append("p-dropped")
                out.append("<br/>")
                continue
            stack.append(name)
            out.append(t)
            continue
        if t.startswith("</"):
            top = stack.pop() if stack else ""
            if top == "code-in-pre":
                continue
            if top == "p-dropped":
                out.append("<br/>")
                continue
            out.append(t)
            continue
        out.append(t)
    # breaks: runs collapse; none next to block boundaries or at container edges
    cleaned: list[str] = []
    for t in out:
        if t == "<br/>":
            if not cleaned or cleaned[-1] == "<br/>" or (cleaned[-1].startswith("<") and cleaned[-1][1:].split(">")[0].split(" ")[0].lstrip("/") in _BLOCKS):
                continue
        elif cleaned and cleaned[-1] == "<br/>" and t.startswith("<") and t[1:].split(">")[0].split(" ")[0].lstrip("/") in _BLOCKS:
            cleaned.pop()
        cleaned.append(t)
    if cleaned and cleaned[-1] == "<br/>":
        cleaned.pop()
    # empty paragraphs
    result: list[str] = []
    for t in cleaned:
        if t == "</p>" and result and result[-1] == "<p>":
            result.pop()
            continue
        result.append(t)
    # text runs split by dropped marks are one
    merged: list[str] = []
    for t in result:
        if merged and t.startswith("text:") and merged[-1].startswith("text:"):
            merged[-1] += " " + t[5:]
        else:
            merged.append(t)
    return merged


_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "tr", "th", "td", "pre", "blockquote", "hr"}


def _flatten_cells(tokens: list[str]) -> list[str]:
    """Lists and tables inside a table cell as the writer writes them on the cell's one line:
    items as lines with "•"/"N." markers, rows as lines, cells apart by "│", header cells bold."""
    out: list[str] = []
    stack: list[list] = []  # inside an outer cell: ["cell"], ["list", ordered, n], ["table", rows], ["row", cells], ["ncell", th]
    for t in tokens:
        name = _tag_name(t) if t.startswith("<") else ""
        closing = t.startswith("</")
        if not stack:
            out.append(t)
            if name in ("td", "th") and not closing:
                stack.append(["cell"])
            continue
        if name in ("ul", "ol"):
            if closing:
                if stack[-1][0] == "list":
                    stack.pop()
            else:
                stack.append(["list", name == "ol", 0])
        elif name == "li":
            lists = [e for e in stack if e[0] == "list"]
            if not closing and lists:
                lists[-1][2] += 1
                out.append("<br/>")
                out.append("text:" + (f"{lists[-1][2]}." if lists[-1][1] else "•"))
        elif name == "table":
            if closing:
                if stack[-1][0] == "table":
                    stack.pop()
            else:
                stack.append(["table", 0])
        elif name in ("thead", "tbody", "tfoot"):
            pass
        elif name == "tr" and any(e[0] == "table" for e in stack):
            if closing:
                if stack[-1][0] == "row":
                    stack.pop()
            else:
                table = [e for e in stack if e[0] == "table"][-1]
                if table[1] > 0:
                    out.append("<br/>")
                table[1] += 1
                stack.append(["row", 0])
        elif name in ("td", "th"):
            if stack[-1][0] == "cell" and closing:
                stack.pop()
                out.append(t)
            elif closing:
                if stack[-1][0] == "ncell":
                    if stack.pop()[1]:
                        out.append("</strong>")
            elif stack[-1][0] == "row":
                if stack[-1][1] > 0:
                    out.append("text:\u2502")
                stack[-1][1] += 1
                stack.append(["ncell", name == "th"])
                if name == "th":
                    out.append("<strong>")
            else:
                out.append(t)
        else:
            out.append(t)
    return out


def _straight_quotes(tokens: list[str]) -> list[str]:
    return [t.replace("\u201c", '"').replace("\u201d", '"') if t.startswith("text:") else t for t in tokens]


def cmark_structure(html: str) -> list[str]:
    from common import structure
    return _straight_quotes(_normalize_tokens(_flatten_cells(structure(prepare_cmark(html)))))


def dokuwiki_structure(html: str) -> list[str]:
    from common import structure
    return _straight_quotes(_normalize_tokens(structure(prepare_dokuwiki(html), drop=_drop_dokuwiki)))


def internal_links(html: str) -> list[tuple[str, str]]:
    """(class, data-wiki-id) of every internal page link DokuWiki rendered."""
    links = []
    for m in re.finditer(r'<a [^>]*class="(wikilink[12])"[^>]*data-wiki-id="([^"]*)"', html):
        links.append((m.group(1), m.group(2)))
    return links
