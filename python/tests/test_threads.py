"""Conversions release the GIL: two Python threads convert at the same time."""

from __future__ import annotations

import threading
import time

import wikiconv
from helpers import CORPUS, FIXTURE_WIKI, page_files


def big_page(target_bytes: int = 6_000_000) -> str:
    sources = page_files(CORPUS) if CORPUS.is_dir() else page_files(FIXTURE_WIKI)
    texts = [p.read_text(errors="replace") for p in sources]
    chunk = "\n\n".join(texts)
    return "\n\n".join([chunk] * (target_bytes // len(chunk) + 1))


def convert_spans(text: str, count: int) -> list[tuple[float, float]]:
    """Runs `count` threads each converting `text`; returns each thread's (start, end) of the
    convert call."""
    spans: list[tuple[float, float]] = [(0.0, 0.0)] * count
    barrier = threading.Barrier(count)

    def work(i: int) -> None:
        barrier.wait()
        start = time.perf_counter()
        wikiconv.convert(text, to="html", title="Big")
        spans[i] = (start, time.perf_counter())

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return spans


def test_two_threads_convert_at_once():
    """convert() releases the GIL: two calls run at the same time. With the GIL held, the second
    call could only start when the first returned (no overlap at all), however busy the machine.
    How much faster two threads are is the benchmark's business (bench/run), not a test's."""
    text = big_page()
    wikiconv.convert(text, to="html", title="Big")  # warm up
    spans = convert_spans(text, 2)
    overlap = min(e for _, e in spans) - max(s for s, _ in spans)
    shortest = min(e - s for s, e in spans)
    assert overlap > 0.5 * shortest, f"calls overlapped {overlap:.3f}s of {shortest:.3f}s"


def test_threads_share_a_wiki():
    """Several Python threads reading pages of one Wiki get the same documents as one thread."""
    wiki = wikiconv.Wiki.load(FIXTURE_WIKI)
    expected = {t: wiki[t].to("json") for t in wiki}
    results: dict[int, dict[str, str]] = {}

    def work(i: int) -> None:
        results[i] = {t: wiki[t].to("json") for t in wiki}

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results.values())
