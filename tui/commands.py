"""The command palette's newsdesk commands (ctrl+p): plugins' palette commands,
exports of the results or of a panel through every exporter, and panel toggles.

Names and help come from plugins: names are shown as plain `Text`, and help
(which Textual's palette reads as markup) is escaped first.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Callable, Iterator

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from newsdesk.search.text import display_line

if TYPE_CHECKING:
    from .app import NewsdeskApp


class NewsdeskCommands(Provider):
    """Everything newsdesk and its plugins add to the palette."""

    @property
    def explorer_app(self) -> "NewsdeskApp":
        return self.app  # type: ignore[return-value]

    def commands(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        """(name, help, callback) for every command available right now."""
        app = self.explorer_app
        for command in app.palette_commands:
            name = display_line(str(command.name))
            yield name, display_line(str(command.help or "")), partial(app.run_palette_command, command)
        for name, exporter in app.exporters.items():
            description = display_line(str(getattr(exporter, "description", "") or ""))
            yield (f"Export results as {display_line(name)}",
                   f"write the current results to a {display_line(str(getattr(exporter, 'extension', '')))} file"
                   + (f" ({description})" if description else ""),
                   partial(app.export_results, name))
        for frame, table in app.explorer.panel_tables():
            for name in app.exporters:
                yield (f"Export panel {frame.border_title} as {display_line(name)}",
                       f"write what the {frame.border_title} panel shows ({table.kind})",
                       partial(app.export_panel, frame.spec.id, name))
        for frame in app.explorer.panel_frames():
            verb = "Hide" if frame.display else "Show"
            yield (f"{verb} panel {frame.border_title}",
                   f"from plugin '{display_line(frame.spec.plugin)}'" + (f" (key {frame.border_subtitle})"
                                                                          if frame.border_subtitle else ""),
                   partial(app.explorer.action_toggle_panel, frame.spec.id))

    async def discover(self) -> Hits:
        for name, help, callback in self.commands():
            yield DiscoveryHit(Text(name), callback, text=name, help=escape(help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(escape(name)), callback, text=name, help=escape(help))
