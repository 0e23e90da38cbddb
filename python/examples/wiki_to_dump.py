#!/usr/bin/python3
"""Convert a wiki folder of Markdown pages into a MediaWiki XML dump for importDump.php.

    python3 wiki_to_dump.py WIKI OUT.xml [-O sitename=My Wiki] [-O ns=Tankie:3000]

Prints what the wiki holds (pages, categories, broken links) before writing, then the dump's
warnings. Import it with `php maintenance/importDump.php --uploads OUT.xml` (--uploads: the
wiki's media files, which the dump carries).
"""

from __future__ import annotations

import argparse
import sys
import warnings

import wikiconv


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wiki", help="the wiki folder")
    parser.add_argument("output", help="the dump to write (.xml, .xml.gz or .xml.bz2)")
    parser.add_argument("-O", "--option", action="append", default=[], metavar="NAME=VALUE",
                        help="mediawiki writer option (see `wikiconv formats`)")
    args = parser.parse_args(argv)
    options = dict(o.split("=", 1) for o in args.option)

    wiki = wikiconv.Wiki.load(args.wiki)
    print(f"{len(wiki)} pages, {len(wiki.categories)} categories", file=sys.stderr)
    for name, members in wiki.categories.items():
        print(f"  Category:{name}: {', '.join(members)}", file=sys.stderr)
    for link in wiki.broken_links:
        print(f"  {link.file}:{link.line}: broken link to [[{link.target}]]", file=sys.stderr)

    # Warnings are collected and printed once, not raised.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", wikiconv.ConversionWarning)
        try:
            diagnostics = wiki.write(args.output, to="mediawiki", **options)
        except wikiconv.Error as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    for d in diagnostics:
        print(f"  {d}", file=sys.stderr)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
