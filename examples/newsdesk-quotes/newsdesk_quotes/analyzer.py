"""The plugin's engine side: the quote analyzer and the `speaker` index field.

The analyzer runs at index time on new or changed articles; newsdesk stores
its annotations with the index.  Each quotation becomes
`Annotation(kind="quote", start, end, label=speaker, data={speaker, text, verb,
source, how})`, with `article.body[start:end] == data["text"]`.  The field
makes every named speaker searchable: `speaker:"Sam Altman"`.
"""

from __future__ import annotations

from newsdesk.plugins import Annotation, IndexField

from .finder import find_quotes

ANALYZER = "quotes"
KIND = "quote"


class QuoteAnalyzer:
    name = ANALYZER
    # Change it whenever find_quotes() finds something different: every
    # article is analysed again on the next index run.
    version = "1"

    def analyze(self, article):
        for quote in find_quotes(article.body):
            yield Annotation(kind=KIND, start=quote.start, end=quote.end, label=quote.speaker,
                             data=quote.to_data())


def speakers(article, annotations) -> list[str]:
    """The `speaker` field's values: every named speaker quoted in the article."""
    return [a.label for a in annotations.get(ANALYZER, []) if a.kind == KIND and a.label]


SPEAKER_FIELD = IndexField(
    "speaker", "keyword", values=speakers,
    help='people quoted in the article: speaker:"Sam Altman" (case and spacing do not matter)',
)
