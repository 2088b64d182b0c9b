"""Web view fixtures: a seeded site (ini + database, SQLite file and MariaDB), the real
server (uvicorn on 127.0.0.1, in a thread of the test process so that its state can be
read), a small HTTP client, and a real headless Chromium driven by Selenium."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.services.web_accounts import AccountStore
from tests.support.clock import T0
from tests.support.web import (
    CHROMEDRIVER,
    CHROMIUM,
    NO_BROWSER,
    PASSWORD,
    LiveServer,
    Site,
    start_server,
    stop_server,
)


@pytest.fixture
def site(db: Database, backend_url: str, tmp_path: Path) -> Site:
    """A seeded board, its synoptux.ini, and one web account `drmartin`."""
    seed_reference(db)
    seed_demo(db, T0)
    ini = tmp_path / "synoptux.ini"
    ini.write_text(
        f"[Connexion_SynopTux]\nURL={backend_url}\n[Interface]\nLangue=fr\n"
        "[Timer]\nPeriodicite_controle_base_en_ms=100\n"
        f"[Copie_Secours]\nDossier={tmp_path / 'secours'}\n",
        encoding="utf-8",
    )
    AccountStore(db).add("drmartin", "Dr Martin", PASSWORD, T0)
    return Site(tmp_path, Settings.load(ini), db, backend_url)


@pytest.fixture
def server(site: Site) -> Iterator[LiveServer]:
    live = start_server(site.settings, site.db, FakeClock(T0))
    yield live
    stop_server(live)


@pytest.fixture
def browser_factory() -> Iterator:
    """Headless Chromium windows (Debian's chromium, as root: --no-sandbox)."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip(NO_BROWSER)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers = []
    dirs = []

    def make(width: int = 1366, height: int = 900):
        profile = tempfile.mkdtemp(prefix="stx-chromium-")
        dirs.append(profile)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
        ):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.set_page_load_timeout(30)
        if width < 600:  # a window cannot be that narrow: emulate a phone's viewport
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
            )
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        try:
            driver.quit()
        except Exception:  # already gone
            pass
    for profile in dirs:
        shutil.rmtree(profile, ignore_errors=True)
