"""A throwaway MediaWiki (Debian's mediawiki package, SQLite, no web server) and the ways the
tests ask it things: parse many wikitexts in one PHP process, import dumps, read its database.
Also the comparison of MediaWiki's HTML with cmark-gfm's, and the GFM spec examples."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "spec"))

import common  # noqa: E402
import gfm_spec  # noqa: E402

MW_DIR = Path(os.environ.get("MW_INSTALL_PATH", "/usr/share/mediawiki"))
XSD_GZ = Path("/usr/share/doc/mediawiki/docs/export-0.11.xsd.gz")


def have_mediawiki() -> bool:
    return (MW_DIR / "maintenance" / "install.php").is_file() and shutil.which("php") is not None


class MediaWiki:
    """One SQLite wiki in `root`, installed with maintenance/install.php."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.settings = self.root / "LocalSettings.php"
        (self.root / "db").mkdir(parents=True, exist_ok=True)
        self.run_php(str(MW_DIR / "maintenance" / "install.php"), "--dbtype", "sqlite",
                     "--dbpath", str(self.root / "db"), "--dbname", "wiki",
                     "--confpath", str(self.root), "--server", "http://localhost",
                     "--scriptpath", "/w", "--pass", "Throwaway-wiki-123", "--lang", "en",
                     "Test Wiki", "Admin", env_config=False)
        with open(self.settings, "a", encoding="utf-8") as f:
            f.write("\n# Added by the wikiconv tests\n"
                    "wfLoadExtension( 'Cite' );\n"
                    "wfLoadExtension( 'SyntaxHighlight_GeSHi' );\n"
                    "$wgPygmentizePath = '/usr/bin/pygmentize';\n"
                    "$wgAllowExternalImages = true;\n"
                    f"$wgUploadDirectory = {json.dumps(str(self.root / 'images'))};\n"
                    "$wgUploadPath = '/w/images';\n"
                    "$wgShowExceptionDetails = true;\n")
        self.namespaces: dict[int, str] = {}

    def env(self) -> dict:
        env = dict(os.environ)
        env["MW_CONFIG_FILE"] = str(self.settings)
        return env

    def run_php(self, *args: str, env_config: bool = True, input: str | None = None, timeout: float = 900):
        proc = subprocess.run(["php", *args], cwd=str(MW_DIR), capture_output=True, text=True,
                              env=self.env() if env_config else dict(os.environ), input=input,
                              timeout=timeout)
        if proc.returncode != 0:
            raise AssertionError(f"php {' '.join(args)} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return proc

    def maintenance(self, script: str, *args: str):
        return self.run_php(str(MW_DIR / "maintenance" / script), *args)

    def declare_namespaces(self, dump_xml: str):
        """Declares the custom namespaces (ids >= 100) that a dump's siteinfo lists, as an admin
        of the target wiki does with $wgExtraNamespaces before importing."""
        lines = []
        for key, name in re.findall(r'<namespace key="(\d+)"[^>]*>([^<]*)</namespace>', dump_xml):
            key = int(key)
            if key >= 100 and key not in self.namespaces:
                self.namespaces[key] = name
                lines.append(f"$wgExtraNamespaces[{key}] = {json.dumps(name.replace(' ', '_'))};\n")
        if lines:
            with open(self.settings, "a", encoding="utf-8") as f:
                f.writelines(lines)

    def import_dump(self, path: Path, uploads: bool = False):
        """importDump.php; with `uploads`, also the files the dump carries (--uploads)."""
        head = read_dump(path)[:20000]
        self.declare_namespaces(head)
        self.maintenance("importDump.php", "--no-updates", *(["--uploads"] if uploads else []), str(path))

    def upload(self, files: dict[str, Path]):
        """Uploads each file under its name (importImages.php), as a migration uploads the
        wiki's pictures; files already in the wiki are left alone."""
        with tempfile.TemporaryDirectory() as d:
            for name, source in files.items():
                shutil.copyfile(source, Path(d) / name)
            self.maintenance("importImages.php", "--skip-dupes", "--comment", "Test picture", d)

    def refresh(self):
        self.maintenance("refreshLinks.php")
        self.maintenance("initSiteStats.php", "--update")

    def php_json(self, script: str, *args: str, input: str | None = None):
        proc = self.run_php(str(HERE / script), *args, input=input)
        return json.loads(proc.stdout)

    def parse(self, texts: list[str], title: str = "Parse test", pst: bool = False) -> list[str]:
        """MediaWiki's HTML of each wikitext, all in one PHP process; with `pst`, of the text as
        saving it through the editor would store it."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
            json.dump([{"title": title, "text": t, "pst": pst} for t in texts], f)
            name = f.name
        try:
            return self.php_json("parse_batch.php", "--input", name)
        finally:
            os.unlink(name)

    def parse_pages(self, pages: list[tuple[str, str]], batch_file: Path | None = None) -> list[str]:
        """MediaWiki's HTML of each (title, wikitext), each parsed as that page, in one PHP
        process. `batch_file` keeps the input file (else a temporary one)."""
        cases = [{"title": title, "text": text} for title, text in pages]
        if batch_file is not None:
            Path(batch_file).write_text(json.dumps(cases), encoding="utf-8")
            return self.php_json("parse_batch.php", "--input", str(batch_file))
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
            json.dump(cases, f)
            name = f.name
        try:
            return self.php_json("parse_batch.php", "--input", name)
        finally:
            os.unlink(name)

    def state(self) -> dict:
        """Pages (title, ns, sha1, rendered HTML), categorylinks and red links, from the wiki."""
        return self.php_json("wiki_state.php")


def read_dump(path: Path) -> str:
    data = Path(path).read_bytes()
    if str(path).endswith(".gz"):
        data = gzip.decompress(data)
    elif str(path).endswith(".bz2"):
        import bz2
        data = bz2.decompress(data)
    return data.decode("utf-8")


# <upload> as MediaWiki's own exporter writes it (XmlDumpWriter::writeUpload) and its importer
# reads it (WikiImporter::handleUpload): export-0.11.xsd lists only the first fields, so that a
# dump carrying files, MediaWiki's own (dumpBackup.php --uploads --include-files) or wikiconv's,
# does not validate against it unchanged.
UPLOAD_TYPE = """<complexType name="UploadType">
		<sequence>
			<element name="timestamp" type="dateTime" />
			<element name="contributor" type="mw:ContributorType" />
			<element name="comment" type="string" minOccurs="0" />
			<element name="filename" type="string" />
			<element name="archivename" type="string" minOccurs="0" />
			<element name="src" type="anyURI" />
			<element name="size" type="positiveInteger" />
			<element name="sha1base36" type="string" minOccurs="0" />
			<element name="rel" type="string" minOccurs="0" />
			<element name="contents" minOccurs="0">
				<complexType>
					<simpleContent>
						<extension base="base64Binary">
							<attribute name="encoding" type="string" use="required" />
						</extension>
					</simpleContent>
				</complexType>
			</element>
		</sequence>
	</complexType>"""


def local_schema(directory: Path, uploads: bool = True) -> Path:
    """export-0.11.xsd with its import of xml.xsd pointed at our local copy (no network); with
    `uploads`, its UploadType as MediaWiki's exporter and importer have it (UPLOAD_TYPE): pages
    and revisions are checked as strictly as before."""
    xsd = gzip.decompress(XSD_GZ.read_bytes()).decode("utf-8")
    xsd = xsd.replace("http://www.w3.org/2001/xml.xsd", (HERE / "xml.xsd").as_uri())
    if uploads:
        xsd, n = re.subn(r'<complexType name="UploadType">.*?</complexType>', UPLOAD_TYPE, xsd, flags=re.S)
        assert n == 1, "export-0.11.xsd has no UploadType"
    name = "export-0.11.xsd" if uploads else "export-0.11-unchanged.xsd"
    out = Path(directory) / name
    out.write_text(xsd, encoding="utf-8")
    return out


def xmllint_schema(schema: Path, dump: Path) -> subprocess.CompletedProcess:
    path = Path(dump)
    if str(path).endswith(".bz2"):
        plain = path.with_suffix("")
        plain.write_text(read_dump(path), encoding="utf-8")
        path = plain
    return subprocess.run(["xmllint", "--noout", "--nonet", "--schema", str(schema), str(path)],
                          capture_output=True, text=True)


# ----- comparing MediaWiki's HTML with cmark-gfm's ------------------------------------------

def browser_html(htmls: list[str]) -> list[str]:
    """Each HTML fragment as the tree a browser builds of it, written back as HTML (balance_html.php:
    RemexHtml, the HTML5 parser MediaWiki's own output goes through). cmark-gfm passes raw HTML
    through unbalanced (an unclosed <a>, a <pre> a browser moves out of a <table>); compared in
    this form, it is what a reader of the page sees, as MediaWiki's HTML is."""
    proc = subprocess.run(["php", str(HERE / "balance_html.php")], input=json.dumps(htmls),
                          capture_output=True, text=True, timeout=600, env=dict(os.environ, MW_INSTALL_PATH=str(MW_DIR)))
    if proc.returncode != 0:
        raise AssertionError(f"balance_html.php exited {proc.returncode}: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


_MW_FURNITURE_CLASSES = {"mw-editsection", "toc", "mw-cite-backlink", "mw-references-wrap",
                         "references", "reference", "footnotes", "footnote-ref", "catlinks"}


def _drop(tag: str, attrs: dict) -> bool:
    classes = set((attrs.get("class") or "").split())
    if classes & _MW_FURNITURE_CLASSES:
        return True
    if tag == "section" and "data-footnotes" in attrs:
        return True
    if tag in ("style", "script", "link", "meta", "title", "template"):
        return True
    if tag == "div" and attrs.get("id") == "toc":
        return True
    return False


def comparable(markup: str) -> list[str]:
    """The structure of a rendering with what is the same in meaning made equal: footnote marks
    and lists (each side has its own furniture), <code> inside <pre> (MediaWiki's <pre> has
    none), task-list boxes (☐/☑ characters for cmark's <input>), a link to upload a missing
    file (an image whose file is not in the wiki) and the image it stands for."""
    markup = re.sub(r'<a [^>]*(?:Special:Upload|wpDestFile|title="File:)[^>]*>.*?</a>', "<img />", markup, flags=re.S)
    markup = re.sub(r'<a [^>]*class="(?:image|mw-file-description)"[^>]*>(.*?)</a>', r"\1", markup, flags=re.S)
    markup = markup.replace("\u2610", "").replace("\u2611", "")
    items = common.structure(markup, drop=_drop)
    out: list[str] = []
    in_pre = 0
    blocks: list[str] = []
    for item in items:
        if item == "<pre>":
            in_pre += 1
        elif item == "</pre>":
            in_pre -= 1
        elif in_pre and item in ("<code>", "</code>"):
            continue
        # A paragraph that is a table cell's whole content is the cell.
        if item == "<p>" and blocks and blocks[-1] in ("td", "th"):
            blocks.append("cell-p")
            continue
        if item == "</p>" and blocks and blocks[-1] == "cell-p":
            blocks.pop()
            continue
        if item.startswith("</") and item[2:-1] in common.BLOCK:
            if blocks:
                blocks.pop()
        elif item.startswith("<") and not item.startswith("</") and not item.endswith("/>") and item[1:-1] in common.BLOCK:
            blocks.append(item[1:-1])
        out.append(item)
    # Text split only by dropped marks is one run.
    merged: list[str] = []
    for item in _without_empty_marks(out):
        if merged and item.startswith("text:") and merged[-1].startswith("text:"):
            merged[-1] += " " + item[5:]
        else:
            merged.append(item)
    items = [re.sub(r"\s+", " ", x).strip() if x.startswith("text:") else x for x in merged]
    return _marks_inside_paragraphs(items)


# Elements that show nothing when they hold nothing (an empty cell does: its borders).
_INVISIBLE_WHEN_EMPTY = common.INLINE | {"p", "tr", "table"}


def _without_empty_marks(items: list[str]) -> list[str]:
    """An inline mark, paragraph, row or table with nothing in it shows nothing (an empty link, a
    browser's re-opened formatting around whitespace, pandoc's line anchors in code, the empty
    paragraph around a lone unclosed tag): left out."""
    out: list[str] = []
    for item in items:
        if out and item.startswith("</") and item[2:-1] in _INVISIBLE_WHEN_EMPTY and out[-1] == "<" + item[2:]:
            out.pop()
        else:
            out.append(item)
    return out


def _marks_inside_paragraphs(items: list[str]) -> list[str]:
    """<del><p>x</p></del> looks like <p><del>x</del></p>: an inline mark around one whole
    paragraph (raw HTML around Markdown blocks) is moved inside it."""
    out = list(items)
    i = 0
    while i + 1 < len(out):
        mark = out[i]
        if mark.startswith("<") and not mark.startswith("</") and mark[1:-1] in common.INLINE and out[i + 1] == "<p>":
            close = "</" + mark[1:]
            depth, j = 0, i + 1
            while j < len(out):
                if out[j] == "<p>":
                    depth += 1
                elif out[j] == "</p>":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j + 1 < len(out) and out[j + 1] == close:
                out[i], out[i + 1] = "<p>", mark
                out[j], out[j + 1] = close, "</p>"
        i += 1
    return out


# ----- the GFM spec examples ----------------------------------------------------------------

# Any JPEG will do for the pictures the examples show (it ships with MediaWiki).
SOME_JPEG = MW_DIR / "skins" / "MonoBook" / "resources" / "images" / "headbg.jpg"


def upload_spec_pictures(wiki: MediaWiki, examples: list[dict]):
    """Uploads the pictures the examples show (moon.jpg, train.jpg), so that MediaWiki shows
    images, and linked images as links, instead of links to upload a missing file."""
    names = set()
    for e in examples:
        for m in re.finditer(r"!\[[^\]]*\]\(<?([^)\s>]*\.jpg)", e["markdown"]):
            names.add(m.group(1).rsplit("/", 1)[-1])
    if names:
        wiki.upload({name: SOME_JPEG for name in sorted(names)})

def spec_examples() -> list[dict]:
    """The examples of the GFM spec (tests/integration/spec/, read by gfm_spec.py) as
    {number, section, markdown, html}."""
    return [{"number": e.number, "section": e.section, "markdown": e.markdown, "html": e.html}
            for e in gfm_spec.examples()]
