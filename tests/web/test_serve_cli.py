"""`synoptux serve` as a site runs it: the command line, HTTPS with the configured
certificate (HSTS, Secure cookie), and the downtime copy written by the server's process."""

from __future__ import annotations

import http.client
import os
import shutil
import ssl
import subprocess
import sys
import time
from urllib.parse import urlencode

import pytest

from synoptux.config import COPY, WEB
from synoptux.services.downtime import STEM
from tests.support.web import PASSWORD, free_port

OPENSSL = shutil.which("openssl")


@pytest.mark.skipif(OPENSSL is None, reason="openssl is not installed")
def test_serve_over_https_and_write_the_downtime_copy(site) -> None:
    cert, key = site.root / "cert.pem", site.root / "key.pem"
    subprocess.run(
        [
            OPENSSL,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    s = site.settings
    s.set_raw(WEB, "Certificat", str(cert))
    s.set_raw(WEB, "Cle_Certificat", str(key))
    s.set_raw(WEB, "Port", str(port))
    s.set_raw(COPY, "Periodicite_en_minutes", "1")
    s.save()
    proc = subprocess.Popen(
        [sys.executable, "-m", "synoptux", "--config", str(s.path), "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=5, context=context)
                conn.request("GET", "/")
                resp = conn.getresponse()
                page = resp.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "serve did not answer in 30 s"
                time.sleep(0.2)
        assert resp.status == 200 and "board-data" in page
        assert resp.getheader("strict-transport-security", "").startswith("max-age=")
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
        conn.request(
            "POST",
            "/login",
            urlencode({"login": "drmartin", "password": PASSWORD}),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://127.0.0.1:{port}",
            },
        )
        login = conn.getresponse()
        assert login.status == 303
        assert "secure" in login.getheader("set-cookie").lower()
        plain = http.client.HTTPConnection("127.0.0.1", port, timeout=5)  # no plain HTTP
        with pytest.raises((http.client.HTTPException, OSError)):
            plain.request("GET", "/")
            assert plain.getresponse().status >= 400
        # the server's process writes the downtime copy (first one ~10 s after the start)
        copy = site.root / "secours" / f"{STEM}.pdf"
        deadline = time.monotonic() + 90
        while not copy.exists():
            assert proc.poll() is None
            assert time.monotonic() < deadline, "no downtime copy from serve in 90 s"
            time.sleep(0.5)
        assert (site.root / "secours" / f"{STEM}.html").exists()
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
