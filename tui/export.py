"""Writing search results or a panel's table to a file through an exporter.

Files go to the current directory when it is writable, else to the user's
data directory (`.../newsdesk/exports`), named from the query and the
exporter's extension ("newsdesk-deepseek-and-ban.csv"), never overwriting.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from newsdesk.plugins.specs import ExportTable
from newsdesk.userdata import data_dir

_UNSAFE = re.compile(r"[^\w]+")


def results_table(results) -> ExportTable:
    """Search results as the hits table every exporter understands."""
    return ExportTable.from_results(results)


def export_dir(preferred: Path | None = None) -> Path:
    """Where exports go: `preferred`, else the current directory when writable,
    else the user's data directory."""
    if preferred is not None:
        return Path(preferred)
    cwd = Path.cwd()
    if os.access(cwd, os.W_OK):
        return cwd
    return data_dir() / "exports"


def file_name(stem: str, extension: str) -> str:
    """"newsdesk-<query as a slug><extension>"; exporters' extensions are sanitised too."""
    slug = _UNSAFE.sub("-", stem.lower()).strip("-")[:60].strip("-") or "all"
    ext = _UNSAFE.sub("", extension.lstrip(".")) or "txt"
    return f"newsdesk-{slug}.{ext}"


def unused_path(directory: Path, name: str) -> Path:
    path = directory / name
    stem, suffix = path.stem, path.suffix
    n = 2
    while path.exists():
        path = directory / f"{stem}-{n}{suffix}"
        n += 1
    return path


def write_export(table: ExportTable, exporter, stem: str, directory: Path | None = None) -> Path:
    """Write `table` with `exporter` to a new file; return its path.  The
    exporter's own errors propagate (the caller names the plugin)."""
    folder = export_dir(directory)
    folder.mkdir(parents=True, exist_ok=True)
    path = unused_path(folder, file_name(stem, str(getattr(exporter, "extension", ".txt"))))
    try:
        with open(path, "x", encoding="utf-8", newline="") as out:
            exporter.write(table, out, first=True)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
