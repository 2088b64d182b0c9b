"""The web view's screenshots in docs/: the demo board at phone and wall widths.

    .venv/bin/python bench/web_screenshots.py [--out docs]

Starts `synoptux serve` on a fresh demo board (a fixed time, so lateness is the same each
run), logs in in headless Chromium and saves docs/web-phone-390.png (a phone, 390 px wide,
the top of the page) and docs/web-wall-1920x1080.png; also the anonymous wall view
(initials) as docs/web-wall-anonymous.png.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from web_load import PASSWORD, free_port

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.services.web_accounts import AccountStore

NOW = datetime(2026, 11, 23, 10, 0)


def main() -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="stx-shots-"))
    db = Database.from_url(f"sqlite:///{root / 'board.db'}")
    ensure_schema(db)
    seed_reference(db)
    seed_demo(db, NOW)
    AccountStore(db).add("drmartin", "Dr Martin", PASSWORD, NOW)
    db.dispose()
    ini = root / "synoptux.ini"
    ini.write_text(
        f"[Connexion_SynopTux]\nURL=sqlite:///{root / 'board.db'}\n"
        "[Affichage]\nTitre_Application=Urgences — tableau\n"
        "[Copie_Secours]\nPeriodicite_en_minutes=0\n",
        encoding="utf-8",
    )
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "synoptux",
            "--config",
            str(ini),
            "--now",
            "2026-11-23 10:00",
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    profile = tempfile.mkdtemp(prefix="stx-shots-chromium-")
    driver = None
    try:
        for _ in range(150):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"
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
            "--hide-scrollbars",
        ):
            options.add_argument(arg)
        driver = webdriver.Chrome(
            service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
            options=options,
        )

        def settle() -> None:
            WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".patient"))
            time.sleep(0.5)

        def viewport(width: int, height: int, mobile: bool) -> None:
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
            )

        viewport(1920, 1080, False)
        driver.get(base + "/")
        settle()
        driver.save_screenshot(str(args.out / "web-wall-anonymous.png"))
        driver.get(base + "/login")
        driver.find_element(By.NAME, "login").send_keys("drmartin")
        driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        settle()
        driver.save_screenshot(str(args.out / "web-wall-1920x1080.png"))
        viewport(390, 844, True)
        driver.get(base + "/?box=A1,S1,S2")
        settle()
        driver.save_screenshot(str(args.out / "web-phone-390.png"))
        for name in ("web-wall-anonymous.png", "web-wall-1920x1080.png", "web-phone-390.png"):
            print(args.out / name)
    finally:
        if driver is not None:
            driver.quit()
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
