"""GraphiQL, Swagger UI and the Django admin in a real headless Chromium that can reach nothing but
the test server.

Every request the pages make is recorded: all of them must go to the server (no CDN), none may be
blocked by the page's Content-Security-Policy, GraphiQL must run a query and render its answer, and
the admin must sign in and open a list and a change form. A screenshot of each page is written to
``BROWSER_SCREENSHOTS`` (default ``artifacts/screenshots``; CI uploads it, ``make screenshots``
points it at ``docs/screenshots``).
"""

import json
import os
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from catalog.models import Genre, Movie
from tests.browser.chromium import needs_chromium, wait_for
from tests.factories import PASSWORD, UserFactory

pytestmark = needs_chromium
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS", "artifacts/screenshots"))
MOVIE_QUERY = "query Movie {\n  movie(tmdbId: 603) {\n    title\n    releaseDate\n  }\n}\n"


@pytest.fixture
def matrix(transactional_db) -> Movie:
    movie = Movie.objects.create(tmdb_id=603, title="The Matrix", release_date="1999-03-30")
    movie.genres.add(Genre.objects.create(tmdb_id=878, name="Science Fiction", slug="science-fiction"))
    return movie


@pytest.fixture
def graphiql_on(settings) -> None:
    settings.GRAPHQL_GRAPHIQL = True


def _requested_urls(driver) -> list[str]:
    """Every URL the page fetched, but inline ``data:`` URLs (embedded fonts), which leave nothing."""
    entries = (json.loads(entry["message"])["message"] for entry in driver.get_log("performance"))
    urls = (e["params"]["request"]["url"] for e in entries if e["method"] == "Network.requestWillBeSent")
    return [url for url in urls if not url.startswith("data:")]


def _console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _screenshot(driver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(SCREENSHOTS / name))


def test_graphiql_runs_a_query_from_local_files_only(browser, live_server, matrix, graphiql_on):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/graphql/?q={quote(MOVIE_QUERY)}")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".graphiql-execute-button"))
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    result = wait_for(
        browser,
        lambda d: (
            "The Matrix" in d.find_element(By.CSS_SELECTOR, ".result-window").text
            and d.find_element(By.CSS_SELECTOR, ".result-window")
        ),
    )
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".graphiql-explorer-root"))
    _screenshot(browser, "graphiql.png")

    assert '"title": "The Matrix"' in result.text
    assert '"releaseDate": "1999-03-30"' in result.text
    urls = _requested_urls(browser)
    assert f"{live_server.url}/static/graphiql/vendor/graphiql/graphiql.min.js" in urls
    assert [url for url in urls if not url.startswith(live_server.url)] == []
    assert _console_errors(browser) == []


def test_swagger_ui_renders_every_operation_from_local_files_only(browser, live_server, transactional_db):
    from selenium.webdriver.common.by import By

    browser.get(f"{live_server.url}/api/docs/")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock"))
    _screenshot(browser, "swagger.png")

    assert "MoviVerse API" in browser.find_element(By.CSS_SELECTOR, ".info .title").text
    expected = set(yaml.safe_load(Path("openapi.yaml").read_text())["paths"])
    rendered: set[str] = set()
    wait_for(browser, lambda d: rendered.update(_rendered_paths(d)) or rendered >= expected)
    assert rendered == expected
    urls = _requested_urls(browser)
    assert [url for url in urls if not url.startswith(live_server.url)] == []
    assert _console_errors(browser) == []


def _rendered_paths(driver) -> set[str]:
    """Every operation path Swagger UI draws, scrolling down the page: above 100 operations it
    renders only the rows in view (a virtualized list), so rows come and go while it scrolls."""
    drawn = "return [...document.querySelectorAll('.opblock-summary-path')].map((e) => e.innerText)"
    driver.execute_script("window.scrollTo(0, 0)")
    seen: set[str] = set()
    position = -1
    while position != (position := driver.execute_script("window.scrollBy(0, 300); return window.scrollY")):
        seen.update(driver.execute_script(drawn))
    seen.update(driver.execute_script(drawn))
    return seen


def _csp_violations(driver) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]


def test_admin_signs_in_lists_and_edits_under_its_csp(browser, live_server, transactional_db):
    from selenium.webdriver.common.by import By

    admin = UserFactory(is_staff=True, is_superuser=True)
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.ID, "id_username").send_keys(admin.email)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "user-tools"))
    violations = _csp_violations(browser)

    browser.get(f"{live_server.url}/admin/accounts/user/")
    wait_for(browser, lambda d: d.find_elements(By.ID, "result_list"))
    violations += _csp_violations(browser)
    browser.get(f"{live_server.url}/admin/accounts/user/{admin.pk}/change/")
    wait_for(browser, lambda d: d.find_elements(By.ID, "user_form"))
    _screenshot(browser, "admin.png")

    assert browser.find_element(By.ID, "id_email").get_attribute("value") == admin.email
    assert violations + _csp_violations(browser) == []
    urls = _requested_urls(browser)
    assert [url for url in urls if not url.startswith(live_server.url)] == []
