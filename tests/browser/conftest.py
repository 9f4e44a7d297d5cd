"""Fixtures of the browser tests: a live server over plain HTTP and a headless Chromium that can
reach nothing but local servers."""

from collections.abc import Iterator

import pytest
from django.test import override_settings

from tests.browser.chromium import CHROMEDRIVER, CHROMIUM, WAIT_SECONDS


@pytest.fixture(scope="module")
def _plain_http() -> Iterator[None]:
    """No HTTPS redirect while the live server starts: its middleware reads the setting only then."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(scope="module")
def live_server(_plain_http, live_server):
    """The session's live server, started over plain HTTP whatever the database (see ``_plain_http``)."""
    return live_server


@pytest.fixture
def browser(live_server) -> Iterator:
    """Headless Chromium whose name resolution and proxy refuse every host but the test server's."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1440,900",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=localhost;127.0.0.1",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT_SECONDS)
    yield driver
    driver.quit()
