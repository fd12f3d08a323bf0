"""The course in a real browser: JupyterLab + system Chromium, driven by Playwright.

As a learner would: open a lesson before anything has run and see no error
text (the stored outputs of every lesson are checked without a browser in
test_notebook_hygiene), Run All Cells on that whole lesson and see every cell
finish cleanly; and move every lesson's sliders (found automatically, so new
lessons are covered) with the keyboard and see the plot and the caption
change. The sliders run in one notebook that holds each lesson's import cell
and slider cells, so the lessons are not executed once more here (nbval runs
each of them). With GDCOURSE_SCREENSHOTS=1, screenshots go to
``screenshots/`` (git-ignored) so a person can look at what the learner sees.

The server serves a temporary copy of lessons/, never the files themselves.
These tests skip only when no Chromium or no Playwright is installed, or off
Linux (the server harness reads /proc). .ci/run installs Debian's chromium,
and the GitHub workflow's Linux legs use the runner's Google Chrome.
"""
import os
import pathlib
import shutil

import pytest

from browser_support import (browser_marks, NOTEBOOK, JupyterLab, close_notebook, frame_widgets,
                             has_slider, launch_browser, notebook_screenshot, open_lab, open_notebook,
                             primary_handle, problems_on_page, processes_mentioning, run_all_cells,
                             scroll_to, sweep_until_caption_changes, unexecuted_cells, write_slider_notebook,
                             write_synthetic_notebooks)

ROOT = pathlib.Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
SCREENSHOTS = ROOT / "screenshots"
# Screenshots cost time, so they are taken only on request:
# GDCOURSE_SCREENSHOTS=1 python -m pytest tests/notebooks/test_browser.py   (2: also each whole notebook after Run All)
SCREENSHOTS_WANTED = os.environ.get("GDCOURSE_SCREENSHOTS", "0")
FULL_SCREENSHOTS = SCREENSHOTS_WANTED == "2"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - CI installs it
    sync_playwright = None

pytestmark = browser_marks()

SLIDER_LESSONS = sorted(p.name for p in LESSONS.glob("[0-9][0-9]_*.ipynb") if has_slider(p))
SYNTHETIC, BROKEN = "zz_synthetic_slider.ipynb", "zz_synthetic_broken.ipynb"
# The lesson run whole with Run All: the alpha lesson, the course's central slider.
RUN_ALL = next((name for name in SLIDER_LESSONS if name.startswith("04_")), SYNTHETIC)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One JupyterLab for the module, serving a throwaway copy of lessons/ plus two harness notebooks."""
    served = tmp_path_factory.mktemp("served")
    shutil.copytree(LESSONS, served, dirs_exist_ok=True,  # with any data files next to the lessons
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    write_synthetic_notebooks(served)
    server_counts = write_slider_notebook(served, SLIDER_LESSONS)[1]
    server = JupyterLab(served, tmp_path_factory.mktemp("jupyter-home"), nodelay=False)  # a plain `jupyter lab`
    try:
        server.start()
        server.slider_counts = server_counts
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
                # The picture arrives in a comm message just after its cell finishes
                # (attached, not visible: the cell may be scrolled out of view).
                self.page.locator(f'{NOTEBOOK} .gd-slider[data-shown]:not([data-shown=""])').first.wait_for(
                    state="attached", timeout=30_000)
                self.page.wait_for_timeout(300)
            self.problems_after_run = problems_on_page(self.page)
            if FULL_SCREENSHOTS:
                SCREENSHOTS.mkdir(exist_ok=True)
                notebook_screenshot(self.page, SCREENSHOTS / f"{self.stem}_notebook.png")
        return self

    def shot(self, what, locator=None):
        if SCREENSHOTS_WANTED in ("", "0"):
            return
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
@pytest.fixture(scope="module")
def whole_lesson(page, lab):
    yield from _open(page, lab, RUN_ALL)


@pytest.fixture(scope="module")
def slider_moves(page, lab):
    """Run the notebook of every lesson's sliders once, sweep each slider; ``{lesson: [states]}``."""
    name = "zz_lesson_sliders.ipynb" if SLIDER_LESSONS else SYNTHETIC
    counts = lab.slider_counts if SLIDER_LESSONS else {SYNTHETIC: 1}
    for notebook in _open(page, lab, name):
        notebook.run()
        widgets = frame_widgets(page)
        moves, start = {}, 0
        for lesson_name, count in counts.items():
            moves[lesson_name] = []
            for number, widget in enumerate(widgets[start:start + count]):
                scroll_to(page, widget)
                stem = pathlib.Path(lesson_name).stem
                notebook.shot(f"{stem}_widget{number}", widget)
                # Moved at once, before the kernel has drawn ahead: a first visit may wait for its picture.
                moves[lesson_name].append(sweep_until_caption_changes(page, widget, primary_handle(widget)))
                notebook.shot(f"{stem}_widget{number}_moved", widget)
            start += count
        moves["problems after Run All"] = notebook.problems_after_run + [
            f"cell {i} not executed" for i in notebook.unexecuted]
        moves["widgets found"] = len(widgets)
        yield moves


# --- every lesson with a slider -----------------------------------------------------------

def test_lesson_opens_without_error_text(whole_lesson):
    # Every lesson's stored outputs are checked without a browser too (test_notebook_hygiene).
    assert whole_lesson.problems_when_opened == [], (
        f"{whole_lesson.name} shows error text before anything has run: {whole_lesson.problems_when_opened}")


def test_run_all_cells_finishes_without_errors(whole_lesson):
    whole_lesson.run()
    assert whole_lesson.unexecuted == [], f"code cells without an execution count: {whole_lesson.unexecuted}"
    assert whole_lesson.problems_after_run == [], (
        f"{whole_lesson.name} after Run All: {whole_lesson.problems_after_run}")
    assert frame_widgets(whole_lesson.page), f"{whole_lesson.name} shows no slider after Run All"


@pytest.mark.parametrize("name", SLIDER_LESSONS or [SYNTHETIC])
def test_keyboard_moves_slider_and_changes_plot_and_caption(slider_moves, name):
    assert slider_moves["problems after Run All"] == []
    assert slider_moves["widgets found"] == sum(len(v) for k, v in slider_moves.items()
                                                if k in (SLIDER_LESSONS or [SYNTHETIC]))
    assert slider_moves[name], f"{name} has a slider cell but no slider with a picture after running it"
    for states in slider_moves[name]:
        images = [state[0] for state in states]
        assert len(states) > 1, "the slider could not move"
        assert len(set(images)) == len(images), "a key press left the picture unchanged"
        assert states[-1][2] != states[0][2], "the slider's readout did not change"
        assert states[-1][1] != states[0][1], (
            f"caption stayed {states[0][1]!r} over the slider's whole range")


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
