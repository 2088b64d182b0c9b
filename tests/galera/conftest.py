"""A three-node MariaDB Galera cluster on loopback for the tests (bench/galera_cluster.py).

`SYNOPTUX_TEST_GALERA=start`: the session starts its own cluster (about 15 s) the first
time a test asks for it, and stops it at the end; `.ci/run` sets it when galera-4 is
installed. `SYNOPTUX_TEST_GALERA=/tmp/synoptux-galera` (a folder where
`bench/galera_cluster.py start` runs one): the tests use that cluster and leave it running.
Unset, or Galera not installed: the tests are skipped, and say why.

Every test gets the cluster whole (three nodes Synced) and leaves it whole: a test that
kills, stops or freezes a node has it started again (IST) by the `cluster` fixture.
Each test works in its own randomly named database, dropped at the end.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.galera import (
    GALERA,
    NO_GALERA,
    ROOT,
    GaleraDb,
    load_bench,
)


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "tests/galera/" in str(item.path).replace(os.sep, "/") and (
            {"cluster", "galera_db", "galera_session"} & set(getattr(item, "fixturenames", ()))
        ):
            item.add_marker(pytest.mark.galera)


@pytest.fixture(scope="session")
def galera_session():
    if not GALERA:
        pytest.skip(NO_GALERA)
    harness = load_bench("galera_cluster")
    if GALERA.lower() == "start":
        why = harness.unavailable_reason()
        if why:
            pytest.skip(why)
        # One folder per checkout: a cluster left by a session that was killed (its
        # finalizers never ran) is found there and stopped by `pick` before a new start.
        tag = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
        folder = Path(tempfile.gettempdir()) / f"synoptux-galera-test-{tag}"
        try:
            cluster = harness.GaleraCluster.pick(folder)
            cluster.start(fresh=True)
        except harness.ClusterError as exc:
            shutil.rmtree(folder, ignore_errors=True)
            pytest.fail(f"the Galera cluster did not start: {exc}")
        try:
            yield cluster
        finally:
            cluster.stop()
            shutil.rmtree(folder, ignore_errors=True)
    else:
        cluster = harness.GaleraCluster.attach(Path(GALERA))
        cluster.ensure_whole()
        yield cluster


@pytest.fixture
def cluster(galera_session):
    """The session's cluster, whole before the test and made whole again after it."""
    galera_session.ensure_whole()
    yield galera_session
    galera_session.ensure_whole()


@pytest.fixture
def galera_db(cluster) -> Iterator[GaleraDb]:
    name = f"stx_g_{uuid.uuid4().hex[:10]}"
    admin = create_engine(cluster.node_url(1) + "?charset=utf8mb4", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    admin.dispose()
    yield GaleraDb(cluster, name)
    cluster.ensure_whole()
    admin = create_engine(cluster.node_url(1) + "?charset=utf8mb4", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    admin.dispose()
