"""The whoosh schema: which fields an article has in the index, and how each is analysed.

Prose fields (title, body) are accent-folded and stemmed, with no stop words
so that phrases such as "leave a reply" keep their meaning.  Names (author,
outlet) are folded but not stemmed.  The body is not stored in whoosh: the
article store holds the text, and highlighting is given it per hit.  Outlet,
authors and plugin keyword fields are also kept as columns (one value per
article), which facet counting reads (`facets`).
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, TEXT, Schema
from whoosh.support.charset import accent_map

# Bump when the fields or their analysis change: older indexes are then rebuilt.
SCHEMA_VERSION = 5

# Searched when a query names no field.
DEFAULT_FIELDS = ("title", "body")
# Fields the index needs but a query may not name.
HIDDEN_FIELDS = frozenset({"spell", "outlet_facet", "author_facet"})
# Names plugin fields may not take.
BUILTIN_FIELDS = ("id", "path", "title", "author", "outlet", "date", "body", "spell", "outlet_facet",
                  "author_facet")


def prose_analyzer():
    # Accents are folded before stemming so "génération" and "generation" meet.
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StemFilter()


def name_analyzer():
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def build_schema(plugin_fields=()) -> Schema:
    """The built-in fields, plus those plugins add (`newsdesk.search.fields`)."""
    from .fields import whoosh_field

    schema = Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        title=TEXT(analyzer=prose_analyzer(), stored=True, field_boost=2.0),
        author=TEXT(analyzer=name_analyzer(), stored=True),
        outlet=TEXT(analyzer=name_analyzer(), stored=True),
        # Undated articles sort as the oldest, so "newest first" lists them last.
        date=DATETIME(stored=True, sortable=NumericColumn("Q", default=0)),
        body=TEXT(analyzer=prose_analyzer()),
        # Unstemmed words of title and body, only for "did you mean" suggestions.
        # (whoosh's own spelling=True option breaks fuzzy queries on stemmed fields.)
        spell=TEXT(analyzer=name_analyzer()),
        # Per-article values for facet counts, neither indexed nor stored: the
        # outlet as written, and the authors one per line (UTF-8 bytes).
        outlet_facet=COLUMN(VarBytesColumn()),
        author_facet=COLUMN(VarBytesColumn()),
    )
    for spec in plugin_fields:
        fieldobj = whoosh_field(spec)
        if spec.kind == "keyword":
            # Each article's keys as a column too ("key one,key two"): facet
            # counts read it rather than every key's postings.
            fieldobj.column_type = VarBytesColumn()
        schema.add(spec.name, fieldobj)
    return schema
