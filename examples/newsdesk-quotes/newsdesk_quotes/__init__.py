"""newsdesk-quotes: quoted speech and who said it, for newsdesk.

An example of a complete third-party plugin (see docs/plugins.md in newsdesk).
Each hook is small and hands over objects built in a module of their own:

- `register_analyzers`: `QuoteAnalyzer` finds quotations and speakers at index time;
- `register_fields`: the `speaker` field (`newsdesk search 'speaker:"Sam Altman"'`);
- `register_commands`: `newsdesk quotes`, listing quotations;
- `register_panels`: the TUI's Quotes panel (key `u`);
- `register_palette_commands`: "Quotes: ..." in the command palette.

newsdesk imports this module at every start, so it imports neither typer nor
Textual: the command module is imported inside its hook, the panel is named by
a string and loaded only when the TUI opens.
"""

from newsdesk.plugins import PanelSpec, hookimpl

from .analyzer import SPEAKER_FIELD, QuoteAnalyzer

__version__ = "0.1.0"


@hookimpl
def register_analyzers(register):
    register(QuoteAnalyzer())


@hookimpl
def register_fields(register):
    register(SPEAKER_FIELD)


@hookimpl
def register_commands(cli):
    from .cli import add_quotes_command

    add_quotes_command(cli)


@hookimpl
def register_panels(register):
    register(PanelSpec(id="quotes", title="Quotes", key="u", widget="newsdesk_quotes.panel:QuotesPanel",
                       description="Quotations in the article you read, or in the top results; "
                                   "enter searches for the speaker."))


@hookimpl
def register_palette_commands(register):
    from .palette import palette_commands

    for command in palette_commands():
        register(command)
