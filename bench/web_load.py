"""Web view bench: insert -> DOM updated in a real browser, then 50 viewers on a board that
changes every second (server CPU and memory, update latency under that load).

    .venv/bin/python bench/web_load.py [--viewers 50] [--seconds 60] [--samples 20]
                                       [--db URL] [--no-browser]

Starts the real `synoptux serve` (a child process, on 127.0.0.1) on a seeded board (a fresh
SQLite file, or --db a MySQL/MariaDB database), then:

1. idle: one headless Chromium (Debian's chromium + chromium-driver), logged in; a patient
   is inserted by SQL (as a MedinTux macro does) every 1.5 s, `--samples` times; a
   MutationObserver in the page notes when each name appears in the DOM. Latency = that
   moment minus the INSERT's commit (both on this machine's clock).
2. load: `--viewers` server-sent-event clients (half logged in, half anonymous: two kinds of
   payload) plus the browser; a writer inserts a patient every second (and deletes those
   older than 10 s, so the board keeps its size) for `--seconds`. Each client notes when each
   version arrives; the server's CPU (utime+stime from /proc) and memory (VmRSS) are sampled
   every second.

Prints JSON with p50/p95/max of each latency, the server's CPU % and RSS, and the budget
(every change on every page within 1 s). Bounded: it stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.services.web_accounts import AccountStore

PASSWORD = "bench password 1"
OBSERVER = """
window.__seen = {};
window.__want = [];
new MutationObserver(function () {
  var t = document.getElementById('boxes').textContent;
  var now = performance.timeOrigin + performance.now();
  window.__want.forEach(function (m) { if (!(m in window.__seen) && t.indexOf(m) >= 0) window.__seen[m] = now; });
}).observe(document.getElementById('boxes'), {childList: true, subtree: true, characterData: true});
"""


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(q * (len(values) - 1))))], 1)


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50_ms": pct(values, 0.5),
        "p95_ms": pct(values, 0.95),
        "max_ms": round(max(values), 1) if values else None,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    def __init__(self, url: str | None, root: Path) -> None:
        self.url = url or f"sqlite:///{root / 'board.db'}"
        self.db = Database.from_url(self.url)
        ensure_schema(self.db)
        now = datetime.now().replace(microsecond=0)
        seed_reference(self.db)
        seed_demo(self.db, now)
        if not AccountStore(self.db).verify("bench", PASSWORD):
            AccountStore(self.db).add("bench", "Bench", PASSWORD, now)
        self.ini = root / "synoptux.ini"
        self.ini.write_text(
            f"[Connexion_SynopTux]\nURL={self.url}\n[Copie_Secours]\nPeriodicite_en_minutes=0\n",
            encoding="utf-8",
        )
        self.n = 0

    def insert(self, prefix: str) -> tuple[str, float]:
        self.n += 1
        name = f"{prefix}{self.n:05d}"
        p = self.db.tables.prefix
        with self.db.engine.begin() as conn:
            conn.execute(
                text(
                    f"INSERT INTO {p}encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, "
                    "EC_HeureEntree, EC_GUIDPatient) VALUES ('A1', :n, 'Bench', :t, :g)"
                ),
                {"n": name, "t": f"{datetime.now():%Y-%m-%d %H:%M:%S}", "g": f"g-{name}"},
            )
        return name, time.time() * 1000

    def delete(self, name: str) -> None:
        p = self.db.tables.prefix
        with self.db.engine.begin() as conn:
            conn.execute(text(f"DELETE FROM {p}encours WHERE EC_NomPatient = :n"), {"n": name})


class Server:
    def __init__(self, site: Site) -> None:
        self.port = free_port()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "synoptux",
                "--config",
                str(site.ini),
                "serve",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            self.stop()
            raise SystemExit("the server did not start")
        self.base = f"http://127.0.0.1:{self.port}"
        self.cookie = self.login()

    def login(self) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        body = urlencode({"login": "bench", "password": PASSWORD})
        conn.request(
            "POST",
            "/login",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.base},
        )
        resp = conn.getresponse()
        cookie = resp.getheader("set-cookie") or ""
        return cookie.split("stx_session=", 1)[1].split(";", 1)[0]

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Viewer(threading.Thread):
    """One SSE client: when each version arrived, and (logged in) which version first
    carried each bench name."""

    def __init__(self, server: Server, named: bool, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.server, self.named, self.stop = server, named, stop
        self.arrived: dict[int, float] = {}
        self.carried: dict[str, int] = {}
        self.wanted: list[str] = []
        self.error: str | None = None

    def run(self) -> None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
            headers = {"Cookie": f"stx_session={self.server.cookie}"} if self.named else {}
            conn.request("GET", "/events", headers=headers)
            resp = conn.getresponse()
            version = None
            while not self.stop.is_set():
                line = resp.fp.readline()
                if not line:
                    break
                if line.startswith(b"id: "):
                    version = int(line[4:])
                    self.arrived.setdefault(version, time.time() * 1000)
                elif line.startswith(b"data: ") and self.named and version is not None:
                    for name in list(self.wanted):
                        if name not in self.carried and name.encode() in line:
                            self.carried[name] = version
            conn.close()
        except Exception as exc:  # reported in the results
            self.error = str(exc)


def browser(base: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    profile = tempfile.mkdtemp(prefix="stx-bench-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1920,1080",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options
    )
    driver.get(base + "/login")
    driver.find_element(By.NAME, "login").send_keys("bench")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".patient"))
    driver.execute_script(OBSERVER)
    return driver, profile


def dom_latencies(driver, writes: dict[str, float], wait_s: float = 5.0) -> tuple[list[float], int]:
    deadline = time.monotonic() + wait_s
    while True:
        seen = driver.execute_script("return window.__seen")
        if len(seen) >= len(writes) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    return [seen[n] - t for n, t in writes.items() if n in seen], sum(n not in seen for n in writes)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--viewers", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--db", help="a MySQL/MariaDB database URL (default: a fresh SQLite file)")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="stx-web-bench-"))
    site = Site(args.db, root)
    server = Server(site)
    out: dict = {
        "viewers": args.viewers,
        "seconds": args.seconds,
        "database": site.db.engine.url.get_backend_name(),
        "load_average_before": os.getloadavg(),
    }
    driver = profile = None
    try:
        if not args.no_browser:
            driver, profile = browser(server.base)
            writes: dict[str, float] = {}
            for _ in range(args.samples):
                name, at = site.insert("IDLE")
                driver.execute_script("window.__want.push(arguments[0])", name)
                writes[name] = at
                time.sleep(1.5)
            lat, missed = dom_latencies(driver, writes)
            out["idle_insert_to_dom"] = {**summary(lat), "missed": missed}

        stop = threading.Event()
        viewers = [Viewer(server, i % 2 == 0, stop) for i in range(args.viewers)]
        for v in viewers:
            v.start()
        time.sleep(3)
        cpu0, t0 = server.cpu_seconds(), time.monotonic()
        rss: list[float] = []
        writes = {}
        recent: list[str] = []
        end = time.monotonic() + args.seconds
        while time.monotonic() < end:
            tick = time.monotonic()
            name, at = site.insert("LOAD")
            writes[name] = at
            recent.append(name)
            for v in viewers:
                if v.named:
                    v.wanted.append(name)
            if driver is not None:
                driver.execute_script("window.__want.push(arguments[0])", name)
            if len(recent) > 10:
                site.delete(recent.pop(0))
            rss.append(server.rss_mb())
            time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
        cpu = server.cpu_seconds() - cpu0
        elapsed = time.monotonic() - t0
        time.sleep(3)  # the last changes reach everyone
        stop.set()
        carried: dict[str, int] = {}
        for v in viewers:
            for n, ver in v.carried.items():
                carried[n] = min(ver, carried.get(n, ver))
        sse: list[float] = []
        missing = 0
        for v in viewers:
            for n, at in writes.items():
                ver = carried.get(n)
                got = [t for vv, t in v.arrived.items() if ver is not None and vv >= ver]
                if got:
                    sse.append(min(got) - at)
                else:
                    missing += 1
        out["load"] = {
            "writes": len(writes),
            "sse_insert_to_event": {**summary(sse), "missed": missing},
            "server_cpu_percent": round(100 * cpu / elapsed, 1),
            "server_rss_mb": {"max": round(max(rss), 1), "last": round(rss[-1], 1)},
            "viewer_errors": sorted({v.error for v in viewers if v.error}),
        }
        if driver is not None:
            lat, missed = dom_latencies(driver, writes)
            out["load"]["browser_insert_to_dom"] = {**summary(lat), "missed": missed}
        worst = [
            x
            for x in (
                out.get("idle_insert_to_dom", {}).get("p95_ms"),
                out["load"]["sse_insert_to_event"]["p95_ms"],
                out["load"].get("browser_insert_to_dom", {}).get("p95_ms"),
            )
            if x is not None
        ]
        out["budget_ms"] = 1000
        out["within_budget"] = bool(worst) and max(worst) <= 1000
        out["load_average_after"] = os.getloadavg()
    finally:
        if driver is not None:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
        server.stop()
        site.db.dispose()
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(out, indent=1))
    return 0 if out.get("within_budget") else 1


if __name__ == "__main__":
    raise SystemExit(main())
