"""Built-in plugin: where the articles disagree, ranked and explained.

- `claims.py`: the sentences that claim something, read into parts
  (entities, terms, negation, values and their roles, stance, speaker);
- `pairs.py`: which claims to compare (inverted lists, near-linear);
- `checks.py`: the typed checks (value, negation, antonym, stance);
- `lexicon.py` (+ `data/`, from WordNet): the words the checks read;
- `analyzer.py`: the `contradictions` corpus analyzer tying them together,
  incremental, with the entities plugin's name variants;
- `conflicts.py`: reading conflicts back, ranked and grouped;
  `verdicts.py`: the user's confirmed / dismissed marks;
- `panel.py`: the explorer's Contradictions panel (`x`); `cli.py`:
  `newsdesk contradictions`.

Uses the entities and timeline plugins' output when they ran, by name,
without importing them.
"""

from __future__ import annotations

from newsdesk.plugins.hookspecs import hookimpl
from newsdesk.plugins.specs import PanelSpec

from .analyzer import ContradictionFinder


@hookimpl
def register_corpus_analyzers(register):
    register(ContradictionFinder())


@hookimpl
def register_panels(register):
    register(PanelSpec("contradictions", "Contradictions", "x", "newsdesk.plugins.contradictions.panel:ContradictionsPanel",
                       reacts_to=("query",), description="where the results disagree, ranked"))


@hookimpl
def register_commands(cli):
    from .cli import contradictions_app

    cli.add_typer(contradictions_app, name="contradictions")
