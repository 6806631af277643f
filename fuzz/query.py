"""atheris harness: the query language, from text to each backend.

Any text goes through the checker and whoosh's parser, keyword folding, the
PostgreSQL translation (SQL text and parameters: no server) and the tantivy
translation, and runs on a small whoosh index in memory.  Only
`QuerySyntaxError` may come out; SQL must carry every value as a parameter.
Run: python fuzz/query.py -runs=100000 (see fuzz/README.md).
"""

import datetime as dt
import sys

import atheris

with atheris.instrument_imports(include=["newsdesk", "whoosh"]):
    import tantivy
    from whoosh.filedb.filestore import RamStorage

    from newsdesk.search import QuerySyntaxError
    from newsdesk.search.backends.base import schema_from
    from newsdesk.search.backends.postgres_query import Translator as SqlTranslator
    from newsdesk.search.backends.tantivy_backend import tantivy_schema
    from newsdesk.search.backends.tantivy_query import Translator as TantivyTranslator
    from newsdesk.search.fields import fold_keyword_terms
    from newsdesk.search.query import make_parser, parse_query
    from newsdesk.search.schema import HIDDEN_FIELDS

SCHEMA = schema_from({"person": "keyword", "year": "number", "event_date": "date"})
FIELDS = {name for name in SCHEMA.names() if name not in HIDDEN_FIELDS}
DATE_FIELDS = frozenset({"date", "event_date"})
PARSER = make_parser(SCHEMA)
SQL = SqlTranslator(SCHEMA, lambda field, kind, pattern: ["it's", "back\\slash"])
TANTIVY_INDEX = tantivy.Index(tantivy_schema(SCHEMA))
TANTIVY = TantivyTranslator(TANTIVY_INDEX.schema, SCHEMA, TANTIVY_INDEX.searcher)

WHOOSH = RamStorage().create_index(SCHEMA)
with WHOOSH.writer() as writer:
    for n in range(6):
        writer.add_document(id=f"a{n}", path=f"a{n}.txt", title=f"Walrus report {n}",
                            body=f"The walrus sat here in {1990 + n}; the following day it did not.",
                            date=dt.datetime(2020 + n, 3, 13), year=[1990 + n, 2024, 2025],
                            event_date=[dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 2 + n)],
                            person="liang wenfeng" if n % 2 else "ada lovelace")
SEARCHER = WHOOSH.searcher()


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicode(len(data))
    try:
        parsed = fold_keyword_terms(parse_query(PARSER, text, FIELDS, DATE_FIELDS), {"person": None})
    except QuerySyntaxError as error:
        if not str(error) or "\n" in str(error):
            raise AssertionError(f"not a one-line message: {error!r}") from None
        return
    try:
        translation = SQL.translate(parsed)
        TANTIVY(parsed)
    except QuerySyntaxError:  # a phrase too loose for these backends
        translation = None
    except ValueError:  # a regex too big for tantivy: its backend reports a QuerySyntaxError
        translation = None
    if translation is not None and (translation.where.count("%s") != len(translation.params)
                                    or "'" in translation.where):
        raise AssertionError(f"a value in the SQL text: {translation.where[:200]!r}")
    ids = list(parsed.docs(SEARCHER))
    if len(ids) != len(set(ids)):
        raise AssertionError(f"an article matched twice: {ids}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
