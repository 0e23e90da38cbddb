#!/usr/bin/python3
"""A deterministic synthetic wiki of N Markdown pages in the style of the seed page and the
NixOS wiki corpus (pandoc's GFM export of MediaWiki pages).

Each page has what real pages have: headings, paragraphs (wrapped at 72 columns like pandoc
or on one long line like the NixOS mirror), raw-HTML wikilinks wrapped across lines
(<a href="Target" class="wikilink" title="...">...</a>), external and auto links, bullet and
ordered lists (nested), fenced code with a language, inline code, emphasis, tables, footnotes,
escaped wiki characters, comments and categories. Links point at other pages of the same wiki
(a few at missing pages). Page sizes follow the corpus (log-normal, median about 3.7 KB).

Same N and seed -> byte-identical wiki.

    generate_wiki.py OUTPUT_DIR N [--seed S]
"""

import argparse
import math
import os
import random
import sys

WORDS = """the core arguments against that they betray working class struggle by subordinating
workers self organization interests authoritarian states claiming socialist legitimacy most
starkly illustrated when defended soviet tanks crushing hungarian councils anti imperialism
seems false merely supporting russian chinese rather than genuinely opposing all forms imperial
domination reducing complex geopolitics simplistic oppose whatever supports framework often
engage genocide denial historical revisionism dismissing well documented atrocities western
propaganda while silencing voices those who actually experienced repression focusing grassroots
issues like rights housing climate change fixate defending state actions major conflicts
ultimately ideology reproduces same logic claims requires movements capitalist fascist nominally
cheering for one set oppressive regimes another package module option configuration system
service kernel driver store path build flake channel rebuild switch generation profile user
shell environment variable file directory network firewall boot loader disk partition mount
install update upgrade cache binary source derivation overlay attribute expression evaluate
hardware audio video card graphics display session desktop manager window terminal editor""".split()

TITLE_WORDS = """Mutual Aid Housing Union Library Zine Making Community Garden Kitchen Network
Bicycle Repair Free School Tenants Assembly Strike Fund Solidarity Food Bombs Radio Archive
Printing Press Workshop Guide Installation Flakes Audio Video Kernel Firewall Bootloader
Desktop Shell Editor Cache Overlay Channel Profile Service Module Package Hardware Graphics
Network Storage Backup Security Printing Scanner Bluetooth Wireless Power Laptop Server""".split()

LANGS = ["nix", "console", "bash", "python", "c", "json", "yaml", "ini"]
DOMAINS = ["theanarchistlibrary.org/library", "libcom.org/blog", "wiki.nixos.org/wiki",
           "github.com/NixOS/nixpkgs/issues", "search.nixos.org/options", "crimethinc.com/zines"]
CATEGORIES = ["Tankie", "Organizing", "Audio", "Hardware", "Desktop", "Guide", "Server",
              "Security", "Networking", "Community", "Cookbook", "Pedias"]


def make_titles(n, rng):
    titles, seen = [], set()
    i = 0
    while len(titles) < n:
        k = rng.choice((1, 2, 2, 3))
        words = [rng.choice(TITLE_WORDS) for _ in range(k)]
        title = " ".join(words)
        if title in seen:
            title = f"{title} {i}"
        if title in seen:
            i += 1
            continue
        seen.add(title)
        titles.append(title)
        i += 1
    return titles


class PageWriter:
    def __init__(self, rng, titles, wrapped):
        self.rng = rng
        self.titles = titles
        self.wrapped = wrapped  # pandoc style: 72 columns; else one line per paragraph
        self.footnotes = 0

    def words(self, lo, hi):
        r = self.rng
        return " ".join(r.choice(WORDS) for _ in range(r.randint(lo, hi)))

    def target(self):
        r = self.rng
        if r.random() < 0.04:
            return f"Missing page {r.randint(1, 999)}"
        return r.choice(self.titles)

    def wikilink(self):
        t = self.target()
        label = t if self.rng.random() < 0.7 else self.words(1, 4)
        href = t.replace(" ", "_") if self.rng.random() < 0.5 else t
        return f'<a href="{href}" class="wikilink" title="{t}">{label}</a>'

    def inline(self):
        r = self.rng
        x = r.random()
        if x < 0.30:
            return self.wikilink()
        if x < 0.45:
            return f"`{r.choice(WORDS)}.{r.choice(WORDS)}`"
        if x < 0.55:
            return f"*{self.words(1, 3)}*"
        if x < 0.62:
            return f"**{self.words(1, 3)}**"
        if x < 0.72:
            return f"[{self.words(2, 5)}](https://{r.choice(DOMAINS)}/{r.choice(WORDS)}-{r.randint(1, 9999)})"
        if x < 0.78:
            return f"<https://{r.choice(DOMAINS)}/{r.choice(WORDS)}-{r.choice(WORDS)}>"
        if x < 0.84:
            self.footnotes += 1
            return f"[^{self.footnotes}]"
        if x < 0.90:
            return "\\[EN\\]" if r.random() < 0.5 else "\\*not\\* a \\_wiki\\_ \\[\\[link\\]\\]"
        if x < 0.94:
            return f"H<sub>2</sub>O and x<sup>{r.randint(2, 9)}</sup>"
        return f"~~{self.words(1, 2)}~~"

    def sentence_stream(self, n_words):
        """Words of a paragraph with inline constructs mixed in, as tokens."""
        r = self.rng
        out = []
        while n_words > 0:
            if r.random() < 0.12:
                out.append(self.inline())
                n_words -= 3
            else:
                w = r.choice(WORDS)
                if r.random() < 0.08:
                    w += r.choice((",", ".", ";", "—"))
                out.append(w)
                n_words -= 1
        return out

    def wrap(self, tokens, indent=""):
        """Joins tokens; pandoc style wraps at 72 columns (breaking inside HTML tags too, as
        pandoc does with wikilinks)."""
        text = " ".join(tokens)
        if not self.wrapped:
            return text
        lines, line = [], ""
        for word in text.split(" "):
            if line and len(line) + 1 + len(word) > 72 - len(indent):
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            lines.append(line)
        return "\n".join(indent + l if i else l for i, l in enumerate(lines))

    def paragraph(self):
        return self.wrap(self.sentence_stream(self.rng.randint(15, 90)))

    def bullet_list(self):
        r = self.rng
        items = []
        for _ in range(r.randint(2, 7)):
            items.append("- " + self.wrap(self.sentence_stream(r.randint(4, 25)), "  "))
            if r.random() < 0.25:
                for _ in range(r.randint(1, 3)):
                    items.append("  - " + self.wrap(self.sentence_stream(r.randint(3, 12)), "    "))
        return "\n".join(items)

    def ordered_list(self):
        r = self.rng
        items = []
        for i in range(1, r.randint(2, 8)):
            items.append(f"{i}.  " + self.wrap(self.sentence_stream(r.randint(4, 20)), "    "))
            if r.random() < 0.2:
                for j in range(1, r.randint(2, 4)):
                    items.append(f"    {j}.  " + self.wrap(self.sentence_stream(r.randint(3, 10)), "        "))
        return "\n".join(items)

    def code_block(self):
        r = self.rng
        lines = []
        for _ in range(r.randint(1, 14)):
            kind = r.random()
            if kind < 0.4:
                lines.append(f"  {r.choice(WORDS)}.{r.choice(WORDS)}.enable = true;")
            elif kind < 0.7:
                lines.append(f"$ nix-{r.choice(('build', 'shell', 'env', 'store'))} -A {r.choice(WORDS)} --{r.choice(WORDS)}")
            elif kind < 0.85:
                lines.append(f"{r.choice(WORDS)} = {{ {r.choice(WORDS)} = \"{self.words(1, 3)}\"; }};  # {self.words(2, 5)}")
            else:
                lines.append("")
        return f"``` {r.choice(LANGS)}\n" + "\n".join(lines) + "\n```"

    def cell(self):
        r = self.rng
        x = r.random()
        if x < 0.2:
            return self.wikilink()
        if x < 0.35:
            return f"[{self.words(1, 2)}](https://{r.choice(DOMAINS)}/{r.choice(WORDS)})"
        if x < 0.45:
            return f"`{r.choice(WORDS)}`"
        if x < 0.5:
            return ""
        return self.words(1, 5)

    def table(self):
        r = self.rng
        cols = r.randint(2, 5)
        head = [self.words(1, 3).capitalize() for _ in range(cols)]
        aligns = [r.choice(("----", ":---", ":---:", "---:")) for _ in range(cols)]
        rows = ["| " + " | ".join(head) + " |", "|" + "|".join(aligns) + "|"]
        for _ in range(r.randint(2, 9)):
            rows.append("| " + " | ".join(self.cell() for _ in range(cols)) + " |")
        return "\n".join(rows)

    def page(self, title, target_size):
        r = self.rng
        self.footnotes = 0
        blocks = []
        if r.random() < 0.5:
            blocks.append("<!-- Generated from https://wiki.example.org/wikidump.xml.zst. Do not edit by hand. -->")
            blocks.append(f"<!-- Source page: {title} -->")
        else:
            blocks.append(f"# {title}")
        size = 0
        while size < target_size:
            x = r.random()
            if x < 0.10:
                b = f"{'#' * r.choice((2, 2, 3, 4))} {self.words(1, 5).capitalize()}"
            elif x < 0.52:
                b = self.paragraph()
            elif x < 0.64:
                b = self.bullet_list()
            elif x < 0.70:
                b = self.ordered_list()
            elif x < 0.82:
                b = self.code_block()
            elif x < 0.87:
                b = self.table()
            elif x < 0.90:
                b = "> " + self.wrap(self.sentence_stream(r.randint(8, 30)), "> ")
            elif x < 0.93:
                b = f"<div class=\"mw-translate-fuzzy\">\n\n{self.paragraph()}\n\n</div>"
            elif x < 0.95:
                b = "-----"
            else:
                b = "Return to\n" + self.wikilink()
            blocks.append(b)
            size += len(b) + 2
        for i in range(1, self.footnotes + 1):
            blocks.append(f"[^{i}]: " + self.wrap(self.sentence_stream(r.randint(4, 20)), "    "))
        cats = r.sample(CATEGORIES, r.choice((0, 1, 1, 2, 3)))
        if cats:
            blocks.append("\n".join(
                f'<a href="Category:{c}" class="wikilink"\ntitle="Category:{c}">Category:{c}</a>'
                for c in cats))
        return "\n\n".join(blocks) + "\n"


def page_path(title):
    # Like pandoc exports: spaces become underscores; a few pages live in a subfolder.
    name = title.replace(" ", "_")
    return name + ".md"


def generate(out_dir, n, seed=1):
    rng = random.Random(seed)
    titles = make_titles(n, rng)
    # Every 20th page is a subpage in a folder ("Guides/Title"); links name it so.
    titles = [f"Guides/{t}" if i % 20 == 7 else t for i, t in enumerate(titles)]
    total = 0
    os.makedirs(out_dir, exist_ok=True)
    for i, title in enumerate(titles):
        page_rng = random.Random(f"{seed}:{i}")  # pages independent of each other: N=100 is a prefix of N=1000
        writer = PageWriter(page_rng, titles, wrapped=page_rng.random() < 0.6)
        size = int(min(60000, max(400, math.exp(page_rng.gauss(math.log(3700), 0.85)))))
        text = writer.page(title, size)
        path = os.path.join(out_dir, page_path(title))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    return titles, total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output")
    ap.add_argument("pages", type=int)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    titles, total = generate(args.output, args.pages, args.seed)
    print(f"{len(titles)} pages, {total} bytes in {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
