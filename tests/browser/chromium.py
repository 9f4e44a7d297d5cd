"""The system Chromium the browser tests drive, and how long they wait for a page."""

import shutil

import pytest

# Debian's chromium (installed by .ci/run), or the Chrome that hosted CI runners ship.
CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
CHROMEDRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="no chromium/chromedriver on PATH (Debian: apt-get install chromium chromium-driver)",
)
WAIT_SECONDS = 30


def wait_for(driver, condition):
    """What ``condition(driver)`` returns once it is truthy, waiting up to WAIT_SECONDS."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_SECONDS).until(condition)
