"""A real browser (headless Chromium through Selenium) on the real server: a patient
inserted by SQL appears on the open page by itself; an anonymous page shows initials and
never a full name; a login through the form shows the names; data that looks like HTML
shows as typed and adds no element to the page."""

from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.web import PASSWORD, full_names, insert_patient

WAIT_S = 15  # generous: a loaded CI machine; the 1 s budget is measured by bench/web_load.py


def body_text(driver) -> str:
    # One script call, no element handle: the page's live refresh replaces nodes, and a
    # handle fetched a moment earlier can belong to a document that is gone.
    return driver.execute_script("return document.body.innerText")


def wait_for_text(driver, needle: str, timeout: float = WAIT_S) -> None:
    # (a page being replaced, after a login or a logout, leaves stale elements for a moment)
    WebDriverWait(
        driver, timeout, poll_frequency=0.05, ignored_exceptions=(StaleElementReferenceException,)
    ).until(lambda d: needle in body_text(d), f"{needle!r} never appeared")


def log_in(driver, base: str) -> None:
    driver.get(base + "/login")
    driver.find_element(By.NAME, "login").send_keys("drmartin")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, WAIT_S).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".logout"))


def test_a_patient_inserted_by_sql_appears_on_every_open_page(
    server, site, browser_factory
) -> None:
    anonymous = browser_factory()
    named = browser_factory()
    anonymous.get(server.base + "/")
    log_in(named, server.base)
    for d in (anonymous, named):
        WebDriverWait(d, WAIT_S).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".patient"))
    started = time.monotonic()
    insert_patient(site.db, "ZYLBERSTEIN", "Quentin", box="S5")
    wait_for_text(named, "ZYLBERSTEIN Quentin")
    wait_for_text(anonymous, "Z.Q.")
    took = time.monotonic() - started
    assert "ZYLBERSTEIN" not in anonymous.page_source and "Quentin" not in anonymous.page_source
    box = anonymous.find_element(By.CSS_SELECTOR, 'section[data-box="S5"]')
    assert "Z.Q." in box.text
    print(f"insert -> both pages updated: {took * 1000:.0f} ms")


def test_an_anonymous_page_shows_no_full_name_and_a_login_shows_them(
    server, site, browser_factory
) -> None:
    names = full_names(site.db)
    driver = browser_factory()
    driver.get(server.base + "/")
    WebDriverWait(driver, WAIT_S).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".patient"))
    shown = body_text(driver) + driver.page_source
    leaked = [n for n in names if n.lower() in shown.lower()]
    assert not leaked, leaked
    assert "N.T." in body_text(driver)  # NGUYEN Thi Mai
    assert "Initiales seulement" in body_text(driver)
    log_in(driver, server.base)
    wait_for_text(driver, "NGUYEN Thi Mai")
    text = body_text(driver)
    assert "Noms complets (Dr Martin)" in text
    assert len([n for n in names if n in text]) > len(names) // 2
    driver.find_element(By.CSS_SELECTOR, ".logout button").click()
    wait_for_text(driver, "Initiales seulement")
    assert "NGUYEN" not in body_text(driver)


def test_late_tasks_show_in_the_strip_and_on_their_chips(server, browser_factory) -> None:
    driver = browser_factory()
    log_in(driver, server.base)
    WebDriverWait(driver, WAIT_S).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".late-item"))
    strip = driver.find_element(By.ID, "late")
    assert strip.is_displayed() and "Tâches en retard" in strip.text
    late_chips = driver.find_elements(By.CSS_SELECTOR, ".task.late .task-late")
    assert late_chips and all("retard" in c.text or "début" in c.text for c in late_chips)
    colours = {
        c.value_of_css_property("background-color")
        for c in driver.find_elements(By.CSS_SELECTOR, ".task")
    }
    assert len(colours) >= 3  # state colours from the database


@pytest.mark.parametrize("width", [390, 1920])
def test_phone_and_wall_widths_lay_out_the_same_page(server, browser_factory, width) -> None:
    driver = browser_factory(width, 1000)
    driver.get(server.base + "/")
    WebDriverWait(driver, WAIT_S).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".box"))
    boxes = driver.find_elements(By.CSS_SELECTOR, ".box")
    lefts = {b.location["x"] for b in boxes}
    if width < 640:
        assert len(lefts) == 1  # one column
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    else:
        assert len(lefts) >= 4  # a wall: several columns
