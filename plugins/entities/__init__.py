"""Built-in plugin: the people, organisations, places and products in the
articles, with the different ways articles write them merged.

- `extract.py`: the `entities` article analyzer (spaCy NER, cleaned);
- `aliases.py`: which names are the same entity (pure rules, no spaCy);
- `decisions.py`: the user's merges and rejections, a plain-text file;
- `corpus.py`: the `entity_clusters` corpus analyzer that puts it together;
- `panel.py`: the explorer's Entities panel; `cli.py`: `newsdesk entities`.

Index fields: `entity` (every type), `person`, `org`, `place`; a query names
an entity in any of its written forms (`entity:"Wenfeng Liang"` finds the
articles that wrote "Liang Wenfeng"), through the alias sets the corpus
analyzer keeps.
"""

from __future__ import annotations

from newsdesk.plugins.hookspecs import hookimpl
from newsdesk.plugins.specs import PanelSpec
from newsdesk.search.extensions import IndexField

from . import aliases
from .corpus import NAME as CLUSTERS, EntityClusters
from .extract import EntityAnalyzer

# Index field -> the spaCy types it holds (None: all kept types).
FIELDS = {
    "entity": (None, "any entity: entity:\"DeepSeek\""),
    "person": (("PERSON",), "people: person:\"Sam Altman\""),
    "org": (("ORG",), "organisations: org:OpenAI"),
    "place": (("GPE", "LOC"), "countries, cities, regions: place:China"),
}


def field_values(types):
    def values(article, found):
        names = {}
        for annotation in found.get(EntityAnalyzer.name, []):
            if annotation.kind == "entity" and (types is None or annotation.data.get("type") in types):
                names[annotation.label] = True
        return list(names)

    return values


@hookimpl
def register_analyzers(register):
    register(EntityAnalyzer())


@hookimpl
def register_corpus_analyzers(register):
    register(EntityClusters())


@hookimpl
def register_fields(register):
    for name, (types, help_text) in FIELDS.items():
        register(IndexField(name, "keyword", field_values(types), help=help_text, version="1",
                            normalise=aliases.fingerprint, aliases=CLUSTERS))


@hookimpl
def register_panels(register):
    register(PanelSpec("entities", "Entities", "e", "newsdesk.plugins.entities.panel:EntitiesPanel",
                       description="the entities of the results or of the open article"))


@hookimpl
def register_commands(cli):
    from .cli import entities_app

    cli.add_typer(entities_app, name="entities")
