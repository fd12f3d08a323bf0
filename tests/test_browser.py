"""The course in a real browser: JupyterLab + system Chromium, driven by Playwright.

For every lesson with a slider (found automatically, so new lessons are
covered), as a learner would: open it before anything has run and see no
error text; Run All Cells and see every cell finish cleanly; move the slider
with the keyboard and see the plot and the caption change. Screenshots go to
``screenshots/`` (git-ignored) so a person can look at what the learner sees.

The server serves a temporary copy of lessons/, never the files themselves.
These tests skip only when no Chromium or no Playwright is installed, or off
Linux (the server harness reads /proc). .ci/run installs Debian's chromium,
and the GitHub workflow's Linux legs use the runner's Google Chrome.
"""
import os
import pathlib
import shutil
import sys

import pytest

from browser_support import (NOTEBOOK, JupyterLab, close_notebook, find_chromium, frame_widgets,
                             has_slider, launch_browser, notebook_screenshot, open_lab, open_notebook,
                             primary_handle, problems_on_page, processes_mentioning, run_all_cells,
                             sweep_until_caption_changes, unexecuted_cells, write_synthetic_notebooks)

ROOT = pathlib.Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
SCREENSHOTS = ROOT / "screenshots"
# A picture of each whole notebook after Run All costs about 2 s a lesson, so it
# is taken only on request: GDCOURSE_FULL_SCREENSHOTS=1 python -m pytest tests/test_browser.py
FULL_SCREENSHOTS = os.environ.get("GDCOURSE_FULL_SCREENSHOTS", "") not in ("", "0")

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - CI installs it
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="the browser tests' server harness reads Linux's /proc"),
    pytest.mark.skipif(find_chromium() is None, reason="no Chromium found ($GDCOURSE_CHROMIUM, `chromium`, "
                       "/usr/bin/chromium, `google-chrome`, `chromium-browser`); install Debian's chromium "
                       "to run the browser tests"),
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not importable; pip install playwright"),
]

SLIDER_LESSONS = sorted(p.name for p in LESSONS.glob("[0-9][0-9]_*.ipynb") if has_slider(p))
SYNTHETIC, BROKEN = "zz_synthetic_slider.ipynb", "zz_synthetic_broken.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One JupyterLab for the module, serving a throwaway copy of lessons/ plus two harness notebooks."""
    served = tmp_path_factory.mktemp("served")
    shutil.copytree(LESSONS, served, dirs_exist_ok=True,  # with any data files next to the lessons
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    write_synthetic_notebooks(served)
    server = JupyterLab(served, tmp_path_factory.mktemp("jupyter-home"))
    try:
        server.start()
        yield server
    finally:
        survivors = server.stop()
        assert survivors == [], f"processes left running after the server stopped: {survivors}"


@pytest.fixture(scope="module")
def page(lab, tmp_path_factory):
    """One Chromium page with JupyterLab loaded (loading Lab is the slow part; notebooks open in it)."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    try:
        with sync_playwright() as playwright:
            context = launch_browser(playwright, profile)
            try:
                page = context.pages[0] if context.pages else context.new_page()
                open_lab(page, lab)
                yield page
            finally:
                context.close()
    finally:
        left = processes_mentioning(str(profile))
        assert left == [], f"Chromium processes left running: {left}"


class OpenNotebook:
    """A notebook opened in the page; ``run()`` runs all its cells once, however many tests ask."""

    def __init__(self, page, lab, name):
        self.page, self.lab, self.name, self.stem = page, lab, name, pathlib.Path(name).stem
        self.problems_when_opened = None
        self.problems_after_run = None

    def open(self):
        open_notebook(self.page, self.name)
        self.page.wait_for_timeout(500)  # let saved outputs (and any widget placeholder) render
        self.problems_when_opened = problems_on_page(self.page)
        self.shot("fresh")
        return self

    def run(self):
        if self.problems_after_run is None:
            run_all_cells(self.page)
            self.unexecuted = unexecuted_cells(self.page)
            if not self.unexecuted and has_slider(self.lab.root_dir / self.name):
                # The picture arrives in a comm message just after its cell finishes.
                self.page.locator(f'{NOTEBOOK} img.widget-image[src^="blob:"]').first.wait_for(timeout=30_000)
                self.page.wait_for_timeout(300)
            self.problems_after_run = problems_on_page(self.page)
            if FULL_SCREENSHOTS:
                SCREENSHOTS.mkdir(exist_ok=True)
                notebook_screenshot(self.page, SCREENSHOTS / f"{self.stem}_notebook.png")
        return self

    def shot(self, what, locator=None):
        SCREENSHOTS.mkdir(exist_ok=True)
        (locator or self.page).screenshot(path=str(SCREENSHOTS / f"{self.stem}_{what}.png"))

    def close(self):
        close_notebook(self.page, self.lab, self.name)


def _open(page, lab, name):
    notebook = OpenNotebook(page, lab, name).open()
    try:
        yield notebook
    finally:
        notebook.close()


# Until a lesson has a slider, the tests below run on a synthetic one, so the harness is never untested.
@pytest.fixture(scope="module", params=SLIDER_LESSONS or [SYNTHETIC])
def lesson(request, page, lab):
    yield from _open(page, lab, request.param)


# --- every lesson with a slider -----------------------------------------------------------

def test_lesson_opens_without_error_text(lesson):
    assert lesson.problems_when_opened == [], (
        f"{lesson.name} shows error text before anything has run: {lesson.problems_when_opened}")


def test_run_all_cells_finishes_without_errors(lesson):
    lesson.run()
    assert lesson.unexecuted == [], f"code cells without an execution count: {lesson.unexecuted}"
    assert lesson.problems_after_run == [], f"{lesson.name} after Run All: {lesson.problems_after_run}"


def test_keyboard_moves_slider_and_changes_plot_and_caption(lesson):
    lesson.run()
    widgets = frame_widgets(lesson.page)
    assert widgets, f"{lesson.name} has a slider cell but no slider with a picture after Run All"
    for number, widget in enumerate(widgets):
        widget.scroll_into_view_if_needed()
        lesson.shot(f"widget{number}", widget)
        states = sweep_until_caption_changes(lesson.page, widget, primary_handle(widget))
        images = [state[0] for state in states]
        assert len(states) > 1, "the slider could not move"
        assert len(set(images)) == len(images), "a key press left the picture unchanged"
        assert states[-1][2] != states[0][2], "the slider's readout did not change"
        assert states[-1][1] != states[0][1], (
            f"caption stayed {states[0][1]!r} over the slider's whole range")
        lesson.shot(f"widget{number}_moved", widget)
    lesson.shot("page")


# --- the harness itself: it catches a broken notebook ----------------------------------------

@pytest.fixture(scope="module")
def broken(page, lab):
    yield from _open(page, lab, BROKEN)


def test_harness_catches_a_broken_notebook(broken):
    found = " | ".join(broken.problems_when_opened)
    # A saved traceback (JupyterLab renders error outputs with the stderr MIME type).
    assert any(problem.startswith(("error output", "stderr output")) and "ZeroDivisionError" in problem
               for problem in broken.problems_when_opened), found
    assert "VBox(children=" in found, found  # a saved widget view, shown as its text fallback
    broken.run()
    found = " | ".join(broken.problems_after_run)
    assert "NameError" in found, found
    assert broken.unexecuted == [1], "Run All stops at the first error: the cell after it never runs"
