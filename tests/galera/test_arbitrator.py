"""Two data nodes plus an arbitrator (garbd): the deployment docs/galera.md offers to a site
with two database servers. One data node dies, the other stays primary and serves."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.support.galera import GALERA, NO_GALERA, load_bench

pytestmark = pytest.mark.galera


def test_two_nodes_and_garbd_survive_one_node(galera_session):
    if not GALERA:
        pytest.skip(NO_GALERA)
    garbd = shutil.which("garbd")
    if garbd is None:
        pytest.skip("garbd is not installed (package galera-arbitrator-4): arbitrator test skipped")
    harness = load_bench("galera_cluster")
    folder = Path(tempfile.mkdtemp(prefix="synoptux-garbd-", dir="/tmp"))
    os.chmod(folder, 0o755)
    pair = harness.GaleraCluster.pick(folder, nodes=2)
    arbiter = None
    try:
        pair.start(fresh=True)
        port = pair.nodes[-1].gport + 10
        arbiter = subprocess.Popen(
            [
                garbd,
                "--group",
                "synoptux_test",
                "--address",
                pair.gcomm,
                "--options",
                f"gmcast.listen_addr=tcp://127.0.0.1:{port};base_port={port}",
                "--log",
                str(folder / "garbd.log"),
            ],
            start_new_session=True,
        )
        pair.wait_synced(size=3, timeout=60)  # two data nodes and the arbitrator
        pair.kill_node(2)
        deadline = time.monotonic() + 30
        while not pair.synced(1, size=2):
            assert time.monotonic() < deadline, pair.status(1)
            time.sleep(0.3)
        st = pair.status(1)
        assert st["wsrep_cluster_status"] == "Primary" and st["wsrep_ready"] == "ON"
    finally:
        if arbiter is not None:
            arbiter.send_signal(signal.SIGTERM)
            arbiter.wait(10)
        pair.stop()
        shutil.rmtree(folder, ignore_errors=True)
