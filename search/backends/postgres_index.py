"""Writing articles into the PostgreSQL index (see `postgres_backend`).

Each whoosh document becomes a `docs` row whose `tsv` holds every field's
terms as "field:term" (with positions; title terms weighted A), `doc_values`
rows for numbers and dates, and the new terms of the `lexicon`.  The writer
buffers documents and writes them with COPY in the indexer's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, TEXT
from whoosh.util.times import datetime_to_long

from .base import BackendIndex, BackendWriter
from .postgres_query import HAS

MAX_POSITION = 16383  # PostgreSQL's largest position
MAX_POSITIONS_PER_TERM = 256  # and how many it keeps per term
MAX_LEXEME_BYTES = 2000
# PostgreSQL refuses a tsvector over 1 MB; its own form is about as large as
# the text written, so the text is kept well under (in UTF-8 bytes).
MAX_TSVECTOR_BYTES = 600_000
DOC_COLUMNS = ("id", "path", "title", "author", "outlet", "date_long", "date_sort", "date_year", "outlet_raw",
               "authors_raw", "keys", "tsv")


class PostgresIndex(BackendIndex):
    def __init__(self, connection, schema, docs: str, values: str):
        self.connection = connection
        self.schema = schema
        self.docs, self.values = docs, values

    def writer(self, limitmb: int = 128) -> "PostgresWriter":
        return PostgresWriter(self)

    def doc_count_all(self) -> int:
        return self.connection.execute(f"SELECT count(*) FROM {self.docs}").fetchone()[0]


class PostgresWriter(BackendWriter):
    """Buffers documents and writes them with COPY at each commit, in the
    transaction the store commits."""

    def __init__(self, index: PostgresIndex):
        self.index = index
        self.connection = index.connection
        self.rows: dict[str, tuple] = {}  # id -> docs row, in order
        self.values: dict[str, list[tuple]] = {}
        self.deleted: list[str] = []
        self.new_terms: set[tuple[str, str]] = set()
        self.known_terms: set[tuple[str, str]] | None = None

    def add_document(self, **fields) -> None:
        row, values, terms = to_row(fields, self.index.schema)
        self.rows[row[0]] = row
        self.values[row[0]] = values
        self.new_terms.update(terms)

    def update_document(self, **fields) -> None:
        self.delete_by_term("id", fields["id"])
        self.add_document(**fields)

    def delete_by_term(self, fieldname: str, text: str) -> None:
        if fieldname != "id":
            raise ValueError("documents are deleted by id")
        self.rows.pop(text, None)
        self.values.pop(text, None)
        self.deleted.append(text)

    def commit(self) -> None:
        """Write what is buffered; the store's commit makes it visible."""
        docs, values = self.index.docs, self.index.values
        cursor = self.connection.cursor()
        if self.deleted:
            cursor.execute(f"DELETE FROM {docs} WHERE id = ANY(%s)", (self.deleted,))
            cursor.execute(f"DELETE FROM {values} WHERE doc_id = ANY(%s)", (self.deleted,))
        if self.rows:
            with cursor.copy(f"COPY {docs} ({', '.join(DOC_COLUMNS)}) FROM STDIN") as copy:
                for row in self.rows.values():
                    copy.write_row(row)
            with cursor.copy(f"COPY {values} (doc_id, field, value) FROM STDIN") as copy:
                for rows in self.values.values():
                    for row in rows:
                        copy.write_row(row)
        self._write_terms(cursor)
        self.rows, self.values, self.deleted, self.new_terms = {}, {}, [], set()

    def _write_terms(self, cursor) -> None:
        if not self.new_terms:
            return
        if self.known_terms is None:
            self.known_terms = set(cursor.execute("SELECT field, term FROM lexicon").fetchall())
        fresh = self.new_terms - self.known_terms
        if fresh:
            with cursor.copy("COPY lexicon (field, term) FROM STDIN") as copy:
                for pair in fresh:
                    copy.write_row(pair)
            self.known_terms |= fresh

    def cancel(self) -> None:
        self.rows, self.values, self.deleted, self.new_terms = {}, {}, [], set()
        self.connection.rollback()


def to_row(fields: dict, schema) -> tuple[tuple, list[tuple], set[tuple[str, str]]]:
    """The docs row, doc_values rows and lexicon entries of a whoosh document."""
    positions: dict[str, list[int]] = defaultdict(list)
    weights: dict[str, str] = {}
    bare: set[str] = set()  # lexemes without positions
    keys: list[str] = []
    values: list[tuple] = []
    terms: set[tuple[str, str]] = set()
    article_id = fields["id"]
    row = {"id": article_id, "path": fields.get("path", ""), "title": fields.get("title", ""),
           "author": fields.get("author", ""), "outlet": fields.get("outlet", ""), "date_long": None,
           "date_sort": 0, "date_year": 0, "outlet_raw": "", "authors_raw": ""}
    for name, value in fields.items():
        if name not in schema or name == "spell" or value is None or value == "" or value == b"":
            continue
        fieldobj = schema[name]
        if isinstance(fieldobj, COLUMN):
            row[{"outlet_facet": "outlet_raw", "author_facet": "authors_raw"}[name]] = (
                value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
            continue
        if isinstance(fieldobj, ID):
            bare.add(f"{name}:{value}")
            terms.add((name, value))
        elif isinstance(fieldobj, KEYWORD):
            for key in value.split(","):
                if key:
                    bare.add(f"{name}:{key}")
                    keys.append(f"{name}:{key}")
                    terms.add((name, key))
        elif isinstance(fieldobj, TEXT):
            found = False
            for token in fieldobj.analyzer(value, positions=True, mode="index"):
                lexeme = f"{name}:{token.text}"
                positions[lexeme].append(min(token.pos + 1, MAX_POSITION))
                terms.add((name, token.text))
                found = True
                if name == "title":
                    weights[lexeme] = "A"
            if not found:  # no words: `field:*` does not find it (as with whoosh)
                continue
        elif isinstance(fieldobj, DATETIME):
            moments = [v if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time())
                       for v in (value if isinstance(value, list) else [value])]
            values.extend((article_id, name, datetime_to_long(m)) for m in sorted(set(moments)))
            if name == "date":
                row.update(date_long=datetime_to_long(moments[0]), date_sort=moments[0].toordinal(),
                           date_year=moments[0].year)
            else:
                values.extend((article_id, f"{name}__year", year) for year in sorted({m.year for m in moments}))
        elif isinstance(fieldobj, NUMERIC):
            values.extend((article_id, name, int(n)) for n in sorted(set(value if isinstance(value, list) else [value])))
        else:
            continue
        bare.add(f"{HAS}:{name}")
    row["keys"] = [_no_nul(key) for key in keys]
    row["tsv"] = _no_nul(tsvector(positions, weights, bare))
    cleaned = tuple(_no_nul(row[c]) if isinstance(row[c], str) else row[c] for c in DOC_COLUMNS)
    return (cleaned, [(_no_nul(doc), field, value) for doc, field, value in values],
            {(field, _no_nul(term)) for field, term in terms if len(term.encode("utf-8")) <= MAX_LEXEME_BYTES})


def _no_nul(text: str) -> str:
    """PostgreSQL text holds no NUL character; the store writes U+FFFD for it too."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def tsvector(positions: dict[str, list[int]], weights: dict[str, str], bare: set[str]) -> str:
    """The tsvector literal: 'field:term':1,5A ..."""

    def quoted(lexeme: str) -> str:
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"

    parts = []
    for lexeme in sorted(bare - set(positions)):
        if len(lexeme.encode("utf-8")) <= MAX_LEXEME_BYTES:
            parts.append(quoted(lexeme))
    budget = MAX_TSVECTOR_BYTES - sum(len(p.encode("utf-8")) + 1 for p in parts)
    for lexeme, where in positions.items():
        if len(lexeme.encode("utf-8")) > MAX_LEXEME_BYTES:
            continue
        weight = weights.get(lexeme, "")
        spots = sorted(set(where))[:MAX_POSITIONS_PER_TERM]
        part = quoted(lexeme) + ":" + ",".join(f"{p}{weight}" for p in spots)
        budget -= len(part.encode("utf-8")) + 1
        if budget < 0:  # an enormous article: its first terms only
            break
        parts.append(part)
    return " ".join(parts)
