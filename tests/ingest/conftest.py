"""Fixtures of the entry-file tests: a seeded database on each backend and an entry folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ingest.processor import Ingestor
from synoptux.services.seed import seed_reference

# Copies of ../shared/samples/entries, kept in the repo so the suite runs anywhere.
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "entries"


@pytest.fixture
def seeded(db: Database) -> Iterator[Database]:
    """The reference set (boxes, tasks, states, responsibles) on each backend."""
    seed_reference(db)
    yield db


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "entrees"
    folder.mkdir()
    return folder


@pytest.fixture
def ingestor(seeded: Database, inbox: Path, clock: FakeClock) -> Ingestor:
    return Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0)


def drop(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def copy_samples(folder: Path) -> list[Path]:
    out = []
    for src in sorted(SAMPLES.glob("*.txt")):
        out.append(Path(shutil.copy2(src, folder / src.name)))
    return out
