"""Helpers for plugins' CLI commands (`register_commands`): the options every
corpus command takes, and opening a corpus with its index brought up to date.

    from newsdesk.plugins.commands import CorpusOption, IndexOption, open_ready, say

Import this inside your `register_commands` hook (it imports typer).
"""

from __future__ import annotations

import sys

import typer

from newsdesk.search.text import display_line

CorpusOption = typer.Option(None, "--corpus", "-c", envvar="NEWSDESK_CORPUS",
                            help="Corpus folder or file (default: the bundled seeds).")
IndexOption = typer.Option(None, "--index", envvar="NEWSDESK_INDEX",
                           help="Index directory (default: one per corpus in the user cache).")


def say(message: str) -> None:
    """One line for a person, on stderr, as newsdesk's own commands write them."""
    print(f"newsdesk: {message}", file=sys.stderr)


def open_ready(corpus_path=None, index_dir=None, note: str = ""):
    """The corpus with every loaded plugin, indexed and analysed (what is
    missing is built first, saying so on stderr, with plugin problems)."""
    from newsdesk.plugins import open_corpus

    corpus = open_corpus(corpus_path, index_dir)
    if not corpus.has_index() or corpus.needs_update():
        say(f"indexing {display_line(str(corpus.root))}{note}")
        report = corpus.update()
        for where, why in getattr(report, "skipped", []):
            say(f"skipped {display_line(where)}: {display_line(why)}")
        for plugin, problem in getattr(report, "problems", []):
            say(f"plugin '{display_line(plugin)}': {display_line(problem)}")
    return corpus
