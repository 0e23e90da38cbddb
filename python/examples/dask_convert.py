#!/usr/bin/python3
"""Convert a wiki too large for one machine into one MediaWiki dump with Dask.

The wiki is cut into shards: contiguous ranges of its pages in title order
(``wikiconv.Wiki.shard``). A ``dask.bag`` holds the shard numbers; on a ``dask.distributed``
cluster every task opens the wiki (once per worker process: the index is cached), converts its
shard to a dump part with the library's own threads, and returns the part's path. The client
then merges the parts in shard order into one dump: the first part's header, every part's
pages (page and revision ids shifted to run on across parts) and the footer. The result is
byte for byte the dump ``wikiconv convert WIKI -t mediawiki -o OUT.xml`` writes in one process.

Layout: the wiki folder must be readable at the same path on every worker (a shared
filesystem), and the parts go to ``OUT.parts/part-NNNNN.xml`` next to the output (shared too);
they are removed after the merge unless --keep-parts.

Usage::

    # a LocalCluster on this machine (processes, loopback only)
    python3 dask_convert.py WIKI OUT.xml --workers 4 --shards 64
    # an existing cluster (dask-scheduler / dask-worker started elsewhere)
    python3 dask_convert.py WIKI OUT.xml --scheduler tcp://10.0.0.1:8786 --shards 1024

Options after -O are the mediawiki writer's (as the CLI's -O name=value), e.g. -O sitename=Wiki.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import dask.bag
from dask.distributed import Client, LocalCluster

import wikiconv

# The lines of a dump that carry ids (text is XML-escaped, so these cannot occur inside it).
_ID_LINE = re.compile(rb"^(    <id>|      <id>|      <origin>|      <parentid>)(\d+)(</\w+>\n)$")


@functools.lru_cache(maxsize=4)
def open_wiki(root: str) -> wikiconv.Wiki:
    """The wiki's index, built once per worker process and reused by every task there."""
    return wikiconv.Wiki.load(root)


def convert_shard(index: int, root: str, count: int, parts_dir: str, options: dict,
                  threads: int) -> tuple[str, int]:
    """Runs on a worker: writes shard `index` of `count` as a dump part; returns (path, pages)."""
    shard = open_wiki(root).shard(index, count)
    path = Path(parts_dir) / f"part-{index:05d}.xml"
    shard.write(path, to="mediawiki", threads=threads, **options)
    return str(path), len(shard)


def merge_parts(parts: list[tuple[str, int]], output: Path) -> None:
    """Concatenates dump parts (in shard order) into one dump at `output`, written under a
    temporary name and renamed, streaming line by line (parts may be large)."""
    tmp = output.with_name(output.name + ".tmp")
    offset = 0
    with open(tmp, "wb") as out:
        for number, (path, pages) in enumerate(parts):
            with open(path, "rb") as part:
                in_pages = False
                for line in part:
                    if not in_pages:
                        # The header (up to </siteinfo>) is the same in every part: keep one.
                        if number == 0:
                            out.write(line)
                        in_pages = line.strip() == b"</siteinfo>"
                        continue
                    if line == b"</mediawiki>\n" or line == b"</mediawiki>":
                        break
                    if offset:
                        m = _ID_LINE.match(line)
                        if m:
                            line = m.group(1) + str(int(m.group(2)) + offset).encode() + m.group(3)
                    out.write(line)
            offset += pages
        out.write(b"</mediawiki>\n")
    os.replace(tmp, output)


def convert(root: str | os.PathLike, output: str | os.PathLike, client: Client, shards: int,
            threads_per_task: int = 1, keep_parts: bool = False, **options) -> Path:
    """Converts the wiki at `root` to one dump at `output` on `client`'s cluster."""
    root = str(Path(root).resolve())
    output = Path(output).resolve()
    parts_dir = output.with_name(output.name + ".parts")
    parts_dir.mkdir(parents=True, exist_ok=True)
    try:
        bag = dask.bag.from_sequence(range(shards), npartitions=shards)
        parts = bag.map(convert_shard, root=root, count=shards, parts_dir=str(parts_dir),
                        options=options, threads=threads_per_task).compute()
        merge_parts(parts, output)
    finally:
        if not keep_parts:
            shutil.rmtree(parts_dir, ignore_errors=True)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wiki", help="the wiki folder (readable at this path on every worker)")
    parser.add_argument("output", help="the dump to write (.xml)")
    parser.add_argument("--shards", type=int, default=0, help="parts to cut the wiki into (default: 4 per worker)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    parser.add_argument("--memory-limit", default="1GiB", help="LocalCluster memory per worker (default 1GiB)")
    parser.add_argument("--scheduler", help="address of an existing Dask scheduler instead of a LocalCluster")
    parser.add_argument("--keep-parts", action="store_true", help="keep OUTPUT.parts/ after merging")
    parser.add_argument("-O", "--option", action="append", default=[], metavar="NAME=VALUE",
                        help="mediawiki writer option (repeatable)")
    args = parser.parse_args(argv)
    options = dict(o.split("=", 1) for o in args.option)
    if "split" in options:
        parser.error("-O split does not apply: the parts are merged into one dump")

    if args.scheduler:
        with Client(args.scheduler) as client:
            workers = max(1, len(client.scheduler_info()["workers"]))
            out = convert(args.wiki, args.output, client, args.shards or 4 * workers, keep_parts=args.keep_parts, **options)
    else:
        # Processes on this machine, listening on loopback only, no dashboard.
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, memory_limit=args.memory_limit,
                          local_directory=tempfile.gettempdir()) as cluster, Client(cluster) as client:
            out = convert(args.wiki, args.output, client, args.shards or 4 * args.workers,
                          keep_parts=args.keep_parts, **options)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
