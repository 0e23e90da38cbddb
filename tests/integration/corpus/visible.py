"""What a reader sees of a rendered page, and the literal markup in it.

`visible_text(html)` is the text a browser shows: the HTML parsed with Python's html.parser
(entities unescaped), comments, processing instructions and the content of script, style,
template, noscript and title dropped, attribute values (alt, title, href) not shown. Blocks
(p, li, td, headings, div, ...) and <br> start a new line; outside <pre> whitespace collapses to
one space, inside <pre> lines stay lines. `furniture(tag, attrs)` drops what a target adds
around the content (DokuWiki's table of contents repeats every heading).

`markup_tokens(text)` finds what looks like literal markup in that text, by kind:

  <name>      an HTML tag, opening or closing, with or without attributes: `<` + a name (a letter,
              then letters, digits, `_` or `-`) + attributes + `/?>`, or `</name>`. One kind per
              lower-cased name (`<tbody>` counts `<tbody>` and `</tbody>`). `<http://x>` and
              `<File:x.png>` are not tags (a colon is not part of a name).
  &entity;    a character reference shown as text (`&lt;`, `&#123;`, `&#x7B;`): named ones only
              when HTML5 knows the name; what double escaping leaves.
  [[ ]] {{ }} {| |}       wiki link, template and table brackets (non-overlapping pairs).
  ''  '''     runs of exactly two, and of three or more, apostrophes (MediaWiki italic/bold,
              DokuWiki monospace).
  __SWITCH__  a MediaWiki behaviour switch (`__TOC__`, `__NOTOC__`, ...): `__` + capitals + `__`.
  __          other runs of two or more underscores (DokuWiki underline).
  ~~~         runs of three or more tildes (signatures).
  ~~MACRO~~   a DokuWiki macro (`~~NOTOC~~`, `~~INFO:x~~`).
  ~~          other runs of exactly two tildes (strikethrough left as text).
  **          runs of two or more asterisks (DokuWiki bold, Markdown strong left as text).
  //          runs of two or more slashes not after `:` or `/` (DokuWiki italic; `http://` is not).
  %%          runs of two or more percent signs (DokuWiki's nowiki).
  ((  ))      runs of two or more parentheses (DokuWiki footnotes).
  \\          runs of two or more backslashes (DokuWiki forced line break).
  ^ at line start, | at line start     DokuWiki table rows left as text (a line is a block, a
              cell, a <br>-separated line or a line of a <pre>). These fail only when the target
              also shows more `^` (`|`) characters in all than the reference: a `|` both show,
              on a line of its own in one of them only because a block (a thumbnail) split the
              paragraph, is not markup the reference lacks.
  [url        `[` directly before a URL (`[http://`, `[//`, `[mailto:`): an external link in
              wikitext's bracket form left as text.

Every kind is looked for in every rendering (cmark-gfm's, MediaWiki's, DokuWiki's): literal
markup of any kind that the reference does not show is a defect whichever target shows it.
A page fails for a kind when the target's text holds more tokens of that kind than cmark-gfm's
text of the same page: a page that is *about* `<script>` or `[[links]]` shows them in both
renderings, and counting (rather than asking "is there any") lets such pages pass."""

from __future__ import annotations

import html.entities
import html.parser
import re
from collections import Counter

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "isindex"}
# Not "head": the pages are body content, where a browser ignores a <head> tag (HTML5's "in body"
# rules) and shows what follows it.
HIDDEN = {"script", "style", "template", "noscript", "title"}
BLOCK = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
         "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
         "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li", "main", "menu", "nav",
         "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
         "tr", "ul", "legend", "optgroup", "option", "listing", "xmp", "br"}
PRE = {"pre", "listing", "xmp", "textarea", "plaintext"}


class _Visible(html.parser.HTMLParser):
    def __init__(self, furniture=None):
        super().__init__(convert_charrefs=True)
        self.furniture = furniture
        self.parts: list[str] = []
        self.dropping: list[str] = []   # open elements inside a dropped one (furniture, hidden)
        self.pre = 0

    def _break(self):
        self.parts.append("\n")

    def handle_starttag(self, tag, attrs):
        if self.dropping:
            if tag not in VOID:
                self.dropping.append(tag)
            return
        if tag in HIDDEN or (self.furniture and self.furniture(tag, dict(attrs))):
            if tag not in VOID:
                self.dropping.append(tag)
            return
        if tag in BLOCK:
            self._break()
        if tag in PRE:
            self.pre += 1

    def handle_startendtag(self, tag, attrs):
        if self.dropping or tag in HIDDEN or (self.furniture and self.furniture(tag, dict(attrs))):
            return
        if tag in BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if self.dropping:
            # close up to the matching open element (a browser closes what is left open inside)
            if tag in self.dropping:
                while self.dropping and self.dropping.pop() != tag:
                    pass
            return
        if tag in PRE and self.pre:
            self.pre -= 1
        if tag in BLOCK:
            self._break()

    def handle_data(self, data):
        if self.dropping:
            return
        if self.pre:
            self.parts.append(data.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\x00"))
        else:
            self.parts.append(re.sub(r"\s+", " ", data))


def visible_text(markup: str, furniture=None) -> str:
    """The text a browser shows of `markup`, one line per block, <br> or line of a <pre>;
    lines stripped, empty lines dropped."""
    p = _Visible(furniture)
    p.feed(markup)
    p.close()
    text = "".join(p.parts).replace("\x00", "\n")
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# --- tokens --------------------------------------------------------------------------------

_NAMED_ENTITIES = "|".join(sorted({name.rstrip(";") for name in html.entities.html5}, key=len, reverse=True))

# Order matters where kinds overlap: a match of an earlier kind is blanked out before later
# kinds are looked for (`__TOC__` is not also two `__`; `~~NOTOC~~` is not two `~~`).
TOKEN_KINDS: list[tuple[str, re.Pattern]] = [
    ("<tag>", re.compile(r"<(?:([A-Za-z][A-Za-z0-9_-]*)(?:\s+[^\s<>\"'=/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s<>\"'=`]+))?)*\s*/?"
                         r"|/([A-Za-z][A-Za-z0-9_-]*)\s*)>")),
    ("&entity;", re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|(?:" + _NAMED_ENTITIES + r"));")),
    ("__SWITCH__", re.compile(r"__[A-Z]{2,}__")),
    ("~~MACRO~~", re.compile(r"~~[A-Z]{2,}(?::[^~\n]*)?~~")),
    ("[url", re.compile(r"\[(?:(?:[A-Za-z][A-Za-z0-9+.-]*:)?//|mailto:)")),
    ("[[", re.compile(r"\[\[")),
    ("]]", re.compile(r"\]\]")),
    ("{|", re.compile(r"\{\|")),
    ("|}", re.compile(r"\|\}")),
    ("{{", re.compile(r"\{\{")),
    ("}}", re.compile(r"\}\}")),
    ("'''", re.compile(r"(?<!')'{3,}(?!')")),
    ("''", re.compile(r"(?<!')''(?!')")),
    ("~~~", re.compile(r"~{3,}")),
    ("~~", re.compile(r"(?<!~)~~(?!~)")),
    ("__", re.compile(r"_{2,}")),
    ("**", re.compile(r"\*{2,}")),
    ("//", re.compile(r"(?<![:/])/{2,}")),
    ("%%", re.compile(r"%{2,}")),
    ("((", re.compile(r"\({2,}")),
    ("))", re.compile(r"\){2,}")),
    ("\\\\", re.compile(r"\\{2,}")),
    ("^ at line start", re.compile(r"^\^", re.M)),
    ("| at line start", re.compile(r"^\|", re.M)),
    # not kinds of their own: what gates the two above (see compare())
    ("^", re.compile(r"\^")),
    ("|", re.compile(r"\|")),
]
# A line-start kind fails only when the character itself is shown more often too: the same `|`
# of a paragraph the reference shows, on a line of its own only because the target started a
# block next to it (MediaWiki's thumbnails do), is not markup the reference lacks.
GATES = {"^ at line start": "^", "| at line start": "|"}
UNREPORTED = set(GATES.values())

_BLANKED_AFTER = {"<tag>", "&entity;", "__SWITCH__", "~~MACRO~~"}

SNIPPET = 40      # characters of context each side of a token in a report
KEY = 10          # characters each side that identify an occurrence across two renderings
MAX_KEPT = 300    # occurrences of one kind kept per page (counts are always complete)


_STRAIGHT_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'",
                                  "\u201a": "'"})


def markup_tokens(text: str) -> dict[str, list[tuple[int, int]]]:
    """{kind: [(start, end), ...]} of the literal markup in a visible text (see the module's
    docstring for the kinds)."""
    found: dict[str, list[tuple[int, int]]] = {}
    # DokuWiki's typography curls the quotes of text (`"x"` shows as “x”): what a quote looks
    # like is no markup, so both sides are read with straight ones (one character for one, so
    # the spans stay those of `text`).
    work = text.translate(_STRAIGHT_QUOTES)
    for kind, pattern in TOKEN_KINDS:
        spans = []
        for m in pattern.finditer(work):
            k = "<" + (m.group(1) or m.group(2)).lower() + ">" if kind == "<tag>" else kind
            found.setdefault(k, []).append((m.start(), m.end()))
            spans.append((m.start(), m.end()))
        if spans and kind in _BLANKED_AFTER:
            # what is inside a tag, an entity, a switch or a macro is not counted again
            pieces, pos = [], 0
            for s, e in spans:
                pieces += [work[pos:s], re.sub(r"[^\n]", " ", work[s:e])]
                pos = e
            pieces.append(work[pos:])
            work = "".join(pieces)
    return found


def _context(text: str, start: int, end: int, width: int) -> str:
    return re.sub(r"\s+", " ", text[max(0, start - width):end + width].replace("\n", " ⏎ ")).strip()


class Tokens:
    """The literal markup of one rendering: counts per kind, and for each kind a few
    occurrences (a key to recognise the same occurrence in another rendering, and a snippet)."""

    __slots__ = ("counts", "occurrences")

    def __init__(self, text: str):
        found = markup_tokens(text)
        self.counts: dict[str, int] = {k: len(v) for k, v in found.items()}
        self.occurrences: dict[str, list[tuple[str, str]]] = {}
        for kind, spans in found.items():
            self.occurrences[kind] = [(_key(text, s, e), _context(text, s, e, SNIPPET)) for s, e in spans[:MAX_KEPT]]

    def to_json(self) -> dict:
        return {"counts": self.counts}


def _key(text: str, start: int, end: int) -> str:
    return re.sub(r"\s+", "", text[max(0, start - KEY):end + KEY])


def compare(target: Tokens, reference: Tokens, examples: int = 3) -> dict[str, dict]:
    """The kinds the target shows more often than the reference: {kind: {"target": n,
    "reference": m, "snippets": [...]}}. Snippets are the target's occurrences whose
    surroundings the reference does not have (the extra ones), else its first ones."""
    out: dict[str, dict] = {}
    for kind, n in target.counts.items():
        m = reference.counts.get(kind, 0)
        if n <= m or kind in UNREPORTED:
            continue
        gate = GATES.get(kind)
        if gate and target.counts.get(gate, 0) <= reference.counts.get(gate, 0):
            continue
        theirs = Counter(k for k, _ in reference.occurrences.get(kind, []))
        extra = []
        for key, snippet in target.occurrences.get(kind, []):
            if theirs[key] > 0:
                theirs[key] -= 1
            else:
                extra.append(snippet)
        if not extra:
            extra = [s for _, s in target.occurrences.get(kind, [])]
        out[kind] = {"target": n, "reference": m, "snippets": extra[:examples]}
    return out
