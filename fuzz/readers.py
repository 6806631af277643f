"""atheris harness: every built-in reader and metadata sidecars, through the
indexer's path (the reader's articles, read lazily, each through ingest).

The first byte picks the format, the rest is the file.  Only `ReaderError`
(for a sidecar, `SidecarError`) may come out; an article that does must be
clean.  Run: python fuzz/readers.py -runs=100000 (see fuzz/README.md).
"""

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["newsdesk"]):
    from newsdesk.plugins.manager import PluginHost
    from newsdesk.search import ReaderError, SourceFile, sidecar
    from newsdesk.search.ingest import ingest

    # Inside the block: the plugin host imports the readers, which must be instrumented too.
    READERS = PluginHost(third_party=False, allow="", disable="entities,timeline,contradictions").readers()
SIDECAR = ".meta.json"
KINDS = sorted(READERS.extensions) + [SIDECAR]
FOLDER = Path(tempfile.mkdtemp(prefix="newsdesk-fuzz-"))
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n"} | {chr(c) for c in range(0x7F, 0xA0)}


def check(article) -> None:
    for text in [article.title, article.body, *article.authors, article.outlet or "", article.url or ""]:
        if CONTROL & set(text) or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            raise AssertionError(f"unclean text kept: {text[:80]!r}")
    if "\n" in article.title:
        raise AssertionError(f"title on several lines: {article.title[:80]!r}")
    for start, end in article.paragraphs + article.sentences:
        if not 0 <= start <= end <= len(article.body):
            raise AssertionError(f"span {start}-{end} outside a body of {len(article.body)}")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    kind, content = KINDS[data[0] % len(KINDS)], data[1:]
    if kind == SIDECAR:
        path = FOLDER / "a.txt.meta.json"
        path.write_bytes(content)
        try:
            sidecar.read(path)
        except sidecar.SidecarError:
            pass
        return
    path = FOLDER / f"a{kind}"
    path.write_bytes(content)
    source = SourceFile(path, path.name, len(content))
    try:
        for number, item in enumerate(READERS.for_path(path).read(source), start=1):
            check(ingest(item, f"a#{number}", path.name))
    except ReaderError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
