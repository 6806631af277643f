"""What the two embedded backends share: an index folder on this machine.

Layout: `articles.sqlite` (the article store), the live index in a folder of
its own (`live_name`), `write.lock`; a rebuild for new plugin fields is made
in `<live_name>.new` beside the live index, which keeps answering, and moved
in place once complete.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import IndexUnavailable
from ..indexer import WriteLock
from ..store import ArticleStore
from .base import Backend


class LocalBackend(Backend):
    live_name = "index"

    # What each embedded backend does its own way.
    def create_in(self, where: Path, schema):
        """An empty index with `schema` in the (new, empty) folder `where`; returns it open."""
        raise NotImplementedError

    def complete(self, where: Path) -> bool:
        """Whether `where` holds a whole index."""
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------
    @property
    def live_dir(self) -> Path:
        return self.index_dir / self.live_name

    @property
    def staging_dir(self) -> Path:
        return self.index_dir / f"{self.live_name}.new"

    @property
    def store_path(self) -> Path:
        return self.index_dir / "articles.sqlite"

    def prepare(self) -> None:
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise IndexUnavailable(f"cannot create the index directory {self.index_dir}: {error.strerror}") from None
        if not os.access(self.index_dir, os.W_OK):
            raise IndexUnavailable(f"the index directory is not writable: {self.index_dir}")

    def write_lock(self):
        return WriteLock(self.index_dir)

    def store_exists(self) -> bool:
        return self.store_path.exists()

    def open_store(self, readonly: bool = False) -> ArticleStore:
        return ArticleStore(self.store_path, readonly=readonly)

    def index_exists(self) -> bool:
        return self.complete(self.live_dir)

    def reset(self, schema) -> None:
        self.store_path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(self.store_path) + suffix).unlink(missing_ok=True)
        self._create(self.live_dir, schema)

    def create_staging(self, schema):
        return self._create(self.staging_dir, schema)

    def _create(self, where: Path, schema):
        if where.exists():
            shutil.rmtree(where)
        where.mkdir(parents=True)
        return self.create_in(where, schema)

    def swap_in_staging(self) -> None:
        retired = self.index_dir / f"{self.live_name}.old"
        shutil.rmtree(retired, ignore_errors=True)
        if self.live_dir.exists():
            self.live_dir.rename(retired)
        self.staging_dir.rename(self.live_dir)
        shutil.rmtree(retired, ignore_errors=True)

    def tidy(self) -> None:
        """A staging index without a live one was complete (it is only moved
        once committed); one beside a live index is an unfinished attempt."""
        if self.staging_dir.exists():
            if not self.live_dir.exists() and self.complete(self.staging_dir):
                self.staging_dir.rename(self.live_dir)
            else:
                shutil.rmtree(self.staging_dir, ignore_errors=True)
        shutil.rmtree(self.index_dir / f"{self.live_name}.old", ignore_errors=True)

    def status(self) -> dict:
        size = sum(f.stat().st_size for f in self.index_dir.rglob("*") if f.is_file()) if self.index_dir.exists() else 0
        return {"size_bytes": size}
