#!/usr/bin/python3
"""Build an EPUB zine of the pages in one category of a wiki.

    python3 category_zine.py WIKI CATEGORY OUT.epub [--title TITLE] [--cover IMAGE]

The articles are the category's members in title order (the epub writer's pages=category:NAME).
A filter drops a page's leading heading when it only repeats the page's name, so the book does
not show each title twice.
"""

from __future__ import annotations

import argparse
import sys

import wikiconv


def tidy(doc: wikiconv.Document) -> None:
    """The filter: drop a leading heading that only repeats the page's name."""
    first = doc.children[0] if doc.children else None
    if isinstance(first, wikiconv.Heading) and first.text_content().strip() == doc.name:
        del doc.children[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wiki")
    parser.add_argument("category", help='a category name, without "Category:"')
    parser.add_argument("output", help="the .epub to write")
    parser.add_argument("--title", help="the book's title (default: the category's name)")
    parser.add_argument("--author", help="the book's creator")
    parser.add_argument("--cover", help="a cover image")
    args = parser.parse_args(argv)

    wiki = wikiconv.Wiki.load(args.wiki)
    category = args.category.removeprefix("Category:")
    members = wiki.categories.get(category)
    if not members:
        known = ", ".join(wiki.categories) or "none"
        print(f"no category {category!r} in {args.wiki} (categories: {known})", file=sys.stderr)
        return 1
    print(f"Category:{category}: {', '.join(members)}", file=sys.stderr)
    wiki.write(args.output, to="epub", filter=tidy, pages=f"category:{category}",
               title=args.title or category, author=args.author, cover=args.cover)
    print(f"wrote {args.output} ({len(members)} articles)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
