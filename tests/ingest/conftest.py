"""Fixtures of the entry-file tests: a seeded database on each backend and an entry folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ingest.processor import Ingestor


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "entrees"
    folder.mkdir()
    return folder


@pytest.fixture
def ingestor(seeded: Database, inbox: Path, clock: FakeClock) -> Ingestor:
    return Ingestor(seeded, inbox, default_box="A1", clock=clock, settle=0)
