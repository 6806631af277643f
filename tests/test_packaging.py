"""What a user installs: a wheel that imports as newsdesk.* only, carries the
seeds, and works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True, capture_output=True, timeout=600,
    )
    return next(out.glob("newsdesk-*.whl"))


def test_wheel_claims_only_the_newsdesk_namespace(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.startswith("newsdesk-")}
    assert top == {"newsdesk"}
    for module in ("newsdesk/search/corpus.py", "newsdesk/plugins/hookspecs.py",
                   "newsdesk/plugins/formats/html.py", "newsdesk/tui/__init__.py", "newsdesk/cli.py"):
        assert module in names
    seeds = sorted(n for n in names if n.startswith("newsdesk/seeds/"))
    assert seeds == sorted(f"newsdesk/seeds/{p.name}" for p in (REPO / "seeds").glob("*.txt"))


def test_installed_wheel_searches_its_bundled_seeds(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    index = subprocess.run([sys.executable, "-m", "newsdesk", "index", "--json"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert index.returncode == 0, index.stderr
    report = json.loads(index.stdout)
    assert Path(report["corpus"]).resolve().is_relative_to(target.resolve())
    assert report["articles"] == 5
    found = subprocess.run([sys.executable, "-m", "newsdesk", "search", "DeepSeek", "--json"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=120)
    assert json.loads(found.stdout)["total"] == 5
