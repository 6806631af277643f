"""The plugin's command-palette commands (ctrl+p in the explorer).

- "Quotes: search the speakers of this article": replaces the query with
  `speaker:"A" OR speaker:"B"`, finding every article that quotes them;
- "Quotes: list the speakers of this article": a notification naming them.

Each runs on the UI thread with newsdesk's `AppContext`; reading one article's
stored annotations is quick enough for that.
"""

from __future__ import annotations

from newsdesk.plugins import PaletteCommand

from .analyzer import KIND


def article_speakers(context) -> list[str]:
    """The named speakers of the open article, in order of first quotation."""
    if context.article is None:
        return []
    labels = [a.label for a in context.corpus.annotations(context.article.id, kind=KIND) if a.label]
    return list(dict.fromkeys(labels))


def speakers_query(speakers: list[str]) -> str:
    return " OR ".join(f'speaker:"{name.replace(chr(34), " ")}"' for name in speakers)


def search_speakers(context) -> None:
    speakers = article_speakers(context)
    if not speakers:
        context.notify("Quotes: no named speaker in this article (open an article first)", "warning")
        return
    context.set_query(speakers_query(speakers))


def list_speakers(context) -> None:
    speakers = article_speakers(context)
    if context.article is None:
        context.notify("Quotes: open an article first", "warning")
    elif not speakers:
        context.notify("Quotes: no named speaker in this article")
    else:
        context.notify("Quoted here: " + "; ".join(speakers))


def palette_commands() -> list[PaletteCommand]:
    return [
        PaletteCommand("Quotes: search the speakers of this article",
                       "every article quoting someone this one quotes", search_speakers),
        PaletteCommand("Quotes: list the speakers of this article",
                       "who is quoted in the article you are reading", list_speakers),
    ]
