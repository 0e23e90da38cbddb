#!/usr/bin/python3
"""Rename pages while converting a wiki, and fix every link to them: a filter.

    python3 rename_pages.py WIKI OUT --rename "Old title=New title" [--rename ...] [-t mediawiki]

Each page whose title is renamed gets its new title; every wiki link whose target names a
renamed page (in any spelling MediaWiki accepts: "old_title", "Old title#Section") is pointed
at the new title, keeping its section and label. Write any format (-t), as the CLI's convert.
"""

from __future__ import annotations

import argparse
import sys

import wikiconv


def rename_filter(wiki: wikiconv.Wiki, renames: dict[str, str]):
    """A filter renaming pages by `renames` (old title -> new title) and fixing links to them."""
    # Canonical titles, so that any spelling of a link target finds its page.
    canonical = {wiki.resolve(old): new for old, new in renames.items()}

    def apply(doc: wikiconv.Document) -> None:
        if doc.title in canonical:
            doc.title = canonical[doc.title]
        for node in doc.walk():
            if isinstance(node, wikiconv.WikiLink) and node.target:
                new = canonical.get(wiki.resolve(node.target))
                if new is not None:
                    node.target = new

    return apply


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wiki")
    parser.add_argument("output")
    parser.add_argument("--rename", action="append", default=[], metavar="OLD=NEW", required=True)
    parser.add_argument("-t", "--to", default="mediawiki", help="output format (default mediawiki)")
    args = parser.parse_args(argv)

    wiki = wikiconv.Wiki.load(args.wiki)
    renames = dict(r.split("=", 1) for r in args.rename)
    missing = [old for old in renames if old not in wiki]
    if missing:
        print(f"no such page: {', '.join(missing)}", file=sys.stderr)
        return 1
    wiki.write(args.output, to=args.to, filter=rename_filter(wiki, renames))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
