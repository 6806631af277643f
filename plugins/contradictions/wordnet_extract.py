"""Build the antonym lexicon the contradictions plugin ships, from WordNet 3.0.

    python -m newsdesk.plugins.contradictions.wordnet_extract /usr/share/wordnet

reads the WordNet database files (Debian's `wordnet-base` puts them in
/usr/share/wordnet) and writes `data/antonyms.tsv` (word, antonym, part of
speech: WordNet's direct antonyms, single words only, both directions) and
`data/forms.tsv` (an irregular form and its base, "fell" -> "fall", for the
words of those pairs, from WordNet's exception lists).  The files are
committed, so newsdesk needs neither WordNet nor NLTK at run time; run this
again only to rebuild them.  WordNet is used under its licence (Princeton,
BSD-like), reproduced at the top of `data/antonyms.tsv`.
"""

from __future__ import annotations

import sys
from pathlib import Path

POS = {"adj": "a", "verb": "v", "noun": "n", "adv": "r"}
HERE = Path(__file__).resolve().parent / "data"


def synsets(path: Path) -> dict[int, tuple[list[str], list[tuple[str, int, str, int, int]]]]:
    """offset -> (words, pointers (symbol, target offset, target pos, source word, target word))."""
    out = {}
    with path.open(encoding="latin-1") as handle:
        for line in handle:
            if line.startswith("  "):  # the licence header
                continue
            fields = line.split(" | ", 1)[0].split()
            offset, count = int(fields[0]), int(fields[3], 16)
            words = [fields[4 + 2 * i].split("(")[0].lower() for i in range(count)]
            at = 4 + 2 * count
            pointers = []
            for i in range(int(fields[at])):
                symbol, target, pos, st = fields[at + 1 + 4 * i: at + 5 + 4 * i]
                pointers.append((symbol, int(target), pos, int(st[:2], 16), int(st[2:], 16)))
            out[offset] = (words, pointers)
    return out


def licence(path: Path) -> list[str]:
    lines = []
    with path.open(encoding="latin-1") as handle:
        for line in handle:
            if not line.startswith("  "):
                break
            lines.append("# " + line.strip().split(" ", 1)[-1].strip())
    return lines


def main(root: str) -> None:
    base = Path(root)
    files = {name: synsets(base / f"data.{name}") for name in POS}
    by_letter = {POS[name]: table for name, table in files.items()}
    by_letter["s"] = by_letter["a"]  # satellite adjectives live in data.adj
    pairs = set()
    for name, table in files.items():
        for words, pointers in table.values():
            for symbol, target, pos, source, goal in pointers:
                if symbol != "!" or not source or not goal:
                    continue
                word, other = words[source - 1], by_letter[pos][target][0][goal - 1]
                if "_" in word or "_" in other or word == other:
                    continue
                pairs.add((word, other, POS[name]))
                pairs.add((other, word, POS[name]))
    words = {w for pair in pairs for w in pair[:2]}
    forms = set()
    for name in POS:
        for line in (base / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1] in words and "_" not in parts[0]:
                forms.add((parts[0], parts[1]))
    head = ["# Direct antonyms from WordNet 3.0 (wordnet_extract.py): word, antonym, part of speech.",
            *licence(base / "data.adj")]
    HERE.mkdir(exist_ok=True)
    (HERE / "antonyms.tsv").write_text("\n".join(head + ["\t".join(p) for p in sorted(pairs)]) + "\n",
                                       encoding="utf-8")
    (HERE / "forms.tsv").write_text(
        "# Irregular forms of the antonyms' words, from WordNet 3.0's exception lists: form, base.\n"
        + "\n".join("\t".join(f) for f in sorted(forms)) + "\n", encoding="utf-8")
    print(f"{len(pairs)} antonym pairs, {len(forms)} irregular forms -> {HERE}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")
