"""atheris harness: the alias merger.  Names (one per line of the input) with
types, documents and decisions drawn from the input go through `cluster` and
`resolve_in_article`.  Nothing may raise, and every name lands in exactly one
cluster.  Run: python fuzz/aliases.py -runs=100000 (see fuzz/README.md).
"""

import sys

import atheris

with atheris.instrument_imports(include=["newsdesk"]):
    from newsdesk.plugins.entities.aliases import acronym_definitions, cluster, resolve_in_article

TYPES = ["PERSON", "ORG", "GPE", "PRODUCT", ""]


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    decided = provider.ConsumeIntInRange(0, 3)
    text = provider.ConsumeUnicode(len(data))
    lines = text.split("\n")[:64]
    occurrences = [(n % 5, line, TYPES[len(line) % len(TYPES)], 1, frozenset({n % 3}), frozenset(lines[n + 1:n + 2]))
                   for n, line in enumerate(lines)]
    decisions = [("reject" if n % 2 else "merge", lines[n], lines[-1 - n]) for n in range(min(decided, len(lines)))]
    clusters = cluster(occurrences, decisions)
    for name in {" ".join(line.split()) for line in lines} - {""}:
        holding = [c.name for c in clusters if name == c.name or name in c.aliases]
        if len(holding) != 1:
            raise AssertionError(f"{name!r} is in {len(holding)} clusters: {holding}")
    resolved = resolve_in_article([(line, TYPES[n % len(TYPES)], n) for n, line in enumerate(lines)], text)
    if len(resolved) != len(lines):
        raise AssertionError("resolve_in_article lost mentions")
    acronym_definitions(text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
