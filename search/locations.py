"""Where things live on disk: index directories and the bundled seed corpus."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs


def default_index_dir(corpus_root: Path) -> Path:
    """The cache directory for a corpus's index, one per absolute corpus path.

    `NEWSDESK_INDEX_ROOT` moves every index (tests use it to stay out of the
    user's cache).
    """
    root = os.environ.get("NEWSDESK_INDEX_ROOT") or Path(platformdirs.user_cache_dir("newsdesk")) / "indexes"
    resolved = str(corpus_root.resolve())
    digest = hashlib.sha1(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^\w.-]+", "_", corpus_root.resolve().name or "corpus")[:40]
    return Path(root) / f"{name}-{digest}"


def bundled_seeds() -> Path:
    """The seed corpus shipped with newsdesk.

    Installed from a wheel it sits inside the package (`newsdesk/seeds`); in a
    checkout or an editable install it is the repository's top-level `seeds/`.
    """
    import newsdesk

    package_dir = Path(newsdesk.__file__).parent
    for candidate in (package_dir / "seeds", package_dir.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled seeds are missing from this installation")
