"""An exported lesson page (`python -m gdcourse export`) opened from file:// in Chromium with the network cut
off: its slider moves through every picture with the keyboard and no kernel, and its formulas render."""
import pathlib

import pytest

from browser_support import browser_marks, launch_browser, primary_handle, processes_mentioning, \
    sweep_keys, widget_state, wait_until_drawn
from gdcourse.tools import export

ROOT = pathlib.Path(__file__).resolve().parents[2]
LESSON = "05_linear_regression"  # a slider and formulas, and only ten pictures to draw

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - CI installs it
    sync_playwright = None

pytestmark = browser_marks()


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    """The page after loading, with every request it made and every error it showed."""
    folder = tmp_path_factory.mktemp("pages")
    export.shared_files(folder)
    export.export_edition(ROOT / "lessons", folder, "", [LESSON[:2]])
    profile = tmp_path_factory.mktemp("chromium-profile")
    requests, errors = [], []
    with sync_playwright() as playwright:
        context = launch_browser(playwright, profile)

        def route(request_route):  # the network is cut off: only the files beside the page load
            requests.append(request_route.request.url)
            (request_route.continue_ if request_route.request.url.startswith("file://") else request_route.abort)()

        context.route("**/*", route)
        page = context.pages[0] if context.pages else context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((folder / f"{LESSON}.html").as_uri())
        page.wait_for_function("() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.running === 0 "
                               "&& MathJax.Hub.queue.pending === 0 && document.querySelector('.MathJax')",
                               timeout=60_000)
        widget = page.locator(".gd-slider").first
        wait_until_drawn(widget, timeout=30_000)
        yield page, widget, requests, errors
        context.close()
    assert processes_mentioning(str(profile)) == []


def test_nothing_is_fetched_from_the_network_and_no_script_fails(opened):
    page, _, requests, errors = opened
    assert requests and [url for url in requests if not url.startswith("file://")] == []
    assert errors == []


def test_formulas_render(opened):
    page = opened[0]
    assert page.locator(".MathJax").count() >= 10
    assert "\\lambda" not in page.locator(".jp-RenderedMarkdown").first.inner_text()


def test_the_slider_moves_through_every_picture_without_a_kernel(opened):
    page, widget, _, _ = opened
    assert widget.get_attribute("data-total") == widget.get_attribute("data-ready") == "10"
    handle = primary_handle(widget)
    start = widget_state(widget)
    seen = {start[0]: start[1]}
    handle.focus()
    for key in sweep_keys(handle):
        handle.press(key)
        state = widget_state(widget)
        seen[state[0]] = state[1]
    assert len(seen) == 10 and len(set(seen.values())) == 10  # every picture, each with its own caption
    assert widget_state(widget) == start
    assert "learning rate 0.01 is below the boundary" in seen["0"] and "above the boundary" in seen["9"]
