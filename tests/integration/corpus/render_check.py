"""Every page of every corpus through the real consumers, compared with cmark-gfm by what a reader
sees: literal HTML tags and wiki markup that MediaWiki or DokuWiki shows and cmark-gfm does not.

Phases (each timed; the slow ones run `jobs` PHP or cmark-gfm processes at a time):
  convert    the CLI converts each corpus as a whole: `-t mediawiki -o dump.xml` and
             `-t dokuwiki -o DIR`; pages the whole-wiki run leaves out (hidden files, DokuWiki
             id collisions) are converted on their own (`convert FILE -t wikitext|dokuwiki
             --title T`), so that every page file is checked.
  cmark      cmark-gfm's HTML of each page's Markdown (front matter removed), the reference:
             `cmark-gfm --unsafe -e table -e strikethrough -e autolink -e tagfilter -e tasklist
             -e footnotes` (GitHub's extensions, tagfilter included: GitHub shows `<script>`,
             `<title>`, ... as text, as the wiki the pages came from did).
  mediawiki  each page's wikitext (from the dump) parsed by MediaWiki 1.39 as that page, in a
             throwaway wiki per corpus with the dump's namespaces declared and Cite and
             SyntaxHighlight loaded (mwlib.MediaWiki), in batches of pages per PHP process
             (parse_batch.php).
  dokuwiki   each page of the converted tree rendered by DokuWiki's parser and xhtml renderer
             (render.php), in batches per PHP process, from a throwaway DokuWiki per corpus.
  epub       each corpus as one EPUB, checked by epubcheck, one book after the other on a thread
             of its own while the phases above run. The OWASP book is most of the whole run:
             epubcheck's NCX Schematron rules compare every navPoint with every other one, and
             its toc.ncx has 21,249 (toc-depth 2): ~530 s CPU; with 6,649 (toc-depth=1) ~120 s.

Then each rendering's visible text is searched for literal markup (visible.py says what counts)
and compared with the reference's, page by page. Rendered HTML and converted text of every
failing page are kept under WORK/failing/ENGINE/CORPUS/ for drilling in.

Standalone: `python3 tests/integration/corpus/render_check.py [--corpus owasp] [--work DIR]`
(with WIKICONV_SHARED=/path/to/shared when ../shared is not beside the checkout)."""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "mediawiki"))
sys.path.insert(0, str(HERE.parent / "dokuwiki"))

import common  # noqa: E402
import corpora  # noqa: E402
import visible  # noqa: E402

CMARK_ARGS = ["--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter",
              "-e", "tasklist", "-e", "footnotes"]
MW_BATCH_BYTES = 1_500_000     # wikitext per PHP process (parse_batch.php)
DW_BATCH_BYTES = 2_000_000     # DokuWiki text per PHP process (render.php)
BATCH_PAGES = 400
EXAMPLES = 5                   # example pages per kind in the summary
NEUTRAL_TITLE = "Corpus render check"


def default_jobs() -> int:
    return int(os.environ.get("WIKICONV_CORPUS_JOBS", min(2, os.cpu_count() or 1)))


def _mw_furniture(tag, attrs):
    cls = set((attrs.get("class") or "").split())
    return bool(cls & {"toc", "mw-editsection", "catlinks"}) or attrs.get("id") == "toc"


def _dw_furniture(tag, attrs):
    # DokuWiki's table of contents repeats every heading
    return tag == "div" and attrs.get("id") == "dw__toc"


def _safe(name: str) -> str:
    return re.sub(r"[\x00-\x1f]", "_", name)


class Check:
    """One run over the corpora; `run()` returns the report (also written to WORK/report.json)."""

    def __init__(self, work: Path, jobs: int | None = None, only: list[str] | None = None,
                 epub: bool = True, log=print):
        self.work = Path(work)
        self.jobs = jobs or default_jobs()
        self.only = only
        self.with_epub = epub
        self.log = log
        self.timings: dict[str, float] = {}    # wall clock per phase
        self.cpu: dict[str, float] = {}        # CPU time per phase, this process and its children
        self.corpora: list[corpora.Corpus] = []
        self.reference: dict[str, visible.Tokens] = {}
        self.errors: dict[str, list[dict]] = defaultdict(list)     # phase -> problems
        self.notes: dict[str, list[dict]] = defaultdict(list)      # engine -> what was worked around
        self.results: dict[str, dict[str, dict]] = {"mediawiki": {}, "dokuwiki": {}}  # engine -> key -> diff
        self.checked: dict[str, set] = {"mediawiki": set(), "dokuwiki": set()}
        self.alone: dict[str, dict] = {}   # corpus -> {"wikitext": {file: text}, "dokuwiki": {file: text}}
        self.dw: dict[str, object] = {}
        self.dw_ids: dict[str, dict[str, tuple[str, str]]] = {}
        self.dw_alone_ids: dict[str, dict[str, str]] = {}
        self.epub: dict[str, dict] = {}
        self.epub_seconds = 0.0
        self.epub_failure: BaseException | None = None
        self.bg_cpu = 0.0                  # CPU time of the processes the EPUB thread ran

    # ----- orchestration --------------------------------------------------------------------

    def run(self) -> dict:
        if self.work.exists():
            shutil.rmtree(self.work)
        self.work.mkdir(parents=True)
        start = time.monotonic()
        self._phase("convert", self.convert)
        # The EPUBs are built and checked on a thread of their own while the wikis render: an
        # epubcheck JVM beside the PHP processes (the OWASP book takes epubcheck minutes).
        background = None
        if self.with_epub:
            background = threading.Thread(target=self._epub_background, name="epub", daemon=True)
            background.start()
        self._phase("cmark", self.render_cmark)
        self._phase("mediawiki", self.render_mediawiki)
        self._phase("dokuwiki", self.render_dokuwiki)
        if background:
            self._phase("epub (waiting for the rest)", background.join)
            self.timings["epub (in the background)"] = self.epub_seconds
            self.cpu["epub (in the background)"] = round(self.bg_cpu, 1)
            if self.epub_failure:
                raise self.epub_failure
        self.timings["total"] = round(time.monotonic() - start, 1)
        self.cpu["total"] = round(sum(self.cpu.values()), 1)
        report = self.report()
        (self.work / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
        return report

    def _phase(self, name, fn):
        t, cpu, bg = time.monotonic(), _cpu(), self.bg_cpu
        fn()
        self.timings[name] = round(time.monotonic() - t, 1)
        # CPU of this process and its children, less what the EPUB thread's processes took
        self.cpu[name] = round(_cpu() - cpu - (self.bg_cpu - bg), 1)
        self.log(f"corpus-render: {name} {self.timings[name]:.1f} s ({self.cpu[name]:.1f} s CPU)")

    def _epub_background(self):
        t = time.monotonic()
        try:
            self.check_epub()
        except BaseException as e:  # noqa: BLE001 - raised again on the main thread
            self.epub_failure = e
        self.epub_seconds = round(time.monotonic() - t, 1)
        self.log(f"corpus-render: epub {self.epub_seconds:.1f} s ({self.bg_cpu:.1f} s CPU), in the background")

    def pages(self):
        for c in self.corpora:
            yield from c.pages

    # ----- convert --------------------------------------------------------------------------

    def convert(self):
        for name, root in corpora.available(self.work):
            if self.only and name not in self.only:
                continue
            corpus = corpora.load_pages(name, root)
            self.corpora.append(corpus)
            out = self.work / name
            out.mkdir(parents=True, exist_ok=True)
            common.run_cli("convert", root, "-t", "mediawiki", "-o", out / "dump.xml", "-q", "-j", self.jobs,
                           timeout=1200)
            proc = common.run_cli("convert", root, "-t", "dokuwiki", "-o", out / "dokuwiki", "-q", "-j", self.jobs,
                                  check=False, timeout=1200)
            errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
            if proc.returncode not in (0, 1) or (proc.returncode == 1 and not errors):
                raise AssertionError(f"wikiconv convert {root} -t dokuwiki exited {proc.returncode}:\n{proc.stderr[-3000:]}")
            for line in errors:
                self.errors["convert"].append({"corpus": name, "format": "dokuwiki", "message": line})
            self._dokuwiki_ids(corpus, out / "dokuwiki")
            # pages the whole-wiki runs leave out, converted on their own
            alone = {"wikitext": {}, "dokuwiki": {}}
            jobs = []
            for page in corpus.pages:
                if not page.in_wiki:
                    jobs.append((page, "wikitext"))
                if page.file not in self.dw_ids[name]:
                    jobs.append((page, "dokuwiki"))
            with concurrent.futures.ThreadPoolExecutor(self.jobs) as pool:
                for (page, fmt), text in zip(jobs, pool.map(self._convert_alone, jobs)):
                    alone[fmt][page.file] = text
            self.alone[name] = alone
            if jobs:
                self.log(f"corpus-render: {name}: {len(alone['wikitext'])} pages not in the dump and "
                         f"{len(alone['dokuwiki'])} not in the DokuWiki tree, converted on their own")

    def _convert_alone(self, job):
        page, fmt = job
        proc = common.run_cli("convert", page.path, "-t", fmt, "--title", page.title, "-q", check=False)
        if proc.returncode != 0:
            self.errors["convert"].append({"corpus": page.corpus, "file": page.file, "format": fmt,
                                           "message": proc.stderr[-500:]})
            return None
        return proc.stdout

    def _dokuwiki_ids(self, corpus, tree: Path):
        """Which page of the tree holds which source page: DokuWiki's cleanID() of the title
        (with `/` as `_`, as the writer does); an id claimed by two titles holds only one of
        them, so both are converted on their own."""
        import dw_harness
        dw = dw_harness.DokuWiki(self.work / corpus.name / "dokuwiki-root")
        dw.use_tree(tree)
        self.dw[corpus.name] = dw
        proc = subprocess.run([dw.php, str(Path(dw_harness.__file__).parent / "render.php"), str(dw.conf)],
                              input=json.dumps({"ids": [p.title.replace("/", "_") for p in corpus.pages]}),
                              capture_output=True, text=True, check=True, timeout=600)
        answer = json.loads(proc.stdout)["ids"]
        claims = Counter(x["id"] for p, x in zip(corpus.pages, answer) if p.in_wiki)
        written = set(dw_harness.page_ids(tree))
        # file -> (id, page file below pages/)
        self.dw_ids[corpus.name] = {p.file: (x["id"], x["file"]) for p, x in zip(corpus.pages, answer)
                                    if p.in_wiki and claims[x["id"]] == 1 and x["id"] in written}
        # the id a page converted on its own is rendered as (its links resolve from there)
        self.dw_alone_ids[corpus.name] = {p.file: x["id"] for p, x in zip(corpus.pages, answer)}

    # ----- cmark-gfm ------------------------------------------------------------------------

    def render_cmark(self):
        exe = common.need_tool("cmark-gfm")

        def one(page):
            proc = subprocess.run([exe, *CMARK_ARGS], input=page.markdown().encode("utf-8"), capture_output=True,
                                  timeout=300)
            return proc.stdout.decode("utf-8", errors="replace") if proc.returncode == 0 else None

        pages = list(self.pages())
        with concurrent.futures.ThreadPoolExecutor(self.jobs) as pool:
            for page, out in zip(pages, pool.map(one, pages)):
                if out is None:
                    self.errors["cmark"].append({"corpus": page.corpus, "file": page.file, "message": "cmark-gfm failed"})
                    out = ""
                self.reference[page.key] = visible.Tokens(visible.visible_text(out))

    # ----- MediaWiki ------------------------------------------------------------------------

    def render_mediawiki(self):
        import mwlib
        batches = []
        wikis = {}
        for corpus in self.corpora:
            dump = self.work / corpus.name / "dump.xml"
            root = self.work / corpus.name / "mediawiki"
            wiki = mwlib.MediaWiki(root)
            text = dump.read_text(encoding="utf-8")
            wiki.declare_namespaces(text[:text.find("</siteinfo>")])
            del text
            wikis[corpus.name] = wiki
            dumped = _dump_pages(dump)
            work = []
            for page in corpus.pages:
                if page.in_wiki:
                    if page.title not in dumped:
                        self.errors["mediawiki"].append({"corpus": corpus.name, "file": page.file,
                                                         "message": f"no page {page.title!r} in the dump"})
                        continue
                    work.append((page, page.title, dumped[page.title]))
                else:
                    wikitext = self.alone[corpus.name]["wikitext"].get(page.file)
                    if wikitext is not None:
                        work.append((page, page.title, wikitext))
            batches += [(wiki, b) for b in _batches(work, MW_BATCH_BYTES)]
        batch_dir = self.work / "mediawiki-batches"
        batch_dir.mkdir(exist_ok=True)

        def job(wiki, batch, index):
            results = _bisect(lambda items: wiki.parse_pages([(t, x) for _, t, x in items],
                                                             batch_dir / f"batch-{index:04d}.json"), batch)
            for i, ((page, title, text), (html, error)) in enumerate(zip(batch, results)):
                if error is None:
                    continue
                # A title MediaWiki refuses (Title::newFromText() is null): its text still shows
                # what it shows, as another page; the title itself is reported.
                try:
                    html = wiki.parse_pages([(NEUTRAL_TITLE, text)])[0]
                except AssertionError:
                    continue
                results[i] = (html, None)
                self.notes["mediawiki"].append({"corpus": page.corpus, "file": page.file, "title": title,
                                                "message": f"MediaWiki cannot parse as {title!r} (an invalid title?); "
                                                           f"parsed as {NEUTRAL_TITLE!r}: {error[-300:]}"})
            return results

        self._render("mediawiki", batches, job, _mw_furniture, suffix=".wiki")

    # ----- DokuWiki -------------------------------------------------------------------------

    def render_dokuwiki(self):
        batches = []
        for corpus in self.corpora:
            dw = self.dw[corpus.name]
            ids = self.dw_ids[corpus.name]
            tree = self.work / corpus.name / "dokuwiki" / "pages"
            work = []
            for page in corpus.pages:
                if page.file in ids:
                    page_id, file = ids[page.file]
                    path = tree / file
                    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
                    work.append((page, ("page", page_id), text))
                else:
                    text = self.alone[corpus.name]["dokuwiki"].get(page.file)
                    if text is None:
                        continue
                    work.append((page, ("snippet", self.dw_alone_ids[corpus.name][page.file]), text))
            batches += [(dw, b) for b in _batches(work, DW_BATCH_BYTES)]

        def render(dw, items):
            request_pages = [ref[1] for _, ref, _ in items if ref[0] == "page"]
            snippets = {str(i): {"id": ref[1], "text": text} for i, (_, ref, text) in enumerate(items)
                        if ref[0] == "snippet"}
            answer = dw.render(pages=request_pages, snippets=snippets)
            out = []
            for i, (_, ref, _) in enumerate(items):
                html = answer["pages"].get(ref[1]) if ref[0] == "page" else answer["snippets"].get(str(i))
                if html is None:
                    raise AssertionError(f"render.php gave no HTML for {ref[1]}")
                out.append(html)
            return out

        def job(dw, batch, index):
            return _bisect(lambda items: render(dw, items), batch)

        self._render("dokuwiki", batches, job, _dw_furniture, suffix=".txt")

    # ----- shared by both engines ------------------------------------------------------------

    def _render(self, engine, batches, job, furniture, suffix):
        failing_dir = self.work / "failing" / engine
        done = 0
        with concurrent.futures.ThreadPoolExecutor(self.jobs) as pool:
            # the costliest first, so that the last batches are short ones on every worker
            order = sorted(batches, key=lambda b: -sum(_cost(text) for _, _, text in b[1]))
            futures = {pool.submit(job, ctx, batch, i): batch for i, (ctx, batch) in enumerate(order)}
            for fut in concurrent.futures.as_completed(futures):
                batch, outputs = futures[fut], fut.result()
                for (page, _, source), (html, error) in zip(batch, outputs):
                    if error is not None:
                        self.errors[engine].append({"corpus": page.corpus, "file": page.file, "message": error})
                        continue
                    tokens = visible.Tokens(visible.visible_text(html, furniture))
                    self.checked[engine].add(page.key)
                    diff = visible.compare(tokens, self.reference[page.key])
                    if diff:
                        self.results[engine][page.key] = diff
                        base = failing_dir / page.corpus / _safe(page.file)
                        base.parent.mkdir(parents=True, exist_ok=True)
                        base.with_name(base.name + ".html").write_text(html, encoding="utf-8")
                        base.with_name(base.name + suffix).write_text(source, encoding="utf-8")
                done += 1
                if done % 10 == 0 or done == len(futures):
                    self.log(f"corpus-render: {engine}: {done}/{len(futures)} batches")

    # ----- EPUB -----------------------------------------------------------------------------

    def check_epub(self):
        epubcheck = Path("/usr/bin/epubcheck")
        if not epubcheck.exists() or not shutil.which("java"):
            self.epub = {"skipped": "epubcheck (java -jar /usr/bin/epubcheck) is not installed"}
            return
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        # the biggest book first: the others are checked while it is
        for corpus in sorted(self.corpora, key=lambda c: -len(c.pages)):
            book = self.work / corpus.name / f"{corpus.name}.epub"
            out = book.with_suffix(".epubcheck.json")
            t = time.monotonic()
            code, _, stderr, _ = self._timed([common.WIKICONV, "convert", str(corpus.root), "-t", "epub", "-o", str(book),
                                           "-q", "-j", "1"], env=env, timeout=1200)
            result = {"convert_exit": code, "convert_seconds": round(time.monotonic() - t, 1)}
            self.epub[corpus.name] = result
            if code != 0:
                result["stderr"] = stderr[-2000:]
                continue
            t = time.monotonic()
            # a big stack: epubcheck's reading-order check recurses once per spine item (the
            # OWASP book overflows the default one)
            code, _, stderr, cpu = self._timed(["java", "-Xss64m", "-jar", str(epubcheck), str(book), "--json", str(out)],
                                          timeout=3600)
            result["epubcheck_seconds"] = round(time.monotonic() - t, 1)
            result["epubcheck_cpu_seconds"] = round(cpu, 1)
            try:
                report = json.loads(out.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                result["error"] = f"no epubcheck report ({e}): {stderr[-1000:]}"
                continue
            checker = report.get("checker", {})
            messages = []
            for m in report.get("messages", []):
                if m.get("severity") in ("FATAL", "ERROR", "WARNING") and len(messages) < 30:
                    where = (m.get("locations") or [{}])[0]
                    messages.append(f"{m.get('severity')} {m.get('ID')}: {m.get('message')} "
                                    f"({where.get('path')}:{where.get('line')}; {len(m.get('locations') or [])} places)")
            # a check that crashed (a StackOverflowError, ...) is on stderr only
            crashed = [line for line in stderr.splitlines() if re.match(r"\S*(?:Error|Exception)\b", line)]
            result.update({"fatal": checker.get("nFatal", 0), "errors": checker.get("nError", 0),
                           "warnings": checker.get("nWarning", 0), "crashed": crashed[:3], "messages": messages,
                           "report": str(out)})
            self.log(f"corpus-render: epubcheck {corpus.name}: {result['errors']} errors, {result['warnings']} warnings "
                     f"in {result['epubcheck_seconds']} s ({result['epubcheck_cpu_seconds']} s CPU)")

    def _timed(self, args, env=None, timeout=None) -> tuple[int, str, str, float]:
        """Runs a command with its output in files: exit code, stdout, stderr and CPU seconds
        (also added to bg_cpu)."""
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            proc = subprocess.Popen([str(a) for a in args], stdout=out, stderr=err, env=env)
            timer = threading.Timer(timeout, proc.kill) if timeout else None
            if timer:
                timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                if timer:
                    timer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            self.bg_cpu += cpu
            out.seek(0)
            err.seek(0)
            return proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), cpu

    # ----- the report -----------------------------------------------------------------------

    def report(self) -> dict:
        pages = {p.key: p for p in self.pages()}
        engines = {}
        for engine, results in self.results.items():
            by_kind: dict[str, dict] = {}
            for key, diff in sorted(results.items()):
                page = pages[key]
                for kind, d in diff.items():
                    k = by_kind.setdefault(kind, {"pages": 0, "extra": 0, "examples": []})
                    k["pages"] += 1
                    k["extra"] += d["target"] - d["reference"]
                    k["examples"].append({"page": key, "title": page.title, "target": d["target"],
                                          "reference": d["reference"], "snippet": d["snippets"][0] if d["snippets"] else ""})
            for k in by_kind.values():
                k["examples"].sort(key=lambda e: e["reference"] - e["target"])
            per_corpus = Counter(key.split("/", 1)[0] for key in results)
            engines[engine] = {
                "pages": len(pages),
                "checked": len(self.checked[engine]),
                "failing_pages": len(results),
                "failing_by_corpus": dict(per_corpus),
                "by_kind": dict(sorted(by_kind.items(), key=lambda kv: -kv[1]["pages"])),
                "pages_failing": {key: {"title": pages[key].title, "kinds": diff} for key, diff in sorted(results.items())},
                "errors": self.errors.get(engine, []),
                "notes": self.notes.get(engine, []),
                "failing_outputs": str(self.work / "failing" / engine),
            }
        return {
            "timings_seconds": self.timings,
            "cpu_seconds": self.cpu,
            "jobs": self.jobs,
            "corpora": {c.name: {"root": str(c.root), "pages": len(c.pages),
                                 "outside_whole_wiki_conversion": [p.file for p in c.pages if not p.in_wiki],
                                 "dokuwiki_converted_alone": sorted(self.alone.get(c.name, {}).get("dokuwiki", {}))}
                        for c in self.corpora},
            "reference": "cmark-gfm " + " ".join(CMARK_ARGS),
            "engines": engines,
            "convert_errors": self.errors.get("convert", []),
            "cmark_errors": self.errors.get("cmark", []),
            "epub": self.epub,
            "redirects": {c.name: corpora.redirect_pages(c.root) for c in self.corpora},
        }


def summary(report: dict, engine: str, examples: int = EXAMPLES, kinds: int = 12) -> str:
    """The failure message: failing pages, then the kinds that fail the most pages, each with
    example pages and what they show."""
    e = report["engines"][engine]
    lines = [f"{engine}: {e['failing_pages']} of {e['pages']} pages show literal markup that cmark-gfm's "
             f"rendering does not ({', '.join(f'{c} {n}' for c, n in e['failing_by_corpus'].items())})"]
    if e["errors"]:
        lines.append(f"  {len(e['errors'])} pages could not be rendered, e.g. {e['errors'][:3]}")
    for note in e["notes"][:5]:
        lines.append(f"  note: {note['corpus']}/{note['file']}: {note['message'][:200]}")
    for kind, k in list(e["by_kind"].items())[:kinds]:
        lines.append(f"  {kind!s:16} {k['pages']:5} pages, {k['extra']:6} more than cmark-gfm")
        for ex in k["examples"][:examples]:
            lines.append(f"      {ex['page']} ({ex['target']} vs {ex['reference']}): {ex['snippet'][:110]}")
    if len(e["by_kind"]) > kinds:
        rest = list(e["by_kind"].items())[kinds:]
        lines.append("  also: " + ", ".join(f"{k} {v['pages']}" for k, v in rest))
    return "\n".join(lines)


# ----- helpers --------------------------------------------------------------------------------

def _cpu() -> float:
    import resource
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _dump_pages(dump: Path) -> dict[str, str]:
    """{title: wikitext} of a dump."""
    ns = "{http://www.mediawiki.org/xml/export-0.11/}"
    pages = {}
    for _, el in ET.iterparse(str(dump)):
        if el.tag == ns + "page":
            pages[el.findtext(ns + "title")] = el.findtext(f"{ns}revision/{ns}text") or ""
            el.clear()
    return pages


def _cost(text: str) -> int:
    """About how long a page takes to render, in bytes of text: SyntaxHighlight starts a
    pygmentize process per highlighted block (~0.5 s, as long as 40 kB of text)."""
    return len(text.encode("utf-8")) + 40_000 * text.count("<syntaxhighlight")


def _batches(items, max_cost):
    """Consecutive batches of (page, ref, text) of at most max_cost (see _cost) or BATCH_PAGES
    pages."""
    batch, size = [], 0
    for item in items:
        n = _cost(item[2])
        if batch and (size + n > max_cost or len(batch) >= BATCH_PAGES):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += n
    if batch:
        yield batch


def _bisect(render, items) -> list[tuple[str | None, str | None]]:
    """[(html, None) | (None, error)] for each item: one call for the batch; when it fails, the
    halves separately, down to the page that fails."""
    try:
        return [(html, None) for html in render(items)]
    except (AssertionError, subprocess.TimeoutExpired, ValueError) as e:
        if len(items) == 1:
            return [(None, str(e)[-1500:])]
        half = len(items) // 2
        return _bisect(render, items[:half]) + _bisect(render, items[half:])


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", action="append", help="only this corpus (owasp, nixos, fixtures, seed); repeatable")
    parser.add_argument("--work", default=str(common.BUILD_DIR / "corpus-render"), help="work folder (default: BUILD/corpus-render)")
    parser.add_argument("-j", "--jobs", type=int, default=None)
    parser.add_argument("--no-epub", action="store_true")
    args = parser.parse_args(argv)
    check = Check(Path(args.work), jobs=args.jobs, only=args.corpus, epub=not args.no_epub,
                  log=lambda m: print(m, file=sys.stderr, flush=True))
    report = check.run()
    for engine in report["engines"]:
        print(summary(report, engine))
    print(json.dumps({"timings_seconds": report["timings_seconds"], "cpu_seconds": report["cpu_seconds"],
                      "epub": report["epub"]}, indent=1))
    print(f"report: {Path(args.work) / 'report.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
