"""The matrix page in headless Chromium (Debian's chromium + chromedriver through Selenium; nothing is downloaded):
it loads, lists every entry, and the vendor, facet, text and overdue filters narrow the rows.

Without /usr/bin/chromium (or chromedriver, or selenium) the tests skip; with PRIVACY_BOT_REQUIRE_BROWSER=1 (as
.ci/run sets) they fail instead, so CI never passes without having run them.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.cli.matrix import write_entry_pages
from bot.core.answer_set import AnswerSet
from bot.knowledge.matrix import matrix_rows
from bot.knowledge.pages_html import matrix_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
TODAY = dt.date(2026, 12, 15)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,900")


def require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    if missing:
        reason = (f"headless browser test needs {', '.join(missing)}: apt-get install chromium chromium-driver; "
                  "pip install -e '.[dev]'")
        if os.environ.get("PRIVACY_BOT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (PRIVACY_BOT_REQUIRE_BROWSER=1)")
        pytest.skip(reason)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def doctored(answers: AnswerSet) -> AnswerSet:
    """The real answer set with one entry (cursor) long overdue for review."""
    old = answers.entries["cursor"].model_copy(update={"reviewed_on": dt.date(2020, 1, 1)})
    return AnswerSet.build([old if e.id == "cursor" else e for e in answers.entries.values()], answers.entities)


@pytest.fixture(scope="module")
def site(doctored: AnswerSet, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The matrix page and its entry pages, served from a local http.server on 127.0.0.1."""
    require_browser()
    root = tmp_path_factory.mktemp("site")
    (root / "matrix.html").write_text(matrix_html(doctored, today=TODAY), encoding="utf-8")
    write_entry_pages(doctored, root / "entries", today=TODAY, matrix=root / "matrix.html")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/matrix.html"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser(site: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def visible_ids(driver: Any) -> list[str]:
    return list(driver.execute_script(
        "return Array.from(document.querySelectorAll('#matrix tbody tr'))"
        ".filter(function (r) { return r.offsetParent !== null; }).map(function (r) { return r.dataset.id; });"))


def count_text(driver: Any) -> str:
    return str(driver.find_element("id", "count").text)


def choose(driver: Any, name: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("name", name)).select_by_value(value)


@pytest.fixture
def page(browser: Any, site: str) -> Any:
    browser.get(site)
    return browser


def test_the_page_loads_and_lists_every_entry_without_fetching_anything(page, doctored):
    ids = {r["id"] for r in matrix_rows(doctored, TODAY)}
    assert page.title.startswith("AI vendors and data privacy")
    assert page.find_element("id", "filters").is_displayed()  # the script ran and showed the filters
    assert set(visible_ids(page)) == ids and len(visible_ids(page)) == len(ids)
    assert count_text(page) == f"Showing {len(ids)} of {len(ids)} offerings"
    assert page.execute_script("return performance.getEntriesByType('resource').length;") == 0


def test_vendor_and_facet_filters_narrow_the_rows(page, doctored):
    rows = matrix_rows(doctored, TODAY)
    anthropic = {r["id"] for r in rows if "Anthropic" in r["providers"] + r["platforms"]}
    choose(page, "vendor", "Anthropic")
    assert set(visible_ids(page)) == anthropic and 1 < len(anthropic) < len(rows)
    assert count_text(page) == f"Showing {len(anthropic)} of {len(rows)} offerings"

    both = {i for i in anthropic if next(r for r in rows if r["id"] == i)["facets"]["zero_retention"]["value"]
            == "on-request"}
    choose(page, "f-zero_retention", "on-request")
    assert set(visible_ids(page)) == both and 0 < len(both) < len(anthropic)

    page.find_element("css selector", "button[type=reset]").click()
    # the page re-filters right after the form's values are reset (a timeout of 0): wait for that turn
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(page, 5).until(lambda driver: len(visible_ids(driver)) == len(rows))
    training = {r["id"] for r in rows if r["facets"]["trains_on_customer_data"]["value"] == "no"}
    choose(page, "f-trains_on_customer_data", "no")
    assert set(visible_ids(page)) == training and 0 < len(training) < len(rows)


def test_residency_text_and_overdue_filters(page, doctored):
    rows = matrix_rows(doctored, TODAY)
    region = "primary AWS Region (storage)"
    choose(page, "f-data_residency", region)
    assert visible_ids(page) == [r["id"] for r in rows if region in r["facets"]["data_residency"]["value"]]

    page.find_element("css selector", "button[type=reset]").click()
    page.find_element("name", "q").send_keys("bedrock")
    shown = visible_ids(page)
    assert "claude-amazon-bedrock" in shown and len(shown) < len(rows)

    page.find_element("css selector", "button[type=reset]").click()
    page.find_element("name", "overdue").click()
    assert visible_ids(page) == ["cursor"]
    row = page.find_element("css selector", 'tr[data-id="cursor"]')
    assert "overdue" in row.get_attribute("class") and "overdue" in row.text
    assert count_text(page) == f"Showing 1 of {len(rows)} offerings"


def test_an_offering_links_to_its_entry_page(page, doctored):
    page.find_element("css selector", 'tr[data-id="claude-microsoft-foundry"] th a').click()
    assert page.current_url.endswith("/entries/claude-microsoft-foundry.html")
    assert page.find_element("tag name", "h1").text == doctored.entries["claude-microsoft-foundry"].title
    page.find_element("link text", "← All offerings").click()
    assert page.current_url.endswith("/matrix.html")
