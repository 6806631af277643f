"""`newsdesk entities`: the entities of a corpus, and the user's merge decisions.

    newsdesk entities                          # every entity, the most widespread first
    newsdesk entities --type person --query deepseek --json
    newsdesk entities merge "Liang Wenfeng" "Wenfeng Liang"
    newsdesk entities unmerge "Sam Altman" "Altman"
    newsdesk entities --review                 # walk the suggested merges: accept, reject, skip
    newsdesk entities graph --format gexf > entities.gexf   # the co-mention graph, for Gephi

Imported only inside the `register_commands` hook.  Names come from articles:
every one goes through `display_line` before it reaches a terminal, and the
graph files are written with an XML library that escapes them (invisible and
control characters as character references, `xml_text`).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Optional

import typer

from newsdesk.plugins import commands
from newsdesk.plugins.commands import CorpusOption, IndexOption, say
from newsdesk.search import NewsdeskError
from newsdesk.search.errors import UsageError
from newsdesk.search.text import csv_cell, display_line, json_text, xml_text

from .corpus import graph, load_entities
from .decisions import Decisions

TYPES = {"person": ("PERSON",), "org": ("ORG",), "place": ("GPE", "LOC"), "gpe": ("GPE",), "loc": ("LOC",),
         "norp": ("NORP",), "product": ("PRODUCT",), "event": ("EVENT",), "law": ("LAW",)}

entities_app = typer.Typer(help="The people, organisations, places and products in the corpus.",
                           invoke_without_command=True, no_args_is_help=False)


def open_ready(corpus_path, index_dir):
    """The corpus, indexed and analysed (building what is missing)."""
    return commands.open_ready(corpus_path, index_dir, " (finding entities takes a while the first time)")


def select(corpus, kind: str | None, query: str | None) -> list[dict]:
    """Entities of the kind, restricted to the articles the query finds."""
    wanted = None
    if kind:
        wanted = TYPES.get(kind.lower()) or ((kind.upper(),) if kind.upper() in {t for ts in TYPES.values() for t in ts}
                                             else None)
        if wanted is None:
            raise UsageError(f"unknown entity type '{kind}' (types: {', '.join(TYPES)})")
    entities = load_entities(corpus)
    docs = None
    if query and query.strip():
        docs = {hit.id for hit in corpus.search(query, limit=max(corpus.article_count(), 1)).hits}
    out = []
    for entity in entities:
        if wanted and entity["type"] not in wanted:
            continue
        found = entity["docs"] if docs is None else [d for d in entity["docs"] if d in docs]
        if not found:
            continue
        out.append({**entity, "docs": found})
    return sorted(out, key=lambda e: (-len(e["docs"]), -e["mentions"], e["name"]))


@entities_app.callback()
def entities(
    ctx: typer.Context,
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    kind: Optional[str] = typer.Option(None, "--type", "-t", help="person, org, place, norp, product, event, law."),
    query: Optional[str] = typer.Option(None, "--query", "-q", help="Only the articles this search finds."),
    as_json: bool = typer.Option(False, "--json", help="A JSON array of {name, type, aliases, docs, mentions}."),
    as_csv: bool = typer.Option(False, "--csv", help="CSV: name, type, articles, mentions, aliases."),
    limit: int = typer.Option(0, "--limit", "-n", min=0, help="At most this many (0: all)."),
    review: bool = typer.Option(False, "--review", help="Walk the suggested merges: accept, reject or skip each."),
) -> None:
    """List the entities (most widespread first), or review suggested merges."""
    if ctx.invoked_subcommand is not None:
        return
    if as_json and as_csv:
        raise UsageError("choose --json or --csv, not both")
    if review and not sys.stdin.isatty():
        raise UsageError("--review asks a question per suggested merge: run it in a terminal")
    corpus = open_ready(corpus_path, index_dir)
    if review:
        run_review(corpus)
        return
    found = select(corpus, kind, query)
    if limit:
        found = found[:limit]
    if as_json:
        print(json_text([{"name": e["name"], "type": e["type"], "aliases": e["aliases"], "docs": e["docs"],
                           "mentions": e["mentions"]} for e in found], indent=2))
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["name", "type", "articles", "mentions", "aliases"])
        for e in found:
            writer.writerow([csv_cell(v) for v in (e["name"], e["type"], len(e["docs"]), e["mentions"], e["aliases"])])
    else:
        for e in found:
            line = f"{e['type']:<8} {len(e['docs']):>5} art. {e['mentions']:>6} ment.  {e['name']}"
            if e["aliases"]:
                line += f"  (also: {', '.join(e['aliases'][:6])}{', …' if len(e['aliases']) > 6 else ''})"
            print(display_line(line))
    if not found:
        say("no entities found")
        raise typer.Exit(1)


@entities_app.command("merge")
def merge(a: str = typer.Argument(..., help="A name as articles write it."),
          b: str = typer.Argument(..., help="Another name of the same entity."),
          corpus_path: Optional[Path] = CorpusOption, index_dir: Optional[Path] = IndexOption) -> None:
    """Treat two names as one entity (kept across re-indexing)."""
    decide("merge", a, b, corpus_path, index_dir)


@entities_app.command("unmerge")
def unmerge(a: str = typer.Argument(..., help="A name as articles write it."),
            b: str = typer.Argument(..., help="A name merged with it that is another entity."),
            corpus_path: Optional[Path] = CorpusOption, index_dir: Optional[Path] = IndexOption) -> None:
    """Keep two names apart, even when the rules would merge them."""
    decide("unmerge", a, b, corpus_path, index_dir)


def decide(action: str, a: str, b: str, corpus_path, index_dir) -> None:
    a, b = a.strip(), b.strip()
    if not a or not b or a == b:
        raise UsageError("give two different names")
    decisions = Decisions.load()
    for warning in decisions.warnings:
        say(display_line(warning))
    getattr(decisions, action)(a, b)
    decisions.save()
    say(f"{'merged' if action == 'merge' else 'kept apart'}: {display_line(a)} / {display_line(b)} "
        f"(saved in {decisions.path})")
    open_ready(corpus_path, index_dir).close()


def run_review(corpus) -> None:
    """Ask about each suggested merge, the most confident first."""
    from .corpus import NAME

    pending = [data for _, data, _ in corpus.corpus_results(NAME, "candidate:")]
    pending.sort(key=lambda c: (-c["confidence"], c["a"], c["b"]))
    if not pending:
        say("no suggested merges to review")
        return
    decisions = Decisions.load()
    changed = 0
    for number, candidate in enumerate(pending, start=1):
        print(display_line(f"[{number}/{len(pending)}] {candidate['a']}  <->  {candidate['b']}"
                           f"   ({candidate['reason']}, confidence {candidate['confidence']:.2f})"))
        answer = typer.prompt("merge? [y]es, [n]o (keep apart), [s]kip, [q]uit", default="s").strip().lower()
        if answer.startswith("q"):
            break
        if answer.startswith("y"):
            decisions.merge(candidate["a"], candidate["b"])
            changed += 1
        elif answer.startswith("n"):
            decisions.reject(candidate["a"], candidate["b"])
            changed += 1
    if changed:
        decisions.save()
        say(f"{changed} decision{'s' if changed != 1 else ''} saved in {decisions.path}; re-clustering")
        corpus.update()


@entities_app.command("graph")
def export_graph(
    corpus_path: Optional[Path] = CorpusOption,
    index_dir: Optional[Path] = IndexOption,
    fmt: str = typer.Option("gexf", "--format", "-f", help="gexf (Gephi) or graphml."),
    min_shared: int = typer.Option(1, "--min-shared", min=1, help="Edges for pairs sharing at least this many articles."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """The co-mention graph: entities as nodes, articles shared as weighted edges."""
    if fmt not in ("gexf", "graphml"):
        raise UsageError(f"unknown graph format '{fmt}' (use gexf or graphml)")
    corpus = open_ready(corpus_path, index_dir)
    nodes, edges = graph(load_entities(corpus), min_shared)
    text = to_gexf(nodes, edges) if fmt == "gexf" else to_graphml(nodes, edges)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise NewsdeskError(f"cannot write {output}: {error.strerror or error}") from None
        say(f"{len(nodes)} entities, {len(edges)} edges written to {output}")


def _xml_safe(text: str) -> str:
    """Text XML 1.0 can hold (control characters dropped)."""
    return "".join(c for c in str(text) if c in "\t\n\r" or (ord(c) >= 0x20 and ord(c) not in (0xFFFE, 0xFFFF)))


def to_gexf(nodes: list[dict], edges: list[tuple[str, str, int]]) -> str:
    import xml.etree.ElementTree as ET

    root = ET.Element("gexf", xmlns="http://gexf.net/1.3", version="1.3")
    g = ET.SubElement(root, "graph", defaultedgetype="undirected")
    attributes = ET.SubElement(g, "attributes", **{"class": "node"})
    for number, (name, kind) in enumerate((("type", "string"), ("articles", "integer"), ("mentions", "integer"))):
        ET.SubElement(attributes, "attribute", id=str(number), title=name, type=kind)
    xml_nodes = ET.SubElement(g, "nodes")
    for node in nodes:
        element = ET.SubElement(xml_nodes, "node", id=_xml_safe(node["key"]), label=_xml_safe(node["name"]))
        values = ET.SubElement(element, "attvalues")
        for number, value in enumerate((node["type"], len(node["docs"]), node["mentions"])):
            ET.SubElement(values, "attvalue", **{"for": str(number), "value": _xml_safe(value)})
    xml_edges = ET.SubElement(g, "edges")
    for number, (a, b, weight) in enumerate(edges):
        ET.SubElement(xml_edges, "edge", id=str(number), source=_xml_safe(a), target=_xml_safe(b), weight=str(weight))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_text(ET.tostring(root, encoding="unicode")) + "\n"


def to_graphml(nodes: list[dict], edges: list[tuple[str, str, int]]) -> str:
    import xml.etree.ElementTree as ET

    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for key, target, name, kind in (("label", "node", "label", "string"), ("type", "node", "type", "string"),
                                    ("articles", "node", "articles", "int"), ("mentions", "node", "mentions", "int"),
                                    ("weight", "edge", "weight", "int")):
        ET.SubElement(root, "key", id=key, **{"for": target, "attr.name": name, "attr.type": kind})
    g = ET.SubElement(root, "graph", edgedefault="undirected")
    for node in nodes:
        element = ET.SubElement(g, "node", id=_xml_safe(node["key"]))
        for key, value in (("label", node["name"]), ("type", node["type"]), ("articles", len(node["docs"])),
                           ("mentions", node["mentions"])):
            ET.SubElement(element, "data", key=key).text = _xml_safe(value)
    for a, b, weight in edges:
        edge = ET.SubElement(g, "edge", source=_xml_safe(a), target=_xml_safe(b))
        ET.SubElement(edge, "data", key="weight").text = str(weight)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml_text(ET.tostring(root, encoding="unicode")) + "\n"
