"""A corpus written by an attacker, for the hostile-output tests.

Titles, authors, outlets, URLs, bodies and entity-like names carry terminal
control sequences (CSI, OSC 8 links, OSC 52 clipboard writes, bell, 8-bit C1
introducers), Rich/Textual markup, bidirectional overrides and zero-width
characters, across every built-in format; metadata sidecars carry them past
ingest's cleaning.  One article is a single 1 MB line, one is 100,000 tiny
paragraphs.  `BAD` and `leaks` say what must never reach a terminal.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

CSI = "\x1b[2J\x1b[31m"
OSC8 = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
BELL = "\x07"
C1 = "\x9b31m\x9d8;;x\x9c"
MARKUP = "[bold]BOLD[/bold] [@click=app.quit]quit[/] [link=file:///etc/passwd]pw[/link]"
HTML = "<script>alert(1)</script> &#x202e; \"quoted\" 'single' | pipe"
RTL = "\u202e\u2066\u2067\u2068\u2069"
ZERO = "\u200b\u200c\u200d\u2060\ufeff"
ATTACK = CSI + OSC8 + OSC52 + BELL + C1 + RTL + ZERO

# Capitalised, entity-like names (the entities plugin should find some).
NAMES = ["Evil\u202eCorp", "Jo\u200bhn Smith", "[bold red]Mallory[/]", "[link=https://x]Eve[/link]",
         "Ma\x1b[31mllory Jones", "Trent\u2066 Walker"]

# What must not reach a terminal: C0 controls but tab/newline, DEL, C1,
# bidi embeddings/overrides/isolates, zero-width characters.
BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def leaks(text: str) -> list[str]:
    """The forbidden characters in `text`, as escapes (empty: clean)."""
    return sorted({f"U+{ord(c):04X}" for c in BAD.findall(text)})


def _sentences(name: str, n: int) -> str:
    """Dated, contradicting sentences about a hostile name."""
    return (f"On March {n + 3}, 2024, {name} said the company employs {100 * (n + 1)} people. "
            f"{name} met Evil\u202eCorp officials in Paris on 12 January 2023. "
            f"Jo\u200bhn Smith did not approve the {MARKUP} deal. ")


# Plugins switched off per corpus.  The analyzers take minutes over 100,000
# paragraphs (see the report of issue 9), so the big corpus is read without them.
DISABLE = {"small": "", "big": "entities,timeline,contradictions"}


def build(root: Path, big: bool = False) -> Path:
    """Write the hostile corpus under `root` (with `big`: only the 1 MB line
    and the 100,000 paragraphs); return the corpus folder."""
    corpus = root / "hostile"
    corpus.mkdir(parents=True)
    if big:
        line = "Longline " + ATTACK + " " + MARKUP + " word "
        (corpus / "megaline.txt").write_text(
            "Megaline title\n\n" + (line * (1_000_000 // len(line) + 1))[:1_000_000] + "\n", encoding="utf-8")
        (corpus / "paragraphs.txt").write_text(
            "Paragraphs title\n\n" + "\n\n".join(["Tiny [b]para[/b] \x1b[2J."] * 100_000) + "\n",
            encoding="utf-8")
        return corpus
    for n, name in enumerate(NAMES):
        body = "\n\n".join([_sentences(name, n), f"Body {ATTACK} with {MARKUP} text.",
                            f"{name} was seen with Jo\u200bhn Smith in Berlin last year."])
        (corpus / f"plain-{n}.txt").write_text(f"Plain {name} {ATTACK} {HTML} title\n\nBy {name}\n\n{body}\n",
                                                encoding="utf-8")
    (corpus / "front.md").write_text(
        f"---\ntitle: Markdown {MARKUP} {ATTACK}\nauthor: {NAMES[2]}\nsource: Outlet {ATTACK}\n"
        f"url: https://evil.example/{ATTACK}\ndate: 2024-05-01\n---\n\n# Heading\n\n"
        f"{_sentences(NAMES[0], 7)}\n\n{ATTACK} *emph* {MARKUP}\n", encoding="utf-8")
    (corpus / "page.html").write_text(
        f"<html><head><title>HTML {MARKUP} &#x202e;rtl &#x1b;[2J</title>"
        f'<meta name="author" content="{NAMES[3]}"></head><body><article>'
        f"<h1>HTML {MARKUP}</h1><p>{_sentences(NAMES[1], 8)}</p><p>&#x1b;]52;c;ZXZpbA==&#x07; "
        f"&#x9b;31m <script>alert(1)</script> \"quoted\" 'single'</p></article></body></html>",
        encoding="utf-8")
    records = [{"id": f"js{n}", "title": f"JSON {name} {ATTACK}", "author": name, "source": f"Outlet {ATTACK}",
                "url": f"https://evil.example/{n}{ATTACK}", "date": "2024-02-0%d" % (n + 1),
                "text": _sentences(name, n) + f"\n\n{ATTACK} {MARKUP}",
                "extra": f"{ATTACK} not an article field"} for n, name in enumerate(NAMES[:3])]
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (corpus / "one.json").write_text(json.dumps(records[0] | {"id": "single"}), encoding="utf-8")
    # A sidecar's values are not cleaned at ingest: they reach the index as written.
    (corpus / "plain-0.txt.meta.json").write_text(json.dumps(
        {"title": f"Sidecar {ATTACK} {MARKUP} \ud800 title", "authors": [f"Side{ATTACK}car Author"],
         "outlet": f"Side {OSC52} outlet", "url": f"https://x/{CSI}"}), encoding="utf-8")
    # A file name with odd characters (no control characters: those are for the CLI test).
    (corpus / "odd [bold]name[red] \u202eevil.txt").write_text(
        f"Odd name\n\n{_sentences(NAMES[4], 9)}\n", encoding="utf-8")
    return corpus


_BUILT: dict[str, tuple[Path, Path]] = {}


def indexed(tmp_path_factory, kind: str) -> tuple[Path, Path]:
    """(corpus folder, index folder) of the hostile corpus, built and indexed
    once per test session: "small" (every built-in plugin on) or "big" (the
    1 MB line and the 100,000 paragraphs; analyzers off, see DISABLE_BIG)."""
    if kind not in _BUILT:
        from newsdesk.plugins.manager import PluginHost
        from newsdesk.search import open_corpus

        root = tmp_path_factory.mktemp(f"hostile-{kind}")
        folder = build(root, big=kind == "big")
        host = PluginHost(third_party=False, disable=DISABLE[kind])
        corpus = open_corpus(folder, index_dir=root / "index", extensions=host.extensions())
        try:
            corpus.update()
        finally:
            corpus.close()
        _BUILT[kind] = folder, root / "index"
    return _BUILT[kind]
