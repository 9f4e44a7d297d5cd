"""A page served from another local port calls both surfaces, as a frontend's dev server does:
allowed by CORS in development mode (`make run`), refused by the browser without it."""

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from catalog.models import Movie
from tests.browser.chromium import needs_chromium, wait_for

pytestmark = needs_chromium

PAGE = """<!doctype html>
<html><body>
<p id="rest">waiting</p>
<p id="graphql">waiting</p>
<script>
const api = "%(api)s";
const show = (id, text) => { document.getElementById(id).textContent = text; };
fetch(api + "/api/movies/popular/")
  .then((response) => response.json())
  .then((page) => show("rest", "REST: " + page.results.map((movie) => movie.title).join(", ")))
  .catch((error) => show("rest", "REST failed: " + error));
fetch(api + "/graphql/", {
  method: "POST",
  headers: {"Content-Type": "application/json"},
  body: JSON.stringify({query: "{ movie(tmdbId: 603) { title } }"}),
})
  .then((response) => response.json())
  .then((answer) => show("graphql", "GraphQL: " + answer.data.movie.title))
  .catch((error) => show("graphql", "GraphQL failed: " + error));
</script>
</body></html>
"""


@pytest.fixture
def frontend(live_server) -> Iterator[str]:
    """A second local HTTP server on its own port serving PAGE; yields its URL (on localhost, the one
    name the browser resolves, so the page's origin differs from the API's by its port only)."""
    body = (PAGE % {"api": live_server.url}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # the test's output stays the test's
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def matrix(transactional_db) -> Movie:
    return Movie.objects.create(tmdb_id=603, title="The Matrix", release_date="1999-03-30")


def _answers(browser, done: Callable[[str], bool]) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    def both(driver):
        texts = tuple(driver.find_element(By.ID, name).text for name in ("rest", "graphql"))
        return texts if all(done(text) for text in texts) else None

    return wait_for(browser, both)


def test_a_page_on_another_local_port_reads_both_surfaces_in_dev_mode(browser, frontend, matrix, settings):
    settings.DEV_MODE = True
    settings.CORS_ALLOWED_ORIGIN_REGEXES = settings.DEV_CORS_ORIGIN_REGEXES

    browser.get(frontend)

    assert _answers(browser, lambda text: text != "waiting") == ("REST: The Matrix", "GraphQL: The Matrix")


def test_without_dev_mode_the_browser_refuses_the_cross_origin_answers(browser, frontend, matrix):
    browser.get(frontend)

    assert _answers(browser, lambda text: text != "waiting") == (
        "REST failed: TypeError: Failed to fetch",
        "GraphQL failed: TypeError: Failed to fetch",
    )
